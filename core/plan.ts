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

import {
  baselineEntry,
  credentialSetKey,
  fingerprintCredentialSet,
  fingerprintRule,
  nameKey,
  sameLoginServer,
  sameRuleRepositories,
  sameSecrets,
  type Baseline,
  type Fingerprint,
} from './fingerprint.ts';
import { MAX_RULES_PER_REGISTRY, type CacheRule, type CredentialSet, type RuleSet } from './model.ts';
import { TargetTrie } from './overlap.ts';
import { parseTargetRepository, type RepositoryPattern } from './repository.ts';
import { catalogNeverBlocksLiveRules, droppedSettingProblems } from './plan-settings.ts';
import { changedPreviewSettings, previewSettingsOf } from './rule-extensions.ts';
import { createRuleSetIndex, hasErrors, type Problem } from './validate.ts';

export type ItemKind = 'rule' | 'credential-set';
/** What happens to an item; a replace is a delete followed by a create. */
export type ChangeKind = 'create' | 'update' | 'replace' | 'delete';
export type OperationKind =
  | 'create-credential-set'
  | 'update-credential-set'
  | 'delete-credential-set'
  | 'create-rule'
  | 'update-rule'
  | 'delete-rule';

interface OperationCommon {
  /** `<kind>:<lowercased name>`, unique in a plan and stable across plans. */
  readonly id: string;
  /** Operations that must have succeeded before this one may start. */
  readonly dependsOn: readonly string[];
  /** The change this operation is part of. */
  readonly change: ChangeKind;
  /** Why a replace is needed (for display). */
  readonly reason?: string;
  /** The conflict that holds this operation until it is resolved; an executor must not run it. */
  readonly heldBy?: string;
}

export interface CreateRuleOperation extends OperationCommon {
  readonly kind: 'create-rule';
  readonly rule: CacheRule;
}
/** PATCH of a rule's credential set to another set (removing one is a replace: DETACH_REASON). */
export interface UpdateRuleOperation extends OperationCommon {
  readonly kind: 'update-rule';
  /** The rule after the update, under the name the registry knows it by. */
  readonly rule: CacheRule;
  readonly before: CacheRule;
}
export interface DeleteRuleOperation extends OperationCommon {
  readonly kind: 'delete-rule';
  /** The rule as the registry holds it. */
  readonly rule: CacheRule;
}
export interface CreateCredentialSetOperation extends OperationCommon {
  readonly kind: 'create-credential-set';
  readonly credentialSet: CredentialSet;
}
/** PATCH of a credential set's Key Vault secret identifiers. */
export interface UpdateCredentialSetOperation extends OperationCommon {
  readonly kind: 'update-credential-set';
  readonly credentialSet: CredentialSet;
  readonly before: CredentialSet;
}
export interface DeleteCredentialSetOperation extends OperationCommon {
  readonly kind: 'delete-credential-set';
  readonly credentialSet: CredentialSet;
}

export type RuleOperation = CreateRuleOperation | UpdateRuleOperation | DeleteRuleOperation;
export type CredentialSetOperation = CreateCredentialSetOperation | UpdateCredentialSetOperation | DeleteCredentialSetOperation;
export type PlanOperation = RuleOperation | CredentialSetOperation;

/** How the registry's item differs from the baseline taken at import. */
export type DriftKind = 'changed' | 'deleted' | 'added';
export type Resolution = 'mine' | 'theirs';

interface ConflictCommon {
  /** `rule:<lowercased name>` or `credential-set:<lowercased name>`. */
  readonly id: string;
  readonly name: string;
  readonly drift: DriftKind;
  readonly resolution?: Resolution;
  /** The operations the conflict holds while unresolved (those of the item and their dependents). */
  readonly operations: readonly string[];
  /** Says what changed in the registry and what each choice does. */
  readonly message: string;
}
export interface RuleConflict extends ConflictCommon {
  readonly item: 'rule';
  /** The registry's version now; absent when it was deleted there. */
  readonly theirs?: CacheRule;
  /** The draft's version; absent when the plan would delete the item. */
  readonly mine?: CacheRule;
}
export interface CredentialSetConflict extends ConflictCommon {
  readonly item: 'credential-set';
  readonly theirs?: CredentialSet;
  readonly mine?: CredentialSet;
}
export type Conflict = RuleConflict | CredentialSetConflict;

