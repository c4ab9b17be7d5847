// The renderer's view of Azure: signed-in accounts, the sign-in in progress (with its device
// code), the token-persistence status, and what was listed of subscriptions and registries.
// Main owns the truth (tokens never cross IPC); this mirrors its answers and events. One
// instance per window (`azureState()`), shared by the account menu, the status bar, the
// registries view and any picker of a registry (e.g. the plan target in the draft workspace).
import type {
  AccountSummary,
  AuthSettingsUpdate,
  AuthStatus,
  AzureOperationEvent,
  CloudName,
  DesktopApi,
  DeviceCodePrompt,
  RegistryRef,
  RegistrySummary,
  SignInMode,
  SubscriptionListing,
  SubscriptionRef,
  SubscriptionSummary,
  Unsubscribe,
} from '../../../../preload/api.ts';
import { desktopApi, errorText } from '../api.ts';

export const CLOUDS: readonly { id: CloudName; label: string }[] = [
  { id: 'AzureCloud', label: 'Azure (global)' },
  { id: 'AzureUSGovernment', label: 'Azure US Government' },
  { id: 'AzureChinaCloud', label: 'Azure China (21Vianet)' },
];

export function cloudLabel(cloud: CloudName): string {
  return CLOUDS.find((c) => c.id === cloud)?.label ?? cloud;
}

/** Something loaded from Azure: not yet asked, on its way, there, or refused with a sentence. */
export type Loadable<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed'; error: string };

/** One registry with everything needed to open it, import it or plan against it. */
export interface RegistryEntry {
  ref: RegistryRef;
  registry: RegistrySummary;
  subscription: SubscriptionSummary;
  account: AccountSummary;
}

export function subscriptionKey(ref: SubscriptionRef): string {
  return `${ref.accountId}\n${ref.tenantId}\n${ref.subscriptionId}`;
}

export function registryRefOf(account: AccountSummary, subscription: SubscriptionSummary, registry: RegistrySummary): RegistryRef {
  return { accountId: account.id, tenantId: subscription.tenantId, registryId: registry.id };
}

/** Operations shown as they run; finished ones stay a little for the status bar, then go. */
const FINISHED_OPERATIONS_KEPT = 20;

export class AzureState {
  readonly #api: DesktopApi;
  #unsubscribe: Unsubscribe[] = [];
  #started: Promise<void> | null = null;

  accounts = $state.raw<AccountSummary[]>([]);
  status = $state.raw<AuthStatus | null>(null);
  /** Why status/accounts could not be read at all (the Azure side failed to start). */
  loadError = $state<string | null>(null);
  /** The code to type for the device-code sign-in in progress, while it is pending. */
  deviceCode = $state.raw<DeviceCodePrompt | null>(null);
  /** The sign-in this window started and waits for, by mode; null when none. */
  signingIn = $state<SignInMode | null>(null);
  /** Why the last sign-in did not complete (cancelled, declined, timed out…), until the next one. */
  signInError = $state<string | null>(null);
  /** Per account id: its subscriptions and the tenants that need another sign-in. */
  subscriptions = $state.raw<ReadonlyMap<string, Loadable<SubscriptionListing>>>(new Map());
  /** Per subscription key: its registries. */
  registries = $state.raw<ReadonlyMap<string, Loadable<RegistrySummary[]>>>(new Map());
  /** Create/update/delete calls to Azure, newest last. */
  operations = $state.raw<AzureOperationEvent[]>([]);

  constructor(api: DesktopApi) {
    this.#api = api;
  }

  get api(): DesktopApi {
    return this.#api;
  }

  get signedIn(): boolean {
    return this.accounts.length > 0;
  }

  get pendingSignIn() {
    return this.status?.pendingSignIn ?? null;
  }

  get sessionOnly(): boolean {
    return this.status?.persistence.mode === 'session-only';
  }

  /** Subscribes to main's events and reads the current state; safe to call more than once. */
  start(): Promise<void> {
    this.#started ??= this.#start();
    return this.#started;
  }

