// Resource Manager through the app's IPC handlers and the real Azure SDK, against the ARM emulator:
// subscriptions, registries, cache rules and credential sets (paging, long-running operations,
// 429, failures, the service's validation explained), and the data-plane catalog.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AzureOperationEvent, LiveCacheRule, RegistryRef } from '../../preload/api.ts';
import { createAzureService } from '../../main/azure/azure-service.ts';
import { resolveCloud } from '../../main/auth/clouds.ts';
import { createEventHub } from '../../main/events.ts';
import { startAzureTestEnvironment, TEST_RESOURCE_GROUP, TEST_SUBSCRIPTION, TEST_TENANT, type AzureTestEnvironment } from '../emulators/azure-environment.ts';
import { DEFAULT_TEST_USER } from '../emulators/entra.ts';
import { fakeArmToken } from '../emulators/jwt.ts';
import { startAzureApp, type AzureApp } from './azure-app.ts';

const KV = 'https://kv-contoso.vault.azure.net/secrets';
const DOCKERHUB = { name: 'dockerhub', loginServer: 'docker.io', usernameSecret: `${KV}/dockerhub-user`, passwordSecret: `${KV}/dockerhub-token` };
const OTHER_TENANT = '0ddba115-0000-4000-8000-000000000b0b';

describe('Azure Resource Manager (ARM emulator, real SDK)', () => {
  let env: AzureTestEnvironment;
  let app: AzureApp;
  let ref: RegistryRef;
  let accountId: string;

  beforeEach(async () => {
    env = await startAzureTestEnvironment();
    app = await startAzureApp(env);
    accountId = (await app.call('auth', 'signIn', { mode: 'device-code' })).id;
    ref = { accountId, tenantId: TEST_TENANT, registryId: env.registry.id };
  });
  afterEach(async () => {
    await app.dispose();
    await env.close();
  });

  const ops = (op: string) => env.arm.requests.filter((r) => r.op === op);
  const operationEvents = () => app.events.filter((e) => e.channel === 'azure.onOperation').map((e) => e.payload as AzureOperationEvent);

  describe('subscriptions and registries', () => {
    it('lists subscriptions per tenant, and reports a tenant that needs another sign-in instead of failing', async () => {
      env.entra.users[0]!.guestOf = [OTHER_TENANT];
      env.arm.addTenant({ tenantId: OTHER_TENANT, displayName: 'Fabrikam' });
      env.arm.addSubscription({ subscriptionId: '9a9a9a9a-0000-4000-8000-000000000002', displayName: 'Fabrikam Dev', tenantId: OTHER_TENANT });
      const both = await app.call('azure', 'listSubscriptions', accountId);
      expect(both.subscriptions.map((s) => [s.displayName, s.tenantId])).toEqual([
        ['Contoso Platform', TEST_TENANT],
        ['Fabrikam Dev', OTHER_TENANT],
      ]);
      expect(both.unavailableTenants).toEqual([]);
      // Each tenant was asked with a token for that tenant.
      expect(ops('subscriptions.list').map((r) => r.token?.tid).sort()).toEqual([OTHER_TENANT, TEST_TENANT].sort());

      env.entra.requireInteractionFor(OTHER_TENANT);
      const app2 = await startAzureApp(env);
      try {
        const partial = await app2.call('azure', 'listSubscriptions', accountId);
        expect(partial.subscriptions.map((s) => s.subscriptionId)).toEqual([TEST_SUBSCRIPTION]);
        expect(partial.unavailableTenants).toEqual([{ tenantId: OTHER_TENANT, displayName: 'Fabrikam', code: 'sign-in-required', message: expect.stringContaining('multi-factor') }]);
      } finally {
        await app2.dispose();
      }
    });

    it('lists the registries of a subscription across nextLink pages', async () => {
      for (const name of ['zetacache', 'alphacache', 'betacache', 'gammacache']) {
        env.arm.addRegistry({ subscriptionId: TEST_SUBSCRIPTION, resourceGroup: 'rg-other', name, sku: 'Basic', location: 'northeurope' });
      }
      env.arm.setPageSize(2);
      const registries = await app.call('azure', 'listRegistries', { accountId, tenantId: TEST_TENANT, subscriptionId: TEST_SUBSCRIPTION });
      expect(registries.map((r) => r.name)).toEqual(['alphacache', 'betacache', 'contosocache', 'gammacache', 'zetacache']);
      expect(registries.find((r) => r.name === 'contosocache')).toEqual({
        id: env.registry.id,
        name: 'contosocache',
        loginServer: 'contosocache.azurecr.io',
        sku: 'Premium',
        location: 'westeurope',
        resourceGroup: TEST_RESOURCE_GROUP,
        subscriptionId: TEST_SUBSCRIPTION,
        provisioningState: 'Succeeded',
      });
      expect(ops('registries.list')).toHaveLength(3);
      expect(ops('registries.list')[1]!.query['$skipToken']).toBe('2');
      // Every request carried an ARM token for the signed-in user, never anything else.
      expect(new Set(env.arm.requests.map((r) => `${r.token?.aud} ${r.token?.oid}`))).toEqual(new Set([`https://management.azure.com ${DEFAULT_TEST_USER.oid}`]));
    });

    it('explains a subscription of another tenant and an unknown subscription', async () => {
      env.entra.users[0]!.guestOf = [OTHER_TENANT];
      await expect(app.call('azure', 'listRegistries', { accountId, tenantId: OTHER_TENANT, subscriptionId: TEST_SUBSCRIPTION })).rejects.toMatchObject({ code: 'wrong-tenant' });
      await expect(app.call('azure', 'listRegistries', { accountId, tenantId: TEST_TENANT, subscriptionId: '00000000-0000-4000-8000-000000000404' })).rejects.toMatchObject({
        code: 'not-found',
        message: expect.stringContaining("The subscription '00000000-0000-4000-8000-000000000404' could not be found"),
      });
    });
  });

  describe('cache rules', () => {
    it('creates a rule through the long-running operation, reads it back, and reports progress', async () => {
      env.arm.setAsyncPolls(2);
      await app.call('azure', 'createCredentialSet', ref, DOCKERHUB);
      const created = await app.call('azure', 'createCacheRule', ref, { name: 'docker-nginx', source: 'docker.io/library/nginx', target: 'nginx', credentialSet: 'dockerhub' });
      expect(created).toMatchObject({
        name: 'docker-nginx',
        source: 'docker.io/library/nginx',
        target: 'nginx',
        credentialSet: 'dockerhub',
        credentialSetResourceId: `${env.registry.id}/credentialSets/dockerhub`,
        provisioningState: 'Succeeded',
      });
      const put = ops('cacheRules.create')[0]!;
      expect(put).toMatchObject({ method: 'PUT', status: 201, name: 'docker-nginx' });
      expect(put.body).toEqual({ properties: { sourceRepository: 'docker.io/library/nginx', targetRepository: 'nginx', credentialSetResourceId: `${env.registry.id}/credentialSets/dockerhub` } });
      // Azure-AsyncOperation polled until Succeeded (2 × InProgress), then the final GET.
      const after = env.arm.requests.slice(env.arm.requests.indexOf(put) + 1).map((r) => r.op);
      expect(after).toEqual(['operations.get', 'operations.get', 'operations.get', 'cacheRules.get']);
      expect(operationEvents().filter((e) => e.resource === 'cacheRule').map((e) => e.state)).toEqual(['submitted', 'running', 'succeeded']);
      expect(await app.call('azure', 'getCacheRule', ref, 'docker-nginx')).toEqual(created);
      expect(env.registry.rule('docker-nginx')?.provisioningState).toBe('Succeeded');
    });

    it('lists rules across pages and maps them to the app model', async () => {
      for (let i = 0; i < 5; i++) env.registry.putRule({ name: `ghcr-rule-${i}`, source: `ghcr.io/org/app${i}`, target: `ghcr/app${i}` });
      env.arm.setPageSize(2);
      const rules = await app.call('azure', 'listCacheRules', ref);
      expect(rules.map((r: LiveCacheRule) => [r.name, r.source, r.target])).toEqual([0, 1, 2, 3, 4].map((i) => [`ghcr-rule-${i}`, `ghcr.io/org/app${i}`, `ghcr/app${i}`]));
      expect(rules[0]).not.toHaveProperty('credentialSet');
      expect(ops('cacheRules.list')).toHaveLength(3);
    });

    it('attaches another credential set with PATCH; PATCH null is accepted but keeps the set, as the 2026 service does', async () => {
      await app.call('azure', 'createCredentialSet', ref, { ...DOCKERHUB, name: 'ghcr-creds', loginServer: 'ghcr.io' });
      await app.call('azure', 'createCacheRule', ref, { name: 'ghcr-app', source: 'ghcr.io/org/app', target: 'app' });
      const attached = await app.call('azure', 'updateCacheRuleCredentials', ref, 'ghcr-app', 'ghcr-creds');
      expect(attached.credentialSet).toBe('ghcr-creds');
      const detached = await app.call('azure', 'updateCacheRuleCredentials', ref, 'ghcr-app', null);
      // shared/data/azure-recorded (R26): Succeeded, and the rule still names its credential set.
      expect(detached.credentialSet).toBe('ghcr-creds');
      expect(ops('cacheRules.update').map((r) => [r.method, r.status, r.body])).toEqual([
        ['PATCH', 201, { properties: { credentialSetResourceId: `${env.registry.id}/credentialSets/ghcr-creds` } }],
        ['PATCH', 201, { properties: { credentialSetResourceId: null } }],
      ]);
      expect(env.registry.rule('ghcr-app')?.credentialSetResourceId).toBe(`${env.registry.id}/credentialSets/ghcr-creds`);
    });

    it('removes the credential set with PATCH null against the 2023 behaviour (detachCredentialSet: clears)', async () => {
      const env23 = await startAzureTestEnvironment({ arm: { detachCredentialSet: 'clears' } });
      const app23 = await startAzureApp(env23);
      try {
        const account = (await app23.call('auth', 'signIn', { mode: 'device-code' })).id;
        const ref23 = { accountId: account, tenantId: TEST_TENANT, registryId: env23.registry.id };
        await app23.call('azure', 'createCredentialSet', ref23, { ...DOCKERHUB, name: 'ghcr-creds', loginServer: 'ghcr.io' });
        await app23.call('azure', 'createCacheRule', ref23, { name: 'ghcr-app', source: 'ghcr.io/org/app', target: 'app', credentialSet: 'ghcr-creds' });
        const detached = await app23.call('azure', 'updateCacheRuleCredentials', ref23, 'ghcr-app', null);
        expect(detached).not.toHaveProperty('credentialSet');
        expect(detached.credentialSetResourceId).toBeNull();
      } finally {
        await app23.dispose();
        await env23.close();
      }
    });

    it('deletes through the location-scoped operationResults Location (200, empty body when done), and a missing rule is already deleted (204)', async () => {
      env.registry.putRule({ name: 'mcr-dotnet', source: 'mcr.microsoft.com/dotnet/*', target: 'dotnet/*' });
      await app.call('azure', 'deleteCacheRule', ref, 'mcr-dotnet');
      expect(ops('cacheRules.delete')[0]).toMatchObject({ method: 'DELETE', status: 202 });
      expect(ops('operations.get').map((r) => r.status)).toEqual([202, 200]);
      expect(ops('operations.get')[0]!.path).toMatch(new RegExp(`^/subscriptions/${TEST_SUBSCRIPTION}/providers/Microsoft.ContainerRegistry/locations/WESTEUROPE/operationResults/cacherules-`));
      expect(env.registry.rule('mcr-dotnet')).toBeUndefined();
      await app.call('azure', 'deleteCacheRule', ref, 'mcr-dotnet');
      expect(ops('cacheRules.delete')[1]).toMatchObject({ status: 204 });
      await expect(app.call('azure', 'getCacheRule', ref, 'mcr-dotnet')).rejects.toMatchObject({ code: 'not-found', message: expect.stringContaining('cache rule "mcr-dotnet"') });
    });

    it.each([
      ['an existing static target', () => env.registry.addRepositories('nginx'), { name: 'mcr-nginx', source: 'mcr.microsoft.com/oss/nginx', target: 'nginx' }, 'target-repository-exists', 'TargetRepositoryAlreadyPresentInRegistry'],
      ['existing repositories under a wildcard', () => env.registry.addRepositories('library/python'), { name: 'hub-library', source: 'ghcr.io/library/*', target: 'library/*' }, 'target-prefix-matches-existing', 'TargetRepositoryPrefixMatchesExistingRegistries'],
      ['Docker Hub without credentials', () => {}, { name: 'hub-alpine', source: 'docker.io/library/alpine', target: 'alpine' }, 'docker-hub-needs-credentials', 'EnforceDockerAuthentication'],
      ['an overlapping wildcard', () => env.registry.putRule({ name: 'all-mcr', source: 'mcr.microsoft.com/*', target: 'mcr/*' }), { name: 'mcr-dotnet', source: 'mcr.microsoft.com/dotnet/*', target: 'mcr/dotnet/*' }, 'conflict', 'Conflict'],
      ['a duplicate static target', () => env.registry.putRule({ name: 'first-app', source: 'ghcr.io/a/app', target: 'app' }), { name: 'second-app', source: 'quay.io/b/app', target: 'app' }, 'conflict', 'Conflict'],
      ['an unknown credential set', () => {}, { name: 'ghcr-private', source: 'ghcr.io/org/private', target: 'private', credentialSet: 'missing-set' }, 'invalid-request', 'InvalidParameter'],
      ['a tag in the source', () => {}, { name: 'py-tagged', source: 'ghcr.io/library/python:3.12', target: 'python' }, 'invalid-request', 'InvalidParameter'],
    ] as const)('explains a rule refused for %s', async (_what, arrange, rule, code, serverCode) => {
      arrange();
      const result = await app.invoke('azure.createCacheRule', [ref, rule]);
      expect(result).toMatchObject({ ok: false, error: { code } });
      const message = (result as { error: { message: string } }).error.message;
      expect(message).toMatch(new RegExp(`^Could not create cache rule "${rule.name}": `));
      expect(message).toContain(`Azure said: ${serverCode}`);
      expect(env.registry.rule(rule.name)).toBeUndefined();
      expect(operationEvents().at(-1)).toMatchObject({ name: rule.name, action: 'create', state: 'failed', error: { code } });
    });

    it('explains the 1,000-rule limit', async () => {
      for (let i = 0; i < 1000; i++) env.registry.putRule({ name: `rule-${String(i).padStart(4, '0')}`, source: `ghcr.io/org/app${i}`, target: `app${i}` });
      await expect(app.call('azure', 'createCacheRule', ref, { name: 'one-too-many', source: 'ghcr.io/org/extra', target: 'extra' })).rejects.toMatchObject({
        code: 'quota-exceeded',
        message: expect.stringContaining('1,000 rules per registry'),
      });
    });

    it('explains a long-running operation that fails after Azure accepted it, and leaves no rule behind', async () => {
      env.arm.faults.failOperation('cacheRules.create', 'InternalOperationError', 'The cache rule could not be provisioned.');
      await expect(app.call('azure', 'createCacheRule', ref, { name: 'ghcr-app', source: 'ghcr.io/org/app', target: 'app' })).rejects.toMatchObject({
        code: 'operation-failed',
        message: expect.stringContaining('InternalOperationError: The cache rule could not be provisioned.'),
      });
      expect(ops('cacheRules.create')[0]!.status).toBe(201);
      expect(ops('operations.get').at(-1)!.status).toBe(200);
      expect(await app.call('azure', 'listCacheRules', ref)).toEqual([]);

      env.registry.putRule({ name: 'keep-me', source: 'ghcr.io/org/keep', target: 'keep' });
      env.arm.faults.failOperation('cacheRules.delete', 'ResourceDeletionFailed', 'Deletion failed.', { name: 'keep-me' });
      await expect(app.call('azure', 'deleteCacheRule', ref, 'keep-me')).rejects.toMatchObject({
        code: 'operation-failed',
        message: expect.stringContaining('Could not delete cache rule "keep-me": Azure accepted the change but the long-running operation behind it failed.'),
      });
      expect(ops('operations.get').at(-1)).toMatchObject({ status: 400, errorCode: 'ResourceDeletionFailed' });
      expect(env.registry.rule('keep-me')?.provisioningState).toBe('Succeeded');
    });

    it('honours 429 Retry-After and retries', async () => {
      env.registry.putRule({ name: 'ghcr-app', source: 'ghcr.io/org/app', target: 'app' });
      env.arm.faults.throttle('cacheRules.get', { retryAfterSeconds: 1 });
      const rule = await app.call('azure', 'getCacheRule', ref, 'ghcr-app');
      expect(rule.name).toBe('ghcr-app');
      const gets = ops('cacheRules.get');
      expect(gets.map((r) => r.status)).toEqual([429, 200]);
      // The retry came no sooner than Azure asked (lower bound only: a slow machine may take longer).
      expect(gets[1]!.at - gets[0]!.at).toBeGreaterThanOrEqual(950);
    });

    it('gives up on persistent throttling with an explanation', async () => {
      env.arm.faults.throttle('cacheRules.list', { times: 10, retryAfterMs: 1 });
      await expect(app.call('azure', 'listCacheRules', ref)).rejects.toMatchObject({ code: 'throttled', message: expect.stringContaining('too many requests') });
      expect(ops('cacheRules.list').length).toBe(4); // first try + maxRetries 3
    });

    it('retries a transient server error, and explains authorization failures', async () => {
      env.arm.faults.fail('cacheRules.list', { status: 503, code: 'ServiceUnavailable', message: 'try later' });
      expect(await app.call('azure', 'listCacheRules', ref)).toEqual([]);
      expect(ops('cacheRules.list').map((r) => r.status)).toEqual([503, 200]);

      env.arm.faults.fail('cacheRules.create', {
        status: 403,
        code: 'AuthorizationFailed',
        message: `The client '${DEFAULT_TEST_USER.username}' does not have authorization to perform action 'Microsoft.ContainerRegistry/registries/cacheRules/write'.`,
      });
      await expect(app.call('azure', 'createCacheRule', ref, { name: 'ghcr-app', source: 'ghcr.io/org/app', target: 'app' })).rejects.toMatchObject({
        code: 'not-authorized',
        message: expect.stringContaining('cacheRules/write'),
      });
    });

    it('explains a conflict caused by someone else changing the registry in between', async () => {
      env.arm.faults.beforeNext('cacheRules.create', (arm) => arm.registry('contosocache').putRule({ name: 'their-rule', source: 'quay.io/org/app', target: 'app' }));
      await expect(app.call('azure', 'createCacheRule', ref, { name: 'ghcr-app', source: 'ghcr.io/org/app', target: 'app' })).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringContaining("'their-rule'"),
      });
    });

    it('explains network failures after retrying', async () => {
      env.arm.faults.inject({ match: { op: 'cacheRules.list' }, times: Infinity, dropConnection: true });
      await expect(app.call('azure', 'listCacheRules', ref)).rejects.toMatchObject({ code: 'network-error' });
      expect(ops('cacheRules.list').length).toBe(4);
    });

    it('validates payloads before calling Azure', async () => {
      expect(await app.invoke('azure.createCacheRule', [ref, { name: 'ab', source: 'ghcr.io/a', target: 'a' }])).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
      expect(await app.invoke('azure.listCacheRules', [{ ...ref, registryId: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/abcde' }])).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
      expect(await app.invoke('azure.updateCacheRuleCredentials', [ref, 'ghcr-app'])).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
      expect(ops('cacheRules.create').length + ops('cacheRules.list').length + ops('cacheRules.update').length).toBe(0);
    });
  });

  describe('credential sets', () => {
    it('creates a set with a system-assigned identity, and shows its health and the Key Vault grant commands', async () => {
      const created = await app.call('azure', 'createCredentialSet', ref, DOCKERHUB);
      expect(ops('credentialSets.create')[0]!.body).toEqual({
        identity: { type: 'SystemAssigned' },
        properties: { loginServer: 'docker.io', authCredentials: [{ name: 'Credential1', usernameSecretIdentifier: DOCKERHUB.usernameSecret, passwordSecretIdentifier: DOCKERHUB.passwordSecret }] },
      });
      const principalId = env.registry.credentialSet('dockerhub')!.principalId;
      // Recorded (R26): a new set is Unhealthy/Forbidden until its identity may read the secrets.
      expect(created).toMatchObject({ ...DOCKERHUB, principalId, identityType: 'systemAssigned', health: { status: 'Unhealthy', errorCode: 'Forbidden', errorMessage: expect.stringContaining('does not have secrets get permission on key vault') }, provisioningState: 'Succeeded', grantNote: null });
      expect(created.keyVaultGrants).toEqual([
        {
          vaultName: 'kv-contoso',
          secretNames: ['dockerhub-user', 'dockerhub-token'],
          accessPolicyCommand: `az keyvault set-policy --name kv-contoso --object-id ${principalId} --secret-permissions get`,
          roleAssignmentCommand: `az role assignment create --role "Key Vault Secrets User" --assignee-object-id ${principalId} --assignee-principal-type ServicePrincipal --scope "$(az keyvault show --name kv-contoso --query id --output tsv)"`,
        },
      ]);

      env.registry.grantSecretsAccess('dockerhub');
      expect((await app.call('azure', 'getCredentialSet', ref, 'dockerhub')).health).toEqual({ status: 'Healthy', errorCode: null, errorMessage: null });
      env.registry.setCredentialHealth('dockerhub', { status: 'Unhealthy', errorCode: 'KeyVaultAccessDenied', errorMessage: 'The identity cannot read the secret.' });
      const [listed] = await app.call('azure', 'listCredentialSets', ref);
      expect(listed!.health).toEqual({ status: 'Unhealthy', errorCode: 'KeyVaultAccessDenied', errorMessage: 'The identity cannot read the secret.' });
      expect((await app.call('azure', 'getCredentialSet', ref, 'dockerhub')).health.status).toBe('Unhealthy');
    });

    it('updates one secret and keeps the other, like az acr credential-set update', async () => {
      await app.call('azure', 'createCredentialSet', ref, DOCKERHUB);
      const updated = await app.call('azure', 'updateCredentialSet', ref, 'dockerhub', { passwordSecret: `${KV}/dockerhub-token-2` });
      expect(updated).toMatchObject({ usernameSecret: DOCKERHUB.usernameSecret, passwordSecret: `${KV}/dockerhub-token-2`, loginServer: 'docker.io' });
      expect(ops('credentialSets.update')[0]!.body).toEqual({
        properties: { authCredentials: [{ name: 'Credential1', usernameSecretIdentifier: DOCKERHUB.usernameSecret, passwordSecretIdentifier: `${KV}/dockerhub-token-2` }] },
      });
      await expect(app.call('azure', 'updateCredentialSet', ref, 'dockerhub', {})).rejects.toMatchObject({ code: 'invalid-payload' });
    });

    it('refuses to delete a set still used by a rule, then deletes it once detached', async () => {
      await app.call('azure', 'createCredentialSet', ref, DOCKERHUB);
      await app.call('azure', 'createCacheRule', ref, { name: 'docker-nginx', source: 'docker.io/library/nginx', target: 'nginx', credentialSet: 'dockerhub' });
      await expect(app.call('azure', 'deleteCredentialSet', ref, 'dockerhub')).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining("'docker-nginx'") });
      await app.call('azure', 'deleteCacheRule', ref, 'docker-nginx');
      await app.call('azure', 'deleteCredentialSet', ref, 'dockerhub');
      expect(await app.call('azure', 'listCredentialSets', ref)).toEqual([]);
      // The refused delete failed on its first request: never submitted.
      expect(operationEvents().filter((e) => e.resource === 'credentialSet').map((e) => `${e.action}:${e.state}`)).toEqual([
        'create:submitted',
        'create:running',
        'create:succeeded',
        'delete:failed',
        'delete:submitted',
        'delete:running',
        'delete:succeeded',
      ]);
    });

    it('rejects a credential set whose secrets are not Key Vault URIs before calling Azure', async () => {
      expect(await app.invoke('azure.createCredentialSet', [ref, { ...DOCKERHUB, usernameSecret: 'http://kv/secret' }])).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
      expect(ops('credentialSets.create')).toEqual([]);
    });
  });

  describe('existing repositories (data plane)', () => {
    it('exchanges the Entra token for a registry token and reads every catalog page', async () => {
      const names = Array.from({ length: 7 }, (_, i) => `team/app-${i}`);
      env.registry.addRepositories(...names);
      const listed = await app.integration.azure.listRepositories(ref, { pageSize: 3 });
      expect(listed).toEqual({ repositories: [...names].sort(), truncated: false });
      expect(env.arm.requests.filter((r) => r.op.startsWith('dataplane.')).map((r) => `${r.op} ${r.status}`)).toEqual([
        'dataplane.exchange 200',
        'dataplane.token 200',
        'dataplane.catalog 200',
        'dataplane.catalog 200',
        'dataplane.catalog 200',
      ]);
      expect(await app.call('azure', 'listRepositories', ref)).toEqual({ repositories: [...names].sort(), truncated: false });
      expect(await app.integration.azure.listRepositories(ref, { pageSize: 3, maxRepositories: 5 })).toEqual({ repositories: [...names].sort().slice(0, 5), truncated: true });
    });

    it('explains a registry that does not let the account list repositories', async () => {
      env.registry.denyCatalog = true;
      await expect(app.call('azure', 'listRepositories', ref)).rejects.toMatchObject({ code: 'not-authorized', message: expect.stringContaining('AcrPull') });
    });
  });
});

