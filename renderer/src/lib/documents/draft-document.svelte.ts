// A draft as a RuleSetDocument: every change goes to main's drafts service (which writes it at
// once and keeps the undo history); this holds only what main last answered.
import type { CacheRule, CredentialSet, RuleSet } from '../../../../core/index.ts';
import type { DesktopApi, Draft, DraftState, RegistryRef } from '../../../../preload/api.ts';
import type { RepositoryCache, RepositoryEntry } from '../azure/repository-cache.svelte.ts';
import type { RuleSetDocument } from './rule-set-document.ts';

/** The registry a draft's targets are checked against. */
export interface RepositoryLink {
  readonly registry: RegistryRef;
  readonly loginServer: string;
}

export class DraftDocument implements RuleSetDocument {
  readonly kind = 'draft';
  readonly #api: DesktopApi;
  declare state: DraftState;
  readonly hasHistory = true;
  readonly #repositories: RepositoryCache | null;
  /** A plan target other than the registry the draft was imported from. */
  planTarget = $state.raw<RepositoryLink | null>(null);

  constructor(api: DesktopApi, state: DraftState, repositories: RepositoryCache | null = null) {
    this.#api = api;
    this.state = $state.raw(state);
    this.#repositories = repositories;
  }

  /** The registry the draft is linked to: the plan target picked, else the one it was imported from. */
  get repositoryLink(): RepositoryLink | null {
    if (this.planTarget !== null) return this.planTarget;
    const link = this.state.draft.link;
    return link === undefined ? null : { registry: link.registry, loginServer: link.loginServer };
  }

  /** The linked registry's repository list as last read (reading it the first time it is asked for). */
  get repositories(): RepositoryEntry | null {
    const link = this.repositoryLink;
    if (link === null || this.#repositories === null) return null;
    const entry = this.#repositories.entry(link.registry);
    if (entry === undefined) {
      // reading starts outside the derivation that asked
      queueMicrotask(() => this.#repositories?.ensure(link.registry));
      return { state: 'loading', readAt: null };
    }
    return entry;
  }

  get existingRepositories(): readonly string[] | null {
    const entry = this.repositories;
    return entry?.state === 'ready' ? entry.repositories : null;
  }

  async refreshRepositories(): Promise<void> {
    const link = this.repositoryLink;
    if (link !== null) await this.#repositories?.refresh(link.registry);
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

  /** Adds a migration's proposed rules as one undoable edit. */
  async addRules(rules: CacheRule[]): Promise<void> {
    this.state = await this.#api.drafts.addRules(this.draft.id, rules);
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
