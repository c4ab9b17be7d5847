// Rule-set JSON to data, strictly (see rule-set-text.ts, which adds YAML and re-exports these): a
// key given twice and over-deep nesting are refused, and UTF-16 text decoded as UTF-8 is named.
// Apart from the YAML half so that reading JSON, and the CLI's cold start, load no YAML parser.
import { echo, looksLikeMisreadUtf16, UTF16_HINT } from './input-text.ts';
import { jsonErrorOffset } from './json-error-offset.ts';
import { jsonStructureProblem, lineColumn, MAX_NESTING } from './json-structure.ts';

export interface TextIssue {
  readonly path: string;
  readonly message: string;
}

export type Parsed<T> = { readonly ok: true; readonly data: unknown; readonly extra: T } | { readonly ok: false; readonly errors: TextIssue[] };

export function tooDeep(format: string, line: number, column: number): TextIssue {
  return { path: '', message: `not a rule set: the ${format} nests more than ${MAX_NESTING} levels deep at line ${line}, column ${column} (a rule set nests 4)` };
}

/** Checks that apply to text in any format, before parsing. */
export function textPrecheck(text: string): TextIssue | undefined {
  return looksLikeMisreadUtf16(text) ? { path: '', message: UTF16_HINT } : undefined;
}

/** A JSON syntax error as an issue with line and column. */
function jsonErrorIssue(text: string, error: unknown): TextIssue {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s*(?:in JSON )?at position \d+.*$/s, '').replace(/, \.\.\.?".*$/s, '').replace(/, ".*$/s, '');
  const offset = jsonErrorOffset(text);
  if (offset < 0) return { path: '', message: `not valid JSON: ${echo(message)}` };
  const { line, column } = lineColumn(text, offset);
  const found = offset >= text.length ? 'end of input' : `'${echo(text[offset] as string)}'`;
  return { path: '', message: `not valid JSON at line ${line}, column ${column}: unexpected ${found} (${echo(message)})` };
}

/** JSON, refusing duplicate keys and over-deep nesting (JSON.parse allows both). */
export function parseJsonStrict(text: string): Parsed<undefined> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [jsonErrorIssue(text, error)] };
  }
  const problem = jsonStructureProblem(text);
  if (problem === undefined) return { ok: true, data, extra: undefined };
  const at = lineColumn(text, problem.offset);
  if (problem.kind === 'too-deep') return { ok: false, errors: [tooDeep('JSON', at.line, at.column)] };
  const first = lineColumn(text, problem.firstOffset);
  return {
    ok: false,
    errors: [{ path: '', message: `not valid here: the key '${echo(problem.key)}' appears twice in one object (line ${first.line} and line ${at.line}, column ${at.column}); JSON readers keep only one of them silently, so remove the other` }],
  };
}