export type PlanNoteCode = 'credential-set-kept' | 'credential-sets-not-listed' | 'rule-recreated' | 'rule-limit-ordering' | 'duplicate-in-registry';

/** Something about the plan itself (the rule engine's findings are in `problems`). */
export interface PlanNote {
  readonly severity: 'warning' | 'info';
  readonly code: PlanNoteCode;
  readonly item?: ItemKind;
  readonly name?: string;
  readonly message: string;
}

/** One item's change, for a summary; its operations are listed by id. */
export interface PlanChange {
  readonly item: ItemKind;
  readonly name: string;
  readonly change: ChangeKind;
  readonly operations: readonly string[];
  readonly reason?: string;
  readonly heldBy?: string;
}

export interface PlanOptions {
  /** Delete live items that the draft does not have. Off: they are left alone. */
  readonly prune: boolean;
  /** Fingerprints of the live items as they were at import; enables drift detection. */
  readonly baseline?: Baseline;
  /** Conflict id → choice; `resolveConflict` adds to it. */
  readonly resolutions?: Readonly<Record<string, Resolution>>;
  /** The registry's repositories, to pre-flight new rules against `target-exists`. */
  readonly existingRepositories?: readonly string[];
  /**
   * Whether `live.credentialSets` lists the registry's credential sets (default true). Off for
   * `az acr cache list` output: nothing is known about the live sets, none is deleted, and the
   * draft's sets are written with create (PUT), which also updates an existing one.
   */
  readonly liveCredentialSetsListed?: boolean;
}

export interface PlanInput {
  readonly live: RuleSet;
  readonly draft: RuleSet;
  readonly options: PlanOptions;
}

export interface Plan {
  readonly prune: boolean;
  /** Every operation, in one order that satisfies all dependencies. */
  readonly operations: readonly PlanOperation[];
  /** Operation ids by depth: everything in a wave depends only on earlier waves. */
  readonly waves: readonly (readonly string[])[];
  readonly changes: readonly PlanChange[];
  readonly conflicts: readonly Conflict[];
  /** The rule engine's findings on `result` (what the registry would hold afterwards). */
  readonly problems: readonly Problem[];
  readonly notes: readonly PlanNote[];
  /** What the registry holds once every operation (held ones included) has run. */
  readonly result: RuleSet;
  /** Whether `problems` has an error: the plan must not be applied. */
  readonly blocked: boolean;
  /** How many conflicts wait for a resolution. */
  readonly unresolved: number;
  /** What the plan was made from, so that it can be made again with a conflict resolved. */
  readonly input: PlanInput;
}

/** Sequential phases; every dependency points to an earlier phase. */
const PHASES: Readonly<Record<string, number>> = {
  'delete-rule': 0,
  'update-credential-set': 1,
  'create-credential-set:create': 2,
  'update-rule': 3,
  'delete-credential-set': 4,
  'create-credential-set:replace': 5,
  'create-rule': 6,
};

/** Why removing a rule's credential set is a replace (shown with the change and in exports). */
export const DETACH_REASON =
  "its credential set is removed, which Azure does not do in place (a PATCH to none succeeds but keeps the set), so it is created again without one";

function phaseOf(op: PlanOperation): number {
  const key = op.kind === 'create-credential-set' ? `${op.kind}:${op.change === 'replace' ? 'replace' : 'create'}` : op.kind;
  return PHASES[key] as number;
}

export function operationId(kind: OperationKind, name: string): string {
  return `${kind}:${nameKey(name)}`;
}

export function conflictId(item: ItemKind, name: string): string {
  return `${item}:${nameKey(name)}`;
}

function quote(value: string): string {
  return `'${value}'`;
}

function describeRule(rule: CacheRule): string {
  const cs = rule.credentialSet === undefined || rule.credentialSet === '' ? 'no credential set' : `credential set ${quote(rule.credentialSet)}`;
  return `${quote(rule.target)} ← ${quote(rule.source)}, ${cs}`;
}

function describeSet(set: CredentialSet): string {
  return `login server ${quote(set.loginServer)}, username ${quote(set.usernameSecret)}, password ${quote(set.passwordSecret)}`;
}

interface Keyed<T> {
  readonly byKey: Map<string, T>;
  /** Later items whose name repeats an earlier one (case-insensitively): [later, earlier]. */
  readonly duplicates: [T, T][];
}

