// A rule the draft lacks (prune off keeps it) whose credential set is replaced is deleted and
// created again around the set's replace. When the apply stops between the two (the create fails,
// or the app dies), the rule is in neither the registry nor the draft: the next plan used to
// propose nothing, and it was simply gone (a pull outage), while the apply said "converged".
// The apply journal remembers it; the app plans its re-create, keeps the journal until it exists
// again, and does not call the registry converged meanwhile. Against the ARM emulator.
import { readdir } from 'node:fs/promises';
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

it('the create half fails: not converged, and the next plan (after a restart) creates the kept rule again', async () => {
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
