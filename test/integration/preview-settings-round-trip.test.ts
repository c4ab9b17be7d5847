// Issue 10.3/10.4 "done when": a registry with an ActiveSync rule and an ACR-to-ACR rule imports
// into a draft, round-trips through draft edits, plans and applies back through the real app
// (composition root, IPC router, SDK pipeline at 2025-09-01-preview) with no property lost.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMainServices, type MainServices } from '../../main/services.ts';
import type { ApplyOutcomeView, DraftState, PlanView, RegistryRef } from '../../preload/api.ts';
import { startAzureTestEnvironment, TEST_SUBSCRIPTION, TEST_TENANT, type AzureTestEnvironment } from '../emulators/azure-environment.ts';

const UAMI = (name: string) => `/subscriptions/${TEST_SUBSCRIPTION}/resourceGroups/rg-identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
// CacheRuleCreateArtifactSync.json (acrcache 2025-09-01-preview examples)
const FILTERS = {
  tags: { type: 'KQL', query: "Tags | where Name startswith '2';" },
  platforms: { type: 'array', values: ['linux/amd64', 'linux/arm64'] },
  imageTypes: { type: 'include', values: ['application/vnd.oci.image.manifest.v1+json', 'application/vnd.oci.image.index.v1+json'] },
};

describe('preview cache-rule settings survive import → draft → plan → apply (emulators, real SDK)', () => {
  let env: AzureTestEnvironment;
  let services: MainServices;
  let registry: RegistryRef;

  async function call<T>(channel: string, ...args: unknown[]): Promise<T> {
    const result = await services.router.invoke(channel, args);
    if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
    return result.value as T;
  }

  beforeEach(async () => {
    env = await startAzureTestEnvironment();
    env.registry.putRule({ name: 'mcr-cli-sync', source: 'mcr.microsoft.com/azure-cli', target: 'cached-mar/azure-cli', extensions: { syncMode: 'ActiveSync', syncReferrers: 'Enabled', artifactSyncFilters: FILTERS } });
    env.registry.putRule({ name: 'acr-app', source: 'upstream.azurecr.io/app', target: 'app', extensions: { userAssignedIdentities: [UAMI('cache-puller')] } });
    services = await createMainServices({
      dataDir: env.dataDir,
      runtime: { name: 'ACR Cache Studio', version: '0', versions: {}, platform: 'linux' },
      openExternal: async () => {},
      dialogs: { openRuleSetFile: async () => null, saveRuleSetFile: async () => null, saveExportFile: async () => null },
      azure: env.options(),
    });
    services.events.subscribe((channel, payload) => {
      if (channel === 'auth.onDeviceCode') env.entra.approveDeviceCode((payload as { userCode: string }).userCode);
    });
    const account = await call<{ id: string }>('auth.signIn', { mode: 'device-code' });
    registry = { accountId: account.id, tenantId: TEST_TENANT, registryId: env.registry.id };
  });
  afterEach(async () => {
    await services.dispose();
    await env.close();
  });

  it('imports both rules with their settings, applies a replace and an identity change, and loses nothing', async () => {
    const imported = await call<DraftState>('sync.importRegistry', registry, env.registry.loginServer, 'preview');
    const byName = Object.fromEntries(imported.draft.ruleSet.rules.map((r) => [r.name, r]));
    expect(byName['mcr-cli-sync']).toEqual({ name: 'mcr-cli-sync', source: 'mcr.microsoft.com/azure-cli', target: 'cached-mar/azure-cli', syncMode: 'ActiveSync', syncReferrers: 'Enabled', artifactSyncFilters: FILTERS });
    expect(byName['acr-app']).toEqual({ name: 'acr-app', source: 'upstream.azurecr.io/app', target: 'app', identity: UAMI('cache-puller') });
    const id = imported.draft.id;

    // A new target (replace: delete + create) keeps the sync settings; the identity moves (PATCH)
    // to one picked from the subscription's list, as the editor's identity picker offers it.
    env.arm.addUserAssignedIdentity({ subscriptionId: TEST_SUBSCRIPTION, resourceGroup: 'rg-identities', name: 'cache-puller-2' });
    const listed = await call<{ id: string; name: string }[]>('azure.listUserAssignedIdentities', { accountId: registry.accountId, tenantId: TEST_TENANT, subscriptionId: TEST_SUBSCRIPTION });
    const picked = listed.find((i) => i.name === 'cache-puller-2')!.id;
    expect(picked.toLowerCase()).toBe(UAMI('cache-puller-2').toLowerCase());
    await call('drafts.saveRule', id, { ...byName['mcr-cli-sync'], target: 'cached-mar/cli' }, 'mcr-cli-sync');
    await call('drafts.saveRule', id, { ...byName['acr-app'], identity: picked }, 'acr-app');
    const plan = await call<PlanView>('sync.plan', { draftId: id, prune: false, resolutions: {} });
    expect(plan.changes.map((c) => [c.name, c.change]).sort()).toEqual([
      ['acr-app', 'update'],
      ['mcr-cli-sync', 'replace'],
    ]);
    expect(plan.problems.filter((p) => p.severity === 'error')).toEqual([]);

    const outcome = await call<ApplyOutcomeView>('sync.apply', { draftId: id, prune: false, resolutions: {} });
    expect(outcome).toMatchObject({ failed: 0, skipped: 0 });
    expect(env.registry.rule('mcr-cli-sync')).toMatchObject({ targetRepository: 'cached-mar/cli', extensions: { syncMode: 'ActiveSync', syncReferrers: 'Enabled', artifactSyncFilters: FILTERS } });
    expect(env.registry.rule('acr-app')).toMatchObject({ sourceRepository: 'upstream.azurecr.io/app', extensions: { userAssignedIdentities: [picked] } });
    // what went over the wire: the PUT carried every setting, the PATCH only the identity
    const put = env.arm.requests.find((r) => r.op === 'cacheRules.create' && r.name === 'mcr-cli-sync');
    expect(put).toMatchObject({ query: { 'api-version': '2025-09-01-preview' }, body: { properties: { syncMode: 'ActiveSync', syncReferrers: 'Enabled', artifactSyncFilters: FILTERS } } });
    expect(env.arm.requests.find((r) => r.op === 'cacheRules.update')?.body).toEqual({ identity: { type: 'UserAssigned', userAssignedIdentities: { [picked]: {} } } });
    expect((await call<PlanView>('sync.plan', { draftId: id, prune: false, resolutions: {} })).operations).toEqual([]);
  });

  it('refuses a plan that would drop a setting the live rule has', async () => {
    const imported = await call<DraftState>('sync.importRegistry', registry, env.registry.loginServer, 'preview');
    const id = imported.draft.id;
    await call('drafts.saveRule', id, { name: 'mcr-cli-sync', source: 'mcr.microsoft.com/azure-cli', target: 'cached-mar/azure-cli' }, 'mcr-cli-sync');
    const plan = await call<PlanView>('sync.plan', { draftId: id, prune: false, resolutions: {} });
    expect(plan.blocked).toBe(true);
    expect(plan.problems).toContainEqual(expect.objectContaining({ severity: 'error', code: 'setting-dropped', rule: 'mcr-cli-sync', message: expect.stringMatching(/syncMode "ActiveSync".*would drop them/) }));
    await expect(call('sync.apply', { draftId: id, prune: false, resolutions: {} })).rejects.toThrow(/drop/);
    expect(env.registry.rule('mcr-cli-sync')!.extensions.syncMode).toBe('ActiveSync');
  });
});
