// What the working surface (rules table, editor, overlap map, pull tester, credential sets) edits:
// a rule set behind some backend. A draft saves into the drafts file through main and keeps an
// undo history; a live registry sends each change to Azure. The surface never knows which, apart
// from `kind` and the few capabilities below.
import type { CacheRule, CredentialSet, RuleSet } from '../../../../core/index.ts';

export interface RuleSetDocument {
  readonly kind: 'draft' | 'registry';
  /** The draft's name, or the registry's name. */
  readonly title: string;
  /** As last saved (a draft) or as Azure last answered (a registry). */
  readonly ruleSet: RuleSet;
  /**
   * Repositories that exist in the registry, for `target-exists` while typing; null when unknown
   * (a draft, or a catalog that could not be read).
   */
  readonly existingRepositories: readonly string[] | null;
  /** Whether changes can be undone (drafts keep a history; Azure does not). */
  readonly hasHistory: boolean;
  /** What undo / redo would do, or null when there is nothing (always null without history). */
  readonly undoLabel: string | null;
  readonly redoLabel: string | null;
  /**
   * When saving this rule needs more than the user may expect (e.g. Azure can only delete and
   * re-create it), the sentence to confirm first; null when a plain save is fine.
   */
  confirmationFor(rule: CacheRule, replacing: string | null): string | null;
  /** Adds, or replaces the rule named `replacing`. Rejects with the reason (an ApiError or Error). */
  saveRule(rule: CacheRule, replacing: string | null): Promise<void>;
  deleteRule(name: string): Promise<void>;
  saveCredentialSet(set: CredentialSet, replacing: string | null): Promise<void>;
  deleteCredentialSet(name: string): Promise<void>;
  undo(): Promise<void>;
  redo(): Promise<void>;
}
