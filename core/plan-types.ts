// The shapes of a plan: operations, conflicts, notes, changes. The planner is plan.ts.

import type { Baseline } from './fingerprint.ts';
import { nameKey } from './fingerprint.ts';
import type { CacheRule, CredentialSet, RuleSet } from './model.ts';
import type { Problem } from './validate.ts';

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

export type PlanNoteCode = 'credential-set-kept' | 'credential-sets-not-listed' | 'rule-recreated' | 'rule-recreate-resumed' | 'rule-limit-ordering' | 'duplicate-in-registry';

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
  /**
   * Rules an earlier apply deleted to create them again and did not create (it was interrupted,
   * or the create failed): `unfinishedReplaces` of its journal. Such a rule is in neither the
   * registry nor, when prune is off and the draft lacks it, the draft; without this it would be
   * gone for good. With prune off it is created again as the registry held it; with prune on, or
   * when the draft has the rule, the draft decides as for any other rule.
   */
  readonly unfinishedReplaces?: readonly CacheRule[];
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

export function operationId(kind: OperationKind, name: string): string {
  return `${kind}:${nameKey(name)}`;
}

export function conflictId(item: ItemKind, name: string): string {
  return `${item}:${nameKey(name)}`;
}
