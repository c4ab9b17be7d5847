// Rule-set files: the project's own format (YAML or JSON) that CI keeps in git, and the output of
// `az acr cache list -o json` (or the raw ARM list body), so a live registry can be linted as is.
// Reading never throws: every problem with the input comes back as an issue naming the field at
// fault (`rules[3].target: expected a string, got the number 42`). Writing uses one key order, so
// files diff cleanly.

import { stringify } from 'yaml';
import type { z } from 'zod';
import { echo, ECHO_MAX, safeMessage } from './input-text.ts';
import { parseJsonStrict, parseYamlStrict, textPrecheck } from './rule-set-text.ts';
import type { CacheRule, CredentialSet, RuleSet } from './model.ts';
import { previewSettingsOf } from './rule-extensions.ts';
import { acceptsUnchanged } from './schema-check.ts';
import { cacheRuleSchema, credentialSetSchema, describeSchemaIssue, describeValue, formatSchemaPath, ruleSetFileSchema, ruleSetSchema, schemaProblems } from './rule-set-schema.ts';

export type RuleSetFormat = 'yaml' | 'json' | 'az-cache-list';

export interface ReadIssue {
  /** Where in the input: `rules[3].target`, `[0].sourceRepository`, or `''` for the whole input. */
  readonly path: string;
  readonly message: string;
}

export type ReadResult =
  | {
      readonly ok: true;
      readonly ruleSet: RuleSet;
      readonly format: RuleSetFormat;
      /** Things in the input that were ignored (unknown fields). */
      readonly warnings: readonly ReadIssue[];
      /**
       * Whether the input lists its credential sets. `az acr cache list` output does not: rules
       * name credential sets that the result does not define, and a validator should not expect
       * them (see `ValidateOptions.credentialSetsListed`).
       */
      readonly credentialSetsListed: boolean;
    }
  | { readonly ok: false; readonly format: RuleSetFormat | undefined; readonly errors: readonly ReadIssue[] };

export interface ReadOptions {
  /** The input's format; by default it is worked out from the text and its shape. */
  readonly format?: RuleSetFormat | 'auto';
}

