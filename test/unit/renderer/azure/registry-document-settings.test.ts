// A live registry keeps every rule setting (issue 10.3/10.4): the details see the preview
// settings, an identity picked in the editor is PATCHed, and a save that would drop a setting of
// the live rule is refused before anything reaches Azure.
import { describe, expect, test, vi } from 'vitest';
import { RegistryDocument } from '../../../../renderer/src/lib/azure/registry-document.svelte.ts';
import { fakeAzureApi, liveRule, REGISTRY } from './fake-azure-api.ts';

const REF = { accountId: 'acc-1', tenantId: 'tenant-1', registryId: REGISTRY.id };
const UAMI = (name: string) => `/subscriptions/3f2b6c1e-5d4a-4b8c-9e7f-000000000001/resourcegroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
const FILTERS = { tags: { type: 'KQL', query: "Tags | where Name startswith '2';" } };

async function loaded() {
  const fake = fakeAzureApi();
  const sync = { ...liveRule('mcr-cli-sync', 'mcr.microsoft.com/azure-cli', 'cached-mar/azure-cli'), syncMode: 'ActiveSync', artifactSyncFilters: FILTERS };
  const acr = { ...liveRule('acr-app', 'upstream.azurecr.io/app', 'app'), identity: UAMI('cache-puller') };
  fake.azure.listCacheRules.mockResolvedValue([sync, acr]);
  const updateCacheRule = vi.fn(async (_ref: unknown, name: string, patch: { identity?: string | null }) => ({ ...acr, name, ...(patch.identity ? { identity: patch.identity } : {}) }));
  (fake.azure as Record<string, unknown>)['updateCacheRule'] = updateCacheRule;
  const document = new RegistryDocument(fake.api, REF, REGISTRY);
  await document.reload();
  return { fake, document, updateCacheRule };
}

describe('RegistryDocument and the preview settings', () => {
  test('the rule set carries identity, sync mode and filters of the live rules', async () => {
    const { document } = await loaded();
    expect(document.ruleSet.rules).toEqual([
      { name: 'mcr-cli-sync', source: 'mcr.microsoft.com/azure-cli', target: 'cached-mar/azure-cli', syncMode: 'ActiveSync', artifactSyncFilters: FILTERS },
      { name: 'acr-app', source: 'upstream.azurecr.io/app', target: 'app', identity: UAMI('cache-puller') },
    ]);
  });

  test('a new identity is one PATCH of the identity, not a silent no-op', async () => {
    const { fake, document, updateCacheRule } = await loaded();
    await document.saveRule({ name: 'acr-app', source: 'upstream.azurecr.io/app', target: 'app', identity: UAMI('app-reader') }, 'acr-app');
    expect(updateCacheRule).toHaveBeenCalledWith(REF, 'acr-app', { identity: UAMI('app-reader') });
    expect(fake.azure.updateCacheRuleCredentials).not.toHaveBeenCalled();
    expect(fake.azure.deleteCacheRule).not.toHaveBeenCalled();
    expect(document.ruleSet.rules[1]?.identity).toBe(UAMI('app-reader'));
  });

  test('a re-create keeps the sync settings; one that would drop them is refused with nothing sent', async () => {
    const { fake, document } = await loaded();
    const moved = { name: 'mcr-cli-sync', source: 'mcr.microsoft.com/azure-cli', target: 'cached-mar/cli', syncMode: 'ActiveSync', artifactSyncFilters: FILTERS };
    await document.saveRule(moved, 'mcr-cli-sync');
    expect(fake.azure.createCacheRule).toHaveBeenCalledWith(REF, moved);

    fake.azure.createCacheRule.mockClear();
    fake.azure.deleteCacheRule.mockClear();
    const { document: again, fake: fake2 } = await loaded();
    await expect(again.saveRule({ name: 'mcr-cli-sync', source: 'mcr.microsoft.com/azure-cli', target: 'cached-mar/cli' }, 'mcr-cli-sync')).rejects.toThrow(/syncMode "ActiveSync".*artifactSyncFilters.*would drop them/);
    expect(fake2.azure.deleteCacheRule).not.toHaveBeenCalled();
    expect(fake2.azure.createCacheRule).not.toHaveBeenCalled();
  });
});

describe('RegistryDocument and removing a credential set', () => {
  test('is a confirmed delete + create, since the 2026 service ignores PATCH null', async () => {
    const fake = fakeAzureApi();
    fake.azure.listCacheRules.mockResolvedValue([liveRule('ghcr-app', 'ghcr.io/org/app', 'ghcr-app', 'ghcr-set')]);
    const document = new RegistryDocument(fake.api, REF, REGISTRY);
    await document.reload();
    const rule = { name: 'ghcr-app', source: 'ghcr.io/org/app', target: 'ghcr-app' };
    expect(document.needsRecreate(rule, 'ghcr-app')).toBe(true);
    expect(document.confirmationFor(rule, 'ghcr-app')).toContain('does not remove a rule\'s credential set');
    await document.saveRule(rule, 'ghcr-app');
    expect(fake.azure.updateCacheRuleCredentials).not.toHaveBeenCalled();
    expect(fake.azure.deleteCacheRule).toHaveBeenCalledWith(REF, 'ghcr-app');
    expect(fake.azure.createCacheRule).toHaveBeenCalledWith(REF, rule);
  });
});
