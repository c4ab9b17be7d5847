// The operations that turn the registry's items into the desired ones: create, PATCH, delete, or
// a replace (delete then create) where ACR cannot change a property in place.

import { credentialSetKey, sameLoginServer, sameRuleRepositories, sameSecrets } from './fingerprint.ts';
import type { CacheRule, CredentialSet } from './model.ts';
import { quote } from './plan-desired.ts';
import { operationId, type ChangeKind, type ItemKind, type PlanNote, type PlanOperation } from './plan-types.ts';
import { changedPreviewSettings, previewSettingsOf } from './rule-extensions.ts';

/** Why removing a rule's credential set is a replace (shown with the change and in exports). */
export const DETACH_REASON =
  "its credential set is removed, which Azure does not do in place (a PATCH to none succeeds but keeps the set), so it is created again without one";

export interface BuilderEntry {
  readonly op: PlanOperation;
  readonly deps: Set<string>;
  readonly seq: number;
}

/** Builds operations and their dependencies. */
export class Builder {
  readonly ops = new Map<string, BuilderEntry>();
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

/** One item's change while the plan is built; its operations by id. */
export interface ChangeEntry {
  readonly item: ItemKind;
  readonly key: string;
  readonly name: string;
  readonly change: ChangeKind;
  readonly ids: string[];
  readonly reason?: string;
}

/**
 * The credential-set operations from the live sets to the desired ones; returns the keys of the
 * sets that are replaced (their login server changes).
 */
export function credentialSetOperations(
  builder: Builder,
  changes: ChangeEntry[],
  live: ReadonlyMap<string, CredentialSet>,
  desired: ReadonlyMap<string, CredentialSet>,
): Set<string> {
  const replacedSets = new Set<string>();
  const setKeys = [...desired.keys(), ...[...live.keys()].filter((k) => !desired.has(k))];
  for (const key of setKeys) {
    const before = live.get(key);
    const after = desired.get(key);
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
  return replacedSets;
}

/** The rule operations from the live rules to the desired ones. */
export function ruleOperations(
  builder: Builder,
  changes: ChangeEntry[],
  notes: PlanNote[],
  live: ReadonlyMap<string, CacheRule>,
  desired: ReadonlyMap<string, CacheRule>,
  replacedSets: ReadonlySet<string>,
  /** Keys of rules created to finish an earlier apply's replace, with the reason shown. */
  resumed: ReadonlyMap<string, string> = new Map(),
): void {
  const ruleKeys = [...desired.keys(), ...[...live.keys()].filter((k) => !desired.has(k))];
  for (const key of ruleKeys) {
    const before = live.get(key);
    const after = desired.get(key);
    if (before === undefined && after !== undefined) {
      const id = operationId('create-rule', key);
      const reason = resumed.get(key);
      builder.add({ id, kind: 'create-rule', change: 'create', rule: after, dependsOn: [], ...(reason === undefined ? {} : { reason }) });
      changes.push({ item: 'rule', key, name: after.name, change: 'create', ids: [id], ...(reason === undefined ? {} : { reason }) });
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
}
