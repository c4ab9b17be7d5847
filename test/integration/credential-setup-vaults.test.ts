// The credential setup's vault picker list (issue 16.1: "list vaults the user can see") against
// the Entra and ARM emulators: every subscription of the registry's tenant, the registry's first,
// one that refuses its vault list reported beside the others, another tenant's left out, and no
// more than VAULT_LIST_CONCURRENCY subscriptions read at once.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { KeyVaultListing } from '../../preload/api.ts';
import { VAULT_LIST_CONCURRENCY } from '../../main/azure/credential-setup/vault-directory.ts';
import { startAzureTestEnvironment, TEST_SUBSCRIPTION, TEST_TENANT, type AzureTestEnvironment } from '../emulators/azure-environment.ts';
import { startApp, type AppRun } from './credential-setup-harness.ts';

const sub = (n: number) => `3f2b6c1e-5d4a-4b8c-9e7f-0000000001${String(n).padStart(2, '0')}`;
const OTHER_TENANT = '0a0b0c0d-0000-4000-8000-00000000beef';

let env: AzureTestEnvironment | undefined;
let app: AppRun | undefined;
afterEach(async () => {
  await app?.services.dispose();
  await env?.close();
  env = app = undefined;
});

async function signedIn() {
  env = await startAzureTestEnvironment();
  app = await startApp(env);
  const account = await app.call<{ id: string }>('auth.signIn', { mode: 'device-code' });
  return { accountId: account.id, tenantId: TEST_TENANT, subscriptionId: TEST_SUBSCRIPTION };
}

const addVault = (subscriptionId: string, resourceGroup: string, name: string, rbac = true, tenantId = TEST_TENANT) => env!.arm.keyVaults.addVault({ subscriptionId, resourceGroup, name, tenantId, rbac });

describe('the Key Vaults the account can see', () => {
  it('lists every subscription of the registry’s tenant, the registry’s first, and reports a refusing one beside the rest', async () => {
    const ref = await signedIn();
    env!.arm.addSubscription({ subscriptionId: sub(1), displayName: 'Contoso Apps', tenantId: TEST_TENANT });
    env!.arm.addSubscription({ subscriptionId: sub(2), displayName: 'Contoso Sandbox', tenantId: TEST_TENANT });
    env!.arm.addSubscription({ subscriptionId: sub(3), displayName: 'Archive', tenantId: TEST_TENANT, state: 'Disabled' });
    env!.arm.addSubscription({ subscriptionId: sub(4), displayName: 'Fabrikam', tenantId: OTHER_TENANT });
    addVault(TEST_SUBSCRIPTION, 'rg-cache', 'platformkv');
    addVault(sub(1), 'rg-apps', 'appskv-b', false);
    addVault(sub(1), 'rg-apps', 'appskv-a');
    addVault(sub(2), 'rg-sandbox', 'sandboxkv');
    addVault(sub(4), 'rg-fab', 'fabrikamkv', true, OTHER_TENANT);
    env!.arm.keyVaults.cannotListVaultsIn.add(sub(2));

    const listing = await app!.call<KeyVaultListing>('credentialSetup.listKeyVaults', ref);
    expect(listing.subscriptionsError).toBeNull();
    expect(listing.subscriptions.map((s) => [s.displayName, s.vaults.map((v) => v.name), s.error?.code ?? null])).toEqual([
      ['Contoso Platform', ['platformkv'], null],
      ['Contoso Apps', ['appskv-a', 'appskv-b'], null],
      ['Contoso Sandbox', [], 'not-authorized'],
    ]);
    const sandbox = listing.subscriptions[2]!;
    expect(sandbox.error?.message).toBe('Your account may not list the Key Vaults of subscription Contoso Sandbox (that takes Reader there, or another role with Microsoft.KeyVault/vaults/read). Azure said: AuthorizationFailed.');
    expect(listing.subscriptions[1]!.vaults[1]).toEqual(expect.objectContaining({ subscriptionId: sub(1), resourceGroup: 'rg-apps', permissionModel: 'access-policy' }));
    // one subscription list, then one vault list per enabled subscription of the tenant
    expect(env!.arm.requests.filter((r) => r.op === 'subscriptions.list')).toHaveLength(1);
    expect(env!.arm.requests.filter((r) => r.op === 'vaults.list').map((r) => r.path.split('/')[2]).sort()).toEqual([TEST_SUBSCRIPTION, sub(1), sub(2)].sort());
  });

  it('keeps to its concurrency bound over many subscriptions', async () => {
    const ref = await signedIn();
    for (let n = 1; n <= 9; n++) {
      env!.arm.addSubscription({ subscriptionId: sub(n), displayName: `Team ${n}`, tenantId: TEST_TENANT });
      addVault(sub(n), 'rg', `teamkv${n}`);
    }
    let inFlight = 0;
    let most = 0;
    env!.arm.faults.inject({
      match: { op: 'vaults.list' },
      times: Infinity,
      before: async () => {
        most = Math.max(most, ++inFlight);
        await sleep(40);
        inFlight--;
      },
    });
    const listing = await app!.call<KeyVaultListing>('credentialSetup.listKeyVaults', ref);
    expect(listing.subscriptions).toHaveLength(10);
    expect(listing.subscriptions.flatMap((s) => s.vaults)).toHaveLength(9);
    expect(most).toBeLessThanOrEqual(VAULT_LIST_CONCURRENCY);
    expect(most).toBeGreaterThan(1);
  });

  it('still lists the registry’s subscription when the subscriptions list fails', async () => {
    const ref = await signedIn();
    addVault(TEST_SUBSCRIPTION, 'rg-cache', 'platformkv');
    env!.arm.faults.inject({ match: { op: 'subscriptions.list' }, times: Infinity, respond: { status: 403, code: 'AuthorizationFailed', message: 'The client does not have authorization to list subscriptions.' } });
    const listing = await app!.call<KeyVaultListing>('credentialSetup.listKeyVaults', ref);
    expect(listing.subscriptionsError?.code).toBe('not-authorized');
    expect(listing.subscriptions.map((s) => [s.subscriptionId, s.vaults.map((v) => v.name)])).toEqual([[TEST_SUBSCRIPTION, ['platformkv']]]);
  });
});
