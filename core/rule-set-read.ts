// Reading rule-set files (see rule-set-file.ts, the interface the app uses): the project's own
// format (YAML or JSON) and the output of `az acr cache list -o json`, every problem with the
// input an issue naming the field at fault. This module holds the reading itself and loads neither
// zod nor yaml: fields and limits come from rule-set-shapes.ts (the schemas written out), values
// it is not sure of go to the SchemaParse it is given (zod's, in rule-set-file.ts), YAML text to
// its YamlParse. readRuleSetFast and ruleSetFromDataFast read with neither and give up (undefined)
// where they would be needed: the CLI's lint of a valid 1,000-rule file then never loads the 750 KB
// of zod and yaml (issue 14's cold start), and loads them to word anything else.

import { echo, ECHO_MAX, safeMessage } from './input-text.ts';
import { parseJsonStrict, textPrecheck, type Parsed } from './rule-set-json.ts';
import type { CacheRule, CredentialSet, RuleSet } from './model.ts';
import { RULE_SET_SHAPES, type RuleSetShapeName } from './rule-set-shapes.ts';
import { acceptsShape } from './schema-check.ts';
import { describeValue, formatSchemaPath } from './schema-words.ts';

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

// The fields come from the one schema of the format (rule-set-schema.ts, as rule-set-shapes.ts
// writes it out). `$schema` is allowed (editors use it) but not named among the expected fields.
const TOP_KEYS = Object.keys(RULE_SET_SHAPES.ruleSetFile.fields).filter((k) => k !== '$schema');

/** The schemas the reader checks values against (all of rule-set-schema.ts's but the file's). */
export type SchemaName = Exclude<RuleSetShapeName, 'ruleSetFile'>;

/** A zod issue as the reader reports it: where in the value, and in plain words. */
export interface WordedIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/**
 * zod's judgement of a value the fast check (schema-check.ts) is not sure of: its data when it
 * accepts, its issues in plain words (describeSchemaIssue) when not. rule-set-file.ts gives the
 * reader zod's; the fast reader's gives up instead (NeedsSchema), so its caller can load zod.
 */
export type SchemaParse = (schema: SchemaName, value: unknown) => { readonly success: true; readonly data: unknown } | { readonly success: false; readonly issues: readonly WordedIssue[] };

/** YAML text to data, as rule-set-text.ts's parseYamlStrict (the full reader's; yaml is large). */
export type YamlParse = (text: string) => Parsed<unknown>;

/** What reading needs beyond this module: zod for the values it is unsure of, and yaml. */
export interface ReaderParsers {
  readonly schema: SchemaParse;
  readonly yaml: YamlParse;
}

/** Thrown by the fast reader's parsers: the answer needs zod or yaml, which it does not load. */
class NeedsFullReader extends Error {}

const FAST: ReaderParsers = {
  schema: () => {
    throw new NeedsFullReader('a value only zod can judge');
  },
  yaml: () => {
    throw new NeedsFullReader('YAML only yaml can read');
  },
};

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

  constructor(readonly parse: SchemaParse) {}

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
    const keys = Object.keys(record);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      if (known.includes(key)) continue;
      const expected = known.filter((k) => k !== '$schema');
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

const fieldCache = new Map<SchemaName, { keys: string[]; optional: ReadonlySet<string> }>();

/** A schema's fields, and which of them may be left out (zod's answers, in rule-set-shapes.ts). */
function fieldsOf(schema: SchemaName): { keys: string[]; optional: ReadonlySet<string> } {
  let fields = fieldCache.get(schema);
  if (fields === undefined) {
    const shape = RULE_SET_SHAPES[schema];
    fields = { keys: Object.keys(shape.fields), optional: new Set(shape.optional) };
    fieldCache.set(schema, fields);
  }
  return fields;
}

/** Every problem of `value` against `schema`, each naming its field (rule-set-schema.ts's schemaProblems). */
function schemaProblems(reader: Reader, schema: SchemaName, value: unknown): { path: string; message: string }[] {
  if (acceptsShape(RULE_SET_SHAPES[schema], value)) return [];
  const parsed = reader.parse(schema, value);
  if (parsed.success) return [];
  return parsed.issues.map((issue) => ({ path: formatSchemaPath(issue.path), message: issue.message }));
}

/**
 * A mapping read against its schema: the schema's fields are taken (null counts as absent for
 * optional ones), anything else is warned about, and every schema problem becomes an error at its
 * field. A required field missing under another name (`sourceRepository`) says so.
 */
