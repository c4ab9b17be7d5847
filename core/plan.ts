// A draft against a live registry as the operations that turn one into the other.
//
// The registry checks every write against what it holds at that moment, so the operations are
// ordered (as explicit dependencies) such that no intermediate state is one ACR refuses or one
// that breaks pulls:
//  - a credential set exists, with its new secrets, before a rule is created with it or moved to it;
//  - a rule is deleted before a rule is created whose target overlaps it (or equals it), and before
//    the credential set it used is deleted;
//  - a credential set whose login server changes is deleted and created again (ACR cannot change a
//    login server), so every rule that keeps using it is deleted before and created after it;
//  - with the registry near 1,000 rules, enough deletes run before creates to stay under the limit.
// Every dependency points from a later phase to an earlier one (PHASES below), so the graph has no
// cycle by construction, and the operations sorted by phase are one valid sequential order. An
// executor may run anything whose dependencies are done, and after a failure skip only what
// depends on it (`dependentsOf`).
//
// Drift: with the fingerprints taken at import (`Baseline`), an item that someone else changed,
// deleted or added in the registry since then is a conflict when the plan would touch it. Its
// operations (and everything depending on them) are held until the conflict is resolved: keep
// mine (the draft wins) or take theirs (the registry's version stays). Nothing is overwritten
// silently.
//
// Planning is idempotent: the plan only holds differences, so planning again from the registry as
// a partial apply left it yields exactly the operations that did not run (with the baseline
// advanced by `advanceBaseline` for those that did).

// The parts: plan-types.ts (shapes), plan-desired.ts (desired state and drift), plan-operations.ts
// (the diff as operations), plan-order.ts (dependencies, order, holds, waves), plan-state.ts
// (what operations do once run), plan-settings.ts (preview settings and the catalog).

import { credentialSetKey, fingerprintCredentialSet, fingerprintRule, nameKey } from './fingerprint.ts';
import type { CacheRule, CredentialSet, RuleSet } from './model.ts';
import { describeRule, describeSet, desiredState, driftMessage, keyed, quote, sameRule, sameSet } from './plan-desired.ts';
import { Builder, credentialSetOperations, ruleOperations, type ChangeEntry } from './plan-operations.ts';
import { addDependencies, finishOperations, holdOperations, orderOperations, type Hold } from './plan-order.ts';
import { catalogNeverBlocksLiveRules, droppedSettingProblems } from './plan-settings.ts';
import type { Conflict, CredentialSetConflict, Plan, PlanChange, PlanNote, PlanOperation, PlanOptions, Resolution, RuleConflict } from './plan-types.ts';
import { operationId } from './plan-types.ts';
import { createRuleSetIndex, hasErrors, type Problem } from './validate.ts';

export * from './plan-types.ts';
export { DETACH_REASON } from './plan-operations.ts';
export { advanceBaseline, applyOperation, dependentsOf, operationSubject, unfinishedReplaces } from './plan-state.ts';

