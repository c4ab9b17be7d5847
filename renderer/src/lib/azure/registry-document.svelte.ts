// A live registry as a RuleSetDocument: the rules table, editor, map and pull tester edit it
// like a draft, but each save is a call to Azure (through main), and what is shown is what Azure
// answered. Azure has no undo, and a cache rule's name, source and target are fixed once created:
// only its credential set can change (PATCH), anything else is a delete followed by a create,
// which the user confirms first.
import type { CacheRule, CredentialSet, RuleSet } from '../../../../core/index.ts';
import type { ApiErrorShape, DesktopApi, LiveCacheRule, LiveCredentialSet, RegistryRef, RegistrySummary, RepositoryListing } from '../../../../preload/api.ts';
import { isApiError } from '../../../../preload/api.ts';
import { droppedSettingProblems } from '../../../../core/plan-settings.ts';
import { ruleOf, rulePatchOf } from '../../../../core/rule-extensions.ts';
import { errorText } from '../api.ts';
import type { RuleSetDocument } from '../documents/rule-set-document.ts';
import type { Loadable } from './azure.svelte.ts';

// The rule with every setting Azure returned (identity, sync settings, unknown properties), so the
// details show them and an edit that re-creates the rule carries them.
function plainRule(rule: LiveCacheRule): CacheRule {
  return ruleOf(rule);
}

