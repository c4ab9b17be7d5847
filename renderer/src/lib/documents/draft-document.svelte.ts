// A draft as a RuleSetDocument: every change goes to main's drafts service (which writes it at
// once and keeps the undo history); this holds only what main last answered.
import type { CacheRule, CredentialSet, RuleSet } from '../../../../core/index.ts';
import type { DesktopApi, Draft, DraftState } from '../../../../preload/api.ts';
import type { RuleSetDocument } from './rule-set-document.ts';

export class DraftDocument implements RuleSetDocument {
  readonly kind = 'draft';
  readonly #api: DesktopApi;
  declare state: DraftState;
  readonly existingRepositories = null;
  readonly hasHistory = true;

  constructor(api: DesktopApi, state: DraftState) {
    this.#api = api;
    this.state = $state.raw(state);
  }

  get draft(): Draft {
    return this.state.draft;
  }

  get title(): string {
    return this.state.draft.name;
  }

  get ruleSet(): RuleSet {
    return this.state.draft.ruleSet;
  }

  get undoLabel(): string | null {
    return this.state.undo;
  }

  get redoLabel(): string | null {
    return this.state.redo;
  }

  /** Takes a fresh answer from main for this draft (e.g. after a rename elsewhere). */
  replace(state: DraftState): void {
    this.state = state;
  }

  confirmationFor(): string | null {
    // a draft change is local and undoable: nothing to confirm
    return null;
  }

  async saveRule(rule: CacheRule, replacing: string | null): Promise<void> {
    this.state = await this.#api.drafts.saveRule(this.draft.id, rule, replacing);
  }

  async deleteRule(name: string): Promise<void> {
    this.state = await this.#api.drafts.deleteRule(this.draft.id, name);
  }

  async saveCredentialSet(set: CredentialSet, replacing: string | null): Promise<void> {
    this.state = await this.#api.drafts.saveCredentialSet(this.draft.id, set, replacing);
  }

  async deleteCredentialSet(name: string): Promise<void> {
    this.state = await this.#api.drafts.deleteCredentialSet(this.draft.id, name);
  }

  async undo(): Promise<void> {
    this.state = await this.#api.drafts.undo(this.draft.id);
  }

  async redo(): Promise<void> {
    this.state = await this.#api.drafts.redo(this.draft.id);
  }

  async setRegistry(registry: string | null): Promise<void> {
    this.state = await this.#api.drafts.setRegistry(this.draft.id, registry);
  }
}
