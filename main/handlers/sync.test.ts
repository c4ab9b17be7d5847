// sync.* takes the same registry, tenant and account shapes as azure.*: both reach ARM with them.
import { describe, expect, test, vi } from 'vitest';
import type { AzureService } from '../azure/azure-service.ts';
import { createIpcRouter, type HandlerTable } from '../ipc/router.ts';
import type { SyncService } from '../sync/sync-service.ts';
import { azureHandlers } from './azure.ts';
import { draftHandlers } from './drafts.ts';
import { syncHandlers } from './sync.ts';
import type { DraftService } from '../drafts/service.ts';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const GOOD = {
  accountId: 'AzureCloud|00000000-0000-0000-0000-000000000001.72f988bf',
  tenantId: TENANT,
  registryId: '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/contoso',
};
// Each was accepted by sync.* while azure.* refused it.
const BAD: Record<string, unknown> = {
  'a tenant that is no GUID': { ...GOOD, tenantId: 'tenant-1' },
  'an account id not from auth.listAccounts': { ...GOOD, accountId: 'acc-1' },
  'a registry name ARM would never give': { ...GOOD, registryId: GOOD.registryId.replace('contoso', 'a/../../x') },
  'a subscription that is no GUID': { ...GOOD, registryId: GOOD.registryId.replace('11111111-2222-3333-4444-555555555555', 'sub') },
};

function routers() {
  // one mock per method, kept: a fresh vi.fn per property read would make 'not called' always true
  const fakes = (answer: () => unknown) => {
    const made = new Map<PropertyKey, ReturnType<typeof vi.fn>>();
    return new Proxy({}, { get: (_t, key) => made.get(key) ?? made.set(key, vi.fn(async () => answer())).get(key) });
  };
  const sync = fakes(() => ({})) as unknown as SyncService;
  const azure = fakes(() => []) as unknown as AzureService;
  const drafts = fakes(() => ({})) as unknown as DraftService;
  return { sync, azure, drafts, router: createIpcRouter({ sync: syncHandlers(sync), azure: azureHandlers(azure), drafts: draftHandlers(drafts) } as unknown as HandlerTable) };
}

describe('sync.* payload schemas', () => {
  test.each(Object.entries(BAD))('refuses %s, exactly as azure.* does', async (_what, ref) => {
    const { router, sync } = routers();
    expect(await router.invoke('azure.listCacheRules', [ref])).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(await router.invoke('sync.importRegistry', [ref, 'contoso.azurecr.io', 'team'])).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    const plan = { draftId: 'd-1', registry: ref, prune: false, resolutions: {} };
    expect(await router.invoke('sync.plan', [plan])).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(await router.invoke('sync.apply', [plan])).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(await router.invoke('sync.compare', [{ kind: 'registry', registry: ref }, { kind: 'draft', id: 'd-1' }])).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(sync.importRegistry).not.toHaveBeenCalled();
  });

  test('accepts what azure.* accepts', async () => {
    const { router } = routers();
    expect(await router.invoke('azure.listCacheRules', [GOOD])).toMatchObject({ ok: true });
    expect(await router.invoke('sync.importRegistry', [GOOD, 'contoso.azurecr.io', 'team'])).toMatchObject({ ok: true });
    expect(await router.invoke('sync.plan', [{ draftId: 'd-1', registry: GOOD, loginServer: 'contoso.azurecr.io', prune: false, resolutions: {} }])).toMatchObject({ ok: true });
  });

  test('a login server must be a host, and names hold no NUL', async () => {
    const { router } = routers();
    for (const server of ['contoso.azurecr.io/evil', 'https://contoso.azurecr.io', 'a b', '']) {
      expect(await router.invoke('sync.importRegistry', [GOOD, server, 'team'])).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    }
    expect(await router.invoke('sync.importRegistry', [GOOD, 'contoso.azurecr.io', 'team\u0000'])).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(await router.invoke('drafts.rename', ['d-1', 'x\u0000y'])).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(await router.invoke('drafts.deleteRule', ['d-1', 'rule\u0000'])).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(await router.invoke('drafts.saveRule', ['d-1', { name: 'ru\u0000le', source: 'quay.io/a', target: 'a' }, null])).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(await router.invoke('drafts.rename', ['d-1', 'team rules'])).toMatchObject({ ok: true });
  });

  test("a registry login server is checked as lint checks a rule set's registry: the same error and fix", async () => {
    const { router, sync, drafts } = routers();
    const refused = await router.invoke('sync.importRegistry', [GOOD, 'contoso.azurecr', 'team']);
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    const message = refused.ok ? '' : refused.error.message;
    expect(message).toContain("'contoso.azurecr' is not a registry login server");
    expect(message).toContain("write 'contoso.azurecr.io'");
    const plan = { draftId: 'd-1', registry: GOOD, loginServer: 'contoso.azurecr.com', prune: false, resolutions: {} };
    expect(await router.invoke('sync.plan', [plan])).toMatchObject({ ok: false, error: { message: expect.stringContaining("write 'contoso.azurecr.io'") } });
    expect(await router.invoke('sync.apply', [plan])).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(sync.importRegistry).not.toHaveBeenCalled();
    expect(sync.plan).not.toHaveBeenCalled();
    // the sovereign clouds' suffixes pass, lowercased on the way in
    for (const server of ['contoso.azurecr.us', 'Contoso.AzureCR.cn']) {
      expect(await router.invoke('sync.importRegistry', [GOOD, server, 'team'])).toMatchObject({ ok: true });
    }
    expect(sync.importRegistry).toHaveBeenLastCalledWith(GOOD, 'contoso.azurecr.cn', 'team');
    // a draft's target registry, typed by the user: refused with the words alone, no payload jargon
    expect(await router.invoke('drafts.create', [{ name: 'team', registry: 'contoso.azurecr' }])).toEqual({
      ok: false,
      error: { code: 'invalid-login-server', message: "'contoso.azurecr' is not a registry login server; ACR login servers end in '.azurecr.io' (or '.azurecr.us', '.azurecr.cn' in the US Government and China clouds): write 'contoso.azurecr.io'." },
    });
    expect(await router.invoke('drafts.setRegistry', ['d-1', 'https://contoso.azurecr.io'])).toMatchObject({ ok: false, error: { code: 'invalid-login-server', message: expect.stringContaining("drop the scheme: write 'contoso.azurecr.io'") } });
    expect(drafts.create).not.toHaveBeenCalled();
    expect(drafts.setRegistry).not.toHaveBeenCalled();
    expect(await router.invoke('drafts.create', [{ name: 'team', registry: 'Contoso.azurecr.us' }])).toMatchObject({ ok: true });
    expect(drafts.create).toHaveBeenLastCalledWith({ name: 'team', registry: 'contoso.azurecr.us' });
    expect(await router.invoke('drafts.setRegistry', ['d-1', null])).toMatchObject({ ok: true });
    expect(await router.invoke('drafts.create', [{ name: 'team', registry: '' }])).toMatchObject({ ok: true });
  });
});
