// The apply path as the app builds it (SDK retries off, the apply pipeline's read retries and
// request timeout on), against the ARM emulator with faults: failing LRO polls, a colleague
// changing the registry mid-apply, writes Azure reports done but does not do, writes that never
// answer, a Retry-After of minutes, and many replaces at once.
import { afterEach, describe, expect, it } from 'vitest';
import type { CacheRule, RuleSet } from '../../core/model.ts';
import { planChanges, type Plan, type UpdateRuleOperation } from '../../core/plan.ts';
import { applyPipelinePolicies, type ApplyPipelineOptions } from '../../main/apply/apply-pipeline.ts';
import { APPLY_RETRY_OPTIONS, executePlan, type ApplyProgress, type ExecuteOptions } from '../../main/apply/executor.ts';
import { readLiveRuleSet, registryWriter } from '../../main/apply/registry-writer.ts';
import { resolveCloud } from '../../main/auth/clouds.ts';
import { createAzureService, type AzureServiceOptions } from '../../main/azure/azure-service.ts';
import { createEventHub } from '../../main/events.ts';
import type { ArmEmulatorOptions } from '../emulators/arm.ts';
import { startAzureTestEnvironment, TEST_TENANT, type AzureTestEnvironment } from '../emulators/azure-environment.ts';
import { fakeArmToken } from '../emulators/jwt.ts';

const KV = 'https://kv-contoso.vault.azure.net/secrets';
const hub = { name: 'dockerhub', loginServer: 'docker.io', usernameSecret: `${KV}/hub-user`, passwordSecret: `${KV}/hub-token` };
const gh = { name: 'github', loginServer: 'ghcr.io', usernameSecret: `${KV}/gh-user`, passwordSecret: `${KV}/gh-token` };
const fast = { baseDelayMs: 1, maxDelayMs: 5 } satisfies ExecuteOptions;

let env: AzureTestEnvironment | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

async function setUp(arm: Omit<ArmEmulatorOptions, 'cert'> = {}, pipeline: ApplyPipelineOptions = {}, service: Pick<AzureServiceOptions, 'cacheRuleApiVersion'> = {}) {
  env = await startAzureTestEnvironment({ arm });
  const e = env;
  const azure = createAzureService({
    auth: {
      credential: () => ({ getToken: async () => ({ token: fakeArmToken({ tid: TEST_TENANT }), expiresOnTimestamp: Date.now() + 3_600_000 }) }),
      cloudOf: async () => resolveCloud('AzureCloud', { AzureCloud: { armEndpoint: e.arm.url } }),
    },
    events: createEventHub(),
    tlsCa: e.cert.cert,
    pollIntervalMs: 0,
    retryOptions: APPLY_RETRY_OPTIONS,
    policies: applyPipelinePolicies({ readRetry: { baseDelayMs: 5, maxDelayMs: 50 }, ...pipeline }),
    ...service,
  });
  const ref = { accountId: 'AzureCloud|test', tenantId: TEST_TENANT, registryId: e.registry.id };
  return { env: e, azure, writer: registryWriter(azure, ref), live: () => readLiveRuleSet(azure, ref) };
}

const rules = (n: number, prefix = 'team'): CacheRule[] =>
  Array.from({ length: n }, (_, i) => ({ name: `${prefix}-${String(i).padStart(3, '0')}`, source: `mcr.microsoft.com/${prefix}/app-${i}`, target: `${prefix}/app-${i}` }));
const ruleSet = (r: CacheRule[], sets = [hub]): RuleSet => ({ registry: 'contosocache.azurecr.io', rules: r, credentialSets: sets });

