// Issue 10.4/10.7 through the IPC router and the real SDK pipeline, against the emulators: the
// identity picker's list of user-assigned identities (Microsoft.ManagedIdentity, spec shapes), and
// the data-plane exchange of a registry that refuses ARM-audience tokens (authentication-as-arm
// disabled), which is retried with ACR's own audience instead of being reported as a missing role.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RegistryRef, SubscriptionRef } from '../../preload/api.ts';
import { startAzureTestEnvironment, TEST_SUBSCRIPTION, TEST_TENANT, type AzureTestEnvironment } from '../emulators/azure-environment.ts';
import { startAzureApp, type AzureApp } from './azure-app.ts';

const OTHER_SUBSCRIPTION = '3f2b6c1e-5d4a-4b8c-9e7f-0000000000aa';

describe('ACR-to-ACR support in the Azure layer (emulators, real SDK)', () => {
  let env: AzureTestEnvironment;
  let app: AzureApp;
  let accountId: string;

  beforeEach(async () => {
    env = await startAzureTestEnvironment();
    app = await startAzureApp(env);
    accountId = (await app.call('auth', 'signIn', { mode: 'device-code' })).id;
  });
  afterEach(async () => {
    await app.dispose();
    await env.close();
  });

  it('lists the user-assigned identities of the subscription across pages, sorted, with their IDs', async () => {
    env.arm.addUserAssignedIdentity({ subscriptionId: TEST_SUBSCRIPTION, resourceGroup: 'rg-identities', name: 'cache-puller' });
    const second = env.arm.addUserAssignedIdentity({ subscriptionId: TEST_SUBSCRIPTION, resourceGroup: 'rg-identities', name: 'app-reader', location: 'northeurope' });
    env.arm.addUserAssignedIdentity({ subscriptionId: TEST_SUBSCRIPTION, resourceGroup: 'rg-other', name: 'build-agent' });
    env.arm.addSubscription({ subscriptionId: OTHER_SUBSCRIPTION, displayName: 'Elsewhere', tenantId: TEST_TENANT });
    env.arm.addUserAssignedIdentity({ subscriptionId: OTHER_SUBSCRIPTION, resourceGroup: 'rg-x', name: 'not-listed' });
    env.arm.setPageSize(2);
    const ref: SubscriptionRef = { accountId, tenantId: TEST_TENANT, subscriptionId: TEST_SUBSCRIPTION };

    const listed = await app.call('azure', 'listUserAssignedIdentities', ref);
    expect(listed.map((i) => i.name)).toEqual(['app-reader', 'build-agent', 'cache-puller']);
    expect(listed[0]).toEqual({
      // ARM spells the segment `resourcegroups` here (IdentityListBySubscription.json); the app keeps it as given
      id: `/subscriptions/${TEST_SUBSCRIPTION}/resourcegroups/rg-identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/app-reader`,
      name: 'app-reader',
      subscriptionId: TEST_SUBSCRIPTION,
      resourceGroup: 'rg-identities',
      location: 'northeurope',
      principalId: second.principalId,
      clientId: second.clientId,
    });
    const calls = env.arm.requests.filter((r) => r.op === 'identities.list');
    expect(calls.map((r) => [r.query['api-version'], r.status])).toEqual([
      ['2023-01-31', 200],
      ['2023-01-31', 200],
    ]);
    expect(calls[0]!.token?.aud).toBe('https://management.azure.com');
  });

  it('explains a subscription the account cannot read', async () => {
    const ref: SubscriptionRef = { accountId, tenantId: TEST_TENANT, subscriptionId: '3f2b6c1e-5d4a-4b8c-9e7f-0000000000ff' };
    await expect(app.call('azure', 'listUserAssignedIdentities', ref)).rejects.toMatchObject({ code: 'not-found', message: expect.stringContaining('managed identities') });
  });

  it('PATCHes a live rule identity through azure.updateCacheRule, and refuses a patch that is not an identity ID', async () => {
    const uami = (name: string) => `/subscriptions/${TEST_SUBSCRIPTION}/resourcegroups/rg-identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
    env.registry.putRule({ name: 'acr-app', source: 'upstream.azurecr.io/app', target: 'app', extensions: { userAssignedIdentities: [uami('cache-puller')] } });
    const ref: RegistryRef = { accountId, tenantId: TEST_TENANT, registryId: env.registry.id };
    const updated = await app.call('azure', 'updateCacheRule', ref, 'acr-app', { identity: uami('app-reader') });
    expect(updated).toMatchObject({ name: 'acr-app', identity: uami('app-reader') });
    expect(env.registry.rule('acr-app')!.extensions.userAssignedIdentities).toEqual([uami('app-reader')]);
    expect(env.arm.requests.find((r) => r.op === 'cacheRules.update')).toMatchObject({ query: { 'api-version': '2025-09-01-preview' }, body: { identity: { type: 'UserAssigned', userAssignedIdentities: { [uami('app-reader')]: {} } } } });
    await expect(app.call('azure', 'updateCacheRule', ref, 'acr-app', { identity: 'cache-puller' })).rejects.toMatchObject({ code: 'invalid-payload' });
  });

  describe('data-plane token exchange', () => {
    let ref: RegistryRef;
    beforeEach(() => {
      ref = { accountId, tenantId: TEST_TENANT, registryId: env.registry.id };
      env.registry.addRepositories('team/app', 'team/web');
    });
    const dataPlane = () => env.arm.requests.filter((r) => r.op.startsWith('dataplane.')).map((r) => `${r.op} ${r.status}`);
    const scopes = () => env.entra.requests.filter((r) => r.endpoint === 'token').map((r) => r.scope ?? '');

    it('uses the ARM-audience token once when the registry takes it', async () => {
      expect(await app.call('azure', 'listRepositories', ref)).toEqual({ repositories: ['team/app', 'team/web'], truncated: false });
      expect(dataPlane()).toEqual(['dataplane.exchange 200', 'dataplane.token 200', 'dataplane.catalog 200']);
      expect(scopes().some((s) => s.includes('containerregistry.azure.net'))).toBe(false);
    });

    it('retries the exchange with the https://containerregistry.azure.net audience when ARM tokens are refused', async () => {
      env.registry.authenticationAsArm = false;
      expect(await app.call('azure', 'listRepositories', ref)).toEqual({ repositories: ['team/app', 'team/web'], truncated: false });
      expect(dataPlane()).toEqual(['dataplane.exchange 401', 'dataplane.exchange 200', 'dataplane.token 200', 'dataplane.catalog 200']);
      expect(scopes().filter((s) => s.includes('containerregistry.azure.net'))).toHaveLength(1);
    });

    it('still names the missing data-plane role when both audiences are refused', async () => {
      env.registry.authenticationAsArm = false;
      env.arm.faults.fail('dataplane.exchange', { status: 401, code: 'UNAUTHORIZED', message: 'authentication required' }, 2);
      await expect(app.call('azure', 'listRepositories', ref)).rejects.toMatchObject({ code: 'not-authorized', message: expect.stringMatching(/ARM or registry audience.*AcrPull/) });
      expect(dataPlane()).toEqual(['dataplane.exchange 401', 'dataplane.exchange 401']);
    });
  });
});
