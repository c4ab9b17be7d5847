// Rule-set text to data, strictly: the JSON and YAML parses the reader (rule-set-file.ts) and the
// CLI's one-parse path (main/cli/read-once.ts) share. Both refuse a key given twice (naming it and
// its line), nesting deeper than MAX_NESTING (a plain message, before any parser recursion), and
// UTF-16 text that was decoded as UTF-8; YAML merge keys (`<<: *base`) are applied. The schema of
// what the data must hold stays in rule-set-schema.ts.

import { LineCounter, parseDocument, type Document } from 'yaml';
import { echo, ECHO_MAX, safeMessage } from './input-text.ts';
import { MAX_NESTING } from './json-structure.ts';
import { tooDeep, type Parsed, type TextIssue } from './rule-set-json.ts';
import { yamlNestingExcess } from './yaml-nesting.ts';

// The JSON half (no yaml in it, for the CLI's cold start) is rule-set-json.ts; both are this
// module's interface as before.
export { parseJsonStrict, textPrecheck, type Parsed, type TextIssue } from './rule-set-json.ts';

/** The options every rule-set YAML parse uses (also read-once.ts's, so both read alike). */
export const YAML_OPTIONS = { prettyErrors: true, uniqueKeys: true, merge: true } as const;
/** Aliases expanded at most this often: a "billion laughs" file cannot blow up toJS. */
export const MAX_ALIAS_COUNT = 1000;

function yamlErrorIssue(text: string, error: { code: string; message: string; pos: [number, number]; linePos?: [{ line: number; col: number }] | [{ line: number; col: number }, { line: number; col: number }] | undefined }): TextIssue {
  const at = error.linePos?.[0];
  const where = at === undefined ? '' : ` at line ${at.line}, column ${at.col}`;
  if (error.code === 'DUPLICATE_KEY') {
    // pos marks the key's start; the key runs to its ':' (quotes dropped)
    const line = text.slice(error.pos[0], error.pos[0] + 4 * ECHO_MAX).split('\n')[0] ?? '';
    const key = (/^(.*?)\s*:(?:\s|$)/.exec(line)?.[1] ?? line).replace(/^(["'])(.*)\1$/, '$2');
    return { path: '', message: `not valid YAML${where}: the key '${echo(key)}' appears twice in one mapping` };
  }
  // The pretty message repeats the position and quotes the source; the position is enough.
  const reason = error.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '');
  if (/call stack/i.test(reason)) return tooDeep('YAML', at?.line ?? 1, at?.col ?? 1);
  return { path: '', message: `not valid YAML${where}: ${echo(reason, 200)}` };
}

/** YAML with merge keys, refusing duplicate keys and over-deep nesting. */
export function parseYamlStrict(text: string, lineCounter?: LineCounter): Parsed<Document> {
  const excess = yamlNestingExcess(text, MAX_NESTING);
  if (excess !== undefined) return { ok: false, errors: [tooDeep('YAML', excess.line, excess.column)] };
  let doc: Document;
  try {
    doc = parseDocument(text, { ...YAML_OPTIONS, ...(lineCounter === undefined ? {} : { lineCounter }) });
  } catch (error) {
    return { ok: false, errors: [{ path: '', message: `not valid YAML: ${safeMessage(error instanceof Error ? error.message : String(error), 200)}` }] };
  }
  if (doc.errors.length > 0) return { ok: false, errors: doc.errors.slice(0, 20).map((e) => yamlErrorIssue(text, e)) };
  try {
    return { ok: true, data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), extra: doc };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof RangeError) return { ok: false, errors: [tooDeep('YAML', 1, 1)] };
    return { ok: false, errors: [{ path: '', message: `YAML could not be read: ${echo(message, 200)}` }] };
  }
}

export { LineCounter };