export function planChanges(live: RuleSet, draft: RuleSet, options: PlanOptions): Plan {
  const prune = options.prune === true;
  const resolutions = options.resolutions ?? {};
  const setsListed = options.liveCredentialSetsListed !== false;
  const notes: PlanNote[] = [];

  const liveRules = keyed(live.rules);
  const liveSets = keyed(setsListed ? live.credentialSets : []);
  const draftRules = keyed(draft.rules);
  const draftSets = keyed(draft.credentialSets);
  for (const [later] of [...liveRules.duplicates, ...liveSets.duplicates]) {
    notes.push({ severity: 'warning', code: 'duplicate-in-registry', name: later.name, message: `The registry input lists ${quote(later.name)} twice (names compare case-insensitively); only the first is planned against.` });
  }
  if (!setsListed) {
    notes.push({ severity: 'info', code: 'credential-sets-not-listed', item: 'credential-set', message: "The registry input does not list credential sets (it is 'az acr cache list' output): none is deleted, and the draft's sets are written with create, which also updates an existing one." });
  }

  // What the registry should hold: rules first, as whether a credential set may be pruned
  // depends on the rules that stay.
  const rules = desiredState(liveRules.byKey, draftRules.byKey, () => prune, sameRule, options.baseline?.rules, fingerprintRule, 'rule', resolutions);
  const resumed = resumeReplaces(options.unfinishedReplaces ?? [], prune, liveRules.byKey, draftRules.byKey, rules.items, notes);
  const usedSets = new Map<string, string>();
  for (const rule of rules.items.values()) {
    const key = credentialSetKey(rule);
    if (key !== '' && !usedSets.has(key)) usedSets.set(key, rule.name);
  }
  const sets = desiredState(
    liveSets.byKey,
    draftSets.byKey,
    (key, set) => {
      if (!prune) return false;
      const user = usedSets.get(key);
      if (user === undefined) return true;
      notes.push({ severity: 'info', code: 'credential-set-kept', item: 'credential-set', name: set.name, message: `Credential set ${quote(set.name)} is not in the draft but is not deleted: rule ${quote(user)} still uses it.` });
      return false;
    },
    sameSet,
    setsListed ? options.baseline?.credentialSets : undefined,
    fingerprintCredentialSet,
    'credential-set',
    resolutions,
  );

  const builder = new Builder();
  const changes: ChangeEntry[] = [];
  const replacedSets = credentialSetOperations(builder, changes, liveSets.byKey, sets.items);
  ruleOperations(builder, changes, notes, liveRules.byKey, rules.items, replacedSets, resumed);
  addDependencies(builder, liveRules.byKey, replacedSets, notes);
  const entries = orderOperations(builder);
  const holds: Hold[] = [];
  for (const [item, desired] of [['credential-set', sets], ['rule', rules]] as const) {
    for (const [key, c] of desired.conflicts) if (c.resolution === undefined) holds.push({ item, key });
  }
  const conflictOf = holdOperations(builder, entries, holds);
  const { operations, waves } = finishOperations(entries, conflictOf);

  const conflicts: Conflict[] = [];
  const heldOps = (id: string): string[] => operations.filter((op) => op.heldBy === id).map((op) => op.id);
  for (const [key, c] of sets.conflicts) {
    const id = `credential-set:${key}`;
    const name = (c.mine ?? c.theirs)?.name ?? key;
    const conflict: CredentialSetConflict = {
      id,
      item: 'credential-set',
      name,
      drift: c.drift,
      operations: c.resolution === undefined ? heldOps(id) : [],
      message: driftMessage('credential-set', name, c.drift, c.theirs && describeSet(c.theirs), c.mine && describeSet(c.mine)),
      ...(c.theirs === undefined ? {} : { theirs: c.theirs }),
      ...(c.mine === undefined ? {} : { mine: c.mine }),
      ...(c.resolution === undefined ? {} : { resolution: c.resolution }),
    };
    conflicts.push(conflict);
  }
  for (const [key, c] of rules.conflicts) {
    const id = `rule:${key}`;
    const name = (c.mine ?? c.theirs)?.name ?? key;
    const conflict: RuleConflict = {
      id,
      item: 'rule',
      name,
      drift: c.drift,
      operations: c.resolution === undefined ? heldOps(id) : [],
      message: driftMessage('rule', name, c.drift, c.theirs && describeRule(c.theirs), c.mine && describeRule(c.mine)),
      ...(c.theirs === undefined ? {} : { theirs: c.theirs }),
      ...(c.mine === undefined ? {} : { mine: c.mine }),
      ...(c.resolution === undefined ? {} : { resolution: c.resolution }),
    };
    conflicts.push(conflict);
  }

  const planChangesList: PlanChange[] = changes.map((c) => {
    const heldBy = c.ids.map((id) => conflictOf.get(id)).find((h) => h !== undefined);
    return {
      item: c.item,
      name: c.name,
      change: c.change,
      operations: c.ids,
      ...(c.reason === undefined ? {} : { reason: c.reason }),
      ...(heldBy === undefined ? {} : { heldBy }),
    };
  });

  // The registry afterwards: desired items, under the names the registry already knows them by.
  const byId = new Map(operations.map((op) => [op.id, op]));
  const resultRules: CacheRule[] = [...rules.items.entries()].map(([key, rule]) => {
    const update = byId.get(operationId('update-rule', key));
    if (update !== undefined && update.kind === 'update-rule') return update.rule;
    if (byId.has(operationId('create-rule', key))) return rule;
    return liveRules.byKey.get(key) ?? rule;
  });
  const resultSets: CredentialSet[] = [...sets.items.entries()].map(([key, set]) => {
    const update = byId.get(operationId('update-credential-set', key));
    if (update !== undefined && update.kind === 'update-credential-set') return update.credentialSet;
    if (byId.has(operationId('create-credential-set', key))) return set;
    return liveSets.byKey.get(key) ?? set;
  });
  const registry = draft.registry ?? live.registry;
  const result: RuleSet = registry === undefined ? { rules: resultRules, credentialSets: resultSets } : { registry, rules: resultRules, credentialSets: resultSets };

  const problems = [
    ...catalogNeverBlocksLiveRules(preflight(result, operations, draftRules.duplicates, draftSets.duplicates, options, setsListed), live),
    ...droppedSettingProblems(live, draft),
  ];
  return {
    prune,
    operations,
    waves,
    changes: planChangesList,
    conflicts,
    problems,
    notes,
    result,
    blocked: hasErrors(problems),
    unresolved: conflicts.filter((c) => c.resolution === undefined).length,
    input: { live, draft, options },
  };
}

