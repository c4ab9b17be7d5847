// Applying plans to the ARM emulator through the real SDK, with faults injected: every operation
// ends in a known, reported state; re-running converges; nothing is deleted unasked.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { baselineOf } from '../../core/fingerprint.ts';
import type { CacheRule, CredentialSet, RuleSet } from '../../core/model.ts';
import { planChanges, resolveConflict } from '../../core/plan.ts';
import { executePlan, type ApplyProgress, type RegistryWriter } from '../../main/apply/executor.ts';
import { readLiveRuleSet, registryWriter } from '../../main/apply/registry-writer.ts';
import { resolveCloud } from '../../main/auth/clouds.ts';
import { createAzureService, type AzureService } from '../../main/azure/azure-service.ts';
import { createEventHub } from '../../main/events.ts';
import type { RegistryRef } from '../../preload/api.ts';
import { WRITE_OPERATIONS } from '../emulators/arm.ts';
import { startAzureTestEnvironment, TEST_TENANT, type AzureTestEnvironment } from '../emulators/azure-environment.ts';
import { fakeArmToken } from '../emulators/jwt.ts';

const KV = 'https://kv-contoso.vault.azure.net/secrets';
const hubSet: CredentialSet = { name: 'dockerhub', loginServer: 'docker.io', usernameSecret: `${KV}/hub-user`, passwordSecret: `${KV}/hub-token` };
const ghcrSet: CredentialSet = { name: 'ghcr-creds', loginServer: 'ghcr.io', usernameSecret: `${KV}/gh-user`, passwordSecret: `${KV}/gh-token` };

const draft: RuleSet = {
  registry: 'contosocache.azurecr.io',
  credentialSets: [ghcrSet, hubSet],
  rules: [
    { name: 'hub-python', source: 'docker.io/library/python/*', target: 'library/python/*', credentialSet: 'dockerhub' },
    { name: 'mcr-dotnet', source: 'mcr.microsoft.com/dotnet/*', target: 'library/dotnet/*' },
    { name: 'hello-world', source: 'docker.io/library/hello-world', target: 'hello-world', credentialSet: 'dockerhub' },
    { name: 'ghcr-tools', source: 'ghcr.io/contoso/tools/*', target: 'ghcr/tools/*', credentialSet: 'ghcr-creds' },
    { name: 'quay-all', source: 'quay.io/*', target: 'quay/*' },
  ],
};

const sortByName = <T extends { name: string }>(items: T[]) => [...items].sort((a, b) => a.name.localeCompare(b.name));
function sameContent(live: RuleSet, wanted: RuleSet) {
  expect(sortByName(live.rules)).toEqual(sortByName(wanted.rules));
  expect(sortByName(live.credentialSets)).toEqual(sortByName(wanted.credentialSets));
}

