// The order of a plan's operations: their dependencies, one sequential order by phase, the
// operations held by unresolved conflicts, and the waves an executor may run in parallel.

import { credentialSetKey, nameKey } from './fingerprint.ts';
import { MAX_RULES_PER_REGISTRY, type CacheRule } from './model.ts';
import { TargetTrie } from './overlap.ts';
import { targetPattern } from './plan-desired.ts';
import type { Builder, BuilderEntry } from './plan-operations.ts';
import { operationId, type CreateRuleOperation, type DeleteRuleOperation, type ItemKind, type PlanNote, type PlanOperation } from './plan-types.ts';

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

function phaseOf(op: PlanOperation): number {
  const key = op.kind === 'create-credential-set' ? `${op.kind}:${op.change === 'replace' ? 'replace' : 'create'}` : op.kind;
  return PHASES[key] as number;
}

/**
 * The dependencies between operations: credential sets before the rules that use them, rules
 * before the sets they release, deletes before the creates whose target they free, and near the
 * rule limit enough deletes before creates.
 */
export function addDependencies(builder: Builder, liveRules: ReadonlyMap<string, CacheRule>, replacedSets: ReadonlySet<string>, notes: PlanNote[]): void {
  // Rules need their credential set in place (created, or updated with its new secrets).
  for (const { op } of builder.ops.values()) {
    if (op.kind !== 'create-rule' && op.kind !== 'update-rule') continue;
    const set = credentialSetKey(op.rule);
    if (set === '') continue;
    builder.depend(op.id, operationId('create-credential-set', set));
    builder.depend(op.id, operationId('update-credential-set', set));
  }
  // A credential set is deleted only once no rule in the registry uses it.
  for (const rule of liveRules.values()) {
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
  const excess = liveRules.size + creates.length - MAX_RULES_PER_REGISTRY;
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
    notes.push({ severity: 'info', code: 'rule-limit-ordering', message: `The registry holds ${liveRules.size} rules and the plan creates ${creates.length}; ${paired.size} of the creates wait for a delete each, so the registry never holds more than ${MAX_RULES_PER_REGISTRY} rules.` });
  }
}

/** One sequential order: by phase, then in the order the changes were listed. */
export function orderOperations(builder: Builder): BuilderEntry[] {
  const entries = [...builder.ops.values()].sort((a, b) => phaseOf(a.op) - phaseOf(b.op) || a.seq - b.seq);
  const position = new Map(entries.map((e, i) => [e.op.id, i]));
  for (const [i, e] of entries.entries()) {
    for (const dep of e.deps) {
      if ((position.get(dep) ?? Infinity) >= i) throw new Error(`internal error: plan operation ${e.op.id} depends on ${dep}, which is not ordered before it`);
    }
  }
  return entries;
}

/** An unresolved conflict's item, for `holdOperations`. */
export interface Hold {
  readonly item: ItemKind;
  readonly key: string;
}

/**
 * Holds: the operations of unresolved conflicts, everything depending on them, and the delete
 * half of a replace whose create half is held (deleting without re-creating loses the item).
 * Returns operation id → the conflict id that holds it.
 */
export function holdOperations(builder: Builder, entries: readonly BuilderEntry[], holds: readonly Hold[]): Map<string, string> {
  const conflictOf = new Map<string, string>();
  const itemOps = (item: ItemKind, key: string): string[] =>
    item === 'rule'
      ? (['delete-rule', 'update-rule', 'create-rule'] as const).map((k) => operationId(k, key)).filter((id) => builder.has(id))
      : (['delete-credential-set', 'update-credential-set', 'create-credential-set'] as const).map((k) => operationId(k, key)).filter((id) => builder.has(id));
  for (const { item, key } of holds) {
    for (const id of itemOps(item, key)) if (!conflictOf.has(id)) conflictOf.set(id, `${item}:${key}`);
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
  return conflictOf;
}

/** The operations in order, with their dependencies sorted and their holds, and the waves. */
export function finishOperations(entries: readonly BuilderEntry[], conflictOf: ReadonlyMap<string, string>): { operations: PlanOperation[]; waves: string[][] } {
  const position = new Map(entries.map((e, i) => [e.op.id, i]));
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
  return { operations, waves };
}
