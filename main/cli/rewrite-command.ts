// `acr-cache rewrite FILE|DIR... --registry LOGIN_SERVER --rules FILE [--write | --diff]`: every
// image reference a rule covers, in Kubernetes manifests, compose files, Helm values and
// Dockerfiles, rewritten to pull through the cache (core/migrate/rewrite.ts: reverse resolution,
// formatting and comments kept), with a report of what changed and what is not covered and why.
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { manifestKind, rewriteManifest, type RewriteResult } from '../../core/migrate/rewrite.ts';
import { formatReference } from '../../core/reference.ts';
import { createResolver } from '../../core/resolve.ts';
import type { CliCommand } from './cli-command.ts';
import { parseCommandArgs } from './cli-command.ts';
import { CliInputError, EXIT_OK, EXIT_PROBLEMS, type CliIo } from './cli-io.ts';
import { emit, OUTPUT_OPTIONS, outputChoice, outputHelp, type OutputFormat } from './cli-output.ts';
import { lineDiff } from './line-diff.ts';
import { INPUT_FORMAT_OPTIONS, inputFormatOf, readRuleSetInput, readText } from './rule-set-input.ts';

const FORMATS: readonly OutputFormat[] = ['table', 'json', 'yaml'];

const HELP = `Usage: acr-cache rewrite FILE|DIR... --registry LOGIN_SERVER --rules FILE [options]

Rewrites image references to pull through the cache: each upstream reference
('nginx:1.27', 'ghcr.io/org/app@sha256:…') that a rule of --rules covers
becomes the reference in the registry whose pull fetches it
('contoso.azurecr.io/hub/library/nginx:1.27'); tags and digests are kept, and
so is everything else in the file (comments, quoting, order). Reads Kubernetes
manifests (multi-document files and CRDs), compose files, Helm values image
blocks and Dockerfiles (FROM, and the ARG default FROM uses). A DIR is searched
for *.yaml, *.yml and Dockerfiles (not node_modules or dot folders).

Without --write or --diff it reports what would change, and what is not
covered and why.

Options:
  --registry HOST        the registry's login server (required)
  --rules FILE           the rule set (required)
  --write                write the rewritten files in place
  --diff                 print a unified diff of the changes instead
${outputHelp(FORMATS, 'table')}
  --input-format FORMAT  how --rules is read: auto (default), yaml, json or
                         az-cache-list
  -h, --help             show this help

Exit codes:
  0  every upstream reference is covered by a rule (rewritten, or already
     through the cache)
  1  some references are not covered, or could not be read
  2  bad usage, or a file cannot be read or written (message on stderr)
`;

const SKIP_DIRS = new Set(['node_modules', 'vendor']);

async function collect(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !SKIP_DIRS.has(entry.name)) await walk(path);
      } else if (entry.isFile() && (/\.ya?ml$/i.test(entry.name) || manifestKind(entry.name) === 'dockerfile')) {
        out.push(path);
      }
    }
  }
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch {
      throw new CliInputError(`cannot read '${path}': no such file or directory`);
    }
    if (info.isDirectory()) await walk(path);
    else out.push(path);
  }
  return out;
}

interface FileResult {
  file: string;
  result: RewriteResult;
  original: string;
}

function report(results: readonly FileResult[], written: boolean): string {
  const lines: string[] = [];
  for (const { file, result } of results) {
    if (result.changes.length === 0 && result.skipped.length === 0) continue;
    lines.push(`${file}:`);
    for (const c of result.changes) lines.push(`  ${c.line}:${c.column}  ${c.from} → ${c.to}  (rule ${c.rule})`);
    for (const s of result.skipped) lines.push(`  ${s.line}:${s.column}  ${s.reference}: ${s.reason}: ${s.message}`);
  }
  const changed = results.filter((r) => r.result.changes.length > 0).length;
  const changes = results.reduce((n, r) => n + r.result.changes.length, 0);
  const uncovered = results.reduce((n, r) => n + r.result.skipped.filter((s) => s.reason !== 'already-cached').length, 0);
  lines.push('', `${changes} reference(s) in ${changed} of ${results.length} file(s) ${written ? 'rewritten' : 'to rewrite'}; ${uncovered} not rewritten (not covered, unresolved or invalid)`);
  return lines.join('\n') + '\n';
}

export const rewriteCommand: CliCommand = {
  name: 'rewrite',
  help: HELP,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs('rewrite', args, {
      registry: { type: 'string' },
      rules: { type: 'string' },
      write: { type: 'boolean' },
      diff: { type: 'boolean' },
      ...OUTPUT_OPTIONS,
      ...INPUT_FORMAT_OPTIONS,
    });
    if (values.help === true) {
      io.out(HELP);
      return EXIT_OK;
    }
    if (positionals.length === 0) throw new CliInputError(`rewrite needs a FILE or DIR. See 'acr-cache rewrite --help'.`);
    if (values.registry === undefined || values.rules === undefined) throw new CliInputError(`rewrite needs --registry and --rules. See 'acr-cache rewrite --help'.`);
    if (values.write === true && values.diff === true) throw new CliInputError(`--write and --diff are exclusive. See 'acr-cache rewrite --help'.`);
    const output = outputChoice('rewrite', values, FORMATS);
    const input = await readRuleSetInput(values.rules, io, inputFormatOf(values, 'rewrite', io));
    const resolver = createResolver(input.ruleSet);
    const registry = values.registry;
    const results: FileResult[] = [];
    for (const path of await collect(positionals)) {
      const original = await readText(path, io, 'manifest');
      results.push({ file: relative(process.cwd(), path) || path, original, result: rewriteManifest(path, original, { registry, resolver }) });
    }
    if (values.write === true) {
      for (const { file, result, original } of results) {
        if (result.content === original) continue;
        try {
          await io.writeFile(file, result.content);
        } catch (error) {
          throw new CliInputError(`cannot write '${file}': ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
    if (values.diff === true) {
      io.out(results.map(({ file, original, result }) => lineDiff(file, original, result.content)).join(''));
    } else {
      await emit(io, output, {
        data: () => ({
          files: results.map(({ file, result }) => ({ file, kind: result.kind, changed: result.changes.length > 0, changes: result.changes, skipped: result.skipped, uncovered: result.uncovered.map(formatReference) })),
        }),
        table: () => report(results, values.write === true),
      });
    }
    const problems = results.some((r) => r.result.skipped.some((s) => s.reason !== 'already-cached'));
    return problems ? EXIT_PROBLEMS : EXIT_OK;
  },
};
