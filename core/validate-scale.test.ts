// Problem output stays linear in the rules (issue 11.7): rules that share a target, a prefix or a
// name are one grouped problem listing them, not a problem per pair.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { CacheRule, RuleSet } from './model.ts';
import { planChanges } from './plan.ts';
import { createRuleSetIndex, validateRuleSet } from './validate.ts';

const name = (i: number): string => `rule-${String(i).padStart(5, '0')}`;
const sharing = (n: number, target = 'shared/app'): CacheRule[] => Array.from({ length: n }, (_, i) => ({ name: name(i), source: `mcr.microsoft.com/app${i}`, target }));
const set = (rules: CacheRule[]): RuleSet => ({ registry: 'contoso.azurecr.io', rules, credentialSets: [] });

describe('rules sharing a target are one problem', () => {
  test('1,000 rules with one static target: one duplicate-target problem listing all 1,000, not 499,500 pairs', () => {
    const problems = validateRuleSet(set(sharing(1000)));
    expect(problems.map((p) => p.code)).toEqual(['duplicate-target']);
    const [group] = problems;
    expect(group?.rules).toHaveLength(1000);
    expect(group?.rules?.[999]).toBe(name(999));
    expect(group?.with).toBeUndefined();
    expect(group?.message).toMatch(/^1,000 static rules have the target 'shared\/app': rules 'rule-00000', 'rule-00001', 'rule-00002', 'rule-00003', 'rule-00004' and 995 more; a target repository belongs to one rule only\./);
    // the message stays short however many rules there are; `rules` carries them all
    expect(group?.message.length).toBeLessThan(400);
  });

  test('the number of problems does not grow with the size of the group', () => {
    for (const n of [3, 30, 300, 3000]) {
      const rules = [
        ...sharing(n, 'a/*').map((r) => ({ ...r, name: `w${r.name}`, source: `${r.source}/*` })),
        ...sharing(n).map((r) => ({ ...r, name: `s${r.name}` })),
        ...sharing(n).map((r, i) => ({ ...r, name: 'same-name', target: `t${i}` })),
      ];
      const problems = validateRuleSet(set(rules)).filter((p) => p.code !== 'rule-limit');
      expect(problems.map((p) => p.code).sort()).toEqual(['duplicate-name', 'duplicate-target', 'wildcard-overlap']);
    }
  });

  test('a wildcard covering a group is one problem per covered prefix, naming both sides', () => {
    const rules = [{ name: 'outer-aaa', source: 'mcr.microsoft.com/*', target: 'a/*' }, ...sharing(50, 'a/b/*').map((r) => ({ ...r, source: `${r.source}/*` }))];
    const problems = validateRuleSet(set(rules));
    const containment = problems.filter((p) => p.message.includes('covers everything under'));
    expect(containment).toHaveLength(1);
    expect(containment[0]?.rules).toHaveLength(51);
    expect(containment[0]?.message).toMatch(/^Wildcard target 'a\/\*' \(rule 'outer-aaa'\) covers everything under wildcard target 'a\/b\/\*' \(rules 'rule-00000', .* and 45 more\)/);
  });

  test("every rule of a group finds the group among its own problems (what the pull tester and the map's rule details read)", () => {
    const index = createRuleSetIndex(set(sharing(1000)));
    const group = index.problems()[0];
    for (const i of [0, 1, 500, 999]) expect(index.problemsOfRule(i)).toContain(group);
  });

  test("the editor's check of one more rule with that target is one problem too", () => {
    const index = createRuleSetIndex(set(sharing(1000)));
    const problems = index.checkRule({ name: 'one-more', source: 'mcr.microsoft.com/x', target: 'shared/app' });
    expect(problems.map((p) => p.code)).toEqual(['rule-limit', 'duplicate-target']);
    expect(problems[1]?.rules).toHaveLength(1001);
    expect(problems[1]?.message).toContain('1,001 static rules have the target');
  });

  test('plan of 400 and of 1,000 rules sharing a target finishes, with one grouped problem', () => {
    for (const n of [400, 1000]) {
      const plan = planChanges(set([]), set(sharing(n)), { prune: false });
      expect(plan.operations).toHaveLength(n);
      expect(plan.problems.map((p) => p.code)).toEqual(['duplicate-target']);
      expect(plan.blocked).toBe(true);
    }
  });
});

describe('100,000 clashing rules lint in bounded memory', () => {
  test('a child process with a 192 MB heap lints 100,000 rules sharing one target, one prefix, nested prefixes and one name', () => {
    const probe = resolve(import.meta.dirname, '../test/support/validate-heap-probe.ts');
    const run = spawnSync(process.execPath, ['--max-old-space-size=192', '--import', 'tsx', probe, '100000'], { encoding: 'utf8', timeout: 240_000 });
    expect(run.stderr).not.toMatch(/heap out of memory/i);
    expect(run.status).toBe(0);
    const results = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { label: string; problems: number; byCode: Record<string, number> });
    expect(results.map((r) => [r.label, r.byCode])).toEqual([
      ['one static target', { 'rule-limit': 1, 'duplicate-target': 1 }],
      ['one wildcard prefix', { 'rule-limit': 1, 'wildcard-overlap': 1 }],
      ['nested prefixes', { 'rule-limit': 1, 'wildcard-overlap': 3 }],
      ['one name', { 'rule-limit': 1, 'duplicate-name': 1 }],
    ]);
  }, 300_000);
});
