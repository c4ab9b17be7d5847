// Schema problems in the reader's words: paths as `rules[3].name`, values as `the number 42`, zod's
// issues as sentences. Apart from rule-set-schema.ts (which builds the schemas with zod) so that the
// CLI's reader (rule-set-read.ts) can word its own messages without loading zod; only zod's types
// are imported here.
import type { z } from 'zod';
import { echo } from './input-text.ts';

/** A schema problem as a path (`rules[3].name`) in the reader's notation. */
export function formatSchemaPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** A value as an error message names it: `the number 42`, `a list`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `the string '${echo(value, 40)}'`;
    case 'number':
    case 'boolean':
    case 'bigint':
      return `the ${typeof value} ${String(value)}`;
    case 'object':
      return 'a mapping';
    default:
      return typeof value;
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const part of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

const count = (n: number) => n.toLocaleString('en-US');

/** A zod issue of these schemas in plain words, for the value it was raised on (`input`). */
export function describeSchemaIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const value = valueAt(input, issue.path);
  switch (issue.code) {
    case 'too_big':
      if (issue.origin === 'string' && typeof value === 'string') return `is ${count(value.length)} characters long; at most ${count(Number(issue.maximum))} are allowed`;
      if (issue.origin === 'array' && Array.isArray(value)) return `has ${count(value.length)} entries; at most ${count(Number(issue.maximum))} are allowed`;
      return `is too large (at most ${String(issue.maximum)})`;
    case 'too_small':
      return `is too small (at least ${String(issue.minimum)})`;
    case 'invalid_type': {
      if (value === undefined) return `missing; expected ${article(issue.expected)}`;
      const hint = issue.expected === 'string' && (typeof value === 'number' || typeof value === 'boolean') ? ' (quote it)' : '';
      return `expected ${article(issue.expected)}, got ${describeValue(value)}${hint}`;
    }
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.slice(0, 5).map((k) => `'${echo(k)}'`).join(', ')}${issue.keys.length > 5 ? ` and ${issue.keys.length - 5} more` : ''}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(value)}`;
    default:
      return issue.message;
  }
}

function article(expected: string): string {
  if (expected === 'array') return 'a list';
  if (expected === 'object') return 'a mapping';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}
