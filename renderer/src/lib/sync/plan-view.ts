// A plan as the Plan & apply panel shows it: counts, each change with its operations in words,
// the ordered steps, conflicts field by field, and whether Apply may run (and if not, why).
// Pure functions of the PlanView main answered, so they are tested without a DOM.
import { count, pluralForm, sentence, SENTENCES } from '../strings.ts';
import type { CacheRule, CredentialSet } from '../../../../core/model.ts';
import type { ChangeKind, Conflict, ItemKind, PlanChange, PlanOperation } from '../../../../core/plan.ts';
import type { PlanView } from '../../../../preload/api.ts';

export const CHANGE_KINDS: readonly ChangeKind[] = ['create', 'update', 'replace', 'delete'];

export const CHANGE_LABEL: Readonly<Record<ChangeKind, string>> = {
  create: 'Create',
  update: 'Update',
  replace: 'Replace',
  delete: 'Delete',
};

export interface PlanSummary {
  readonly counts: Readonly<Record<ChangeKind, number>>;
  readonly changes: number;
  readonly operations: number;
  /** Operations an unresolved conflict holds back. */
  readonly held: number;
}

export function summarize(plan: Pick<PlanView, 'changes' | 'operations'>): PlanSummary {
  const counts: Record<ChangeKind, number> = { create: 0, update: 0, replace: 0, delete: 0 };
  for (const change of plan.changes) counts[change.change]++;
  return { counts, changes: plan.changes.length, operations: plan.operations.length, held: plan.operations.filter((op) => op.heldBy !== undefined).length };
}

/** `plural(3, 'step')`: the shared counted noun (strings.ts), kept under its old name for the plan views. */
export const plural = count;

