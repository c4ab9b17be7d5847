// The registry's login server in sync (11.4): the one a plan and a comparison read and label the
// registry by is a valid login server of that registry, and the fallback keeps the account's
// cloud (US Government `.azurecr.us`, China `.azurecr.cn`), never a guessed `.azurecr.io`.
import { describe, expect, test, vi } from 'vitest';
import type { AzureService } from '../azure/azure-service.ts';
import type { DraftService } from '../drafts/service.ts';
import { createEventHub } from '../events.ts';
import type { RegistryRef } from '../../preload/api.ts';
import { createSyncService } from './sync-service.ts';

const registryId = (name: string) => `/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/${name}`;
const ref = (cloud: string, name = 'contoso'): RegistryRef => ({ accountId: `${cloud}|00000000-0000-0000-0000-000000000001.72f988bf`, tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', registryId: registryId(name) });

function service(draftRegistry?: string) {
  const azure = {
    listCacheRules: vi.fn(async () => []),
    listCredentialSets: vi.fn(async () => []),
    listRepositories: vi.fn(async () => ({ repositories: [], truncated: false })),
  } as unknown as AzureService;
  const draft = { id: 'd-1', name: 'team', ruleSet: { ...(draftRegistry === undefined ? {} : { registry: draftRegistry }), rules: [], credentialSets: [] } };
  const drafts = {
    open: () => ({ draft }),
    adopt: vi.fn(async (_name: string, ruleSet: unknown, _origin: unknown, link: unknown) => ({ draft: { ...draft, ruleSet, link } })),
  } as unknown as DraftService;
  const dialogs = { openRuleSetFile: async () => null, saveRuleSetFile: async () => null, saveExportFile: async () => null };
  return createSyncService({ drafts, azure, applyAzure: azure, events: createEventHub(), dialogs });
}

const plan = (registry: RegistryRef, loginServer?: string) => ({ draftId: 'd-1', registry, ...(loginServer === undefined ? {} : { loginServer }), prune: false, resolutions: {} });

describe('the login server sync reads a registry by', () => {
  test.each([
    ['AzureCloud', 'contoso.azurecr.io'],
    ['AzureUSGovernment', 'contoso.azurecr.us'],
    ['AzureChinaCloud', 'contoso.azurecr.cn'],
  ])('with none given, a %s registry is its name with that cloud\'s suffix (%s)', async (cloud, expected) => {
    const view = await service().plan(plan(ref(cloud)));
    expect(view.loginServer).toBe(expected);
    const comparison = await service().compare({ kind: 'registry', registry: ref(cloud) }, { kind: 'draft', id: 'd-1' });
    expect(comparison.left.label).toBe(expected);
    expect(comparison.left.ruleSet.registry).toBe(expected);
  });

  test("a draft's mistyped registry ('contoso.azurecr') is not used: the registry's own login server is", async () => {
    expect((await service('contoso.azurecr').plan(plan(ref('AzureUSGovernment')))).loginServer).toBe('contoso.azurecr.us');
  });

  test("a draft's registry naming another registry is not used for this one", async () => {
    expect((await service('fabrikam.azurecr.io').plan(plan(ref('AzureCloud')))).loginServer).toBe('contoso.azurecr.io');
  });

  test("the given login server wins, lowercased, with a sovereign suffix or a domain-label hash kept", async () => {
    expect((await service('contoso.azurecr.io').plan(plan(ref('AzureUSGovernment'), 'Contoso.AzureCR.us'))).loginServer).toBe('contoso.azurecr.us');
    expect((await service().plan(plan(ref('AzureCloud'), 'contoso-h4bcd3.azurecr.io'))).loginServer).toBe('contoso-h4bcd3.azurecr.io');
    expect((await service('CONTOSO.azurecr.cn').plan(plan(ref('AzureChinaCloud')))).loginServer).toBe('contoso.azurecr.cn');
  });

  test('an import refuses a login server that is none, with the fix, and reads nothing', async () => {
    const sync = service();
    await expect(sync.importRegistry(ref('AzureCloud'), 'contoso.azurecr', 'team')).rejects.toMatchObject({ code: 'invalid-login-server', message: expect.stringContaining("write 'contoso.azurecr.io'") });
    const imported = await sync.importRegistry(ref('AzureUSGovernment'), 'Contoso.azurecr.us', 'team');
    expect(imported.draft.ruleSet.registry).toBe('contoso.azurecr.us');
  });
});
