import { RestError } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { AppError } from '../app-error.ts';
import { armErrorFacts, toAzureAppError } from './azure-errors.ts';
import { keyVaultGrantsFor, parseSecretUri } from './key-vault-grants.ts';
import { fromWireCacheRule, toWireCacheRule, toWirePatch } from './cache-rule-wire.ts';
import { toLiveCredentialSet, toSdkCredentialSet } from './mappers.ts';
import { nextCatalogPath } from './registry-catalog.ts';
import { credentialSetNameOf, parseRegistryId } from './resource-ids.ts';

const REGISTRY_ID = '/subscriptions/3f2b6c1e-5d4a-4b8c-9e7f-000000000001/resourceGroups/rg-cache/providers/Microsoft.ContainerRegistry/registries/contosocache';
const PRINCIPAL = '5b7e3f0a-1c2d-4e5f-8a9b-0c1d2e3f4a5b';

describe('resource IDs', () => {
  it('parses a registry ID and normalises its casing of fixed segments', () => {
    const parsed = parseRegistryId(REGISTRY_ID.replace('resourceGroups', 'resourcegroups').replace('Microsoft.ContainerRegistry', 'microsoft.containerregistry'));
    expect(parsed).toEqual({ subscriptionId: '3f2b6c1e-5d4a-4b8c-9e7f-000000000001', resourceGroup: 'rg-cache', registryName: 'contosocache', id: REGISTRY_ID });
    expect(() => parseRegistryId('/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/abc')).toThrow(AppError);
  });

  it('reads the credential set name out of a rule\'s credentialSetResourceId, case-insensitively', () => {
    const registry = parseRegistryId(REGISTRY_ID);
    expect(credentialSetNameOf(registry, `${REGISTRY_ID.toUpperCase()}/credentialSets/dockerhub`)).toEqual({ name: 'dockerhub', foreign: false });
    expect(credentialSetNameOf(registry, `${REGISTRY_ID}2/credentialSets/other`)).toEqual({ name: 'other', foreign: true });
    expect(credentialSetNameOf(registry, `${REGISTRY_ID}/cacheRules/x`)).toBeNull();
  });
});

