// What a plan's operations do, once they ran: the registry's content and the baseline after each,
// and what a failure stops.

import { fingerprintCredentialSet, fingerprintRule, nameKey, type Baseline, type Fingerprint } from './fingerprint.ts';
import type { CacheRule, RuleSet } from './model.ts';
import type { CredentialSetOperation, ItemKind, Plan, PlanOperation, RuleOperation } from './plan-types.ts';

/** Every operation that (transitively) depends on one of `ids`: what a failure of them stops. */
export function dependentsOf(plan: Plan, ids: Iterable<string>): Set<string> {
  const dependents = new Map<string, string[]>();
  for (const op of plan.operations) {
    for (const dep of op.dependsOn) {
      const list = dependents.get(dep);
      if (list === undefined) dependents.set(dep, [op.id]);
      else list.push(op.id);
    }
  }
  const out = new Set<string>();
  const stack = [...ids];
  while (stack.length > 0) {
    for (const next of dependents.get(stack.pop() as string) ?? []) {
      if (!out.has(next)) {
        out.add(next);
        stack.push(next);
      }
    }
  }
  return out;
}

function withoutKey<T extends { readonly name: string }>(items: readonly T[], key: string): T[] {
  return items.filter((item) => nameKey(item.name) !== key);
}

function upsert<T extends { readonly name: string }>(items: readonly T[], item: T): T[] {
  const key = nameKey(item.name);
  const at = items.findIndex((i) => nameKey(i.name) === key);
  if (at < 0) return [...items, item];
  const out = items.slice();
  out[at] = item;
  return out;
}

/** The registry's content after one operation succeeded (what the service does with it). */
export function applyOperation(state: RuleSet, op: PlanOperation): RuleSet {
  switch (op.kind) {
    case 'create-rule':
    case 'update-rule':
      return { ...state, rules: upsert(state.rules, op.rule) };
    case 'delete-rule':
      return { ...state, rules: withoutKey(state.rules, nameKey(op.rule.name)) };
    case 'create-credential-set':
    case 'update-credential-set':
      return { ...state, credentialSets: upsert(state.credentialSets, op.credentialSet) };
    case 'delete-credential-set':
      return { ...state, credentialSets: withoutKey(state.credentialSets, nameKey(op.credentialSet.name)) };
  }
}

/**
 * The baseline after an operation succeeded: the item's fingerprint becomes what the plan wrote,
 * so that planning again after a partial apply does not mistake the plan's own writes for drift.
 */
export function advanceBaseline(baseline: Baseline, op: PlanOperation): Baseline {
  const copy = (entries: Readonly<Record<string, Fingerprint>>): Record<string, Fingerprint> => Object.assign(Object.create(null) as Record<string, Fingerprint>, entries);
  switch (op.kind) {
    case 'create-rule':
    case 'update-rule': {
      const rules = copy(baseline.rules);
      rules[nameKey(op.rule.name)] = fingerprintRule(op.rule);
      return { rules, credentialSets: baseline.credentialSets };
    }
    case 'delete-rule': {
      const rules = copy(baseline.rules);
      delete rules[nameKey(op.rule.name)];
      return { rules, credentialSets: baseline.credentialSets };
    }
    case 'create-credential-set':
    case 'update-credential-set': {
      const credentialSets = copy(baseline.credentialSets);
      credentialSets[nameKey(op.credentialSet.name)] = fingerprintCredentialSet(op.credentialSet);
      return { rules: baseline.rules, credentialSets };
    }
    case 'delete-credential-set': {
      const credentialSets = copy(baseline.credentialSets);
      delete credentialSets[nameKey(op.credentialSet.name)];
      return { rules: baseline.rules, credentialSets };
    }
  }
}

/** The name of the item an operation acts on. */
export function operationSubject(op: PlanOperation): { item: ItemKind; name: string } {
  return op.kind.endsWith('-rule') ? { item: 'rule', name: (op as RuleOperation).rule.name } : { item: 'credential-set', name: (op as CredentialSetOperation).credentialSet.name };
}

/**
 * The rules an apply deleted as the first half of a replace whose create has not happened: the
 * registry (`live`, read after) lacks them. Planning again creates them (PlanOptions), which it
 * would not otherwise do for a rule that prune-off kept: that rule is in neither side any more.
 * Each is the rule as the registry held it before the delete.
 */
export function unfinishedReplaces(operations: readonly PlanOperation[], live: RuleSet): CacheRule[] {
  const present = new Set(live.rules.map((r) => nameKey(r.name)));
  const out = new Map<string, CacheRule>();
  for (const op of operations) {
    if (op.kind !== 'delete-rule' || op.change !== 'replace') continue;
    const key = nameKey(op.rule.name);
    if (!present.has(key) && !out.has(key)) out.set(key, op.rule);
  }
  return [...out.values()];
}
