// A rule the draft lacks (prune off keeps it) whose credential set is replaced is deleted and
// created again around the set's replace. When the apply stops between the two (the create fails,
// or the app dies), the rule is in neither the registry nor the draft: the next plan used to
// propose nothing, and it was simply gone (a pull outage), while the apply said "converged".
// The apply journal remembers it; the app plans its re-create, keeps the journal until it exists
// again, and does not call the registry converged meanwhile. Against the ARM emulator.
import { spawn } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { RESUMED_REASON } from '../../core/plan.ts';
import { startAzureTestEnvironment, TEST_TENANT, type AzureTestEnvironment } from '../emulators/azure-environment.ts';
import { createApplySync } from '../support/apply-sync.ts';

let env: AzureTestEnvironment | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

const KV = 'https://kv-contoso.vault.azure.net/secrets';

/** A registry with a kept rule on a set whose login server the draft corrects; the draft lacks the rule. */
async function setUp() {
  env = await startAzureTestEnvironment();
  const e = env;
  // Docker Hub's alias as the login server: the validator's fix ('docker.io') is the replace
  e.registry.putCredentialSet({ name: 'hubcreds', loginServer: 'registry-1.docker.io', usernameSecret: `${KV}/hub-user`, passwordSecret: `${KV}/hub-token` });
  e.registry.putRule({ name: 'kept-hub', source: 'docker.io/library/redis', target: 'redis', credentialSet: 'hubcreds' });
  e.registry.putRule({ name: 'dotnet-mcr', source: 'mcr.microsoft.com/dotnet/*', target: 'dotnet/*' });
  const registry = { accountId: 'AzureCloud|test', tenantId: TEST_TENANT, registryId: e.registry.id };
  const first = await createApplySync({ dataDir: e.dataDir, armUrl: e.arm.url, tlsCa: e.cert.cert });
  const imported = await first.sync.importRegistry(registry, e.registry.loginServer, 'hub');
  const draftId = imported.draft.id;
  await first.drafts.deleteRule(draftId, 'kept-hub');
  const set = imported.draft.ruleSet.credentialSets.find((s) => s.name === 'hubcreds')!;
  await first.drafts.saveCredentialSet(draftId, { ...set, loginServer: 'docker.io' }, 'hubcreds');
  return { e, first, draftId };
}

it('the create half fails: not converged, and the next plan (after a restart) creates the kept rule again', async () => {
  const { e, first, draftId } = await setUp();

  const plan = await first.sync.plan({ draftId, prune: false, resolutions: {} });
  expect(plan.blocked).toBe(false);
  expect(plan.operations.map((o) => o.id)).toEqual(['delete-rule:kept-hub', 'delete-credential-set:hubcreds', 'create-credential-set:hubcreds', 'create-rule:kept-hub']);

  const refusal = e.arm.faults.inject({ match: { op: 'cacheRules.create', name: 'kept-hub' }, respond: { status: 403, code: 'AuthorizationFailed', message: 'no write access to cacheRules' } });
  const outcome = await first.sync.apply({ draftId, prune: false, resolutions: {} });
  expect(Object.fromEntries(outcome.results.map((r) => [r.id, r.status]))).toEqual({
    'delete-rule:kept-hub': 'succeeded',
    'delete-credential-set:hubcreds': 'succeeded',
    'create-credential-set:hubcreds': 'succeeded',
    'create-rule:kept-hub': 'failed',
  });
  expect(e.registry.rule('kept-hub')).toBeUndefined();
  // the registry lacks a rule it had and the draft did not ask to delete: not converged
  expect(outcome.converged).toBe(false);
  expect(await readdir(join(e.dataDir, 'apply-journal'))).toHaveLength(1);
  refusal.cancel();

  // "restart": only what is on disk (the draft and the apply journal) remembers the rule
  const again = await createApplySync({ dataDir: e.dataDir, armUrl: e.arm.url, tlsCa: e.cert.cert });
  const resumed = await again.sync.plan({ draftId, prune: false, resolutions: {} });
  expect(resumed.operations.map((o) => o.id)).toEqual(['create-rule:kept-hub']);
  expect(resumed.operations[0]).toMatchObject({ reason: RESUMED_REASON, rule: { name: 'kept-hub', source: 'docker.io/library/redis', target: 'redis', credentialSet: 'hubcreds' } });
  expect(resumed.conflicts).toEqual([]);
  expect(resumed.notes.map((n) => n.code)).toContain('rule-recreate-resumed');

  const second = await again.sync.apply({ draftId, prune: false, resolutions: {} });
  expect(second).toMatchObject({ failed: 0, succeeded: 1, converged: true });
  expect(e.registry.rule('kept-hub')).toMatchObject({ sourceRepository: 'docker.io/library/redis', targetRepository: 'redis' });
  expect(e.registry.rule('kept-hub')!.credentialSetResourceId).toMatch(/\/credentialSets\/hubcreds$/);
  expect(e.registry.credentialSet('hubcreds')).toMatchObject({ loginServer: 'docker.io' });
  expect((await again.sync.plan({ draftId, prune: false, resolutions: {} })).operations).toEqual([]);
  expect(await readdir(join(e.dataDir, 'apply-journal'))).toEqual([]);
});