describe('SDK ↔ model mapping', () => {
  const registry = parseRegistryId(REGISTRY_ID);

  it('maps a rule both ways, credential set by name ↔ by ARM ID', () => {
    const wire = toWireCacheRule(registry, { name: 'docker-nginx', source: 'docker.io/library/nginx', target: 'nginx', credentialSet: 'dockerhub' });
    expect(wire).toEqual({ properties: { sourceRepository: 'docker.io/library/nginx', targetRepository: 'nginx', credentialSetResourceId: `${REGISTRY_ID}/credentialSets/dockerhub` } });
    expect(toWireCacheRule(registry, { name: 'mcr-all', source: 'mcr.microsoft.com/*', target: 'mcr/*' }).properties).not.toHaveProperty('credentialSetResourceId');
    const live = fromWireCacheRule(registry, { ...wire, name: 'docker-nginx', id: `${REGISTRY_ID}/cacheRules/docker-nginx`, properties: { ...wire.properties, provisioningState: 'Succeeded', creationDate: '2026-01-02T03:04:05.1234567+00:00' } });
    expect(live).toEqual({
      name: 'docker-nginx',
      source: 'docker.io/library/nginx',
      target: 'nginx',
      credentialSet: 'dockerhub',
      credentialSetResourceId: `${REGISTRY_ID}/credentialSets/dockerhub`,
      id: `${REGISTRY_ID}/cacheRules/docker-nginx`,
      provisioningState: 'Succeeded',
      createdAt: '2026-01-02T03:04:05.123Z',
    });
    expect(fromWireCacheRule(registry, { name: 'x', properties: { sourceRepository: 'ghcr.io/a', targetRepository: 'a' } })).not.toHaveProperty('credentialSet');
  });

  it('reads and writes the preview properties exactly as the acrcache examples show them, unknown ones included', () => {
    const uami = '/subscriptions/12345678-1234-1234-1234-123456789012/resourceGroups/myResourceGroup/providers/Microsoft.ManagedIdentity/userAssignedIdentities/myUserAssignedIdentity';
    const filters = { tags: { type: 'KQL', query: "Tags | where Name startswith '2';" }, platforms: { type: 'array', values: ['linux/amd64', 'linux/arm64'] } };
    const live = fromWireCacheRule(registry, {
      name: 'myCacheRule',
      identity: { type: 'UserAssigned', userAssignedIdentities: { [uami]: { clientId: 'c', principalId: 'p' } } },
      properties: { sourceRepository: 'acr-registry.azurecr.io/library/repository', targetRepository: 'cached-acr/hello-world', syncMode: 'ActiveSync', syncReferrers: 'Enabled', artifactSyncFilters: filters, futureThing: { a: 1 }, provisioningState: 'Succeeded' },
    });
    expect(live).toMatchObject({ identity: uami, syncMode: 'ActiveSync', syncReferrers: 'Enabled', artifactSyncFilters: filters, extraProperties: { futureThing: { a: 1 } } });
    expect(toWireCacheRule(registry, live)).toEqual({
      identity: { type: 'UserAssigned', userAssignedIdentities: { [uami]: {} } },
      properties: { futureThing: { a: 1 }, sourceRepository: 'acr-registry.azurecr.io/library/repository', targetRepository: 'cached-acr/hello-world', syncMode: 'ActiveSync', syncReferrers: 'Enabled', artifactSyncFilters: filters },
    });
    // CacheRuleUpdateRemoveMIAuthentication.json
    expect(toWirePatch(registry, { identity: null })).toEqual({ identity: { type: 'None' } });
    expect(toWirePatch(registry, { credentialSet: null, syncMode: 'PassiveSync' })).toEqual({ properties: { credentialSetResourceId: null, syncMode: 'PassiveSync' } });
  });

  it('maps a credential set with health, identity and the Key Vault grant commands', () => {
    expect(toSdkCredentialSet({ name: 'dockerhub', loginServer: 'docker.io', usernameSecret: 'https://kv1.vault.azure.net/secrets/user', passwordSecret: 'https://kv1.vault.azure.net/secrets/token' })).toEqual({
      loginServer: 'docker.io',
      identity: { type: 'SystemAssigned' },
      authCredentials: [{ name: 'Credential1', usernameSecretIdentifier: 'https://kv1.vault.azure.net/secrets/user', passwordSecretIdentifier: 'https://kv1.vault.azure.net/secrets/token' }],
    });
    const live = toLiveCredentialSet(registry, {
      name: 'dockerhub',
      id: `${REGISTRY_ID}/credentialSets/dockerhub`,
      loginServer: 'docker.io',
      identity: { type: 'SystemAssigned', principalId: PRINCIPAL },
      authCredentials: [
        {
          name: 'Credential1',
          usernameSecretIdentifier: 'https://kv1.vault.azure.net/secrets/user',
          passwordSecretIdentifier: 'https://kv1.vault.azure.net/secrets/token',
          credentialHealth: { status: 'Unhealthy', errorCode: 'KeyVaultSecretAccessDenied', errorMessage: 'Access denied' },
        },
      ],
      provisioningState: 'Succeeded',
    });
    expect(live).toMatchObject({
      name: 'dockerhub',
      loginServer: 'docker.io',
      usernameSecret: 'https://kv1.vault.azure.net/secrets/user',
      passwordSecret: 'https://kv1.vault.azure.net/secrets/token',
      principalId: PRINCIPAL,
      identityType: 'SystemAssigned',
      health: { status: 'Unhealthy', errorCode: 'KeyVaultSecretAccessDenied', errorMessage: 'Access denied' },
      grantNote: null,
    });
    expect(live.keyVaultGrants).toEqual([
      {
        vaultName: 'kv1',
        secretNames: ['user', 'token'],
        accessPolicyCommand: `az keyvault set-policy --name kv1 --object-id ${PRINCIPAL} --secret-permissions get`,
        roleAssignmentCommand: `az role assignment create --role "Key Vault Secrets User" --assignee-object-id ${PRINCIPAL} --assignee-principal-type ServicePrincipal --scope "$(az keyvault show --name kv1 --query id --output tsv)"`,
      },
    ]);
    expect(toLiveCredentialSet(registry, { name: 'x', loginServer: 'ghcr.io' }).health).toEqual({ status: 'Unknown', errorCode: null, errorMessage: null });
  });
});

