// What an apply checks around each write, by reading the item from the registry:
//  - before an update or delete: the item is still what the plan saw. Otherwise someone changed
//    it since the plan was made, and the write would overwrite their change silently: the
//    operation becomes a conflict for that item instead (issue 9.6).
//  - after every write: the item is what the plan intended. Azure can answer `Succeeded` and keep
//    something else (PATCH credentialSetResourceId: null on the 2026 service keeps the set,
//    shared/data/azure-recorded); that is a failed operation that says what Azure kept (10.2).
//  - after a write whose answer was lost (poll failed, timeout, 409 AnotherOperationInProgress):
//    whether Azure applied it anyway, before anything is sent again (9.5).
import { fingerprintCredentialSet, fingerprintRule } from '../../core/fingerprint.ts';
import type { CacheRule, CredentialSet } from '../../core/model.ts';
import type { PlanOperation } from '../../core/plan.ts';
import { PREVIEW_CACHE_RULE_API_VERSION, changedPreviewSettings, describePreviewSettings, type RulePatch } from '../../core/rule-extensions.ts';

/**
 * An item as a read answered it; `provisioningState` says whether an operation still runs on it.
 * A rule carries its preview settings too (identity, syncMode, syncReferrers, artifactSyncFilters,
 * extraProperties: CacheRule's optional fields), so a rule whose settings Azure did not keep fails.
 */
export type ObservedRule = CacheRule & { provisioningState?: string | null };
export type ObservedCredentialSet = CredentialSet & { provisioningState?: string | null };
export type Observed = ObservedRule | ObservedCredentialSet;

/** The registry writes a plan needs, and the reads that check them: the Azure service bound to one registry. */
export interface RegistryWriter {
  createCacheRule(rule: CacheRule, signal: AbortSignal): Promise<unknown>;
  updateCacheRuleCredentials(name: string, credentialSet: string | null, signal: AbortSignal): Promise<unknown>;
  /** PATCH of everything an update changes (credential set, identity, sync settings); preferred when present. */
  updateCacheRule?(name: string, patch: RulePatch, signal: AbortSignal): Promise<unknown>;
  deleteCacheRule(name: string, signal: AbortSignal): Promise<unknown>;
  createCredentialSet(set: CredentialSet, signal: AbortSignal): Promise<unknown>;
  updateCredentialSet(name: string, secrets: { usernameSecret: string; passwordSecret: string }, signal: AbortSignal): Promise<unknown>;
  deleteCredentialSet(name: string, signal: AbortSignal): Promise<unknown>;
  /** The rule as the registry holds it now; null when it does not exist. */
  readCacheRule(name: string, signal: AbortSignal): Promise<ObservedRule | null>;
  readCredentialSet(name: string, signal: AbortSignal): Promise<ObservedCredentialSet | null>;
}

const IN_PROGRESS = new Set(['creating', 'updating', 'deleting', 'accepted', 'inprogress', 'running']);

export function inProgress(item: Observed | null): boolean {
  return item !== null && typeof item.provisioningState === 'string' && IN_PROGRESS.has(item.provisioningState.toLowerCase());
}

export function readItem(op: PlanOperation, writer: RegistryWriter, signal: AbortSignal): Promise<Observed | null> {
  return op.kind.endsWith('-rule') ? writer.readCacheRule(subjectName(op), signal) : writer.readCredentialSet(subjectName(op), signal);
}

function subjectName(op: PlanOperation): string {
  return 'rule' in op ? op.rule.name : op.credentialSet.name;
}

function fingerprint(op: PlanOperation, item: Observed | CacheRule | CredentialSet | null | undefined): string | null {
  if (item === null || item === undefined) return null;
  return op.kind.endsWith('-rule') ? fingerprintRule(item as CacheRule) : fingerprintCredentialSet(item as CredentialSet);
}

/**
 * Whether two versions of an item are the same for the apply: the fingerprint (name, source,
 * target, credential set / login server, secrets) and, for a rule, every preview setting
 * (the fingerprint leaves those out, so baselines taken before they were modelled stay valid).
 */
function sameItem(op: PlanOperation, a: Observed | CacheRule | CredentialSet | null | undefined, b: Observed | CacheRule | CredentialSet | null | undefined): boolean {
  if (fingerprint(op, a) !== fingerprint(op, b)) return false;
  if (!a || !b || !op.kind.endsWith('-rule')) return true;
  return changedPreviewSettings(a as CacheRule, b as CacheRule).length === 0;
}

