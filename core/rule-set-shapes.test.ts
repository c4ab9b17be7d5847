// rule-set-shapes.ts is the rule-set schemas written out for the reader's zod-free fast path; it
// must be exactly shapeOf(the schemas), key order included (the reader copies fields in it), or a
// changed limit would be checked against the old one. And the fast reader gives up, rather than
// answer differently, wherever zod or yaml would be needed.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { ruleSetShapesSource, SHAPED_SCHEMAS } from '../test/support/rule-set-shapes-source.ts';
import { readRuleSet, ruleSetFromData } from './rule-set-file.ts';
import { readRuleSetFast, ruleSetFromDataFast } from './rule-set-read.ts';
import { RULE_SET_SHAPES } from './rule-set-shapes.ts';
import { shapeOf } from './schema-check.ts';

describe('rule-set-shapes.ts', () => {
  test('is what test/support/write-rule-set-shapes.ts writes from rule-set-schema.ts now', () => {
    const current = readFileSync(new URL('./rule-set-shapes.ts', import.meta.url), 'utf8');
    // on failure: npx tsx test/support/write-rule-set-shapes.ts
    expect(current).toBe(ruleSetShapesSource());
  });

  test('holds each schema as shapeOf sees it, in the same key order', () => {
    for (const [name, schema] of Object.entries(SHAPED_SCHEMAS)) {
      expect(JSON.stringify(RULE_SET_SHAPES[name as keyof typeof SHAPED_SCHEMAS])).toBe(JSON.stringify(shapeOf(schema)));
    }
    expect(Object.keys(RULE_SET_SHAPES.cacheRule.fields)).toEqual(Object.keys(SHAPED_SCHEMAS.cacheRule.shape));
    expect(RULE_SET_SHAPES.cacheRule.optional).toContain('credentialSet');
    expect(RULE_SET_SHAPES.cacheRule.optional).not.toContain('name');
  });
});

const RULE = '  - name: dotnet\n    source: mcr.microsoft.com/dotnet/*\n    target: dotnet/*\n';

describe('the fast reader', () => {
  test('answers as readRuleSet does for valid JSON, and for what needs no schema wording', () => {
    const inputs = [
      '{"rules": [{"name": "dotnet", "source": "mcr.microsoft.com/dotnet/*", "target": "dotnet/*", "colour": "red"}]}',
      '[{"name": "hub", "sourceRepository": "docker.io/library/*", "targetRepository": "library/*"}]',
      '{"rules": [], "credentialSets": [{"name": "hub", "loginServer": "docker.io", "usernameSecret": "https://v.vault.azure.net/secrets/u", "passwordSecret": "https://v.vault.azure.net/secrets/p"}]}',
      '{"rules": 7}',
      '{"rules": [{"name": "a"}, {"name": "a"}',
      '{"rules": [], "rules": []}',
      '   ',
      '{"rules": [{"name": 42, "source": "docker.io/x", "target": "x"}]}',
    ];
    let answered = 0;
    for (const text of inputs) {
      const fast = readRuleSetFast(text);
      if (fast === undefined) continue;
      answered++;
      expect(fast).toEqual(readRuleSet(text));
    }
    expect(answered).toBeGreaterThanOrEqual(6);
  });

  test('gives up where zod words the problem or yaml parses the text', () => {
    expect(readRuleSetFast(`rules:\n${RULE}`)).toBeUndefined();
    expect(readRuleSetFast(`{"rules": [{"name": "${'a'.repeat(201)}", "source": "docker.io/x", "target": "x"}]}`)).toBeUndefined();
    const filters = { rules: [{ name: 'sync', source: 'docker.io/x', target: 'x', artifactSyncFilters: { tags: 'x' } }] };
    expect(ruleSetFromDataFast(filters)).toBeUndefined();
    expect(ruleSetFromData(filters).ok).toBe(true);
  });

  test('answers as ruleSetFromData does for the data of a valid file', () => {
    const data = { registry: 'contoso.azurecr.io', rules: [{ name: 'dotnet', source: 'mcr.microsoft.com/dotnet/*', target: 'dotnet/*', credentialSet: null }], credentialSets: null };
    expect(ruleSetFromDataFast(data)).toEqual(ruleSetFromData(data));
    expect(ruleSetFromDataFast(data, 'yaml')).toEqual(ruleSetFromData(data, 'yaml'));
  });
});
