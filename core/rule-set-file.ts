// Rule-set files: the project's own format (YAML or JSON) that CI keeps in git, and the output of
// `az acr cache list -o json` (or the raw ARM list body), so a live registry can be linted as is.
// Reading never throws: every problem with the input comes back as an issue naming the field at
// fault (`rules[3].target: expected a string, got the number 42`). Writing uses one key order, so
// files diff cleanly.
//
// The reading itself is rule-set-read.ts (no zod, no yaml there); this module gives it zod's
// judgement of the values its fast check is unsure of (rule-set-schema.ts) and yaml's parse.

import { stringify } from 'yaml';
import type { z } from 'zod';
import { parseYamlStrict } from './rule-set-text.ts';
import type { RuleSet } from './model.ts';
import { previewSettingsOf } from './rule-extensions.ts';
import { readRuleSetWith, ruleSetFromDataWith, type ReaderParsers, type ReadOptions, type ReadResult, type RuleSetFormat, type SchemaName } from './rule-set-read.ts';
import { cacheRuleSchema, credentialSetSchema, describeSchemaIssue, ruleSetSchema } from './rule-set-schema.ts';

export { credentialSetNameFromId, formatReadIssue, type ReadIssue, type ReadOptions, type ReadResult, type RuleSetFormat } from './rule-set-read.ts';

const SCHEMAS: Readonly<Record<SchemaName, z.ZodType>> = { cacheRule: cacheRuleSchema, credentialSet: credentialSetSchema, ruleSet: ruleSetSchema };

const PARSERS: ReaderParsers = {
  schema: (name, value) => {
    const parsed = SCHEMAS[name].safeParse(value);
    return parsed.success ? { success: true, data: parsed.data } : { success: false, issues: parsed.error.issues.map((issue) => ({ path: issue.path, message: describeSchemaIssue(issue, value) })) };
  },
  yaml: (text) => parseYamlStrict(text),
};

/**
 * A rule set from data already parsed (a JSON value): the project format, or `az acr cache list`
 * output when it is a list (or an ARM `{ value: [...] }` body).
 */
export function ruleSetFromData(data: unknown, format?: RuleSetFormat): ReadResult {
  return ruleSetFromDataWith(PARSERS, data, format);
}

/** Reads a rule-set file (the project's YAML or JSON, or `az acr cache list -o json` output). */
export function readRuleSet(input: string, options: ReadOptions = {}): ReadResult {
  return readRuleSetWith(PARSERS, input, options);
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
