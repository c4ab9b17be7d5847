// Real parsers for the export formats, so tests check that each export is valid for its tool, not
// only that it looks like the golden file:
//  - Bicep: the tree-sitter Bicep grammar (tree-sitter-bicep's WebAssembly build, run by
//    web-tree-sitter). It is a grammar, not the Bicep compiler (which is .NET and not on npm),
//    so it checks syntax, not types or resource schemas.
//  - HCL: @cdktf/hcl2json, HashiCorp's own HCL parser compiled to WebAssembly.
//  - bash: `bash -n`, and running the script with a stand-in `az` that records its arguments.
//  - ARM JSON: JSON.parse and a check of the template's shape (see arm-shape.ts use in tests).

import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseHclToJson } from '@cdktf/hcl2json';
import { Language, Parser, type Node } from 'web-tree-sitter';

const require = createRequire(import.meta.url);

let bicepParser: Promise<Parser> | undefined;

async function createBicepParser(): Promise<Parser> {
  await Parser.init();
  const wasm = require.resolve('tree-sitter-bicep/tree-sitter-bicep.wasm');
  const language = await Language.load(wasm);
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

export interface BicepSyntax {
  /** The root node, for structural checks. */
  readonly root: Node;
  /** `ERROR` and missing nodes, with their position and text. */
  readonly errors: readonly string[];
}

function syntaxErrors(node: Node, out: string[]): void {
  if (node.isError || node.isMissing) {
    out.push(`${node.isMissing ? 'missing' : 'error'} at ${node.startPosition.row + 1}:${node.startPosition.column + 1}: ${JSON.stringify(node.text.slice(0, 60))}`);
  }
  for (const child of node.children) if (child !== null) syntaxErrors(child, out);
}

export async function parseBicep(source: string): Promise<BicepSyntax> {
  bicepParser ??= createBicepParser();
  const tree = (await bicepParser).parse(source);
  if (tree === null) throw new Error('tree-sitter returned no tree');
  const errors: string[] = [];
  syntaxErrors(tree.rootNode, errors);
  return { root: tree.rootNode, errors };
}

/** Nodes of a type anywhere under `node`. */
export function nodesOfType(node: Node, type: string): Node[] {
  const out: Node[] = [];
  const walk = (n: Node): void => {
    if (n.type === type) out.push(n);
    for (const child of n.children) if (child !== null) walk(child);
  };
  walk(node);
  return out;
}

/** HCL as JSON, the way Terraform's parser reads it; rejects on a syntax error. */
export async function parseHcl(source: string, fileName = 'main.tf'): Promise<Record<string, unknown>> {
  return (await parseHclToJson(fileName, source)) as Record<string, unknown>;
}

/** `bash -n`: syntax only. Returns stderr ('' when the script parses). */
export function bashSyntaxErrors(script: string): string {
  const result = spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' });
  return result.status === 0 ? '' : result.stderr || `bash -n exited ${result.status}`;
}

/** Runs a script with an `az` on PATH that records each call's arguments; returns the calls. */
export function runWithRecordingAz(script: string, env: Record<string, string> = {}): { status: number | null; calls: string[][]; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'az-record-'));
  const log = join(dir, 'calls.log');
  const az = join(dir, 'az');
  // Each argument NUL-terminated, each call ended by a record separator (0x1e).
  writeFileSync(az, `#!/usr/bin/env bash\nfor a in "$@"; do printf '%s\\0' "$a" >> "$AZ_LOG"; done\nprintf '\\036' >> "$AZ_LOG"\n`);
  chmodSync(az, 0o755);
  writeFileSync(log, '');
  const file = join(dir, 'script.sh');
  writeFileSync(file, script);
  const result = spawnSync('bash', [file], { cwd: dir, encoding: 'utf8', env: { PATH: `${dir}:${process.env.PATH ?? ''}`, AZ_LOG: log, ...env } });
  const calls = readFileSync(log, 'utf8')
    .split('\u001e')
    .filter((record) => record !== '')
    .map((record) => record.split('\u0000').slice(0, -1));
  return { status: result.status, calls, stderr: result.stderr };
}

export function bashAvailable(): boolean {
  try {
    execFileSync('bash', ['-c', 'true']);
    return true;
  } catch {
    return false;
  }
}
