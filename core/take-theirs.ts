// "Take theirs" on a drift conflict: the registry's version of the item becomes the draft's, and
// the baseline remembers it as seen. Holding the plan's operations back for one apply is not
// enough: the draft would still hold mine, so the next plan (whose baseline the apply advanced)
// would propose overwriting the colleague's change with no conflict left to warn about.
// Taking theirs is therefore an edit of the draft and its baseline together (one undoable edit).

import { fingerprintCredentialSet, fingerprintRule, nameKey, type Baseline, type Fingerprint } from './fingerprint.ts';
import type { CacheRule, CredentialSet, RuleSet } from './model.ts';
import type { Conflict } from './plan.ts';

function withTheirs<T extends { readonly name: string }>(items: readonly T[], key: string, theirs: T | undefined): T[] {
  const at = items.findIndex((item) => nameKey(item.name) === key);
  if (theirs === undefined) return at < 0 ? items.slice() : items.filter((_, i) => i !== at);
  if (at < 0) return [...items, theirs];
  const out = items.slice();
  out[at] = theirs;
  return out;
}

function withEntry(entries: Readonly<Record<string, Fingerprint>>, key: string, fingerprint: Fingerprint | undefined): Record<string, Fingerprint> {
  const copy = Object.assign(Object.create(null) as Record<string, Fingerprint>, entries);
  if (fingerprint === undefined) delete copy[key];
  else copy[key] = fingerprint;
  return copy;
}

/**
 * The draft and baseline with the registry's version taken for each conflict: a changed or added
 * item is written into the draft as the registry holds it (under its name there), a deleted one
 * leaves the draft, and the item's baseline fingerprint becomes the registry's, so planning again
 * proposes nothing for it.
 */
export function takeTheirs(ruleSet: RuleSet, baseline: Baseline, conflicts: readonly Conflict[]): { ruleSet: RuleSet; baseline: Baseline } {
  let rules: readonly CacheRule[] = ruleSet.rules;
  let credentialSets: readonly CredentialSet[] = ruleSet.credentialSets;
  let ruleEntries = baseline.rules;
  let setEntries = baseline.credentialSets;
  for (const conflict of conflicts) {
    const key = nameKey(conflict.name);
    if (conflict.item === 'rule') {
      rules = withTheirs(rules, key, conflict.theirs);
      ruleEntries = withEntry(ruleEntries, key, conflict.theirs && fingerprintRule(conflict.theirs));
    } else {
      credentialSets = withTheirs(credentialSets, key, conflict.theirs);
      setEntries = withEntry(setEntries, key, conflict.theirs && fingerprintCredentialSet(conflict.theirs));
    }
  }
  return {
    ruleSet: { ...ruleSet, rules: [...rules], credentialSets: [...credentialSets] },
    baseline: { rules: ruleEntries, credentialSets: setEntries },
  };
}
