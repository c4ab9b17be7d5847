// The credential setup dialog's state: the form (set name, upstream, vault, secret names, the
// username and password), the vaults the account can see, and the flow as main reports it. The
// username and password are handed to main once and cleared here the moment the call is made:
// nothing in the renderer keeps them, and main never sends them back.
import type { CredentialSetupView, DesktopApi, KeyVaultListing, KeyVaultSummary, RegistrySummary, RegistryRef, Unsubscribe } from '../../../../preload/api.ts';
import { errorText } from '../api.ts';
import type { Loadable } from './azure.svelte.ts';
import { subscriptionOf } from './identity-directory.svelte.ts';
import { allVaults, filterVaults, type VaultGroup } from './vault-picker.ts';

export const NEW_VAULT = '__new__';
const NAME = /^[a-zA-Z0-9-]{5,50}$/;
const VAULT_NAME = /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;
const SECRET_NAME = /^[0-9a-zA-Z-]{1,127}$/;

/** A default set name from the upstream: `docker.io` → `docker-io-creds`. */
export function defaultSetName(loginServer: string): string {
  const base = loginServer.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return `${base || 'upstream'}-creds`;
}

export class CredentialSetup {
  readonly #api: DesktopApi;
  readonly ref: RegistryRef;
  readonly registry: RegistrySummary;
  #unsubscribe: Unsubscribe | null = null;

  setName = $state('');
  loginServer = $state('');
  vaultChoice = $state('');
  newVaultName = $state('');
  newVaultGroup = $state('');
  newVaultLocation = $state('');
  usernameSecretName = $state('');
  passwordSecretName = $state('');
  username = $state('');
  password = $state('');
  /** Secret names follow the set name until the user types their own. */
  secretNamesEdited = $state(false);

  vaults = $state.raw<Loadable<KeyVaultListing>>({ state: 'loading' });
  /** What the user typed into the vault search. */
  vaultQuery = $state('');
  view = $state.raw<CredentialSetupView | null>(null);
  error = $state<string | null>(null);
  busy = $state(false);

  constructor(api: DesktopApi, ref: RegistryRef, registry: RegistrySummary, loginServer: string) {
    this.#api = api;
    this.ref = ref;
    this.registry = registry;
    this.loginServer = loginServer;
    this.setName = defaultSetName(loginServer);
    this.newVaultGroup = registry.resourceGroup;
    this.newVaultLocation = registry.location.toLowerCase().replace(/\s+/g, '');
    this.newVaultName = `${registry.name.replace(/[^a-zA-Z0-9]/g, '').slice(0, 18)}-kv`.replace(/^[^a-zA-Z]+/, 'kv');
    this.#followSetName();
  }