describe('detaching a credential set on a service where PATCH null is a no-op (2026 recording)', () => {
  it('is planned as delete + create and converges in one apply', async () => {
    const { env, writer, live } = await setUp({ detachCredentialSet: 'ignored' });
    env.registry.putCredentialSet(gh);
    env.registry.putRule({ name: 'gh-tools', source: 'ghcr.io/contoso/tools', target: 'tools', credentialSet: 'github' });
    const draft = ruleSet([{ name: 'gh-tools', source: 'ghcr.io/contoso/tools', target: 'tools' }], [gh]);
    const plan = planChanges(await live(), draft, { prune: false });
    expect(plan.changes).toMatchObject([{ name: 'gh-tools', change: 'replace', reason: expect.stringMatching(/credential set is removed/) }]);
    const outcome = await executePlan(plan, writer, fast);
    expect(outcome).toMatchObject({ failed: 0, succeeded: 2 });
    expect(env.registry.rule('gh-tools')!.credentialSetResourceId).toBeNull();
    expect(planChanges(await live(), draft, { prune: false }).operations).toEqual([]);
  });
});

describe('every write is read back and compared with the plan', () => {
  it('a PATCH that Azure answers Succeeded but does not apply is a failed operation saying what Azure kept', async () => {
    const { env, writer, live } = await setUp({ detachCredentialSet: 'ignored' });
    env.registry.putCredentialSet(gh);
    env.registry.putRule({ name: 'gh-tools', source: 'ghcr.io/contoso/tools', target: 'tools', credentialSet: 'github' });
    // what older plans sent: a PATCH to null
    const before = (await live()).rules[0]!;
    const detach: UpdateRuleOperation = { id: 'update-rule:gh-tools', kind: 'update-rule', change: 'update', rule: { name: before.name, source: before.source, target: before.target }, before, dependsOn: [] };
    const plan = { ...planChanges(await live(), await live(), { prune: false }), operations: [detach] } as Plan;
    const outcome = await executePlan(plan, writer, fast);
    expect(outcome.results[0]).toMatchObject({ status: 'failed', error: { code: 'not-applied' } });
    expect(outcome.results[0]!.error!.message).toMatch(/reading rule 'gh-tools' back shows 'tools' ← 'ghcr\.io\/contoso\/tools', credential set 'github'.*no credential set.*Plan again/);
  });
});

describe('transient errors while polling a long-running operation', () => {
  it.each([
    ['429 with Retry-After', { respond: { status: 429, retryAfterMs: 20 } }],
    ['500', { respond: { status: 500 } }],
    ['a dropped connection', { dropConnection: true }],
  ] as const)('a poll answered %s is polled again, the write is sent once, and the result is the truth', async (_label, fault) => {
    const { env, writer, live } = await setUp({ asyncPolls: 2 });
    const draft = ruleSet(rules(6), []);
    env.arm.faults.inject({ match: { op: 'operations.get' }, times: 4, ...fault });
    const outcome = await executePlan(planChanges(await live(), draft, { prune: false }), writer, { concurrency: 3, ...fast });
    expect(outcome).toMatchObject({ succeeded: 6, failed: 0 });
    const puts = env.arm.requests.filter((r) => r.op === 'cacheRules.create');
    expect(puts).toHaveLength(6);
    expect(env.arm.requests.filter((r) => r.errorCode === 'AnotherOperationInProgress')).toEqual([]);
    expect((await live()).rules).toHaveLength(6);
  });

  it('a write answered 409 AnotherOperationInProgress is re-read, and reported done when Azure did it', async () => {
    const { env, writer, live } = await setUp();
    const draft = ruleSet(rules(1), []);
    // the first PUT is applied, but its answer is lost; the re-send meets the running operation
    env.arm.faults.inject({ match: { op: 'cacheRules.create' }, before: (arm) => arm.registry('contosocache').putRule(draft.rules[0]!), respond: { status: 409, code: 'AnotherOperationInProgress', message: 'Another operation is in progress.' } });
    const outcome = await executePlan(planChanges(await live(), draft, { prune: false }), writer, fast);
    expect(outcome.results[0]).toMatchObject({ status: 'succeeded', reason: expect.stringMatching(/Azure applied it.*reading it back/) });
    expect(env.arm.requests.filter((r) => r.op === 'cacheRules.create')).toHaveLength(1);
  });
});