describe('Key Vault grants', () => {
  it('parses secret URIs of any cloud, with or without a version', () => {
    expect(parseSecretUri('https://My-Vault.vault.azure.net/secrets/docker-token/0123456789abcdef0123456789abcdef')).toEqual({ vaultName: 'my-vault', vaultHost: 'my-vault.vault.azure.net', secretName: 'docker-token', version: '0123456789abcdef0123456789abcdef' });
    expect(parseSecretUri('https://kv-china.vault.azure.cn/secrets/user')?.vaultHost).toBe('kv-china.vault.azure.cn');
    expect(parseSecretUri('http://kv.vault.azure.net/secrets/user')).toBeNull();
    expect(parseSecretUri('https://kv.vault.azure.net/keys/user')).toBeNull();
  });

  it('gives one command pair per vault, and says why when it cannot', () => {
    const two = keyVaultGrantsFor(PRINCIPAL, ['https://kv-a.vault.azure.net/secrets/u', 'https://kv-b.vault.azure.net/secrets/p']);
    expect(two.grants.map((g) => g.vaultName)).toEqual(['kv-a', 'kv-b']);
    const none = keyVaultGrantsFor(null, ['https://kv-a.vault.azure.net/secrets/u']);
    expect(none.grants).toEqual([]);
    expect(none.note).toContain('no system-assigned identity');
    const bad = keyVaultGrantsFor(PRINCIPAL, ['not a uri', 'https://kv-a.vault.azure.net/secrets/u']);
    expect(bad.grants).toHaveLength(1);
    expect(bad.note).toContain('"not a uri" is not a Key Vault secret URI');
  });
});

describe('SDK errors → AppError', () => {
  it('reads code and status of a RestError, preferring the ARM error body', () => {
    const err = new RestError('Conflict!', { code: 'Conflict', statusCode: 409 });
    err.details = { error: { code: 'TargetRepositoryAlreadyPresentInRegistry', message: 'exists' } };
    expect(armErrorFacts(err)).toEqual({ code: 'TargetRepositoryAlreadyPresentInRegistry', status: 409, message: 'exists' });
    expect(toAzureAppError(err, { subject: 'cache rule "x"', action: 'create' }).code).toBe('target-repository-exists');
  });

  it('recognises a failed long-running operation from core-lro\'s message', () => {
    const err = new Error('The long-running operation has failed. QuotaExceeded. Cache rule quota exceeded');
    expect(armErrorFacts(err)).toEqual({ operationFailed: true, code: 'QuotaExceeded', message: 'Cache rule quota exceeded' });
    expect(toAzureAppError(new Error('The long-running operation has failed')).code).toBe('operation-failed');
  });

  it('finds the Node network code behind a RestError without status', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const err = new RestError('connect ECONNREFUSED', { code: 'REQUEST_SEND_ERROR' });
    (err as { cause?: unknown }).cause = cause;
    expect(toAzureAppError(err).code).toBe('network-error');
  });

  it('passes the app\'s own errors through unchanged, even wrapped', () => {
    const own = new AppError('sign-in-required', 'Sign in again.');
    expect(toAzureAppError(new Error('wrapped', { cause: own }))).toBe(own);
  });
});

describe('catalog paging', () => {
  it('follows the Link header relative to the registry endpoint', () => {
    expect(nextCatalogPath('</v2/_catalog?last=library%2Fnginx&n=100>; rel="next"')).toBe('/v2/_catalog?last=library%2Fnginx&n=100');
    expect(nextCatalogPath('<https://contoso.azurecr.io/v2/_catalog?last=a&n=2>; rel="next"')).toBe('/v2/_catalog?last=a&n=2');
    expect(nextCatalogPath(undefined)).toBeNull();
    expect(nextCatalogPath('</v2/other?x=1>; rel="next"')).toBeNull();
  });
});
