// "Take theirs" keeps theirs, through the app's real composition root and IPC router against the
// Entra and ARM emulators: import → a colleague edits the registry → plan (conflict) → take theirs
// → apply → plan again proposes nothing for that item → the registry still holds theirs.
// Holding the item back for one apply is not enough: the apply advances the baseline, so a draft
// still holding mine would overwrite the colleague's change on the next apply, with no warning.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMainServices, type MainServices } from '../../main/services.ts';
import type { ApplyOutcomeView, DraftState, PlanView, RegistryRef, ResolvedConflicts } from '../../preload/api.ts';
import { startAzureTestEnvironment, TEST_TENANT, type AzureTestEnvironment } from '../emulators/azure-environment.ts';

const KV = 'https://kv-contoso.vault.azure.net/secrets';

describe('take theirs keeps the registry’s version (emulators, real SDK and msal-node)', () => {
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
    env.registry.putCredentialSet({ name: 'dockerhub', loginServer: 'docker.io', usernameSecret: `${KV}/hub-user`, passwordSecret: `${KV}/hub-token` });
    env.registry.putRule({ name: 'hub-python', source: 'docker.io/library/python/*', target: 'library/python/*', credentialSet: 'dockerhub' });
    env.registry.putRule({ name: 'mcr-dotnet', source: 'mcr.microsoft.com/dotnet/*', target: 'library/dotnet/*' });
    env.registry.putRule({ name: 'quay-legacy', source: 'quay.io/legacy/*', target: 'legacy/*' });
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

  const plan = (draftId: string, resolutions: Record<string, 'mine' | 'theirs'> = {}) => call<PlanView>('sync.plan', { draftId, prune: true, resolutions });

  it('import → colleague edits → plan → take theirs → apply → plan again: nothing proposed for the item, the registry keeps theirs', async () => {
    const { draft } = await call<DraftState>('sync.importRegistry', registry, env.registry.loginServer, 'contoso');
    // my own change elsewhere, so the apply has something to do
    await call('drafts.saveRule', draft.id, { name: 'quay-all', source: 'quay.io/*', target: 'quay/*' }, null);
    // the colleague moves mcr-dotnet's target in the registry
    env.registry.removeRule('mcr-dotnet');
    env.registry.putRule({ name: 'mcr-dotnet', source: 'mcr.microsoft.com/dotnet/*', target: 'ms/dotnet/*' });

    const first = await plan(draft.id);
    expect(first.conflicts).toEqual([expect.objectContaining({ id: 'rule:mcr-dotnet', drift: 'changed' })]);

    const taken = await call<ResolvedConflicts>('sync.takeTheirs', { draftId: draft.id, prune: true, resolutions: {} }, ['rule:mcr-dotnet']);
    expect(taken.draft.draft.ruleSet.rules.find((r) => r.name === 'mcr-dotnet')?.target).toBe('ms/dotnet/*');
    expect(taken.draft.undo).toBe('Take theirs: rule mcr-dotnet');
    expect(taken.plan.conflicts).toEqual([]);
    expect(taken.plan.changes.map((c) => [c.name, c.change])).toEqual([['quay-all', 'create']]);

    const outcome = await call<ApplyOutcomeView>('sync.apply', { draftId: draft.id, prune: true, resolutions: {} });
    expect(outcome).toMatchObject({ failed: 0, converged: true });
    const again = await plan(draft.id);
    expect(again.conflicts).toEqual([]);
    expect(again.changes.filter((c) => c.name === 'mcr-dotnet')).toEqual([]);
    expect(again.operations).toEqual([]);
    // a second apply changes nothing either
    const second = await call<ApplyOutcomeView>('sync.apply', { draftId: draft.id, prune: true, resolutions: {} });
    expect(second.results).toEqual([]);
    expect(env.registry.rule('mcr-dotnet')!.targetRepository).toBe('ms/dotnet/*');
    expect(env.registry.rule('quay-all')!.targetRepository).toBe('quay/*');
  });

  it('takes theirs for every conflict at once: a changed rule, a deleted rule and an added rule', async () => {
    const { draft } = await call<DraftState>('sync.importRegistry', registry, env.registry.loginServer, 'contoso');
    await call('drafts.saveRule', draft.id, { name: 'mcr-dotnet', source: 'mcr.microsoft.com/dotnet/*', target: 'dotnet/*' }, 'mcr-dotnet');
    env.registry.removeRule('mcr-dotnet');
    env.registry.putRule({ name: 'mcr-dotnet', source: 'mcr.microsoft.com/dotnet/*', target: 'ms/dotnet/*' });
    env.registry.removeRule('quay-legacy');
    env.registry.putRule({ name: 'ghcr-tools', source: 'ghcr.io/contoso/tools/*', target: 'tools/*' });

    const first = await plan(draft.id);
    expect(first.conflicts.map((c) => [c.id, c.drift]).sort()).toEqual([
      ['rule:ghcr-tools', 'added'],
      ['rule:mcr-dotnet', 'changed'],
      ['rule:quay-legacy', 'deleted'],
    ]);
    const taken = await call<ResolvedConflicts>('sync.takeTheirs', { draftId: draft.id, prune: true, resolutions: {} }, first.conflicts.map((c) => c.id));
    expect(taken.draft.undo).toBe('Take theirs for 3 items');
    expect(taken.draft.draft.ruleSet.rules.map((r) => `${r.name} ${r.target}`).sort()).toEqual(['ghcr-tools tools/*', 'hub-python library/python/*', 'mcr-dotnet ms/dotnet/*']);
    expect(taken.plan.operations).toEqual([]);
    expect(taken.plan.conflicts).toEqual([]);

    // one undo takes the whole edit back; the baseline stays at theirs, so mine is then a plain change
    const undone = await call<DraftState>('drafts.undo', draft.id);
    expect(undone.draft.ruleSet.rules.find((r) => r.name === 'mcr-dotnet')?.target).toBe('dotnet/*');
    expect((await plan(draft.id)).conflicts).toEqual([]);
  });

  it('an apply with "theirs" among its resolutions writes theirs into the draft, so the next apply does not overwrite it', async () => {
    const { draft } = await call<DraftState>('sync.importRegistry', registry, env.registry.loginServer, 'contoso');
    await call('drafts.saveRule', draft.id, { name: 'quay-all', source: 'quay.io/*', target: 'quay/*' }, null);
    env.registry.removeRule('mcr-dotnet');
    env.registry.putRule({ name: 'mcr-dotnet', source: 'mcr.microsoft.com/dotnet/*', target: 'ms/dotnet/*' });

    const outcome = await call<ApplyOutcomeView>('sync.apply', { draftId: draft.id, prune: true, resolutions: { 'rule:mcr-dotnet': 'theirs' } });
    expect(outcome).toMatchObject({ failed: 0, converged: true });
    const after = await call<DraftState>('drafts.open', draft.id);
    expect(after.draft.ruleSet.rules.find((r) => r.name === 'mcr-dotnet')?.target).toBe('ms/dotnet/*');
    expect(after.undo).toBe('Take theirs: rule mcr-dotnet');
    expect((await plan(draft.id)).operations).toEqual([]);
    await call<ApplyOutcomeView>('sync.apply', { draftId: draft.id, prune: true, resolutions: {} });
    expect(env.registry.rule('mcr-dotnet')!.targetRepository).toBe('ms/dotnet/*');
  });

  it('refuses ids that are not conflicts of the plan made now, and changes nothing', async () => {
    const { draft } = await call<DraftState>('sync.importRegistry', registry, env.registry.loginServer, 'contoso');
    await expect(call('sync.takeTheirs', { draftId: draft.id, prune: true, resolutions: {} }, ['rule:mcr-dotnet'])).rejects.toMatchObject({ code: 'conflict-gone' });
    expect((await call<DraftState>('drafts.open', draft.id)).undo).toBeNull();
  });
});