describe("someone else's change between plan and write", () => {
  it('an update or delete of an item changed since the plan is held as a conflict, not written', async () => {
    const { env, writer, live } = await setUp();
    env.registry.putCredentialSet(hub);
    env.registry.putCredentialSet({ ...hub, name: 'dockerhub2' });
    env.registry.putRule({ name: 'hub-python', source: 'docker.io/library/python', target: 'python', credentialSet: 'dockerhub' });
    env.registry.putRule({ name: 'old-nginx', source: 'mcr.microsoft.com/oss/nginx', target: 'nginx' });
    const draft = ruleSet([{ name: 'hub-python', source: 'docker.io/library/python', target: 'python', credentialSet: 'dockerhub2' }], [hub, { ...hub, name: 'dockerhub2' }]);
    const plan = planChanges(await live(), draft, { prune: true });
    expect(plan.operations.map((o) => o.id).sort()).toEqual(['delete-rule:old-nginx', 'update-rule:hub-python']);
    // a colleague edits both rules right after the plan was made
    const reg = env.registry;
    reg.removeRule('old-nginx');
    reg.putRule({ name: 'old-nginx', source: 'mcr.microsoft.com/oss/nginx', target: 'web/nginx' });
    reg.removeRule('hub-python');
    reg.putRule({ name: 'hub-python', source: 'docker.io/library/python', target: 'python' });
    const outcome = await executePlan(plan, writer, fast);
    for (const r of outcome.results) expect(r).toMatchObject({ status: 'held', error: { code: 'changed-since-plan' } });
    expect(outcome.results.find((r) => r.id === 'delete-rule:old-nginx')!.error!.message).toMatch(/now 'web\/nginx'.*expected 'nginx'.*Nothing was written/);
    expect(env.arm.requests.filter((r) => r.method === 'PATCH' || r.method === 'DELETE')).toEqual([]);
    expect(reg.rule('old-nginx')!.targetRepository).toBe('web/nginx');
  });
});

describe('preview settings (identity, sync mode, filters) are part of every check', () => {
  const UAMI = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/cache-puller';
  const synced: CacheRule = { name: 'mcr-cli', source: 'mcr.microsoft.com/azure-cli', target: 'cli', syncMode: 'ActiveSync', syncReferrers: 'Enabled' };

  it('a create whose settings Azure did not keep is a failed operation naming them', async () => {
    // a service at a stable api-version stores the rule but not its preview properties
    const { env, writer, live } = await setUp({}, {}, { cacheRuleApiVersion: '2025-11-01' });
    const draft = ruleSet([synced, { name: 'mcr-dotnet', source: 'mcr.microsoft.com/dotnet/runtime', target: 'dotnet', identity: UAMI }], []);
    const outcome = await executePlan(planChanges(await live(), draft, { prune: false }), writer, fast);
    expect(outcome.failed).toBe(2);
    const byId = Object.fromEntries(outcome.results.map((r) => [r.id, r]));
    expect(byId['create-rule:mcr-cli']).toMatchObject({ status: 'failed', error: { code: 'not-applied', message: expect.stringMatching(/sync mode: ActiveSync.*Azure did not keep syncMode, syncReferrers/) } });
    expect(byId['create-rule:mcr-dotnet']).toMatchObject({ status: 'failed', error: { code: 'not-applied', message: expect.stringMatching(/Azure did not keep identity/) } });
    expect(env.registry.rule('mcr-cli')!.extensions).toEqual({});
  });

  it('an update PATCHes only the changed setting and is read back whole', async () => {
    const { env, writer, live } = await setUp();
    env.registry.putRule({ name: 'mcr-cli', source: synced.source, target: synced.target, extensions: { syncMode: 'ActiveSync', syncReferrers: 'Enabled' } });
    const plan = planChanges(await live(), ruleSet([{ ...synced, syncReferrers: 'Disabled' }], []), { prune: false });
    expect(plan.operations.map((o) => o.id)).toEqual(['update-rule:mcr-cli']);
    const outcome = await executePlan(plan, writer, fast);
    expect(outcome.results[0]).toMatchObject({ status: 'succeeded' });
    expect(env.arm.requests.filter((r) => r.op === 'cacheRules.update').map((r) => r.body)).toEqual([{ properties: { syncReferrers: 'Disabled' } }]);
    // read before (changed since plan?) and after (applied?) the PATCH
    expect(env.arm.requests.filter((r) => r.op === 'cacheRules.get' && r.name === 'mcr-cli').length).toBeGreaterThanOrEqual(2);
    expect(env.registry.rule('mcr-cli')!.extensions).toEqual({ syncMode: 'ActiveSync', syncReferrers: 'Disabled' });
  });

  it('an update of a rule whose settings someone changed since the plan is held', async () => {
    const { env, writer, live } = await setUp();
    env.registry.putRule({ name: 'mcr-cli', source: synced.source, target: synced.target, extensions: { syncMode: 'ActiveSync', syncReferrers: 'Enabled' } });
    const plan = planChanges(await live(), ruleSet([{ ...synced, syncReferrers: 'Disabled' }], []), { prune: false });
    // a colleague switches the rule to on-demand sync: source, target and credential set stay the same
    env.registry.removeRule('mcr-cli');
    env.registry.putRule({ name: 'mcr-cli', source: synced.source, target: synced.target, extensions: { syncMode: 'PassiveSync', syncReferrers: 'Enabled' } });
    const outcome = await executePlan(plan, writer, fast);
    expect(outcome.results[0]).toMatchObject({ status: 'held', error: { code: 'changed-since-plan', message: expect.stringMatching(/now .*sync mode: PassiveSync.*expected .*sync mode: ActiveSync/) } });
    expect(env.arm.requests.filter((r) => r.op === 'cacheRules.update')).toEqual([]);
  });
});