function keyed<T extends { readonly name: string }>(items: readonly T[]): Keyed<T> {
  const byKey = new Map<string, T>();
  const duplicates: [T, T][] = [];
  for (const item of items) {
    const key = nameKey(item.name);
    const first = byKey.get(key);
    if (first === undefined) byKey.set(key, item);
    else duplicates.push([item, first]);
  }
  return { byKey, duplicates };
}

function sameRule(a: CacheRule | undefined, b: CacheRule | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return sameRuleRepositories(a, b) && credentialSetKey(a) === credentialSetKey(b) && changedPreviewSettings(a, b).length === 0;
}

function sameSet(a: CredentialSet | undefined, b: CredentialSet | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return sameLoginServer(a, b) && sameSecrets(a, b);
}

function driftOf<T>(
  baseline: Readonly<Record<string, Fingerprint>> | undefined,
  key: string,
  live: T | undefined,
  fingerprint: (item: T) => Fingerprint,
): DriftKind | undefined {
  if (baseline === undefined) return undefined;
  const before = baselineEntry(baseline, key);
  const now = live === undefined ? undefined : fingerprint(live);
  if (before === now) return undefined;
  if (before === undefined) return 'added';
  if (now === undefined) return 'deleted';
  return 'changed';
}

function driftMessage(item: ItemKind, name: string, drift: DriftKind, theirs: string | undefined, mine: string | undefined): string {
  const what = item === 'rule' ? `Rule ${quote(name)}` : `Credential set ${quote(name)}`;
  const since = 'in the registry since the draft was imported';
  const happened =
    drift === 'changed' ? `was changed ${since} (now ${theirs})` : drift === 'deleted' ? `was deleted ${since}` : `was added ${since} (${theirs})`;
  const mineDoes = mine === undefined ? 'delete it' : drift === 'deleted' ? `create it again as ${mine}` : `overwrite it with the draft's ${mine}`;
  const theirsDoes = drift === 'deleted' ? 'leave it deleted' : "keep the registry's version";
  return `${what} ${happened}. Keep mine to ${mineDoes}, or take theirs to ${theirsDoes}.`;
}

/** The desired state of one kind of item, with its conflicts. */
interface Desired<T> {
  readonly items: Map<string, T>;
  readonly conflicts: Map<string, { drift: DriftKind; theirs: T | undefined; mine: T | undefined; resolution: Resolution | undefined }>;
}

function desiredState<T extends { readonly name: string }>(
  live: Map<string, T>,
  draft: Map<string, T>,
  prune: (key: string, item: T) => boolean,
  same: (a: T | undefined, b: T | undefined) => boolean,
  baseline: Readonly<Record<string, Fingerprint>> | undefined,
  fingerprint: (item: T) => Fingerprint,
  item: ItemKind,
  resolutions: Readonly<Record<string, Resolution>>,
): Desired<T> {
  const items = new Map<string, T>();
  const conflicts: Desired<T>['conflicts'] = new Map();
  const keys = [...draft.keys(), ...[...live.keys()].filter((k) => !draft.has(k))];
  for (const key of keys) {
    const mine = draft.get(key);
    const theirs = live.get(key);
    const proposed = mine ?? (theirs !== undefined && prune(key, theirs) ? undefined : theirs);
    let chosen = proposed;
    if (!same(theirs, proposed)) {
      const drift = driftOf(baseline, key, theirs, fingerprint);
      if (drift !== undefined) {
        const id = `${item}:${key}`;
        const resolution = Object.prototype.hasOwnProperty.call(resolutions, id) ? resolutions[id] : undefined;
        conflicts.set(key, { drift, theirs, mine: proposed, resolution });
        if (resolution === 'theirs') chosen = theirs;
      }
    }
    if (chosen !== undefined) items.set(key, chosen);
  }
  return { items, conflicts };
}

function targetPattern(target: string): RepositoryPattern | undefined {
  const parsed = parseTargetRepository(target);
  return parsed.ok ? parsed.value : undefined;
}

/** Builds operations and their dependencies. */
class Builder {
  readonly ops = new Map<string, { op: PlanOperation; deps: Set<string>; seq: number }>();
  #seq = 0;

