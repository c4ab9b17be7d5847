// Drafts meet live registries, through the app's real composition root and IPC router, signed in
// against the Entra emulator, writing to the ARM emulator: import → edit → plan → apply → the
// registry equals the draft; drift held as a conflict; compare; IaC export.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMainServices, type MainServices } from '../../main/services.ts';
import type { ApplyOutcomeView, ApplyProgressEvent, Comparison, DraftState, IacExport, PlanView, RegistryRef } from '../../preload/api.ts';
import { WRITE_OPERATIONS } from '../emulators/arm.ts';
import { startAzureTestEnvironment, TEST_TENANT, type AzureTestEnvironment } from '../emulators/azure-environment.ts';

const KV = 'https://kv-contoso.vault.azure.net/secrets';

describe('drafts meet live registries (emulators, real SDK and msal-node)', () => {
  let env: AzureTestEnvironment;
  let services: MainServices;
  let registry: RegistryRef;
  const progress: ApplyProgressEvent[] = [];
  let saveTo: string | null = null;

  async function call<T>(channel: string, ...args: unknown[]): Promise<T> {
    const result = await services.router.invoke(channel, args);
    if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
    return result.value as T;
  }

  beforeEach(async () => {
    env = await startAzureTestEnvironment();
    env.registry.putCredentialSet({ name: 'dockerhub', loginServer: 'docker.io', usernameSecret: `${KV}/hub-user`, passwordSecret: `${KV}/hub-token` });
    env.registry.putRule({ name: 'hub-python', source: 'docker.io/library/python/*', target: 'library/python/*', credentialSet: 'dockerhub' });
    env.registry.putRule({ name: 'mcr-dotnet', source: 'mcr.microsoft.com/dotnet/*', target: 'library/dotnet/*' });
    env.registry.addRepositories('teams/payments/api');
    progress.length = 0;
    services = await createMainServices({
      dataDir: env.dataDir,
      runtime: { name: 'ACR Cache Studio', version: '0', versions: {}, platform: 'linux' },
      openExternal: async () => {},
      dialogs: { openRuleSetFile: async () => null, saveRuleSetFile: async () => null, saveExportFile: async () => saveTo },
      azure: env.options(),
    });
    services.events.subscribe((channel, payload) => {
      if (channel === 'auth.onDeviceCode') env.entra.approveDeviceCode((payload as { userCode: string }).userCode);
      if (channel === 'sync.onApplyProgress') progress.push(payload as ApplyProgressEvent);
    });
    const account = await call<{ id: string }>('auth.signIn', { mode: 'device-code' });
    registry = { accountId: account.id, tenantId: TEST_TENANT, registryId: env.registry.id };
  });
  afterEach(async () => {
    await services.dispose();
    await env.close();
  });

  const liveNames = () => env.registry.rules().map((r) => r.name).sort();

  it('import → edit → plan → apply: the registry ends equal to the draft, and planning again is empty', async () => {
    const imported = await call<DraftState>('sync.importRegistry', registry, env.registry.loginServer, 'contoso live');
    expect(imported.draft.origin).toMatchObject({ kind: 'registry', detail: env.registry.loginServer });
    expect(imported.draft.ruleSet.rules.map((r) => r.name).sort()).toEqual(['hub-python', 'mcr-dotnet']);
    expect(Object.keys(imported.draft.link!.baseline.rules).sort()).toEqual(['hub-python', 'mcr-dotnet']);
    const id = imported.draft.id;

    await call('drafts.saveRule', id, { name: 'quay-all', source: 'quay.io/*', target: 'quay/*' }, null);
    await call('drafts.saveRule', id, { name: 'mcr-dotnet', source: 'mcr.microsoft.com/dotnet/*', target: 'mcr/dotnet/*' }, 'mcr-dotnet');
    await call('drafts.deleteRule', id, 'hub-python');

    const plan = await call<PlanView>('sync.plan', { draftId: id, prune: false, resolutions: {} });
    expect(plan.driftChecked).toBe(true);
    expect(plan.changes.map((c) => [c.name, c.change]).sort()).toEqual([
      ['mcr-dotnet', 'replace'],
      ['quay-all', 'create'],
    ]);
    const pruned = await call<PlanView>('sync.plan', { draftId: id, prune: true, resolutions: {} });
    expect(pruned.changes.map((c) => [c.name, c.change]).sort()).toContainEqual(['hub-python', 'delete']);

    const outcome = await call<ApplyOutcomeView>('sync.apply', { draftId: id, prune: true, resolutions: {} });
    expect(outcome).toMatchObject({ failed: 0, skipped: 0, converged: true });
    expect(liveNames()).toEqual(['mcr-dotnet', 'quay-all']);
    expect(env.registry.rule('mcr-dotnet')!.targetRepository).toBe('mcr/dotnet/*');
    expect(progress.at(-1)).toMatchObject({ draftId: id, done: outcome.results.length, running: 0 });
    expect((await call<PlanView>('sync.plan', { draftId: id, prune: true, resolutions: {} })).operations).toEqual([]);
  });

  it('a change someone else made since import is a conflict: nothing is applied until it is resolved', async () => {
    const { draft } = await call<DraftState>('sync.importRegistry', registry, env.registry.loginServer, 'contoso');
    await call('drafts.saveRule', draft.id, { name: 'mcr-dotnet', source: 'mcr.microsoft.com/dotnet/*', target: 'dotnet/*' }, 'mcr-dotnet');
    env.registry.removeRule('mcr-dotnet');
    env.registry.putRule({ name: 'mcr-dotnet', source: 'mcr.microsoft.com/dotnet/*', target: 'ms/dotnet/*' });

    const plan = await call<PlanView>('sync.plan', { draftId: draft.id, prune: false, resolutions: {} });
    expect(plan.conflicts).toEqual([expect.objectContaining({ id: 'rule:mcr-dotnet', drift: 'changed' })]);
    await expect(call('sync.apply', { draftId: draft.id, prune: false, resolutions: {} })).rejects.toMatchObject({ code: 'plan-has-conflicts' });
    expect(env.registry.rule('mcr-dotnet')!.targetRepository).toBe('ms/dotnet/*');

    // (take theirs is in take-theirs.test.ts: it also writes theirs into the draft)
    const mine = await call<ApplyOutcomeView>('sync.apply', { draftId: draft.id, prune: false, resolutions: { 'rule:mcr-dotnet': 'mine' } });
    expect(mine).toMatchObject({ failed: 0, converged: true });
    expect(env.registry.rule('mcr-dotnet')!.targetRepository).toBe('dotnet/*');
    // the apply advanced the baseline: the draft's own write is not drift next time
    expect((await call<PlanView>('sync.plan', { draftId: draft.id, prune: false, resolutions: {} })).conflicts).toEqual([]);
  });

  it('refuses to apply a plan whose result the service would refuse, before sending anything', async () => {
    const { draft } = await call<DraftState>('drafts.create', { name: 'new rules' });
    // a target under an existing repository: pre-flight catches it from the registry's catalog
    await call('drafts.saveRule', draft.id, { name: 'payments-all', source: 'mcr.microsoft.com/*', target: 'teams/*' }, null);
    const plan = await call<PlanView>('sync.plan', { draftId: draft.id, registry, loginServer: env.registry.loginServer, prune: false, resolutions: {} });
    expect(plan.driftChecked).toBe(false);
    expect(plan.blocked).toBe(true);
    expect(plan.problems.map((p) => p.code)).toContain('target-exists');
    const armWrites = () => env.arm.requests.filter((r) => (WRITE_OPERATIONS as readonly string[]).includes(r.op)).length;
    const writesBefore = armWrites();
    await expect(call('sync.apply', { draftId: draft.id, registry, loginServer: env.registry.loginServer, prune: false, resolutions: {} })).rejects.toMatchObject({ code: 'plan-blocked' });
    expect(armWrites()).toBe(writesBefore);
  });

  it('copies a draft to another registry and compares the two registries side by side', async () => {
    const other = env.arm.addRegistry({ subscriptionId: env.registry.id.split('/')[2]!, resourceGroup: 'rg-cache', name: 'contosostaging' });
    const otherRef: RegistryRef = { ...registry, registryId: other.id };
    const { draft } = await call<DraftState>('sync.importRegistry', registry, env.registry.loginServer, 'prod');
    const before = await call<Comparison>('sync.compare', { kind: 'registry', registry }, { kind: 'registry', registry: otherRef });
    expect(before.changes.map((c) => [c.name, c.change]).sort()).toEqual([
      ['dockerhub', 'delete'],
      ['hub-python', 'delete'],
      ['mcr-dotnet', 'delete'],
    ]);
    const copied = await call<ApplyOutcomeView>('sync.apply', { draftId: draft.id, registry: otherRef, loginServer: other.loginServer, prune: false, resolutions: {} });
    expect(copied).toMatchObject({ failed: 0, converged: true });
    const after = await call<Comparison>('sync.compare', { kind: 'registry', registry }, { kind: 'registry', registry: otherRef });
    expect(after.changes).toEqual([]);
    // the source registry was only read
    expect(env.arm.requests.filter((r) => (WRITE_OPERATIONS as readonly string[]).includes(r.op) && r.registry === env.registry.name)).toEqual([]);
  });

  it('exports the draft as az, Bicep, ARM and Terraform, and saves through the dialog', async () => {
    const { draft } = await call<DraftState>('sync.importRegistry', registry, env.registry.loginServer, 'prod');
    const terraform = await call<IacExport>('sync.exportIac', draft.id, 'terraform');
    expect(terraform.content).toContain('azurerm_container_registry_cache_rule');
    expect(terraform.content).toContain('library/python/*');
    expect((await call<IacExport>('sync.exportIac', draft.id, 'bicep')).content).toContain("Microsoft.ContainerRegistry/registries/cacheRules@");
    expect(JSON.parse((await call<IacExport>('sync.exportIac', draft.id, 'arm')).content)).toHaveProperty('resources');
    saveTo = join(env.dataDir, 'cache.sh');
    expect(await call('sync.saveIac', draft.id, 'az')).toBe(saveTo);
    expect(await readFile(saveTo, 'utf8')).toContain('az acr cache create');
    saveTo = null;
    expect(await call('sync.saveIac', draft.id, 'az')).toBeNull();
  });
});