/** The item as the plan means to leave it; null: gone. */
export function intentOf(op: PlanOperation): CacheRule | CredentialSet | null {
  switch (op.kind) {
    case 'create-rule':
    case 'update-rule':
      return op.rule;
    case 'create-credential-set':
    case 'update-credential-set':
      return op.credentialSet;
    case 'delete-rule':
    case 'delete-credential-set':
      return null;
  }
}

/** The item as the plan saw it in the registry; undefined for a create (it did not exist). */
export function expectedBefore(op: PlanOperation): CacheRule | CredentialSet | null | undefined {
  switch (op.kind) {
    case 'update-rule':
    case 'update-credential-set':
      return op.before;
    case 'delete-rule':
      return op.rule;
    case 'delete-credential-set':
      return op.credentialSet;
    default:
      return undefined;
  }
}

/** Whether the registry's item is what the operation means to leave. */
export function meetsIntent(op: PlanOperation, item: Observed | null): boolean {
  if (inProgress(item)) return false;
  return sameItem(op, item, intentOf(op));
}

/** Whether the item is still what the plan saw (updates and deletes only). */
export function unchangedSincePlan(op: PlanOperation, item: Observed | null): boolean {
  const before = expectedBefore(op);
  if (before === undefined) return true;
  return sameItem(op, item, before);
}

function quote(value: string): string {
  return `'${value}'`;
}

export function describeItem(op: PlanOperation, item: CacheRule | CredentialSet | null | undefined): string {
  if (item === null || item === undefined) return 'nothing (it does not exist)';
  if (op.kind.endsWith('-rule')) {
    const rule = item as CacheRule;
    const settings = describePreviewSettings(rule);
    return `${quote(rule.target)} ← ${quote(rule.source)}, ${rule.credentialSet ? `credential set ${quote(rule.credentialSet)}` : 'no credential set'}${settings.length ? `, ${settings.join(', ')}` : ''}`;
  }
  const set = item as CredentialSet;
  return `login server ${quote(set.loginServer)}, username ${quote(set.usernameSecret)}, password ${quote(set.passwordSecret)}`;
}

function what(op: PlanOperation): string {
  return op.kind.endsWith('-rule') ? `Rule ${quote(subjectName(op))}` : `Credential set ${quote(subjectName(op))}`;
}

/** Why an update or delete was not sent: the item changed after the plan was made. */
export function changedSincePlanMessage(op: PlanOperation, now: Observed | null): string {
  return `${what(op)} changed in the registry after the plan was made: it is now ${describeItem(op, now)}, the plan expected ${describeItem(op, expectedBefore(op))}. Nothing was written to it. Plan again and choose keep mine or take theirs.`;
}

/** Why a write that Azure reported done is a failure: reading it back shows something else. */
export function notAppliedMessage(op: PlanOperation, now: Observed | null): string {
  const kept = inProgress(now) ? `still ${String(now?.provisioningState).toLowerCase()}: ${describeItem(op, now)}` : describeItem(op, now);
  const intent = intentOf(op);
  const droppedSettings = op.kind.endsWith('-rule') && now && intent && !inProgress(now) && fingerprint(op, now) === fingerprint(op, intent) ? changedPreviewSettings(intent as CacheRule, now as CacheRule) : [];
  const fix = droppedSettings.length
    ? `Azure did not keep ${droppedSettings.join(', ')}: the registry may not support these settings (api-version ${PREVIEW_CACHE_RULE_API_VERSION} or later, the feature enabled in its region). Check the rule in the Azure portal before planning again.`
    : op.kind === 'update-rule'
      ? 'Plan again: a credential set that cannot be changed in place is replaced (deleted and created again).'
      : op.kind.startsWith('delete')
        ? 'Plan again to retry the delete, or delete it in the Azure portal.'
        : 'Plan again to retry; if it persists, check the item in the Azure portal.';
  return `Azure reported the ${op.kind.replace(/-/g, ' ')} as done, but reading ${what(op).replace(/^R/, 'r').replace(/^C/, 'c')} back shows ${kept}; the plan intended ${describeItem(op, intentOf(op))}. ${fix}`;
}