  #followSetName(): void {
    if (this.secretNamesEdited) return;
    this.usernameSecretName = `${this.setName}-username`.slice(0, 127);
    this.passwordSecretName = `${this.setName}-password`.slice(0, 127);
  }

  renameSet(name: string): void {
    this.setName = name;
    this.#followSetName();
  }

  get selectedVault(): KeyVaultSummary | null {
    return this.vaults.state === 'ready' ? (allVaults(this.vaults.value).find((v) => v.id === this.vaultChoice) ?? null) : null;
  }

  /** The picker's option groups: the vaults that match the search, by subscription. */
  readonly vaultGroups: VaultGroup[] = $derived(this.vaults.state === 'ready' ? filterVaults(this.vaults.value, this.vaultQuery, this.vaultChoice) : []);
  readonly shownVaults: number = $derived(this.vaultGroups.reduce((n, group) => n + group.vaults.length, 0));

  /** What is wrong with the form, field by field (empty when it can be sent). */
  readonly problems: Record<string, string> = $derived.by(() => {
    const out: Record<string, string> = {};
    if (!NAME.test(this.setName)) out['setName'] = '5–50 letters, digits and hyphens.';
    if (!/^[a-zA-Z0-9.-]+(:\d{1,5})?$/.test(this.loginServer)) out['loginServer'] = 'A registry host such as docker.io.';
    if (this.vaultChoice === '') out['vault'] = 'Pick a vault, or create one.';
    if (this.vaultChoice === NEW_VAULT) {
      if (!VAULT_NAME.test(this.newVaultName)) out['newVaultName'] = '3–24 letters, digits and hyphens, starting with a letter; unique in Azure.';
      if (!/^[\w.()-]{1,90}$/.test(this.newVaultGroup)) out['newVaultGroup'] = 'An existing resource group.';
      if (!/^[a-z0-9]{2,40}$/.test(this.newVaultLocation)) out['newVaultLocation'] = 'A region such as westeurope.';
    }
    if (!SECRET_NAME.test(this.usernameSecretName)) out['usernameSecretName'] = '1–127 letters, digits and hyphens.';
    if (!SECRET_NAME.test(this.passwordSecretName)) out['passwordSecretName'] = '1–127 letters, digits and hyphens.';
    else if (this.passwordSecretName.toLowerCase() === this.usernameSecretName.toLowerCase()) out['passwordSecretName'] = 'Use a name other than the username secret’s.';
    if (this.username === '') out['username'] = 'The upstream account’s username.';
    if (this.password === '') out['password'] = 'Its password or access token.';
    return out;
  });

  async loadVaults(): Promise<void> {
    const subscription = subscriptionOf(this.ref);
    if (!subscription) {
      this.vaults = { state: 'failed', error: 'The registry ID names no subscription.' };
      return;
    }
    this.vaults = { state: 'loading' };
    try {
      const listing = await this.#api.credentialSetup.listKeyVaults(subscription);
      this.vaults = { state: 'ready', value: listing };
      // the registry's subscription comes first, so its first vault is the default when it has one
      if (this.vaultChoice === '') this.vaultChoice = allVaults(listing)[0]?.id ?? NEW_VAULT;
    } catch (error) {
      this.vaults = { state: 'failed', error: errorText(error) };
      if (this.vaultChoice === '') this.vaultChoice = NEW_VAULT;
    }
  }

  /** Sends the form; the username and password are cleared here before main has even answered. */
  async start(): Promise<CredentialSetupView | null> {
    if (Object.keys(this.problems).length > 0 || this.busy) return null;
    const request = {
      registry: this.ref,
      setName: this.setName,
      loginServer: this.loginServer,
      vault: this.vaultChoice === NEW_VAULT
        ? { kind: 'new' as const, resourceGroup: this.newVaultGroup, name: this.newVaultName, location: this.newVaultLocation }
        : { kind: 'existing' as const, id: this.vaultChoice },
      usernameSecretName: this.usernameSecretName,
      passwordSecretName: this.passwordSecretName,
      username: this.username,
      password: this.password,
    };
    this.username = '';
    this.password = '';
    this.error = null;
    this.busy = true;
    this.#unsubscribe ??= this.#api.credentialSetup.onProgress((view) => {
      // The first event names the flow; later ones of another flow (another dialog) are not ours.
      if (this.view === null ? view.setName === request.setName && view.registryId === request.registry.registryId : view.flowId === this.view.flowId) this.view = view;
    });
    const pending = this.#api.credentialSetup.start(request);
    request.username = '';
    request.password = '';
    try {
      this.view = await pending;
      return this.view;
    } catch (error) {
      this.error = errorText(error);
      return null;
    } finally {
      this.busy = false;
    }
  }

  async undo(): Promise<void> {
    if (!this.view || this.busy) return;
    this.busy = true;
    this.error = null;
    try {
      this.view = await this.#api.credentialSetup.undo(this.view.flowId);
    } catch (error) {
      this.error = errorText(error);
    } finally {
      this.busy = false;
    }
  }

  async cancel(): Promise<void> {
    if (this.view) await this.#api.credentialSetup.cancel(this.view.flowId).catch(() => false);
  }

  dispose(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.username = '';
    this.password = '';
  }
}
