import { describe, expect, it } from 'vitest';
import type { CacheRule, RuleSet } from '../../core/model.ts';
import { EditHistory } from './history.ts';

const rule = (i: number, target = `team/app-${i}`): CacheRule => ({ name: `rule-${i}`, source: `mcr.microsoft.com/team/app-${i}`, target });
const ruleSetOf = (n: number): RuleSet => ({ registry: 'contoso.azurecr.io', rules: Array.from({ length: n }, (_, i) => rule(i)), credentialSets: [] });

/** Records `edits` edits that each change one rule's target; answers every version, oldest first. */
function editMany(history: EditHistory, start: RuleSet, edits: number, targetLength = 20): RuleSet[] {
  const versions = [start];
  let current = start;
  for (let i = 0; i < edits; i++) {
    const at = (i * 31) % current.rules.length;
    const rules = [...current.rules];
    rules[at] = rule(at, `t${i}-`.padEnd(targetLength, 'x'));
    const next = { ...current, rules };
    history.record(`Edit ${i}`, current, next);
    versions.push(next);
    current = next;
  }
  return versions;
}

describe('undo history', () => {
  it('keeps only the changed stretch of an edit: its bytes do not grow with the size of the draft', () => {
    const small = new EditHistory();
    const large = new EditHistory();
    editMany(small, ruleSetOf(10), 50);
    editMany(large, ruleSetOf(20_000), 50);
    // (only the longer rule names of the large draft differ)
    expect(large.bytes).toBeLessThan(small.bytes * 1.1);
    expect(large.bytes).toBeLessThan(50 * 1024);
  });

  it('stays within its byte bound by dropping the oldest edits, and what is left undoes exactly', () => {
    const limit = 64 * 1024;
    const history = new EditHistory({ bytes: limit, entries: 1_000 });
    // each edit keeps two ~2 KB rules (UTF-16): about 8 KB an entry, so the bound holds ~7
    const versions = editMany(history, ruleSetOf(100), 100, 1_000);
    expect(history.bytes).toBeLessThanOrEqual(limit);
    expect(history.size).toBeGreaterThan(3);
    expect(history.size).toBeLessThan(100);
    let current = versions.at(-1)!;
    const kept = history.size;
    for (let k = 1; k <= kept; k++) {
      const step = history.peekUndo(current)!;
      expect(step.label).toBe(`Edit ${100 - k}`);
      history.undone();
      current = step.ruleSet;
      expect(current).toEqual(versions[100 - k]);
    }
    expect(history.peekUndo(current)).toBeNull();
  });

  it('an edit larger than the byte bound on its own is not kept', () => {
    const history = new EditHistory({ bytes: 1024 });
    editMany(history, ruleSetOf(10), 1, 5_000);
    expect(history.size).toBe(0);
    expect(history.bytes).toBe(0);
  });

  it('stays within its entry bound (200 by default)', () => {
    const history = new EditHistory();
    editMany(history, ruleSetOf(300), 250);
    expect(history.size).toBe(200);
  });
});