/** "2 creates, 1 update and 1 delete" (nothing: "no changes"). */
export function countsSentence(counts: Readonly<Record<ChangeKind, number>>): string {
  const parts = CHANGE_KINDS.filter((k) => counts[k] > 0).map((k) => plural(counts[k], k));
  if (parts.length === 0) return 'no changes';
  if (parts.length === 1) return parts[0] as string;
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

export function itemLabel(item: ItemKind): string {
  return item === 'rule' ? 'rule' : 'credential set';
}

function quoteName(value: string): string {
  return `'${value}'`;
}

export function describeRule(rule: CacheRule): string {
  return `${rule.target} ← ${rule.source}`;
}

function setName(rule: CacheRule): string {
  return rule.credentialSet === undefined || rule.credentialSet === '' ? 'none' : quoteName(rule.credentialSet);
}

/** One operation in words: the verb ("Delete rule"), the item's name and what it writes. */
export interface OperationText {
  readonly id: string;
  readonly verb: string;
  readonly name: string;
  readonly detail: string;
}

export function describeOperation(op: PlanOperation): OperationText {
  switch (op.kind) {
    case 'create-rule':
      return { id: op.id, verb: 'Create rule', name: op.rule.name, detail: `${describeRule(op.rule)}${op.rule.credentialSet ? `, credential set ${quoteName(op.rule.credentialSet)}` : ''}` };
    case 'update-rule':
      return { id: op.id, verb: 'Update rule', name: op.rule.name, detail: `credential set ${setName(op.before)} → ${setName(op.rule)}` };
    case 'delete-rule':
      return { id: op.id, verb: 'Delete rule', name: op.rule.name, detail: describeRule(op.rule) };
    case 'create-credential-set':
      return { id: op.id, verb: 'Create credential set', name: op.credentialSet.name, detail: `for ${op.credentialSet.loginServer}` };
    case 'update-credential-set': {
      const which = [op.before.usernameSecret !== op.credentialSet.usernameSecret ? 'username' : null, op.before.passwordSecret !== op.credentialSet.passwordSecret ? 'password' : null].filter((w) => w !== null);
      return { id: op.id, verb: 'Update credential set', name: op.credentialSet.name, detail: `${pluralForm(which.length > 0 ? which.length : 2 /* both, when neither reads as changed */, SENTENCES.newSecrets)} for the ${which.length > 0 ? which.join(' and ') : 'username and password'}` };
    }
    case 'delete-credential-set':
      return { id: op.id, verb: 'Delete credential set', name: op.credentialSet.name, detail: `for ${op.credentialSet.loginServer}` };
  }
}

/** A readable form of an operation id when the operation itself is not at hand ("delete-rule:x"). */
export function operationIdText(id: string): string {
  const at = id.indexOf(':');
  if (at < 0) return id;
  const kind = id.slice(0, at);
  const name = id.slice(at + 1);
  const [verb, ...rest] = kind.split('-');
  const what = rest.join(' ');
  return `${verb ? verb.charAt(0).toUpperCase() + verb.slice(1) : ''} ${what} ${name}`.trim();
}

export interface ChangeRow {
  readonly key: string;
  readonly item: ItemKind;
  readonly name: string;
  readonly change: ChangeKind;
  /** Why it is a replace, in a sentence. */
  readonly reason: string | null;
  readonly operations: readonly OperationText[];
  /** The conflict holding it back, by item name. */
  readonly heldBy: string | null;
}

/** The plan's changes with their operations, grouped by change kind in a fixed order. */
export function changeRows(plan: Pick<PlanView, 'changes' | 'operations' | 'conflicts'>): { kind: ChangeKind; rows: ChangeRow[] }[] {
  const ops = new Map(plan.operations.map((op) => [op.id, op]));
  const conflictNames = new Map(plan.conflicts.map((c) => [c.id, c.name]));
  const row = (change: PlanChange): ChangeRow => ({
    key: `${change.item}:${change.name.toLowerCase()}:${change.change}`,
    item: change.item,
    name: change.name,
    change: change.change,
    reason: change.reason === undefined ? null : change.change === 'create' ? `Created again because ${change.reason}.` : `Replaced (deleted, then created) because ${change.reason}.`,
    operations: change.operations.map((id) => {
      const op = ops.get(id);
      return op === undefined ? { id, verb: operationIdText(id), name: '', detail: '' } : describeOperation(op);
    }),
    heldBy: change.heldBy === undefined ? null : (conflictNames.get(change.heldBy) ?? change.heldBy),
  });
  return CHANGE_KINDS.map((kind) => ({ kind, rows: plan.changes.filter((c) => c.change === kind).map(row) })).filter((g) => g.rows.length > 0);
}

export interface Step {
  readonly number: number;
  readonly operations: readonly (OperationText & { held: boolean })[];
}

/** The waves as numbered steps: everything in a step may run side by side. */
export function stepsOf(plan: Pick<PlanView, 'waves' | 'operations'>): Step[] {
  const ops = new Map(plan.operations.map((op) => [op.id, op]));
  return plan.waves.map((wave, i) => ({
    number: i + 1,
    operations: wave.map((id) => {
      const op = ops.get(id);
      return op === undefined ? { id, verb: operationIdText(id), name: '', detail: '', held: false } : { ...describeOperation(op), held: op.heldBy !== undefined };
    }),
  }));
}

export interface ConflictField {
  readonly label: string;
  readonly theirs: string | null;
  readonly mine: string | null;
  readonly differs: boolean;
}

function ruleFields(rule: CacheRule | undefined): (string | null)[] {
  return rule === undefined ? [null, null, null] : [rule.source, rule.target, rule.credentialSet ? rule.credentialSet : '(none)'];
}

function setFields(set: CredentialSet | undefined): (string | null)[] {
  return set === undefined ? [null, null, null] : [set.loginServer, set.usernameSecret, set.passwordSecret];
}

/** Theirs (the registry now) against mine (the draft), field by field. */
export function conflictFields(conflict: Conflict): ConflictField[] {
  const labels = conflict.item === 'rule' ? ['Source', 'Target', 'Credential set'] : ['Login server', 'Username secret', 'Password secret'];
  const theirs = conflict.item === 'rule' ? ruleFields(conflict.theirs) : setFields(conflict.theirs);
  const mine = conflict.item === 'rule' ? ruleFields(conflict.mine) : setFields(conflict.mine);
  return labels.map((label, i) => {
    const t = theirs[i] ?? null;
    const m = mine[i] ?? null;
    return { label, theirs: t, mine: m, differs: t !== m };
  });
}

export const DRIFT_LABEL: Readonly<Record<Conflict['drift'], string>> = {
  changed: 'changed in the registry',
  deleted: 'deleted in the registry',
  added: 'added in the registry',
};

/** What "keep mine" does for this conflict, on its button. */
export function mineAction(conflict: Conflict): string {
  if (conflict.mine === undefined) return 'Keep mine: delete it';
  if (conflict.drift === 'deleted') return 'Keep mine: create it again';
  return 'Keep mine: overwrite';
}

export function theirsAction(conflict: Conflict): string {
  return conflict.drift === 'deleted' ? 'Take theirs: leave it deleted' : "Take theirs: keep the registry's";
}

export interface ApplyGate {
  readonly canApply: boolean;
  /** Why Apply is off, one sentence each (empty when it may run). */
  readonly reasons: readonly string[];
}

export function applyGate(plan: Pick<PlanView, 'blocked' | 'problems' | 'unresolved' | 'operations'>): ApplyGate {
  const reasons: string[] = [];
  if (plan.blocked) {
    const errors = plan.problems.filter((p) => p.severity === 'error').length;
    reasons.push(`The registry would end up with ${plural(errors, 'error')} (listed under Pre-flight): fix the draft, then plan again.`);
  }
  if (plan.unresolved > 0) reasons.push(`${plural(plan.unresolved, 'item')} changed in the registry since import: choose keep mine or take theirs for each.`);
  if (!plan.blocked && plan.unresolved === 0 && plan.operations.length === 0) reasons.push('Nothing to do: the registry already matches the draft.');
  return { canApply: reasons.length === 0, reasons };
}

export interface ApplyConfirmation {
  readonly title: string;
  readonly message: string;
  /** The items the apply deletes for good (replaced items come back), by name. */
  readonly deletes: readonly string[];
  readonly confirmLabel: string;
}

export function applyConfirmation(plan: Pick<PlanView, 'changes' | 'operations' | 'loginServer'>): ApplyConfirmation {
  const { counts } = summarize(plan);
  const deletes = plan.changes.filter((c) => c.change === 'delete').map((c) => `${itemLabel(c.item)} ${c.name}`);
  const ops = plural(plan.operations.length, 'operation');
  const replaceNote = counts.replace > 0 ? ` ${sentence(counts.replace, 'replacedNote')}` : '';
  return {
    title: `Apply to ${plan.loginServer}?`,
    message: `This changes the live registry ${plan.loginServer}: ${countsSentence(counts)} (${ops}).${replaceNote}`,
    deletes,
    confirmLabel: deletes.length > 0 ? `Apply, deleting ${deletes.length}` : 'Apply',
  };
}

/** "just now", "5 minutes ago", "3 hours ago", "2 days ago", then the date. */
export function relativeTime(iso: string, now: Date = new Date()): string {
  const then = new Date(iso);
  const seconds = Math.round((now.getTime() - then.getTime()) / 1000);
  if (!Number.isFinite(seconds)) return iso;
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${plural(minutes, 'minute')} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${plural(hours, 'hour')} ago`;
  const days = Math.round(hours / 24);
  if (days < 14) return `${plural(days, 'day')} ago`;
  return `on ${then.toISOString().slice(0, 10)}`;
}

/** What the plan says about an earlier apply that did not end cleanly (its journal is still on disk). */
export function interruptedText(apply: { startedAt: string; finished: boolean; total: number; done: number }, now: Date = new Date()): string {
  const when = relativeTime(apply.startedAt, now);
  if (apply.finished) {
    return `An apply started ${when} finished, but its result could not be saved with the draft (the disk may be full). The registry is as it left it; the result is saved the next time you plan once there is space.`;
  }
  return `An apply started ${when} was interrupted: ${apply.done} of ${plural(apply.total, 'operation')} are in the registry. Its own writes are not shown as changes by others; Resume applies what is left (the plan below).`;
}
