// Where in the file a lint problem is: the line and column of the offending value, from the YAML
// parser's source ranges (JSON is read by the same parser, JSON being YAML's flow style). The rule
// engine names the rule (or credential set) and the field; this finds that node in the text.
// Only run when there are problems to place, so a clean file is parsed once.
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Problem } from '../../core/validate.ts';

export interface SourceRange {
  /** 1-based, as editors, SARIF and GitHub annotations count. */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** Field names of `az acr cache list` output (and the ARM body, under `properties`). */
const AZ_FIELDS: Readonly<Record<string, string>> = {
  source: 'sourceRepository',
  target: 'targetRepository',
  credentialSet: 'credentialSetResourceId',
};
const CREDENTIAL_SET_FIELDS = new Set(['loginServer', 'usernameSecret', 'passwordSecret']);

function byName(seq: YAMLSeq | undefined): Map<string, YAMLMap> {
  const out = new Map<string, YAMLMap>();
  for (const item of seq?.items ?? []) {
    if (!isMap(item)) continue;
    const name: unknown = item.get('name');
    // names compare case-insensitively (ACR does); the first of duplicates is the one to show
    if (typeof name === 'string' && !out.has(name.toLowerCase())) out.set(name.toLowerCase(), item);
  }
  return out;
}

/**
 * A function placing each problem of `text` (parsed here), or of a document already parsed with a
 * LineCounter (the reader's, see read-once.ts).
 */
export function problemLocator(source: string | { doc: Document; lineCounter: LineCounter }): (problem: Problem) => SourceRange | undefined {
  const parsed = typeof source === 'string' ? undefined : source;
  const lineCounter = parsed?.lineCounter ?? new LineCounter();
  const doc = parsed?.doc ?? parseDocument(source as string, { lineCounter, uniqueKeys: false });
  const range = (node: Node): SourceRange | undefined => {
    if (node.range === undefined || node.range === null) return undefined;
    const start = lineCounter.linePos(node.range[0]);
    const end = lineCounter.linePos(node.range[1]);
    return { line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
  };
  const root = doc.contents;
  let rules: YAMLSeq | undefined;
  let sets: YAMLSeq | undefined;
  let az = false;
  if (isSeq(root)) {
    rules = root;
    az = true;
  } else if (isMap(root)) {
    const listed = root.get('rules', true);
    const value = root.get('value', true);
    if (isSeq(listed)) rules = listed;
    else if (isSeq(value)) {
      rules = value;
      az = true;
    }
    const credentialSets = root.get('credentialSets', true);
    if (isSeq(credentialSets)) sets = credentialSets;
  }
  const ruleItems = byName(rules);
  const setItems = byName(sets);

  function field(item: YAMLMap, name: string, isRule: boolean): Node | undefined {
    const key = az && isRule ? (AZ_FIELDS[name] ?? name) : name;
    const direct = item.get(key, true) as Node | undefined;
    if (direct !== undefined) return direct;
    const properties = item.get('properties', true);
    return isMap(properties) ? (properties.get(key, true) as Node | undefined) : undefined;
  }

  return (problem) => {
    if (problem.field === 'rules') return rules === undefined ? undefined : range(rules);
    const name = problem.rule.toLowerCase();
    const inSet = problem.field !== undefined && CREDENTIAL_SET_FIELDS.has(problem.field);
    const rule = inSet ? undefined : ruleItems.get(name);
    const item = rule ?? setItems.get(name);
    if (item === undefined) return undefined;
    const node = problem.field === undefined ? undefined : field(item, problem.field, rule !== undefined);
    return range(node ?? item);
  };
}