describe('bounded waits', () => {
  it('a write that never answers times out, is checked, sent again and reported', async () => {
    const { env, writer, live } = await setUp({}, { requestTimeoutMs: 300 });
    const draft = ruleSet(rules(1), []);
    env.arm.faults.inject({ match: { op: 'cacheRules.create' }, delayMs: 25_000, respond: { status: 500 } });
    // without a request timeout this waits 25 s, past the test's timeout
    const outcome = await executePlan(planChanges(await live(), draft, { prune: false }), writer, fast);
    expect(outcome.results[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect((await live()).rules).toHaveLength(1);
  });

  it('a Retry-After over the cap is shown with a countdown and cancelling stops the wait', async () => {
    const { env, writer, live } = await setUp();
    env.arm.faults.throttle('cacheRules.create', { retryAfterSeconds: 3600 });
    const controller = new AbortController();
    const progress: ApplyProgress[] = [];
    const startedAt = Date.now();
    const outcome = await executePlan(planChanges(await live(), ruleSet(rules(2), []), { prune: false }), writer, {
      ...fast,
      concurrency: 1,
      retryAfterCapMs: 1000,
      signal: controller.signal,
      onProgress: (p) => {
        progress.push(p);
        if (p.pausedUntil) controller.abort();
      },
    });
    const paused = progress.find((p) => p.pausedUntil)!;
    expect(paused.pausedUntil! - startedAt).toBeGreaterThan(3_500_000);
    expect(paused.pauseReason).toMatch(/asked to wait 3600 s.*Cancel/);
    expect(outcome.cancelled).toBe(2);
  });
});

describe('replacing many rules', () => {
  it('goes rule by rule: at most `concurrency` replaced rules are missing at any moment', async () => {
    const { env, writer, live } = await setUp();
    const before = rules(24);
    for (const r of before) env.registry.putRule(r);
    const draft = ruleSet(before.map((r) => ({ ...r, target: `moved/${r.target}` })), []);
    const plan = planChanges(await live(), draft, { prune: false });
    expect(plan.changes.every((c) => c.change === 'replace')).toBe(true);
    const outcome = await executePlan(plan, writer, { concurrency: 4, ...fast });
    expect(outcome).toMatchObject({ failed: 0, succeeded: 48 });
    let missing = 0;
    let peak = 0;
    for (const r of env.arm.requests) {
      if (r.op === 'cacheRules.delete' && r.status < 300) peak = Math.max(peak, ++missing);
      if (r.op === 'cacheRules.create' && r.status < 300) missing--;
    }
    expect(peak).toBeLessThanOrEqual(4);
    expect(planChanges(await live(), draft, { prune: false }).operations).toEqual([]);
  });
});