function plainSet(set: LiveCredentialSet): CredentialSet {
  return { name: set.name, loginServer: set.loginServer, usernameSecret: set.usernameSecret, passwordSecret: set.passwordSecret };
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** An error as the UI keeps it: the sentence, and the code when main gave one (e.g. `sign-in-required`). */
export function failureOf(error: unknown): ApiErrorShape {
  return { code: isApiError(error) ? error.code : 'error', message: errorText(error) };
}

export class RegistryDocument implements RuleSetDocument {
  readonly kind = 'registry';
  readonly #api: DesktopApi;
  readonly ref: RegistryRef;
  readonly registry: RegistrySummary;
  readonly hasHistory = false;
  readonly undoLabel = null;
  readonly redoLabel = null;

  liveRules = $state.raw<LiveCacheRule[]>([]);
  liveCredentialSets = $state.raw<LiveCredentialSet[]>([]);
  /** Rules and credential sets: loading, there, or why they could not be read. */
  load = $state.raw<{ state: 'loading' } | { state: 'ready' } | { state: 'failed'; error: ApiErrorShape }>({ state: 'loading' });
  /** The registry's repositories (data-plane catalog), for `target-exists` while typing. */
  repositories = $state.raw<Loadable<RepositoryListing>>({ state: 'loading' });
  /** When rules and sets were last read from Azure. */
  loadedAt = $state<Date | null>(null);

  constructor(api: DesktopApi, ref: RegistryRef, registry: RegistrySummary) {
    this.#api = api;
    this.ref = ref;
    this.registry = registry;
  }

  get title(): string {
    return this.registry.name;
  }

  readonly ruleSet: RuleSet = $derived.by(() => ({
    registry: this.registry.loginServer,
    rules: this.liveRules.map(plainRule),
    credentialSets: this.liveCredentialSets.map(plainSet),
  }));

  get existingRepositories(): readonly string[] | null {
    return this.repositories.state === 'ready' ? this.repositories.value.repositories : null;
  }

  /** Reads rules and credential sets (and, alongside, the repositories) from Azure. */
  async reload(): Promise<void> {
    this.load = { state: 'loading' };
    void this.reloadRepositories();
    try {
      const [rules, sets] = await Promise.all([this.#api.azure.listCacheRules(this.ref), this.#api.azure.listCredentialSets(this.ref)]);
      this.liveRules = rules;
      this.liveCredentialSets = sets;
      this.loadedAt = new Date();
      this.load = { state: 'ready' };
    } catch (error) {
      this.load = { state: 'failed', error: failureOf(error) };
    }
  }

  async reloadRepositories(): Promise<void> {
    this.repositories = { state: 'loading' };
    try {
      this.repositories = { state: 'ready', value: await this.#api.azure.listRepositories(this.ref) };
    } catch (error) {
      this.repositories = { state: 'failed', error: errorText(error) };
    }
  }

  #liveRule(name: string): LiveCacheRule | undefined {
    return this.liveRules.find((r) => same(r.name, name));
  }

  /** Whether saving `rule` over `replacing` needs Azure to delete the rule and create it again. */
  needsRecreate(rule: CacheRule, replacing: string | null): boolean {
    if (replacing === null) return false;
    const original = this.#liveRule(replacing);
    if (original === undefined) return false;
    return !same(original.name, rule.name) || original.source !== rule.source || original.target !== rule.target || this.#detaches(original, rule);
  }

  /**
   * Removing a rule's credential set: today's service answers `PATCH credentialSetResourceId: null`
   * with Succeeded and keeps the set (the 2026 recording), so it is a delete + create, as
   * terraform-provider-azurerm and the plan do.
   */
  #detaches(original: LiveCacheRule, rule: CacheRule): boolean {
    return (original.credentialSet ?? '') !== '' && (rule.credentialSet ?? '') === '';
  }

  confirmationFor(rule: CacheRule, replacing: string | null): string | null {
    if (replacing === null || !this.needsRecreate(rule, replacing)) return null;
    const original = this.#liveRule(replacing);
    if (original !== undefined && same(original.name, rule.name) && original.source === rule.source && original.target === rule.target) {
      return (
        `Azure does not remove a rule's credential set when asked to (it answers success and keeps it). ` +
        `Saving deletes rule "${replacing}" in ${this.registry.name} and creates it again without one. ` +
        `Until the new rule is ready, pulls through its target are not cached.`
      );
    }
    return (
      `Azure cannot change a cache rule's name, source or target: only its credential set. ` +
      `Saving deletes rule "${replacing}" in ${this.registry.name} and then creates "${rule.name}" in its place. ` +
      `Until the new rule is ready, pulls through the old target are not cached; if Azure refuses the new rule, the old one stays deleted.`
    );
  }

  async saveRule(rule: CacheRule, replacing: string | null): Promise<void> {
    if (replacing === null) {
      const created = await this.#api.azure.createCacheRule(this.ref, rule);
      this.liveRules = [...this.liveRules, created];
      return;
    }
    const original = this.#liveRule(replacing);
    if (original === undefined) throw new Error(`Rule "${replacing}" is no longer in ${this.registry.name} (someone else deleted it?). Reload the registry.`);
    // A save that would lose a setting of the live rule is refused before anything is sent.
    const dropped = droppedSettingProblems({ rules: [{ ...ruleOf(original), name: rule.name }], credentialSets: [] }, { rules: [rule], credentialSets: [] });
    if (dropped.length > 0) throw new Error(dropped.map((p) => p.message).join(' '));
    if (this.needsRecreate(rule, replacing)) {
      await this.#api.azure.deleteCacheRule(this.ref, original.name);
      this.liveRules = this.liveRules.filter((r) => r !== original);
      try {
        const created = await this.#api.azure.createCacheRule(this.ref, rule);
        this.liveRules = [...this.liveRules, created];
      } catch (error) {
        throw new Error(`Rule "${original.name}" was deleted, but Azure refused to create "${rule.name}": ${errorText(error)}`);
      }
      return;
    }
    // Everything else Azure lets change (identity, sync settings) goes as one PATCH: an identity
    // picked in the editor must reach Azure, not be dropped because the credential set is the same.
    const patch = rulePatchOf(ruleOf(original), rule);
    if (Object.keys(patch).length === 0) return;
    const onlyCredentials = Object.keys(patch).every((key) => key === 'credentialSet');
    const updated = onlyCredentials
      ? await this.#api.azure.updateCacheRuleCredentials(this.ref, original.name, rule.credentialSet ?? null)
      : await this.#api.azure.updateCacheRule(this.ref, original.name, patch);
    this.liveRules = this.liveRules.map((r) => (r === original ? updated : r));
  }

  async deleteRule(name: string): Promise<void> {
    await this.#api.azure.deleteCacheRule(this.ref, name);
    this.liveRules = this.liveRules.filter((r) => !same(r.name, name));
  }

  async saveCredentialSet(set: CredentialSet, replacing: string | null): Promise<void> {
    if (replacing === null) {
      const created = await this.#api.azure.createCredentialSet(this.ref, set);
      this.liveCredentialSets = [...this.liveCredentialSets, created];
      return;
    }
    const original = this.liveCredentialSets.find((s) => same(s.name, replacing));
    if (original === undefined) throw new Error(`Credential set "${replacing}" is no longer in ${this.registry.name}. Reload the registry.`);
    if (!same(original.name, set.name)) throw new Error(`Azure cannot rename a credential set. Create "${set.name}" as a new set, move the rules to it, then delete "${original.name}".`);
    if (!same(original.loginServer, set.loginServer)) throw new Error('A credential set keeps its login server; create a new set for another upstream.');
    const secrets = {
      ...(set.usernameSecret !== original.usernameSecret ? { usernameSecret: set.usernameSecret } : {}),
      ...(set.passwordSecret !== original.passwordSecret ? { passwordSecret: set.passwordSecret } : {}),
    };
    if (Object.keys(secrets).length === 0) return;
    const updated = await this.#api.azure.updateCredentialSet(this.ref, original.name, secrets);
    this.liveCredentialSets = this.liveCredentialSets.map((s) => (s === original ? updated : s));
  }

  async deleteCredentialSet(name: string): Promise<void> {
    await this.#api.azure.deleteCredentialSet(this.ref, name);
    this.liveCredentialSets = this.liveCredentialSets.filter((s) => !same(s.name, name));
  }

  /** Re-reads the credential sets (after the credential setup made or removed one). */
  async reloadCredentialSets(): Promise<void> {
    this.liveCredentialSets = await this.#api.azure.listCredentialSets(this.ref);
  }

  /** Re-reads one credential set, e.g. to see its health after granting Key Vault access. */
  async refreshCredentialSet(name: string): Promise<void> {
    const fresh = await this.#api.azure.getCredentialSet(this.ref, name);
    this.liveCredentialSets = this.liveCredentialSets.map((s) => (same(s.name, name) ? fresh : s));
  }

  undo(): Promise<void> {
    return Promise.reject(new Error('Changes to a live registry cannot be undone.'));
  }

  redo(): Promise<void> {
    return Promise.reject(new Error('Changes to a live registry cannot be redone.'));
  }
}
