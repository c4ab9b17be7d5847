// Issue 16.4 through the real app (composition root, IPC router with its zod checks, the SDK's
// pipeline at 2025-09-01-preview) against the emulators: the sync estimate for a rule being edited,
// and a draft's sync-settings edit (ActiveSync + tag filter + platforms + referrers) planned,
// applied and read back with every setting exactly as edited. The edit is made with
// core/sync-settings.ts applySyncEdit, the function the editor's SyncForm turns its fields into a
// rule with. The estimate's numbers rest on acrcache's example CheckCacheRuleArtifactSyncEstimate.json.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMainServices, type MainServices } from '../../main/services.ts';
import { applySyncEdit } from '../../core/sync-settings.ts';
import type { CacheRule } from '../../core/model.ts';
import type { ApplyOutcomeView, DraftState, LiveCacheRule, PlanView, RegistryRef, SyncEstimateView } from '../../preload/api.ts';
import { startAzureTestEnvironment, TEST_TENANT, type AzureTestEnvironment } from '../emulators/azure-environment.ts';
import { EXAMPLE_REQUEST, EXAMPLE_RESPONSE, UPSTREAM_TAGS } from '../fixtures/acrcache/check-sync-estimate-example.ts';

const SOURCE = 'mcr.microsoft.com/azure-cli';
const REQUEST_ID = '7d0c6f64-1f0e-4b1e-9a3c-5f2d8e4b0a01';
const EXPECTED_FILTERS = {
  tags: { type: 'KQL', query: "Tags | where Name startswith '2.54' and Name contains 'mariner'" },
  platforms: { type: 'array', values: ['linux/amd64', 'linux/arm64'] },
};