function readRecord<T>(reader: Reader, record: Record<string, unknown>, path: string, schema: SchemaName): T | undefined {
  const { keys, optional } = fieldsOf(schema);
  reader.unknownKeys(record, keys, path);
  const candidate: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const value = Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
    if (value === undefined || (value === null && optional.has(key))) continue;
    candidate[key] = value;
  }
  // the compiled check says yes to what zod would accept unchanged; zod words everything else
  const parsed = acceptsShape(RULE_SET_SHAPES[schema], candidate) ? { success: true as const, data: candidate } : reader.parse(schema, candidate);
  if (parsed.success) return parsed.data as T;
  for (const issue of parsed.issues) {
    const field = issue.path[0];
    const at = issue.path.length === 0 ? path : `${path === '' ? '' : `${path}.`}${formatSchemaPath(issue.path)}`;
    const alias = typeof field === 'string' && candidate[field] === undefined ? Object.keys(record).find((k) => k !== field && canonicalKey(k) === field) : undefined;
    reader.error(at, alias === undefined ? issue.message : `missing (found '${echo(alias)}'; this format calls it '${String(field)}')`);
  }
  return undefined;
}

function readProjectRule(reader: Reader, value: unknown, path: string): CacheRule | undefined {
  if (!isRecord(value)) {
    reader.error(path, `expected a cache rule (a mapping with name, source, target), got ${describeValue(value)}`);
    return undefined;
  }
  const rule = readRecord<CacheRule>(reader, value, path, 'cacheRule');
  if (rule?.credentialSet === '') delete rule.credentialSet;
  return rule;
}

function readCredentialSet(reader: Reader, value: unknown, path: string): CredentialSet | undefined {
  if (!isRecord(value)) {
    reader.error(path, `expected a credential set (a mapping with name, loginServer, usernameSecret, passwordSecret), got ${describeValue(value)}`);
    return undefined;
  }
  return readRecord<CredentialSet>(reader, value, path, 'credentialSet');
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
  const problems = schemaProblems(reader, 'cacheRule', rule);
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
export function ruleSetFromDataWith(parsers: ReaderParsers, data: unknown, format?: RuleSetFormat): ReadResult {
  return safeResult(readData(parsers, data, format));
}

function readData(parsers: ReaderParsers, data: unknown, format?: RuleSetFormat): ReadResult {
  const reader = new Reader(parsers.schema);
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
  for (const problem of schemaProblems(reader, 'ruleSet', ruleSet)) {
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

function readInput(parsers: ReaderParsers, input: string, options: ReadOptions): ReadResult {
  if (typeof input !== 'string') return { ok: false, format: undefined, errors: [{ path: '', message: 'the input is not text' }] };
  return safeResult(readText(parsers, input.charCodeAt(0) === 0xfeff ? input.slice(1) : input, options.format === 'auto' ? undefined : options.format));
}

/** Reads a rule-set file (the project's YAML or JSON, or `az acr cache list -o json` output). */
export function readRuleSetWith(parsers: ReaderParsers, input: string, options: ReadOptions = {}): ReadResult {
  try {
    return readInput(parsers, input, options);
  } catch (error) {
    // Not expected: the parsers report problems as values. Still, reading must never throw.
    return { ok: false, format: undefined, errors: safeIssues([{ path: '', message: `the input could not be read: ${error instanceof Error ? error.message : String(error)}` }]) };
  }
}

function readText(parsers: ReaderParsers, text: string, requested: RuleSetFormat | undefined): ReadResult {
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
    return readData(parsers, parsed.data, requested ?? (looksLikeAzList(parsed.data) ? 'az-cache-list' : 'json'));
  }
  const yaml = parsers.yaml(text);
  if (!yaml.ok) return { ok: false, format: 'yaml', errors: yaml.errors };
  return readData(parsers, yaml.data, looksLikeAzList(yaml.data) ? 'az-cache-list' : 'yaml');
}

/**
 * readRuleSet's answer without zod or yaml (rule-set-file.ts), or undefined when only they can
 * give it: a value the fast check is not sure of, or YAML text. Never a different answer.
 */
export function readRuleSetFast(input: string, options: ReadOptions = {}): ReadResult | undefined {
  try {
    return readInput(FAST, input, options);
  } catch {
    // NeedsFullReader, or anything readRuleSet would turn into an issue: the full reader words it
    return undefined;
  }
}

/** ruleSetFromData's answer without zod, or undefined when only zod can give it. */
export function ruleSetFromDataFast(data: unknown, format?: RuleSetFormat): ReadResult | undefined {
  try {
    return ruleSetFromDataWith(FAST, data, format);
  } catch {
    return undefined;
  }
}