describe('apply a plan to the registry (ARM emulator, real SDK)', () => {
  let env: AzureTestEnvironment;
  let azure: AzureService;
  let ref: RegistryRef;
  let writer: RegistryWriter;

  beforeEach(async () => {
    env = await startAzureTestEnvironment();
    azure = createAzureService({
      auth: {
        credential: () => ({ getToken: async () => ({ token: fakeArmToken({ tid: TEST_TENANT }), expiresOnTimestamp: Date.now() + 3_600_000 }) }),
        cloudOf: async () => resolveCloud('AzureCloud', { AzureCloud: { armEndpoint: env.arm.url } }),
      },
      events: createEventHub(),
      tlsCa: env.cert.cert,
      pollIntervalMs: 0,
      // the SDK gives up at once: retrying is the executor's job here, so it is what is tested
      retryOptions: { maxRetries: 0 },
    });
    ref = { accountId: 'AzureCloud|test', tenantId: TEST_TENANT, registryId: env.registry.id };
    writer = registryWriter(azure, ref);
  });
  afterEach(async () => {
    await env.close();
  });

  const live = () => readLiveRuleSet(azure, ref);
  const fast = { baseDelayMs: 1, maxDelayMs: 5 };

  it('creates everything in dependency order and converges: planning again finds nothing to do', async () => {
    const plan = planChanges(await live(), draft, { prune: false });
    expect(plan.blocked).toBe(false);
    const progress: ApplyProgress[] = [];
    const outcome = await executePlan(plan, writer, { concurrency: 4, onProgress: (p) => progress.push(p), ...fast });
    expect(outcome).toMatchObject({ succeeded: plan.operations.length, failed: 0, skipped: 0, cancelled: 0 });
    sameContent(await live(), draft);
    expect(planChanges(await live(), draft, { prune: false }).operations).toEqual([]);
    // sets were written before any rule that uses them
    const writes = env.arm.requests.filter((r) => WRITE_OPERATIONS.includes(r.op as never) && r.method !== 'GET');
    const firstRuleUsingHub = writes.findIndex((r) => r.op === 'cacheRules.create' && (r.name === 'hub-python' || r.name === 'hello-world'));
    const hubCreate = writes.findIndex((r) => r.op === 'credentialSets.create' && r.name === 'dockerhub');
    expect(hubCreate).toBeGreaterThanOrEqual(0);
    expect(hubCreate).toBeLessThan(firstRuleUsingHub);
    expect(progress.at(-1)).toMatchObject({ total: plan.operations.length, done: plan.operations.length, running: 0 });
  });

  it('waits out 429 Retry-After and transient 500s, then succeeds', async () => {
    env.arm.faults.throttle('cacheRules.create', { times: 3, retryAfterMs: 20 });
    env.arm.faults.fail('credentialSets.create', { status: 500, code: 'InternalServerError', message: 'try again' }, 1);
    const plan = planChanges(await live(), draft, { prune: false });
    const outcome = await executePlan(plan, writer, { concurrency: 2, ...fast });
    expect(outcome).toMatchObject({ failed: 0, skipped: 0, succeeded: plan.operations.length });
    expect(outcome.retries).toBe(4);
    expect(env.arm.requests.filter((r) => r.status === 429)).toHaveLength(3);
    sameContent(await live(), draft);
  });

  it('a failure stops only what depends on it; re-running after the fault converges', async () => {
    // ghcr-creds goes first in the draft, so a fault that matched any set would hit it instead
    env.arm.faults.inject({ match: { op: 'credentialSets.create', name: 'dockerhub' }, respond: { status: 403, code: 'AuthorizationFailed', message: 'no write access to credentialSets' } });
    const first = await executePlan(planChanges(await live(), draft, { prune: false }), writer, fast);
    const status = Object.fromEntries(first.results.map((r) => [r.id, r.status]));
    expect(status['create-credential-set:dockerhub']).toBe('failed');
    expect(first.results.find((r) => r.id === 'create-credential-set:dockerhub')!.error).toMatchObject({ code: 'not-authorized' });
    expect(status['create-rule:hub-python']).toBe('skipped');
    expect(status['create-rule:hello-world']).toBe('skipped');
    expect(first.results.find((r) => r.id === 'create-rule:hello-world')!.reason).toMatch(/create-credential-set:dockerhub failed/);
    expect(status['create-rule:mcr-dotnet']).toBe('succeeded');
    expect(status['create-rule:ghcr-tools']).toBe('succeeded');
    expect(status['create-credential-set:ghcr-creds']).toBe('succeeded');
    // the second run is planned from what the registry holds now: only the missing pieces
    const second = planChanges(await live(), draft, { prune: false });
    expect(second.operations.map((o) => o.id).sort()).toEqual(['create-credential-set:dockerhub', 'create-rule:hello-world', 'create-rule:hub-python']);
    expect((await executePlan(second, writer, fast)).failed).toBe(0);
    sameContent(await live(), draft);
  });

  it('reports a long-running operation that fails after Azure accepted it', async () => {
    env.arm.faults.failOperation('cacheRules.create', 'QuotaExceeded', 'Cache rule quota exceeded', { name: 'quay-all' });
    const outcome = await executePlan(planChanges(await live(), draft, { prune: false }), writer, fast);
    const quay = outcome.results.find((r) => r.id === 'create-rule:quay-all')!;
    expect(quay.status).toBe('failed');
    expect(quay.error!.message).toMatch(/quota/i);
    expect(outcome.failed).toBe(1);
    expect((await live()).rules.map((r) => r.name)).not.toContain('quay-all');
  });

  it('deletes nothing the plan did not list: without pruning, extra live rules stay', async () => {
    env.registry.putRule({ name: 'legacy-nginx', source: 'mcr.microsoft.com/oss/nginx/nginx', target: 'legacy/nginx' });
    await executePlan(planChanges(await live(), draft, { prune: false }), writer, fast);
    expect(env.arm.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
    expect((await live()).rules.map((r) => r.name)).toContain('legacy-nginx');
    // with pruning, exactly that rule is deleted
    const pruned = planChanges(await live(), draft, { prune: true });
    expect(pruned.operations.map((o) => o.id)).toEqual(['delete-rule:legacy-nginx']);
    await executePlan(pruned, writer, fast);
    expect(env.arm.requests.filter((r) => r.method === 'DELETE').map((r) => r.name)).toEqual(['legacy-nginx']);
    sameContent(await live(), draft);
  });

  it('replaces a rule whose target changed (delete, then create) and patches a credential set change', async () => {
    // The 2023 service cleared a credential set on PATCH null; today's ignores it (R26), which
    // issue 10.1 plans as delete + create. This test keeps checking the PATCH path itself.
    env.arm.setDetachCredentialSet('clears');
    await executePlan(planChanges(await live(), draft, { prune: false }), writer, fast);
    const edited: RuleSet = {
      ...draft,
      rules: draft.rules.map((r): CacheRule => (r.name === 'quay-all' ? { ...r, target: 'quay-io/*' } : r.name === 'ghcr-tools' ? { name: r.name, source: r.source, target: r.target } : r)),
    };
    const plan = planChanges(await live(), edited, { prune: false });
    expect(plan.changes.map((c) => [c.name, c.change]).sort()).toEqual([
      ['ghcr-tools', 'update'],
      ['quay-all', 'replace'],
    ]);
    expect((await executePlan(plan, writer, fast)).failed).toBe(0);
    sameContent(await live(), edited);
    expect(env.arm.requests.filter((r) => r.op === 'cacheRules.update').map((r) => r.body)).toEqual([{ properties: { credentialSetResourceId: null } }]);
  });

  it('holds a change to an item someone else modified since import until the conflict is resolved', async () => {
    await executePlan(planChanges(await live(), draft, { prune: false }), writer, fast);
    const imported = await live();
    const baseline = baselineOf(imported);
    const mine: RuleSet = { ...imported, rules: imported.rules.map((r) => (r.name === 'hello-world' ? { ...r, target: 'hello' } : r)) };
    // someone else edits the same rule in the registry meanwhile
    env.registry.removeRule('hello-world');
    env.registry.putRule({ name: 'hello-world', source: 'docker.io/library/hello-world', target: 'samples/hello-world', credentialSet: 'dockerhub' });
    const plan = planChanges(await live(), mine, { prune: false, baseline });
    expect(plan.conflicts.map((c) => c.id)).toEqual(['rule:hello-world']);
    const held = await executePlan(plan, writer, fast);
    expect(held.results.every((r) => r.status === 'held')).toBe(true);
    expect((await live()).rules.find((r) => r.name === 'hello-world')!.target).toBe('samples/hello-world');
    // "take theirs" leaves it; "keep mine" replaces it
    expect(resolveConflict(plan, 'rule:hello-world', 'theirs').operations).toEqual([]);
    const keepMine = resolveConflict(plan, 'rule:hello-world', 'mine');
    expect((await executePlan(keepMine, writer, fast)).failed).toBe(0);
    expect((await live()).rules.find((r) => r.name === 'hello-world')!.target).toBe('hello');
  });

  it('cancel stops new work; what ran is reported and planning again picks up the rest', async () => {
    env.arm.faults.latency('*', 30);
    const controller = new AbortController();
    const plan = planChanges(await live(), draft, { prune: false });
    const outcome = await executePlan(plan, writer, {
      concurrency: 1,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.succeeded === 2) controller.abort();
      },
      ...fast,
    });
    expect(outcome.succeeded).toBeGreaterThanOrEqual(2);
    expect(outcome.cancelled).toBeGreaterThan(0);
    expect(outcome.succeeded + outcome.cancelled).toBe(plan.operations.length);
    env.arm.faults.clear();
    const rest = planChanges(await live(), draft, { prune: false });
    expect(rest.operations.length).toBe(plan.operations.length - outcome.succeeded);
    await executePlan(rest, writer, fast);
    sameContent(await live(), draft);
  });

  it('keeps at most `concurrency` writes in flight', async () => {
    env.arm.faults.latency('*', 15);
    let inFlight = 0;
    let peak = 0;
    const counting = Object.fromEntries(
      Object.entries(writer).map(([key, fn]) => [
        key,
        async (...args: unknown[]) => {
          peak = Math.max(peak, ++inFlight);
          try {
            return await (fn as (...a: unknown[]) => Promise<unknown>)(...args);
          } finally {
            inFlight--;
          }
        },
      ]),
    ) as unknown as RegistryWriter;
    await executePlan(planChanges(await live(), draft, { prune: false }), counting, { concurrency: 2, ...fast });
    expect(peak).toBe(2);
  });
});