  add(op: PlanOperation): void {
    this.ops.set(op.id, { op, deps: new Set(op.dependsOn), seq: this.#seq++ });
  }

  has(id: string): boolean {
    return this.ops.has(id);
  }

  depend(id: string, on: string): void {
    const entry = this.ops.get(id);
    if (entry !== undefined && this.ops.has(on) && id !== on) entry.deps.add(on);
  }

  depsOf(id: string): ReadonlySet<string> {
    return this.ops.get(id)?.deps ?? new Set();
  }
}

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
  const changes: { item: ItemKind; key: string; name: string; change: ChangeKind; ids: string[]; reason?: string }[] = [];

  // Credential sets.
  const replacedSets = new Set<string>();
  const setKeys = [...sets.items.keys(), ...[...liveSets.byKey.keys()].filter((k) => !sets.items.has(k))];
  for (const key of setKeys) {
    const before = liveSets.byKey.get(key);
    const after = sets.items.get(key);
    if (before === undefined && after !== undefined) {
      const id = operationId('create-credential-set', key);
      builder.add({ id, kind: 'create-credential-set', change: 'create', credentialSet: after, dependsOn: [] });
      changes.push({ item: 'credential-set', key, name: after.name, change: 'create', ids: [id] });
    } else if (before !== undefined && after === undefined) {
      const id = operationId('delete-credential-set', key);
      builder.add({ id, kind: 'delete-credential-set', change: 'delete', credentialSet: before, dependsOn: [] });
      changes.push({ item: 'credential-set', key, name: before.name, change: 'delete', ids: [id] });
    } else if (before !== undefined && after !== undefined) {
      if (!sameLoginServer(before, after)) {
        replacedSets.add(key);
        const reason = `the login server changes from ${quote(before.loginServer)} to ${quote(after.loginServer)}, which ACR cannot update`;
        const del = operationId('delete-credential-set', key);
        const create = operationId('create-credential-set', key);
        builder.add({ id: del, kind: 'delete-credential-set', change: 'replace', reason, credentialSet: before, dependsOn: [] });
        builder.add({ id: create, kind: 'create-credential-set', change: 'replace', reason, credentialSet: after, dependsOn: [del] });
        changes.push({ item: 'credential-set', key, name: after.name, change: 'replace', ids: [del, create], reason });
      } else if (!sameSecrets(before, after)) {
        const id = operationId('update-credential-set', key);
        builder.add({ id, kind: 'update-credential-set', change: 'update', credentialSet: { ...after, name: before.name }, before, dependsOn: [] });
        changes.push({ item: 'credential-set', key, name: before.name, change: 'update', ids: [id] });
      }
    }
  }

  // Rules.
  const ruleKeys = [...rules.items.keys(), ...[...liveRules.byKey.keys()].filter((k) => !rules.items.has(k))];
  for (const key of ruleKeys) {
    const before = liveRules.byKey.get(key);
    const after = rules.items.get(key);
    if (before === undefined && after !== undefined) {
      const id = operationId('create-rule', key);
      builder.add({ id, kind: 'create-rule', change: 'create', rule: after, dependsOn: [] });
      changes.push({ item: 'rule', key, name: after.name, change: 'create', ids: [id] });
    } else if (before !== undefined && after === undefined) {
      const id = operationId('delete-rule', key);
      builder.add({ id, kind: 'delete-rule', change: 'delete', rule: before, dependsOn: [] });
      changes.push({ item: 'rule', key, name: before.name, change: 'delete', ids: [id] });
    } else if (before !== undefined && after !== undefined) {
      const liveSet = credentialSetKey(before);
      const wantedSet = credentialSetKey(after);
      let reason: string | undefined;
      if (!sameRuleRepositories(before, after)) {
        const sourceChanges = !sameRuleRepositories({ ...before, target: after.target }, after);
        const targetChanges = before.target !== after.target;
        const what = sourceChanges && targetChanges ? 'source and target change' : sourceChanges ? 'source changes' : 'target changes';
        reason = `its ${what}, which ACR cannot update`;
      } else if (changedPreviewSettings(before, after).includes('extraProperties')) {
        reason = 'properties this app does not know changed, and it cannot tell whether Azure can update them';
      } else if (wantedSet !== '' && replacedSets.has(wantedSet)) {
        // A rule cannot point at a credential set while it is deleted and created again; moving
        // it there with a PATCH could also wait on a cycle of such sets. Re-creating it cannot.
        reason = `its credential set ${quote(after.credentialSet ?? '')} is deleted and created again`;
        notes.push({ severity: 'info', code: 'rule-recreated', item: 'rule', name: after.name, message: `Rule ${quote(after.name)} is deleted and created again because ${reason}; pulls through it fail in between.` });
      } else if (liveSet !== '' && wantedSet === '') {
        // PATCH credentialSetResourceId: null answers Succeeded but keeps the set on today's
        // service (the 2026 recording in shared/data/azure-recorded); terraform-provider-azurerm's
        // cache-rule CustomizeDiff forces a new resource for exactly this change.
        reason = DETACH_REASON;
        notes.push({ severity: 'info', code: 'rule-recreated', item: 'rule', name: after.name, message: `Rule ${quote(after.name)} is deleted and created again because ${reason}; pulls through it fail in between.` });
      }
      if (reason !== undefined) {
        const del = operationId('delete-rule', key);
        const create = operationId('create-rule', key);
        builder.add({ id: del, kind: 'delete-rule', change: 'replace', reason, rule: before, dependsOn: [] });
        builder.add({ id: create, kind: 'create-rule', change: 'replace', reason, rule: after, dependsOn: [del] });
        changes.push({ item: 'rule', key, name: after.name, change: 'replace', ids: [del, create], reason });
      } else if (liveSet !== wantedSet || changedPreviewSettings(before, after).length > 0) {
        const id = operationId('update-rule', key);
        const updated: CacheRule = { name: before.name, source: before.source, target: before.target };
        if (wantedSet !== '') updated.credentialSet = after.credentialSet;
        Object.assign(updated, previewSettingsOf(after));
        builder.add({ id, kind: 'update-rule', change: 'update', rule: updated, before, dependsOn: [] });
        changes.push({ item: 'rule', key, name: before.name, change: 'update', ids: [id] });
      }
    }
  }

  // Rules need their credential set in place (created, or updated with its new secrets).
  for (const { op } of builder.ops.values()) {
    if (op.kind !== 'create-rule' && op.kind !== 'update-rule') continue;
    const set = credentialSetKey(op.rule);
    if (set === '') continue;
    builder.depend(op.id, operationId('create-credential-set', set));
    builder.depend(op.id, operationId('update-credential-set', set));
  }
  // A credential set is deleted only once no rule in the registry uses it.
  for (const rule of liveRules.byKey.values()) {
    const set = credentialSetKey(rule);
    const del = operationId('delete-credential-set', set);
    if (set === '' || !builder.has(del)) continue;
    const key = nameKey(rule.name);
    const releasing = [operationId('delete-rule', key), operationId('update-rule', key)].filter((id) => builder.has(id));
    for (const id of releasing) builder.depend(del, id);
  }
  // A rule re-created onto a re-created set is deleted before that set is: otherwise, once the
  // set is gone, planning again would see a plain create of the set and a PATCH of the rule
  // instead of the operations that are left.
  for (const { op } of builder.ops.values()) {
    if (op.kind !== 'create-rule' || op.change !== 'replace') continue;
    const set = credentialSetKey(op.rule);
    if (replacedSets.has(set)) builder.depend(operationId('delete-credential-set', set), operationId('delete-rule', op.rule.name));
  }
  // A create waits for the deletes that free its target.
  const deleted = [...builder.ops.values()].map((e) => e.op).filter((op): op is DeleteRuleOperation => op.kind === 'delete-rule');
  const trie = new TargetTrie(deleted.map((op) => targetPattern(op.rule.target)));
  const creates = [...builder.ops.values()].map((e) => e.op).filter((op): op is CreateRuleOperation => op.kind === 'create-rule');
  for (const op of creates) {
    const pattern = targetPattern(op.rule.target);
    if (pattern === undefined) {
      for (const d of deleted) if (d.rule.target === op.rule.target) builder.depend(op.id, d.id);
      continue;
    }
    for (const overlap of trie.overlapsOf(pattern)) {
      if (overlap.kind === 'static-under-wildcard') continue;
      const other = deleted[overlap.with];
      if (other !== undefined) builder.depend(op.id, other.id);
    }
  }
  // Near the rule limit: pair creates with distinct deletes, so that at any moment the registry
  // holds at most max(rules before, rules after). Unpaired creates number MAX - live, and each
  // paired one follows its own delete.
  const excess = liveRules.byKey.size + creates.length - MAX_RULES_PER_REGISTRY;
  if (excess > 0 && deleted.length > 0) {
    const claimed = new Set<string>();
    const paired = new Set<string>();
    for (const op of creates) {
      if (paired.size >= excess) break;
      const partner = [...builder.depsOf(op.id)].find((id) => id.startsWith('delete-rule:') && !claimed.has(id));
      if (partner !== undefined) {
        claimed.add(partner);
        paired.add(op.id);
      }
    }
    const free = deleted.filter((d) => !claimed.has(d.id));
    for (let i = creates.length - 1; i >= 0 && paired.size < excess && free.length > 0; i--) {
      const op = creates[i] as CreateRuleOperation;
      if (paired.has(op.id)) continue;
      const partner = free.shift() as DeleteRuleOperation;
      builder.depend(op.id, partner.id);
      claimed.add(partner.id);
      paired.add(op.id);
    }
    notes.push({ severity: 'info', code: 'rule-limit-ordering', message: `The registry holds ${liveRules.byKey.size} rules and the plan creates ${creates.length}; ${paired.size} of the creates wait for a delete each, so the registry never holds more than ${MAX_RULES_PER_REGISTRY} rules.` });
  }

  // One sequential order: by phase, then in the order the changes were listed.
  const entries = [...builder.ops.values()].sort((a, b) => phaseOf(a.op) - phaseOf(b.op) || a.seq - b.seq);
  const position = new Map(entries.map((e, i) => [e.op.id, i]));
  for (const [i, e] of entries.entries()) {
    for (const dep of e.deps) {
      if ((position.get(dep) ?? Infinity) >= i) throw new Error(`internal error: plan operation ${e.op.id} depends on ${dep}, which is not ordered before it`);
    }
  }

  // Holds: the operations of unresolved conflicts, everything depending on them, and the delete
  // half of a replace whose create half is held (deleting without re-creating loses the item).
  const conflictOf = new Map<string, string>();
  const itemOps = (item: ItemKind, key: string): string[] =>
    item === 'rule'
      ? (['delete-rule', 'update-rule', 'create-rule'] as const).map((k) => operationId(k, key)).filter((id) => builder.has(id))
      : (['delete-credential-set', 'update-credential-set', 'create-credential-set'] as const).map((k) => operationId(k, key)).filter((id) => builder.has(id));
  for (const [item, desired] of [['credential-set', sets], ['rule', rules]] as const) {
    for (const [key, c] of desired.conflicts) {
      if (c.resolution !== undefined) continue;
      for (const id of itemOps(item, key)) if (!conflictOf.has(id)) conflictOf.set(id, `${item}:${key}`);
    }
  }
  if (conflictOf.size > 0) {
    for (let changed = true; changed; ) {
      changed = false;
      for (const e of entries) {
        if (conflictOf.has(e.op.id)) continue;
        const held = [...e.deps].find((d) => conflictOf.has(d));
        if (held !== undefined) {
          conflictOf.set(e.op.id, conflictOf.get(held) as string);
          changed = true;
        }
      }
      for (const e of entries) {
        const op = e.op;
        if (op.change !== 'replace' || !conflictOf.has(op.id)) continue;
        if (op.kind !== 'create-rule' && op.kind !== 'create-credential-set') continue;
        const del = op.kind === 'create-rule' ? operationId('delete-rule', op.rule.name) : operationId('delete-credential-set', op.credentialSet.name);
        if (!conflictOf.has(del)) {
          conflictOf.set(del, conflictOf.get(op.id) as string);
          changed = true;
        }
      }
    }
  }

  const operations: PlanOperation[] = entries.map((e) => {
    const heldBy = conflictOf.get(e.op.id);
    const op = { ...e.op, dependsOn: [...e.deps].sort((a, b) => (position.get(a) as number) - (position.get(b) as number)) };
    return heldBy === undefined ? op : { ...op, heldBy };
  });

  const level = new Map<string, number>();
  const waves: string[][] = [];
  for (const op of operations) {
    const depth = op.dependsOn.reduce((max, d) => Math.max(max, (level.get(d) ?? 0) + 1), 0);
    level.set(op.id, depth);
    (waves[depth] ??= []).push(op.id);
  }

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
