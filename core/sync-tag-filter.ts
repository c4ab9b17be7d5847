// The tag filter of an ActiveSync cache rule, `artifactSyncFilters.tags = { type: 'KQL', query }`,
// in the forms the `acrcache` az extension writes (azext_acrcache/cache.py, `_create_kql`):
//   no condition        → `Tags`
//   some conditions     → `Tags | where Name startswith 'a' and Name endswith 'b' and Name contains 'c' and Name == 'd'`
// (that order, each at most once). The editor offers those four fields; any other query (hand
// written, or a newer Azure form) is kept verbatim as a custom query, never dropped or rewritten.
// Pure: no I/O.

/** The tag conditions az can express. An absent (or empty) field is no condition, as in az. */
export interface TagFilterFields {
  startsWith?: string;
  endsWith?: string;
  contains?: string;
  equals?: string;
}

export type ParsedTagQuery = { kind: 'fields'; fields: TagFilterFields } | { kind: 'custom'; query: string };

const FIELD_ORDER = [
  ['startsWith', 'startswith'],
  ['endsWith', 'endswith'],
  ['contains', 'contains'],
  ['equals', '=='],
] as const;

/**
 * A KQL string literal. az writes the value between single quotes as it is; tags cannot hold a
 * quote or backslash (tag grammar `[\w][\w.-]{0,127}`), so for every real tag this is az's text.
 * Anything else is escaped the KQL way (`\'`, `\\`) so the query still means what was typed.
 */
function literal(value: string): string {
  return `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/** The query az would write for these fields. */
export function buildTagQuery(fields: TagFilterFields): string {
  const conditions: string[] = [];
  for (const [key, op] of FIELD_ORDER) {
    const value = fields[key];
    if (value === undefined || value === '') continue;
    conditions.push(`Name ${op} ${literal(value)}`);
  }
  return conditions.length === 0 ? 'Tags' : `Tags | where ${conditions.join(' and ')}`;
}

const OPERATORS: Record<string, keyof TagFilterFields> = { startswith: 'startsWith', endswith: 'endsWith', contains: 'contains', '==': 'equals' };

/**
 * The fields of a query in one of az's forms, or the query itself as `custom`. Accepted beyond
 * az's exact text: any order of the conditions, `Where`/`where` (az's older `--tag` wrote
 * `Where`), extra blanks and one trailing `;` (the preview examples end their query with one).
 * Rejected (custom): anything else, a condition given twice, `or`, `not`, case-sensitive
 * operators (`startswith_cs`, …), unquoted values.
 */
export function parseTagQuery(query: string): ParsedTagQuery {
  const custom: ParsedTagQuery = { kind: 'custom', query };
  let rest = query.trim();
  if (rest.endsWith(';')) rest = rest.slice(0, -1).trimEnd();
  if (rest === 'Tags') return { kind: 'fields', fields: {} };
  const head = /^Tags\s*\|\s*where\s+/i.exec(rest);
  if (!head || !rest.startsWith('Tags')) return custom;
  rest = rest.slice(head[0].length);
  const fields: TagFilterFields = {};
  for (;;) {
    const cond = /^Name\s*(startswith|endswith|contains|==)\s*'((?:[^'\\]|\\.)*)'/.exec(rest);
    if (!cond) return custom;
    const key = OPERATORS[cond[1]!]!;
    const value = cond[2]!.replace(/\\(.)/g, '$1');
    // `Name == ''` and friends are conditions az never writes (it leaves empty ones out)
    if (fields[key] !== undefined || value === '') return custom;
    // keywords need a blank after them: `Name startswith'x'` is still KQL, `Namestartswith` is not
    if (cond[1] !== '==' && !/^Name\s+\w+\s*'/.test(cond[0])) return custom;
    fields[key] = value;
    rest = rest.slice(cond[0].length);
    if (rest.trim() === '') return { kind: 'fields', fields };
    const and = /^\s+and\s+/.exec(rest);
    if (!and) return custom;
    rest = rest.slice(and[0].length);
  }
}

/** The query in words for the editor and rule details: "tags starting with 2 and containing mariner". */
export function describeTagFields(fields: TagFilterFields): string {
  const parts: string[] = [];
  if (fields.startsWith) parts.push(`starting with ${fields.startsWith}`);
  if (fields.endsWith) parts.push(`ending with ${fields.endsWith}`);
  if (fields.contains) parts.push(`containing ${fields.contains}`);
  if (fields.equals) parts.push(`named ${fields.equals}`);
  return parts.length === 0 ? 'every tag' : `tags ${parts.join(' and ')}`;
}