it('the app dies between the delete and the create: after the restart the plan creates the kept rule again', async () => {
  const { e, draftId } = await setUp();
  const caFile = join(e.dataDir, 'ca.pem');
  await writeFile(caFile, e.cert.cert);
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/integration/fixtures/apply-child.ts'], {
    env: { ...process.env, APPLY_DATA_DIR: e.dataDir, APPLY_ARM_URL: e.arm.url, APPLY_CA_FILE: caFile, APPLY_DRAFT_ID: draftId, APPLY_PRUNE: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  // the kill lands exactly when the create is sent: the delete, the set's replace, then nothing
  e.arm.faults.inject({
    match: { op: 'cacheRules.create', name: 'kept-hub' },
    before: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    dropConnection: true,
  });
  const signal = await exited;
  expect(signal, stderr).toBe('SIGKILL');
  expect(e.registry.rule('kept-hub')).toBeUndefined();
  expect(e.registry.credentialSet('hubcreds')).toMatchObject({ loginServer: 'docker.io' });

  const again = await createApplySync({ dataDir: e.dataDir, armUrl: e.arm.url, tlsCa: e.cert.cert });
  const plan = await again.sync.plan({ draftId, prune: false, resolutions: {} });
  expect(plan.interruptedApply).toMatchObject({ finished: false, total: 4 });
  expect(plan.operations.map((o) => o.id)).toEqual(['create-rule:kept-hub']);
  expect(plan.conflicts).toEqual([]);
  const outcome = await again.sync.apply({ draftId, prune: false, resolutions: {} });
  expect(outcome).toMatchObject({ failed: 0, succeeded: 1, converged: true });
  expect(e.registry.rule('kept-hub')!.credentialSetResourceId).toMatch(/\/credentialSets\/hubcreds$/);
  expect((await again.sync.plan({ draftId, prune: false, resolutions: {} })).interruptedApply ?? null).toBeNull();
  expect(await readdir(join(e.dataDir, 'apply-journal'))).toEqual([]);
}, 60_000);

it('an apply with prune on after the cut-short one settles it: the rule the draft lacks stays deleted, and the journal goes', async () => {
  const { e, first, draftId } = await setUp();
  const refusal = e.arm.faults.inject({ match: { op: 'cacheRules.create', name: 'kept-hub' }, respond: { status: 403, code: 'AuthorizationFailed', message: 'no write access to cacheRules' } });
  expect(await first.sync.apply({ draftId, prune: false, resolutions: {} })).toMatchObject({ failed: 1, converged: false });
  refusal.cancel();
  // with prune on, a rule the draft lacks is to be deleted: nothing is created again
  expect((await first.sync.plan({ draftId, prune: true, resolutions: {} })).operations).toEqual([]);
  const pruned = await first.sync.apply({ draftId, prune: true, resolutions: {} });
  expect(pruned).toMatchObject({ failed: 0, converged: true });
  expect(e.registry.rule('kept-hub')).toBeUndefined();
  expect(await readdir(join(e.dataDir, 'apply-journal'))).toEqual([]);
  expect((await first.sync.plan({ draftId, prune: false, resolutions: {} })).operations).toEqual([]);
});