describe('Azure service trust and tokens', () => {
  let env: AzureTestEnvironment;
  beforeEach(async () => {
    env = await startAzureTestEnvironment();
  });
  afterEach(async () => {
    await env.close();
  });

  const fakeAuth = (tid: string) => ({
    credential: () => ({ getToken: async () => ({ token: fakeArmToken({ tid }), expiresOnTimestamp: Date.now() + 3_600_000 }) }),
    cloudOf: async () => resolveCloud('AzureCloud', { AzureCloud: { armEndpoint: env.arm.url } }),
  });

  it('builds the SDK clients with the given CA, and explains an untrusted certificate without it', async () => {
    const trusted = createAzureService({ auth: fakeAuth(TEST_TENANT), events: createEventHub(), tlsCa: env.cert.cert, pollIntervalMs: 0 });
    const subscription = { accountId: 'AzureCloud|x.y', tenantId: TEST_TENANT, subscriptionId: TEST_SUBSCRIPTION };
    expect((await trusted.listRegistries(subscription)).map((r) => r.name)).toEqual(['contosocache']);

    const untrusted = createAzureService({ auth: fakeAuth(TEST_TENANT), events: createEventHub(), retryOptions: { maxRetries: 0 } });
    await expect(untrusted.listRegistries(subscription)).rejects.toMatchObject({ code: 'tls-error' });
  });

  it('sends ARM the cloud\'s ARM scope even when the endpoint points elsewhere', async () => {
    const scopes: string[][] = [];
    const service = createAzureService({
      auth: {
        credential: () => ({
          getToken: async (s: string | string[]) => {
            scopes.push(Array.isArray(s) ? s : [s]);
            return { token: fakeArmToken({ tid: TEST_TENANT }), expiresOnTimestamp: Date.now() + 3_600_000 };
          },
        }),
        cloudOf: async () => resolveCloud('AzureCloud', { AzureCloud: { armEndpoint: env.arm.url } }),
      },
      events: createEventHub(),
      tlsCa: env.cert.cert,
    });
    await service.listSubscriptions('AzureCloud|x.y');
    await service.listCacheRules({ accountId: 'AzureCloud|x.y', tenantId: TEST_TENANT, registryId: env.registry.id });
    expect(new Set(scopes.flat())).toEqual(new Set(['https://management.azure.com/.default']));
  });
});
