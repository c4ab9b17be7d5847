// Reading the rule-set file a command was given (or stdin for `-`), with its read issues turned
// into CLI messages: errors stop the command (exit 2), warnings go to stderr.

import { formatReadIssue, type RuleSetFormat } from '../../core/rule-set-read.ts';
import { readRuleSetOnce, type ParsedDocument } from './read-once.ts';
import type { RuleSet } from '../../core/model.ts';
import { CliInputError, InputTooLargeError, type CliIo } from './cli-io.ts';

export interface RuleSetInput {
  readonly ruleSet: RuleSet;
  readonly format: RuleSetFormat;
  /** False for `az acr cache list` output, which names credential sets without defining them. */
  readonly credentialSetsListed: boolean;
  /** The text read (lint places its problems in it). */
  readonly text: string;
  /** The YAML document the set was read from, when it was YAML (lint's positions reuse it). */
  readonly document?: ParsedDocument | undefined;
}

export const INPUT_FORMATS = ['auto', 'yaml', 'json', 'az-cache-list'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

export function inputFormat(value: string | undefined, command: string): InputFormat {
  if (value === undefined) return 'auto';
  if ((INPUT_FORMATS as readonly string[]).includes(value)) return value as InputFormat;
  throw new CliInputError(`--input-format must be one of ${INPUT_FORMATS.join(', ')}, not '${value}'. See 'acr-cache ${command} --help'.`);
}

/** parseArgs declarations: --input-format, and --format, its old name in lint, resolve and plan. */
export const INPUT_FORMAT_OPTIONS = { 'input-format': { type: 'string' }, format: { type: 'string' } } as const;

/**
 * The input format from --input-format, or from --format (what lint, resolve and plan called it
 * before -o/--output and --input-format were made the same everywhere), with a note saying so.
 */
export function inputFormatOf(values: { 'input-format'?: string | undefined; format?: string | undefined }, command: string, io: CliIo): InputFormat {
  if (values.format !== undefined) {
    if (values['input-format'] !== undefined) throw new CliInputError(`--format is the old name of --input-format; pass only --input-format. See 'acr-cache ${command} --help'.`);
    io.err(`acr-cache ${command}: warning: --format is now --input-format (-o/--output is the output format).\n`);
    return inputFormat(values.format, command);
  }
  return inputFormat(values['input-format'], command);
}

/** The name a file goes by in messages. */
export function displayName(path: string): string {
  return path === '-' ? '<stdin>' : path;
}

export async function readText(path: string, io: CliIo, what: string): Promise<string> {
  try {
    return path === '-' ? await io.readStdin() : await io.readFile(path);
  } catch (error) {
    if (error instanceof InputTooLargeError) throw new CliInputError(`cannot read ${what} '${displayName(path)}': ${error.message}`);
    const code = (error as { code?: unknown }).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : error instanceof Error ? error.message : String(error);
    throw new CliInputError(`cannot read ${what} '${displayName(path)}': ${reason}`);
  }
}

export async function readRuleSetInput(path: string, io: CliIo, format: InputFormat): Promise<RuleSetInput> {
  const name = displayName(path);
  const text = await readText(path, io, 'rule-set file');
  const { result, document } = await readRuleSetOnce(text, format);
  if (!result.ok) {
    throw new CliInputError(`cannot read rule set ${name}:\n${result.errors.map((e) => `  ${formatReadIssue(e)}`).join('\n')}`);
  }
  for (const warning of result.warnings) io.err(`${name}: warning: ${formatReadIssue(warning)}\n`);
  if (!result.credentialSetsListed) {
    io.err(`${name}: note: 'az acr cache list' output defines no credential sets; the rules' references to them are not checked.\n`);
  }
  return { ruleSet: result.ruleSet, format: result.format, credentialSetsListed: result.credentialSetsListed, text, document };
}
