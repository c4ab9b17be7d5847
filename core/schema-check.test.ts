// The compiled check says yes only where zod says yes with the value unchanged, on values around
// every limit of the rule-set schemas; and it does say yes to ordinary rules, or the reader would
// gain nothing from it.
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { cacheRuleSchema, credentialSetSchema, RULE_SET_LIMITS, ruleSetFileSchema, ruleSetSchema } from './rule-set-schema.ts';
import { acceptsUnchanged } from './schema-check.ts';

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

const r = random(7);
const pick = <T,>(values: readonly T[]): T => values[Math.floor(r() * values.length)] as T;

function aString(): unknown {
  if (r() < 0.6) return pick(['rule-1', 'docker.io/library/nginx', 'https://v.vault.azure.net/secrets/u']);
  return pick<unknown>([
    'rule-1',
    '',
    'a'.repeat(RULE_SET_LIMITS.name),
    'a'.repeat(RULE_SET_LIMITS.name + 1),
    'x'.repeat(RULE_SET_LIMITS.repository),
    'x'.repeat(RULE_SET_LIMITS.repository + 1),
    'nul\0inside',
    '😀'.repeat(100),
    42,
    null,
    true,
    ['a'],
    { a: 1 },
    undefined,
  ]);
}

function aRule(): unknown {
  const rule: Record<string, unknown> = {};
  for (const key of ['name', 'source', 'target', 'credentialSet', 'identity', 'syncMode', 'syncReferrers']) {
    if (r() < (key === 'name' || key === 'source' || key === 'target' ? 0.9 : 0.3)) rule[key] = aString();
  }
  if (r() < 0.1) rule.artifactSyncFilters = { tags: 'x' };
  if (r() < 0.1) rule.colour = 'red';
  if (r() < 0.05) return pick<unknown>([null, [], 'rule', 7]);
  return rule;
}

function aCredentialSet(): unknown {
  const set: Record<string, unknown> = {};
  for (const key of ['name', 'loginServer', 'usernameSecret', 'passwordSecret']) if (r() < 0.9) set[key] = aString();
  return set;
}

function aRuleSet(): unknown {
  const set: Record<string, unknown> = {};
  if (r() < 0.5) set.registry = aString();
  if (r() < 0.9) set.rules = Array.from({ length: Math.floor(r() * 4) }, aRule);
  if (r() < 0.7) set.credentialSets = Array.from({ length: Math.floor(r() * 3) }, aCredentialSet);
  if (r() < 0.2) set.$schema = aString();
  return set;
}

function holdsTo(schema: z.ZodType, value: unknown): boolean {
  if (!acceptsUnchanged(schema, value)) return false;
  const parsed = schema.safeParse(value);
  expect(parsed.success, JSON.stringify(value)?.slice(0, 200)).toBe(true);
  expect(parsed.data).toEqual(value);
  return true;
}

describe('acceptsUnchanged', () => {
  test('says yes only where zod accepts the value unchanged (3,000 values around every limit)', () => {
    let yes = 0;
    for (let i = 0; i < 1000; i++) {
      if (holdsTo(cacheRuleSchema, aRule())) yes++;
      if (holdsTo(credentialSetSchema, aCredentialSet())) yes++;
      const set = aRuleSet();
      if (holdsTo(ruleSetFileSchema, set)) yes++;
      holdsTo(ruleSetSchema, set);
    }
    // a check that never said yes would pass the line above trivially
    expect(yes).toBeGreaterThan(100);
  });

  test('says yes to ordinary rules and sets, and no at each limit', () => {
    const rule = { name: 'hub', source: 'docker.io/library/nginx', target: 'nginx', credentialSet: 'dockerhub' };
    expect(acceptsUnchanged(cacheRuleSchema, rule)).toBe(true);
    expect(acceptsUnchanged(ruleSetSchema, { rules: [rule], credentialSets: [] })).toBe(true);
    expect(acceptsUnchanged(cacheRuleSchema, { ...rule, name: 'a'.repeat(RULE_SET_LIMITS.name + 1) })).toBe(false);
    expect(acceptsUnchanged(cacheRuleSchema, { ...rule, target: 'a\0b' })).toBe(false);
    expect(acceptsUnchanged(cacheRuleSchema, { ...rule, colour: 'red' })).toBe(false);
    expect(acceptsUnchanged(cacheRuleSchema, { name: 'hub', source: 'docker.io/x' })).toBe(false);
    expect(acceptsUnchanged(ruleSetSchema, { rules: [rule] })).toBe(false);
    // JSON values are zod's to judge
    expect(acceptsUnchanged(cacheRuleSchema, { ...rule, artifactSyncFilters: { tags: 'x' } })).toBe(false);
  });

  test('is not sure of schemas it does not understand', () => {
    expect(acceptsUnchanged(z.string().min(3), 'abcd')).toBe(false);
    expect(acceptsUnchanged(z.string().transform((s) => s.trim()), 'a')).toBe(false);
    expect(acceptsUnchanged(z.object({ a: z.string() }), { a: 'x', b: 'y' })).toBe(false);
    expect(acceptsUnchanged(z.object({ a: z.string().default('d') }), {})).toBe(false);
    expect(acceptsUnchanged(z.coerce.string(), 'a')).toBe(false);
  });
});