export function formatReadIssue(issue: ReadIssue): string {
  return issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`;
}

// The fields come from the one schema of the format (rule-set-schema.ts).
const RULE_KEYS = Object.keys(cacheRuleSchema.shape);
const CREDENTIAL_SET_KEYS = Object.keys(credentialSetSchema.shape);
/** `$schema` is allowed (editors use it) but not named among the expected fields. */
const TOP_KEYS = Object.keys(ruleSetFileSchema.shape).filter((k) => k !== '$schema');

/** Names people use for the project format's fields (from the ARM/CLI vocabulary). */
const KNOWN_ALIASES: Readonly<Record<string, string>> = {
  sourcerepository: 'source',
  sourcerepo: 'source',
  targetrepository: 'target',
  targetrepo: 'target',
  credentialsetresourceid: 'credentialSet',
  credentialsetid: 'credentialSet',
  credentialsetname: 'credentialSet',
  credentials: 'credentialSet',
  usernamesecretidentifier: 'usernameSecret',
  passwordsecretidentifier: 'passwordSecret',
  usernamesecretid: 'usernameSecret',
  passwordsecretid: 'passwordSecret',
  loginserver: 'loginServer',
  credentialsets: 'credentialSets',
  cacherules: 'rules',
};

function canonicalKey(key: string): string {
  const lower = key.toLowerCase().replace(/[-_]/g, '');
  return KNOWN_ALIASES[lower] ?? key;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Reader {
  readonly errors: ReadIssue[] = [];
  readonly warnings: ReadIssue[] = [];

  error(path: string, message: string): void {
    this.errors.push({ path, message });
  }

  /** A required (or optional) string field; records an error and returns undefined when wrong. */
  string(record: Record<string, unknown>, key: string, path: string, required: boolean): string | undefined {
    const value = Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
    const at = path === '' ? key : `${path}.${key}`;
    if (value === undefined || (value === null && !required)) {
      if (required) {
        const alias = Object.keys(record).find((k) => k !== key && canonicalKey(k) === key);
        this.error(at, alias === undefined ? `missing; expected a string` : `missing (found '${echo(alias)}'; this format calls it '${key}')`);
      }
      return undefined;
    }
    if (typeof value !== 'string') {
      const hint = typeof value === 'number' || typeof value === 'boolean' ? ' (quote it)' : '';
      this.error(at, `expected a string, got ${describeValue(value)}${hint}`);
      return undefined;
    }
    return value;
  }

  unknownKeys(record: Record<string, unknown>, known: readonly string[], path: string): void {
    const expected = known.filter((k) => k !== '$schema');
    for (const key of Object.keys(record)) {
      if (known.includes(key)) continue;
      const canonical = canonicalKey(key);
      const at = path === '' ? echo(key) : `${path}.${echo(key)}`;
      this.warnings.push({
        path: at,
        message: known.includes(canonical) ? `unknown field, ignored (this format calls it '${canonical}')` : `unknown field, ignored (expected ${expected.join(', ')})`,
      });
    }
  }

  list(value: unknown, path: string, what: string): readonly unknown[] | undefined {
    if (Array.isArray(value)) return value;
    this.error(path, `expected a list of ${what}, got ${describeValue(value)}`);
    return undefined;
  }
}

const fieldCache = new WeakMap<z.ZodObject, { keys: string[]; optional: ReadonlySet<string> }>();

/** A schema's fields, and which of them may be left out (asked of zod once per schema, not per record). */
function fieldsOf(schema: z.ZodObject): { keys: string[]; optional: ReadonlySet<string> } {
  let fields = fieldCache.get(schema);
  if (fields === undefined) {
    const keys = Object.keys(schema.shape);
    fields = { keys, optional: new Set(keys.filter((key) => (schema.shape[key] as z.ZodType).safeParse(undefined).success)) };
    fieldCache.set(schema, fields);
  }
  return fields;
}

/**
 * A mapping read against its schema: the schema's fields are taken (null counts as absent for
 * optional ones), anything else is warned about, and every schema problem becomes an error at its
 * field. A required field missing under another name (`sourceRepository`) says so.
 */
function readRecord<T>(reader: Reader, record: Record<string, unknown>, path: string, schema: z.ZodObject): T | undefined {
  const { keys, optional } = fieldsOf(schema);
  reader.unknownKeys(record, keys, path);
  const candidate: Record<string, unknown> = {};
  for (const key of keys) {
    const value = Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
    if (value === undefined || (value === null && optional.has(key))) continue;
    candidate[key] = value;
  }
  // the compiled check says yes to what zod would accept unchanged; zod words everything else
  const parsed = acceptsUnchanged(schema, candidate) ? { success: true as const, data: candidate } : schema.safeParse(candidate);
  if (parsed.success) return parsed.data as T;
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    const at = issue.path.length === 0 ? path : `${path === '' ? '' : `${path}.`}${formatSchemaPath(issue.path)}`;
    const alias = typeof field === 'string' && candidate[field] === undefined ? Object.keys(record).find((k) => k !== field && canonicalKey(k) === field) : undefined;
    reader.error(at, alias === undefined ? describeSchemaIssue(issue, candidate) : `missing (found '${echo(alias)}'; this format calls it '${String(field)}')`);
  }
  return undefined;
}

function readProjectRule(reader: Reader, value: unknown, path: string): CacheRule | undefined {
  if (!isRecord(value)) {
    reader.error(path, `expected a cache rule (a mapping with name, source, target), got ${describeValue(value)}`);
    return undefined;
  }
  const rule = readRecord<CacheRule>(reader, value, path, cacheRuleSchema);
  if (rule?.credentialSet === '') delete rule.credentialSet;
  return rule;
}

function readCredentialSet(reader: Reader, value: unknown, path: string): CredentialSet | undefined {
  if (!isRecord(value)) {
    reader.error(path, `expected a credential set (a mapping with name, loginServer, usernameSecret, passwordSecret), got ${describeValue(value)}`);
    return undefined;
  }
  return readRecord<CredentialSet>(reader, value, path, credentialSetSchema);
}

function readProject(reader: Reader, data: Record<string, unknown>): RuleSet {
  reader.unknownKeys(data, [...TOP_KEYS, '$schema'], '');
  reader.string(data, '$schema', '', false);
  const registry = reader.string(data, 'registry', '', false);
  const rules: CacheRule[] = [];
  if (!Object.prototype.hasOwnProperty.call(data, 'rules') || data.rules === undefined) {
    const alias = Object.keys(data).find((k) => canonicalKey(k) === 'rules' && k !== 'rules');
    reader.error('rules', alias === undefined ? 'missing; expected a list of cache rules (may be empty: rules: [])' : `missing (found '${echo(alias)}'; this format calls it 'rules')`);
  } else {
    const list = data.rules === null ? [] : reader.list(data.rules, 'rules', 'cache rules');
    list?.forEach((value, i) => {
      const rule = readProjectRule(reader, value, `rules[${i}]`);
      if (rule !== undefined) rules.push(rule);
    });
  }
  const credentialSets: CredentialSet[] = [];
  if (data.credentialSets !== undefined && data.credentialSets !== null) {
    reader.list(data.credentialSets, 'credentialSets', 'credential sets')?.forEach((value, i) => {
      const set = readCredentialSet(reader, value, `credentialSets[${i}]`);
      if (set !== undefined) credentialSets.push(set);
    });
  }
  return registry === undefined || registry === '' ? { rules, credentialSets } : { registry, rules, credentialSets };
}

/** The credential set name in an ARM ID: its last path segment. */
export function credentialSetNameFromId(id: string): string {
  const segments = id.split('/').filter((s) => s !== '');
  return segments[segments.length - 1] ?? '';
}

/** One entry of `az acr cache list` (flattened) or of the ARM list body (under `properties`). */
function readAzRule(reader: Reader, value: unknown, path: string): CacheRule | undefined {
  if (!isRecord(value)) {
    reader.error(path, `expected a cache rule as 'az acr cache list' prints it, got ${describeValue(value)}`);
    return undefined;
  }
  const nested = isRecord(value.properties);
  const fields = nested ? (value.properties as Record<string, unknown>) : value;
  const fieldsPath = nested ? `${path}.properties` : path;
  const name = reader.string(value, 'name', path, true);
  const source = reader.string(fields, 'sourceRepository', fieldsPath, true);
  const target = reader.string(fields, 'targetRepository', fieldsPath, true);
  const id = reader.string(fields, 'credentialSetResourceId', fieldsPath, false);
  if (name === undefined || source === undefined || target === undefined) return undefined;
  const credentialSet = id === undefined ? '' : credentialSetNameFromId(id);
  const rule: CacheRule = credentialSet === '' ? { name, source, target } : { name, source, target, credentialSet };
  const azField: Record<string, string> = { name: path, source: `${fieldsPath}.sourceRepository`, target: `${fieldsPath}.targetRepository`, credentialSet: `${fieldsPath}.credentialSetResourceId` };
  const problems = schemaProblems(cacheRuleSchema, rule);
  for (const problem of problems) {
    const at = problem.path === 'name' ? `${path === '' ? '' : `${path}.`}name` : (azField[problem.path] ?? path);
    reader.error(at, problem.message);
  }
  return problems.length === 0 ? rule : undefined;
}

function readAzList(reader: Reader, list: readonly unknown[], path: string): RuleSet {
  const rules: CacheRule[] = [];
  list.forEach((value, i) => {
    const rule = readAzRule(reader, value, `${path}[${i}]`);
    if (rule !== undefined) rules.push(rule);
  });
  return { rules, credentialSets: [] };
}

function looksLikeAzList(data: unknown): boolean {
  if (Array.isArray(data)) return true;
  return isRecord(data) && Array.isArray(data.value) && !('rules' in data);
}

/**
 * A rule set from data already parsed (a JSON value): the project format, or `az acr cache list`
 * output when it is a list (or an ARM `{ value: [...] }` body).
 */
export function ruleSetFromData(data: unknown, format?: RuleSetFormat): ReadResult {
  return safeResult(readData(data, format));
}

function readData(data: unknown, format?: RuleSetFormat): ReadResult {
  const reader = new Reader();
  const az = format === 'az-cache-list' || (format === undefined && looksLikeAzList(data));
  let ruleSet: RuleSet | undefined;
  if (az) {
    if (Array.isArray(data)) ruleSet = readAzList(reader, data, '');
    else if (isRecord(data) && Array.isArray(data.value)) ruleSet = readAzList(reader, data.value, 'value');
    else reader.error('', `expected the output of 'az acr cache list -o json' (a list of cache rules), got ${describeValue(data)}`);
  } else if (isRecord(data)) {
    ruleSet = readProject(reader, data);
  } else {
    reader.error('', `expected a rule set (a mapping with registry, rules and credentialSets) or the output of 'az acr cache list -o json', got ${describeValue(data)}`);
  }
  const resolved: RuleSetFormat = az ? 'az-cache-list' : (format ?? 'json');
  if (reader.errors.length > 0 || ruleSet === undefined) return { ok: false, format: resolved, errors: reader.errors };
  // What is left for the whole set: the registry's length and how many entries the lists hold.
  // The store checks a draft with this same schema, so nothing read here can be refused there.
  for (const problem of schemaProblems(ruleSetSchema, ruleSet)) {
    const at = az ? problem.path.replace(/^rules/, isRecord(data) ? 'value' : '') : problem.path;
    reader.error(at, problem.message);
  }
  if (reader.errors.length > 0) return { ok: false, format: resolved, errors: reader.errors };
  return { ok: true, ruleSet, format: resolved, warnings: reader.warnings, credentialSetsListed: !az };
}

/** Every issue as it may be shown: quoted input cut, control characters escaped (input-text.ts). */
function safeIssues(issues: readonly ReadIssue[]): ReadIssue[] {
  return issues.map((i) => ({ path: safeMessage(i.path, ECHO_MAX * 2), message: safeMessage(i.message) }));
}

function safeResult(result: ReadResult): ReadResult {
  return result.ok ? { ...result, warnings: safeIssues(result.warnings) } : { ...result, errors: safeIssues(result.errors) };
}

/** Reads a rule-set file (the project's YAML or JSON, or `az acr cache list -o json` output). */
export function readRuleSet(input: string, options: ReadOptions = {}): ReadResult {
  try {
    if (typeof input !== 'string') return { ok: false, format: undefined, errors: [{ path: '', message: 'the input is not text' }] };
    return safeResult(readText(input.charCodeAt(0) === 0xfeff ? input.slice(1) : input, options.format === 'auto' ? undefined : options.format));
  } catch (error) {
    // Not expected: the parsers report problems as values. Still, reading must never throw.
    return { ok: false, format: undefined, errors: safeIssues([{ path: '', message: `the input could not be read: ${error instanceof Error ? error.message : String(error)}` }]) };
  }
}

function readText(text: string, requested: RuleSetFormat | undefined): ReadResult {
  const trimmed = text.trimStart();
  if (trimmed === '') {
    return { ok: false, format: requested, errors: [{ path: '', message: `the input is empty; expected a rule set (registry, rules, credentialSets) or the output of 'az acr cache list -o json'` }] };
  }
  const precheck = textPrecheck(text);
  if (precheck !== undefined) return { ok: false, format: requested, errors: [precheck] };
  const json = requested === 'json' || requested === 'az-cache-list' || (requested === undefined && (trimmed[0] === '{' || trimmed[0] === '['));
  if (json) {
    const parsed = parseJsonStrict(text);
    if (!parsed.ok) return { ok: false, format: requested ?? 'json', errors: parsed.errors };
    return readData(parsed.data, requested ?? (looksLikeAzList(parsed.data) ? 'az-cache-list' : 'json'));
  }
  const yaml = parseYamlStrict(text);
  if (!yaml.ok) return { ok: false, format: 'yaml', errors: yaml.errors };
  return readData(yaml.data, looksLikeAzList(yaml.data) ? 'az-cache-list' : 'yaml');
}

/** The rule set as plain data in the file's key order, without empty optional fields. */
function ordered(ruleSet: RuleSet): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (ruleSet.registry !== undefined && ruleSet.registry !== '') out.registry = ruleSet.registry;
  out.rules = ruleSet.rules.map((r) => {
    const rule: Record<string, unknown> = { name: r.name, source: r.source, target: r.target };
    if (r.credentialSet !== undefined && r.credentialSet !== '') rule.credentialSet = r.credentialSet;
    // Preview settings (identity, syncMode, …) round-trip through the file unchanged.
    return { ...rule, ...previewSettingsOf(r) };
  });
  out.credentialSets = ruleSet.credentialSets.map((s) => ({
    name: s.name,
    loginServer: s.loginServer,
    usernameSecret: s.usernameSecret,
    passwordSecret: s.passwordSecret,
  }));
  return out;
}

/** Writes the project format; keys always in the order registry, rules, credentialSets. */
export function writeRuleSet(ruleSet: RuleSet, format: 'yaml' | 'json'): string {
  const data = ordered(ruleSet);
  if (format === 'json') return JSON.stringify(data, null, 2) + '\n';
  return stringify(data, { lineWidth: 0 });
}
