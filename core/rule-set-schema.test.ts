import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { formatReadIssue, readRuleSet, ruleSetFromData, writeRuleSet } from './rule-set-file.ts';
import { RULE_SET_LIMITS, ruleSetFileSchema, ruleSetSchema, schemaProblems } from './rule-set-schema.ts';

const rule = (i: number) => ({ name: `rule-${i}`, source: `quay.io/org/repo-${i}`, target: `repo-${i}` });
const errors = (text: string) => {
  const result = readRuleSet(text);
  return result.ok ? [] : result.errors.map(formatReadIssue);
};

describe('the reader refuses what the store would refuse, naming the field', () => {
  test('a 201-character rule name', () => {
    const text = JSON.stringify({ rules: [rule(0), { ...rule(1), name: 'n'.repeat(201) }] });
    expect(errors(text)).toEqual(['rules[1].name: is 201 characters long; at most 200 are allowed']);
  });

  test('a 1,001-character source', () => {
    expect(errors(JSON.stringify({ rules: [{ ...rule(0), source: 'quay.io/' + 'a'.repeat(993) }] }))).toEqual([
      'rules[0].source: is 1,001 characters long; at most 1,000 are allowed',
    ]);
  });

  test('a 301-character registry', () => {
    expect(errors(JSON.stringify({ registry: 'r'.repeat(301), rules: [] }))).toEqual(['registry: is 301 characters long; at most 300 are allowed']);
  });

  test('100,001 rules', () => {
    const rules = Array.from({ length: RULE_SET_LIMITS.rules + 1 }, (_, i) => rule(i));
    expect(errors(JSON.stringify({ rules }))).toEqual(['rules: has 100,001 entries; at most 100,000 are allowed']);
  });

  test('a too long credential-set secret and a too long name in az output', () => {
    const set = { name: 'hub', loginServer: 'docker.io', usernameSecret: 'https://v.vault.azure.net/secrets/u', passwordSecret: 'x'.repeat(1001) };
    expect(errors(JSON.stringify({ rules: [], credentialSets: [set] }))).toEqual(['credentialSets[0].passwordSecret: is 1,001 characters long; at most 1,000 are allowed']);
    expect(errors(JSON.stringify([{ name: 'n'.repeat(201), sourceRepository: 'quay.io/a', targetRepository: 'a' }]))).toEqual([
      '[0].name: is 201 characters long; at most 200 are allowed',
    ]);
    expect(errors(JSON.stringify([{ name: 'abcde', sourceRepository: 'quay.io/' + 'a'.repeat(1000), targetRepository: 'a' }]))).toEqual([
      '[0].sourceRepository: is 1,008 characters long; at most 1,000 are allowed',
    ]);
  });

  test('whatever the reader accepts, the store schema accepts', () => {
    const result = readRuleSet('registry: contoso.azurecr.io\nrules:\n  - name: abcde\n    source: quay.io/a\n    target: a\n    credentialSet: ""\n');
    expect(result.ok).toBe(true);
    if (result.ok) expect(schemaProblems(ruleSetSchema, result.ruleSet)).toEqual([]);
  });
});

describe('$schema', () => {
  test('a file may name its JSON Schema without a warning, and it is not kept', () => {
    const result = readRuleSet('# yaml-language-server: $schema=https://example.invalid/rule-set.schema.json\n$schema: https://example.invalid/rule-set.schema.json\nrules: []\n');
    expect(result).toMatchObject({ ok: true, warnings: [], ruleSet: { rules: [], credentialSets: [] } });
    if (result.ok) expect(Object.keys(result.ruleSet)).not.toContain('$schema');
  });

  test('a $schema that is not a string is an error at $schema', () => {
    expect(errors('$schema: 5\nrules: []\n')).toEqual(['$schema: expected a string, got the number 5 (quote it)']);
  });
});

describe('JSON Schema', () => {
  test('is generated from the same zod schema and describes the file format', () => {
    const schema = z.toJSONSchema(ruleSetFileSchema) as { type: string; required: string[]; properties: Record<string, { items?: { required?: string[]; properties?: Record<string, { maxLength?: number }> } }> };
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(['rules']);
    expect(Object.keys(schema.properties)).toEqual(['$schema', 'registry', 'rules', 'credentialSets']);
    expect(schema.properties.rules?.items?.required).toEqual(['name', 'source', 'target']);
    expect(schema.properties.rules?.items?.properties?.name?.maxLength).toBe(200);
  });

  test('a file the writer writes satisfies the file schema', () => {
    const data = JSON.parse(writeRuleSet({ registry: 'contoso.azurecr.io', rules: [rule(1)], credentialSets: [] }, 'json')) as unknown;
    expect(ruleSetFileSchema.safeParse(data).success).toBe(true);
    expect(ruleSetFromData(data)).toMatchObject({ ok: true });
  });
});

describe('NUL characters', () => {
  test('a rule name, a credential-set name and a source holding NUL are refused, naming the field', () => {
    expect(errors(JSON.stringify({ rules: [rule(0), { ...rule(1), name: 'rule-1\u0000hidden' }] }))).toEqual([
      'rules[1].name: contains a NUL character (\\0), which names and values cannot hold',
    ]);
    const set = { name: 'hub\u0000', loginServer: 'docker.io', usernameSecret: 'https://v.vault.azure.net/secrets/u', passwordSecret: 'https://v.vault.azure.net/secrets/p' };
    expect(errors(JSON.stringify({ rules: [], credentialSets: [set] }))).toEqual(['credentialSets[0].name: contains a NUL character (\\0), which names and values cannot hold']);
    expect(schemaProblems(ruleSetSchema, { rules: [{ ...rule(0), source: 'quay.io/a\u0000b' }], credentialSets: [] }).map((p) => p.path)).toEqual(['rules[0].source']);
  });

  test('the JSON Schema says so too, for editors', () => {
    const schema = z.toJSONSchema(ruleSetFileSchema) as unknown as { properties: { rules: { items: { properties: { name: { pattern?: string } } } } } };
    expect(new RegExp(schema.properties.rules.items.properties.name.pattern!).test('a\u0000b')).toBe(false);
  });
});
