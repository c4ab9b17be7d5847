import { describe, expect, it } from 'vitest';
import { baselineOf, fingerprintRule } from './fingerprint.ts';
import type { RuleSet } from './model.ts';
import { planChanges } from './plan.ts';
import { takeTheirs } from './take-theirs.ts';

const imported: RuleSet = {
  rules: [
    { name: 'mcr-dotnet', source: 'mcr.microsoft.com/dotnet/*', target: 'library/dotnet/*' },
    { name: 'quay-legacy', source: 'quay.io/legacy/*', target: 'legacy/*' },
  ],
  credentialSets: [],
};

describe('takeTheirs', () => {
  it('writes the registry’s version into the draft and the baseline, so planning again proposes nothing for those items', () => {
    const baseline = baselineOf(imported);
    const draft: RuleSet = { ...imported, rules: [{ ...imported.rules[0]!, target: 'dotnet/*' }, imported.rules[1]!] };
    // the colleague: mcr-dotnet moved (name now cased differently), quay-legacy deleted, ghcr-tools added
    const live: RuleSet = {
      rules: [
        { name: 'MCR-dotnet', source: 'mcr.microsoft.com/dotnet/*', target: 'ms/dotnet/*' },
        { name: 'ghcr-tools', source: 'ghcr.io/contoso/tools/*', target: 'tools/*' },
      ],
      credentialSets: [],
    };
    const plan = planChanges(live, draft, { prune: true, baseline });
    expect(plan.conflicts.map((c) => c.drift).sort()).toEqual(['added', 'changed', 'deleted']);

    const next = takeTheirs(draft, baseline, plan.conflicts);
    expect(next.ruleSet.rules).toEqual([live.rules[0], live.rules[1]]);
    expect(next.baseline.rules['mcr-dotnet']).toBe(fingerprintRule(live.rules[0]!));
    expect(Object.keys(next.baseline.rules).sort()).toEqual(['ghcr-tools', 'mcr-dotnet']);
    const again = planChanges(live, next.ruleSet, { prune: true, baseline: next.baseline });
    expect(again.conflicts).toEqual([]);
    expect(again.operations).toEqual([]);
    // the inputs are left as they were (the draft service keeps the old rule set for undo)
    expect(draft.rules[0]!.target).toBe('dotnet/*');
    expect(Object.keys(baseline.rules).sort()).toEqual(['mcr-dotnet', 'quay-legacy']);
  });

  it('takes only the conflicts given: the others stay conflicts', () => {
    const baseline = baselineOf(imported);
    const live: RuleSet = { rules: [{ ...imported.rules[0]!, target: 'ms/dotnet/*' }, { ...imported.rules[1]!, target: 'old/*' }], credentialSets: [] };
    const draft: RuleSet = { rules: [{ ...imported.rules[0]!, target: 'dotnet/*' }, { ...imported.rules[1]!, target: 'quay/*' }], credentialSets: [] };
    const plan = planChanges(live, draft, { prune: true, baseline });
    const next = takeTheirs(draft, baseline, plan.conflicts.filter((c) => c.name === 'mcr-dotnet'));
    expect(planChanges(live, next.ruleSet, { prune: true, baseline: next.baseline }).conflicts.map((c) => c.id)).toEqual(['rule:quay-legacy']);
  });
});