/** Why a rule an earlier apply deleted is created again (shown with the change). */
export const RESUMED_REASON = 'an earlier apply deleted it to create it again and did not get to the create';

/**
 * Rules an earlier apply deleted halfway through a replace (PlanOptions.unfinishedReplaces) go
 * back into the desired state when prune is off and neither side has them: prune off leaves the
 * registry's rules alone, and this one is missing only because the app itself deleted it. Its
 * own deletion is no drift either. Returns the keys, each with the reason for its create.
 */
function resumeReplaces(
  unfinished: readonly CacheRule[],
  prune: boolean,
  live: ReadonlyMap<string, CacheRule>,
  draft: ReadonlyMap<string, CacheRule>,
  desired: Map<string, CacheRule>,
  notes: PlanNote[],
): Map<string, string> {
  const resumed = new Map<string, string>();
  if (prune) return resumed;
  for (const rule of unfinished) {
    const key = nameKey(rule.name);
    if (live.has(key) || draft.has(key) || desired.has(key)) continue;
    desired.set(key, rule);
    resumed.set(key, RESUMED_REASON);
    notes.push({ severity: 'warning', code: 'rule-recreate-resumed', item: 'rule', name: rule.name, message: `Rule ${quote(rule.name)} is not in the registry because ${RESUMED_REASON}; it is created again (pulls through it fail until then).` });
  }
  return resumed;
}

function duplicateProblem(kind: 'rule' | 'credential set', later: string, earlier: string): Problem {
  const what = kind === 'rule' ? 'Rules' : 'Credential sets';
  const names = later === earlier ? `both have the name ${quote(later)}` : `have the names ${quote(later)} and ${quote(earlier)}, which ARM treats as one (names compare case-insensitively)`;
  return { severity: 'error', code: 'duplicate-name', rule: later, with: earlier, field: 'name', message: `${what} in the draft ${names}; only the first is planned. Rename one of them.`, fix: 'rename one of them' };
}

/** The rule engine on the result; `target-exists` only for rules the plan creates. */
function preflight(
  result: RuleSet,
  operations: readonly PlanOperation[],
  ruleDuplicates: readonly [CacheRule, CacheRule][],
  setDuplicates: readonly [CredentialSet, CredentialSet][],
  options: PlanOptions,
  setsListed: boolean,
): Problem[] {
  const created = new Set(operations.filter((op) => op.kind === 'create-rule').map((op) => nameKey(op.rule.name)));
  const index = createRuleSetIndex(result, {
    ...(options.existingRepositories === undefined ? {} : { existingRepositories: options.existingRepositories }),
    credentialSetsListed: setsListed,
  });
  const problems = index.problems().filter((p) => p.code !== 'target-exists' || created.has(nameKey(p.rule)));
  for (const [later, earlier] of ruleDuplicates) problems.push(duplicateProblem('rule', later.name, earlier.name));
  for (const [later, earlier] of setDuplicates) problems.push(duplicateProblem('credential set', later.name, earlier.name));
  return problems;
}

/** The plan made again with a conflict resolved (`id` from `plan.conflicts`). */
export function resolveConflict(plan: Plan, id: string, resolution: Resolution): Plan {
  if (!plan.conflicts.some((c) => c.id === id)) {
    throw new RangeError(`The plan has no conflict '${id}'; the conflicts are ${plan.conflicts.map((c) => quote(c.id)).join(', ') || 'none'}.`);
  }
  const { live, draft, options } = plan.input;
  return planChanges(live, draft, { ...options, resolutions: { ...(options.resolutions ?? {}), [id]: resolution } });
}