  async #start(): Promise<void> {
    this.#unsubscribe.push(
      this.#api.auth.onChanged((change) => {
        this.#takeAccounts(change.accounts);
        this.status = change.status;
        if (change.status.pendingSignIn === null) this.deviceCode = null;
      }),
      this.#api.auth.onDeviceCode((prompt) => {
        this.deviceCode = prompt;
      }),
      this.#api.azure.onOperation((event) => this.#takeOperation(event)),
    );
    await this.refresh();
  }

  stop(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#unsubscribe = [];
    this.#started = null;
  }

  async refresh(): Promise<void> {
    try {
      const [status, accounts] = await Promise.all([this.#api.auth.status(), this.#api.auth.listAccounts()]);
      this.status = status;
      this.#takeAccounts(accounts);
      this.loadError = null;
    } catch (error) {
      this.loadError = errorText(error);
    }
  }

  #takeAccounts(accounts: AccountSummary[]): void {
    this.accounts = accounts;
    // listings of accounts that are gone must not linger (a signed-out account's registries)
    const ids = new Set(accounts.map((a) => a.id));
    if ([...this.subscriptions.keys()].some((id) => !ids.has(id))) {
      this.subscriptions = new Map([...this.subscriptions].filter(([id]) => ids.has(id)));
      this.registries = new Map([...this.registries].filter(([key]) => ids.has(key.split('\n')[0] ?? '')));
    }
  }

  #takeOperation(event: AzureOperationEvent): void {
    const others = this.operations.filter((o) => o.operationId !== event.operationId);
    const finished = others.filter((o) => o.state === 'succeeded' || o.state === 'failed');
    const dropped = new Set(finished.slice(0, Math.max(0, finished.length - FINISHED_OPERATIONS_KEPT)).map((o) => o.operationId));
    this.operations = [...others.filter((o) => !dropped.has(o.operationId)), event];
  }

  /** Operations still submitted or running (for progress in the status bar). */
  get runningOperations(): AzureOperationEvent[] {
    return this.operations.filter((o) => o.state === 'submitted' || o.state === 'running');
  }

  // --- sign-in -----------------------------------------------------------------------------------

  /** Runs one sign-in to its end; the account, or null (the reason is in `signInError`). */
  async signIn(mode: SignInMode, options: { cloud?: CloudName; tenant?: string; loginHint?: string } = {}): Promise<AccountSummary | null> {
    this.signInError = null;
    this.deviceCode = null;
    this.signingIn = mode;
    try {
      const account = await this.#api.auth.signIn({ mode, ...options });
      // listings made before (e.g. a tenant that needed this sign-in) are stale now
      this.subscriptions = new Map([...this.subscriptions].filter(([id]) => id !== account.id));
      await this.refresh();
      return account;
    } catch (error) {
      this.signInError = errorText(error);
      return null;
    } finally {
      this.deviceCode = null;
      this.signingIn = null;
    }
  }

  async cancelSignIn(): Promise<void> {
    try {
      await this.#api.auth.cancelSignIn();
    } catch (error) {
      this.signInError = errorText(error);
    }
  }

  async signOut(accountId: string): Promise<string | null> {
    try {
      await this.#api.auth.signOut(accountId);
      await this.refresh();
      return null;
    } catch (error) {
      return errorText(error);
    }
  }

  /** Saves sign-in settings; the refusal as a sentence, or null. */
  async updateSettings(update: AuthSettingsUpdate): Promise<string | null> {
    try {
      const settings = await this.#api.auth.updateSettings(update);
      if (this.status) this.status = { ...this.status, settings };
      return null;
    } catch (error) {
      return errorText(error);
    }
  }

  async dismissNotice(): Promise<void> {
    try {
      await this.#api.auth.dismissNotice();
      if (this.status) this.status = { ...this.status, notice: null };
    } catch (error) {
      this.signInError = errorText(error);
    }
  }

  // --- subscriptions and registries ----------------------------------------------------------------

  async loadSubscriptions(accountId: string, force = false): Promise<void> {
    const known = this.subscriptions.get(accountId);
    if (!force && known !== undefined && known.state !== 'failed') return;
    this.subscriptions = new Map(this.subscriptions).set(accountId, { state: 'loading' });
    let result: Loadable<SubscriptionListing>;
    try {
      result = { state: 'ready', value: await this.#api.azure.listSubscriptions(accountId) };
    } catch (error) {
      result = { state: 'failed', error: errorText(error) };
    }
    this.subscriptions = new Map(this.subscriptions).set(accountId, result);
  }

  async loadRegistries(ref: SubscriptionRef, force = false): Promise<void> {
    const key = subscriptionKey(ref);
    const known = this.registries.get(key);
    if (!force && known !== undefined && known.state !== 'failed') return;
    this.registries = new Map(this.registries).set(key, { state: 'loading' });
    let result: Loadable<RegistrySummary[]>;
    try {
      const list = await this.#api.azure.listRegistries(ref);
      result = { state: 'ready', value: [...list].sort((a, b) => a.name.localeCompare(b.name)) };
    } catch (error) {
      result = { state: 'failed', error: errorText(error) };
    }
    this.registries = new Map(this.registries).set(key, result);
  }

  /** Lists every account's subscriptions and every subscription's registries (cached unless forced). */
  async loadAll(force = false): Promise<void> {
    await this.start();
    await Promise.all(
      this.accounts.map(async (account) => {
        await this.loadSubscriptions(account.id, force);
        const listing = this.subscriptions.get(account.id);
        if (listing?.state !== 'ready') return;
        await Promise.all(
          listing.value.subscriptions.map((s) => this.loadRegistries({ accountId: account.id, tenantId: s.tenantId, subscriptionId: s.subscriptionId }, force)),
        );
      }),
    );
  }

  /** Every registry listed so far, by account then subscription then name. */
  get registryEntries(): RegistryEntry[] {
    const entries: RegistryEntry[] = [];
    for (const account of this.accounts) {
      const listing = this.subscriptions.get(account.id);
      if (listing?.state !== 'ready') continue;
      for (const subscription of listing.value.subscriptions) {
        const registries = this.registries.get(subscriptionKey({ accountId: account.id, tenantId: subscription.tenantId, subscriptionId: subscription.subscriptionId }));
        if (registries?.state !== 'ready') continue;
        for (const registry of registries.value) entries.push({ ref: registryRefOf(account, subscription, registry), registry, subscription, account });
      }
    }
    return entries;
  }

  /** Whether any listing is still on its way. */
  get loading(): boolean {
    return [...this.subscriptions.values(), ...this.registries.values()].some((l) => l.state === 'loading');
  }
}

let shared: AzureState | null = null;

/** The window's Azure state, started on first use. */
export function azureState(): AzureState {
  if (shared === null) {
    shared = new AzureState(desktopApi());
    void shared.start();
  }
  return shared;
}