describe('sync settings: estimate, then draft edit → plan → apply → read back (emulators, real SDK)', () => {
  let env: AzureTestEnvironment;
  let services: MainServices;
  let registry: RegistryRef;

  async function call<T>(channel: string, ...args: unknown[]): Promise<T> {
    const result = await services.router.invoke(channel, args);
    if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
    return result.value as T;
  }

  async function start(): Promise<void> {
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
  }

  beforeEach(async () => {
    env = await startAzureTestEnvironment();
    env.arm.upstreamTags.set(SOURCE, UPSTREAM_TAGS);
    env.registry.putRule({ name: 'mcr-cli', source: SOURCE, target: 'cached-mar/azure-cli' });
  });
  afterEach(async () => {
    await services?.dispose();
    await env.close();
  });

  it('asks Azure for the example estimate and answers its counts and sample', async () => {
    await start();
    const rule: CacheRule = { name: 'mcr-cli', source: SOURCE, target: 'mcr/azure-cli', syncMode: 'ActiveSync', artifactSyncFilters: EXAMPLE_REQUEST.properties.artifactSyncFilters };
    const view = await call<SyncEstimateView>('azure.checkSyncEstimate', { requestId: REQUEST_ID, registry, rule });
    expect(view).toEqual({ kind: 'estimate', repository: 'azure-cli', totalCount: 189, filteredCount: 6, sample: EXAMPLE_RESPONSE.results.map((r) => r.name), apiVersion: '2025-09-01-preview' });
    // the request as the example has it: POST on the registry, the rule as the body; nothing written
    const sent = env.arm.requests.filter((r) => r.op === 'registries.checkSyncEstimate');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ method: 'POST', query: { 'api-version': '2025-09-01-preview' }, body: EXAMPLE_REQUEST, status: 200 });
    expect(env.registry.rule('mcr-cli')!.extensions).toEqual({});
  });

  it('explains a refusal in the words Azure used, keeps the explanation of the app for a missing role, and refuses a malformed request before Azure', async () => {
    await start();
    const rule: CacheRule = { name: 'mcr-missing', source: 'mcr.microsoft.com/missing', target: 'missing', syncMode: 'ActiveSync' };
    await expect(call('azure.checkSyncEstimate', { requestId: REQUEST_ID, registry, rule })).rejects.toMatchObject({ code: 'not-found', message: "Azure answered: The upstream repository 'mcr.microsoft.com/missing' was not found. (NotFound)" });
    // a missing role keeps the app's explanation (which role), with Azure's words after it
    env.arm.faults.fail('registries.checkSyncEstimate', { status: 403, code: 'AuthorizationFailed', message: 'The client does not have authorization to perform action.' });
    await expect(call('azure.checkSyncEstimate', { requestId: REQUEST_ID, registry, rule })).rejects.toMatchObject({ code: 'not-authorized', message: expect.stringContaining('Could not read the sync estimate of mcr.microsoft.com/missing:') });
    await expect(call('azure.checkSyncEstimate', { requestId: 'not-a-uuid', registry, rule })).rejects.toMatchObject({ code: 'invalid-payload' });
  });

  it('cancels an estimate still waiting for Azure', async () => {
    await start();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    env.arm.faults.inject({ match: { op: 'registries.checkSyncEstimate' }, before: () => gate });
    const rule: CacheRule = { name: 'mcr-cli', source: SOURCE, target: 'cached-mar/azure-cli', syncMode: 'ActiveSync' };
    const pending = call('azure.checkSyncEstimate', { requestId: REQUEST_ID, registry, rule });
    await expect.poll(() => env.arm.requests.some((r) => r.op === 'registries.checkSyncEstimate')).toBe(true);
    expect(await call('azure.cancelSyncEstimate', REQUEST_ID)).toBe(true);
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    release();
    expect(await call('azure.cancelSyncEstimate', REQUEST_ID)).toBe(false);
  });

  it('an ActiveSync edit with tag filter, platforms and referrers is planned as a change, applied, and reads back exactly', async () => {
    await start();
    const imported = await call<DraftState>('sync.importRegistry', registry, env.registry.loginServer, 'sync');
    const before = imported.draft.ruleSet.rules.find((r) => r.name === 'mcr-cli')!;
    expect(before).toEqual({ name: 'mcr-cli', source: SOURCE, target: 'cached-mar/azure-cli' });
    const edited: CacheRule = { ...before, ...applySyncEdit(before, { active: true, tags: { kind: 'fields', fields: { startsWith: '2.54', contains: 'mariner' } }, platforms: ['linux/amd64', 'linux/arm64'], referrers: true }) };
    expect(edited).toEqual({ ...before, syncMode: 'ActiveSync', syncReferrers: 'Enabled', artifactSyncFilters: EXPECTED_FILTERS });
    const saved = await call<DraftState>('drafts.saveRule', imported.draft.id, edited, 'mcr-cli');
    expect(saved.draft.ruleSet.rules.find((r) => r.name === 'mcr-cli')).toEqual(edited);

    // the estimate for the draft's rule, as the editor asks it while the filter is typed
    const estimate = await call<SyncEstimateView>('azure.checkSyncEstimate', { requestId: REQUEST_ID, registry, rule: edited });
    expect(estimate).toMatchObject({ kind: 'estimate', totalCount: 189, filteredCount: 3, sample: ['2.54.0-cbl-mariner2.0', '2.54.0-cbl-mariner2.0-amd64', '2.54.0-cbl-mariner2.0-arm64'] });

    const request = { draftId: imported.draft.id, prune: false, resolutions: {} };
    const plan = await call<PlanView>('sync.plan', request);
    expect(plan.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(plan.changes.map((c) => [c.name, c.change])).toEqual([['mcr-cli', 'update']]);
    expect(plan.operations).toHaveLength(1);
    expect(plan.operations[0]).toMatchObject({ kind: 'update-rule', rule: edited, before });

    const outcome = await call<ApplyOutcomeView>('sync.apply', request);
    expect(outcome).toMatchObject({ failed: 0, skipped: 0 });
    // a PATCH with exactly the sync fields, and no delete: the rule was changed in place
    expect(env.arm.requests.filter((r) => r.op === 'cacheRules.update').map((r) => r.body)).toEqual([{ properties: { syncMode: 'ActiveSync', syncReferrers: 'Enabled', artifactSyncFilters: EXPECTED_FILTERS } }]);
    expect(env.arm.requests.filter((r) => r.op === 'cacheRules.delete')).toEqual([]);

    // read back: the emulator's rule, Azure's answer through the app, and a fresh import
    expect(env.registry.rule('mcr-cli')).toMatchObject({ sourceRepository: SOURCE, targetRepository: 'cached-mar/azure-cli', extensions: { syncMode: 'ActiveSync', syncReferrers: 'Enabled', artifactSyncFilters: EXPECTED_FILTERS } });
    const live = await call<LiveCacheRule>('azure.getCacheRule', registry, 'mcr-cli');
    expect({ syncMode: live.syncMode, syncReferrers: live.syncReferrers, artifactSyncFilters: live.artifactSyncFilters }).toEqual({ syncMode: 'ActiveSync', syncReferrers: 'Enabled', artifactSyncFilters: EXPECTED_FILTERS });
    const again = await call<DraftState>('sync.importRegistry', registry, env.registry.loginServer, 'sync again');
    expect(again.draft.ruleSet.rules.find((r) => r.name === 'mcr-cli')).toEqual(edited);
    expect((await call<PlanView>('sync.plan', request)).operations).toEqual([]);
  });
});
