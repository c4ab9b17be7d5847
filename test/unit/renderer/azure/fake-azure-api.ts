// A stand-in for the preload API's auth and azure areas in component tests: answers from
// memory, records calls, and lets a test fire main's events.
import { vi } from 'vitest';
import type {
  AccountSummary,
  AuthChange,
  AuthStatus,
  DesktopApi,
  DeviceCodePrompt,
  LiveCacheRule,
  LiveCredentialSet,
  RegistrySummary,
  SubscriptionListing,
} from '../../../../preload/api.ts';

export const ACCOUNT: AccountSummary = { id: 'acc-1', cloud: 'AzureCloud', username: 'ada@contoso.example', name: 'Ada Lovelace', homeTenantId: 'tenant-1' };

export const REGISTRY: RegistrySummary = {
  id: '/subscriptions/sub-1/resourceGroups/rg-cache/providers/Microsoft.ContainerRegistry/registries/contosocache',
  name: 'contosocache',
  loginServer: 'contosocache.azurecr.io',
  sku: 'Premium',
  location: 'westeurope',
  resourceGroup: 'rg-cache',
  subscriptionId: 'sub-1',
  provisioningState: 'Succeeded',
};

export function status(overrides: Partial<AuthStatus> = {}): AuthStatus {
  return {
    persistence: { mode: 'keychain', message: null },
    notice: null,
    pendingSignIn: null,
    settings: {
      cloud: 'AzureCloud',
      clientId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
      tenant: 'organizations',
      defaults: { cloud: 'AzureCloud', clientId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46', tenant: 'organizations' },
      fromEnvironment: [],
    },
    ...overrides,
  };
}

export function liveRule(name: string, source: string, target: string, credentialSet?: string): LiveCacheRule {
  return { name, source, target, ...(credentialSet ? { credentialSet } : {}), id: `${REGISTRY.id}/cacheRules/${name}`, provisioningState: 'Succeeded', createdAt: null, credentialSetResourceId: null };
}

export function liveSet(name: string, loginServer: string): LiveCredentialSet {
  return {
    name,
    loginServer,
    usernameSecret: `https://kv.vault.azure.net/secrets/${name}-user`,
    passwordSecret: `https://kv.vault.azure.net/secrets/${name}-token`,
    id: `${REGISTRY.id}/credentialSets/${name}`,
    provisioningState: 'Succeeded',
    createdAt: null,
    identityType: 'SystemAssigned',
    principalId: 'principal-1',
    health: { status: 'Healthy', errorCode: null, errorMessage: null },
    keyVaultGrants: [],
    grantNote: null,
  };
}

export function fakeAzureApi(options: { accounts?: AccountSummary[]; status?: AuthStatus; listing?: SubscriptionListing; registries?: RegistrySummary[] } = {}) {
  let accounts = options.accounts ?? [];
  const listeners = { changed: [] as ((c: AuthChange) => void)[], deviceCode: [] as ((p: DeviceCodePrompt) => void)[] };
  const listing: SubscriptionListing = options.listing ?? { subscriptions: [{ subscriptionId: 'sub-1', displayName: 'Contoso Platform', tenantId: 'tenant-1', state: 'Enabled' }], unavailableTenants: [] };
  const auth = {
    status: vi.fn(async () => options.status ?? status()),
    listAccounts: vi.fn(async () => accounts),
    signIn: vi.fn(async () => {
      accounts = [ACCOUNT];
      return ACCOUNT;
    }),
    cancelSignIn: vi.fn(async () => true),
    signOut: vi.fn(async (id: string) => {
      accounts = accounts.filter((a) => a.id !== id);
    }),
    updateSettings: vi.fn(async () => (options.status ?? status()).settings),
    dismissNotice: vi.fn(async () => {}),
    onDeviceCode: (cb: (p: DeviceCodePrompt) => void) => {
      listeners.deviceCode.push(cb);
      return () => {};
    },
    onChanged: (cb: (c: AuthChange) => void) => {
      listeners.changed.push(cb);
      return () => {};
    },
  };
  const azure = {
    listSubscriptions: vi.fn(async () => listing),
    listRegistries: vi.fn(async () => options.registries ?? [REGISTRY]),
    listCacheRules: vi.fn(async () => [] as LiveCacheRule[]),
    getCacheRule: vi.fn(),
    createCacheRule: vi.fn(async (_ref: unknown, rule: { name: string; source: string; target: string; credentialSet?: string }) => liveRule(rule.name, rule.source, rule.target, rule.credentialSet)),
    updateCacheRuleCredentials: vi.fn(async (_ref: unknown, name: string, set: string | null) => liveRule(name, 'docker.io/library/python/*', 'library/python/*', set ?? undefined)),
    deleteCacheRule: vi.fn(async () => {}),
    listCredentialSets: vi.fn(async () => [] as LiveCredentialSet[]),
    getCredentialSet: vi.fn(),
    createCredentialSet: vi.fn(),
    updateCredentialSet: vi.fn(async (_ref: unknown, name: string) => liveSet(name, 'docker.io')),
    deleteCredentialSet: vi.fn(async () => {}),
    listRepositories: vi.fn(async () => ({ repositories: ['team/app'], truncated: false })),
    onOperation: () => () => {},
  };
  const api = { auth, azure, sync: { importRegistry: vi.fn() } } as unknown as DesktopApi;
  return {
    api,
    auth,
    azure,
    emitDeviceCode: (p: DeviceCodePrompt) => listeners.deviceCode.forEach((cb) => cb(p)),
  };
}
