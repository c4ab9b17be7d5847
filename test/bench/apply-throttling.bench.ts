// Apply throughput under throttling: 551 rules replaced (1,102 operations: a delete and a create
// each) against the ARM emulator through the app's apply path (SDK retries off, executor pacing,
// read-backs on). Cases from issue 9.8:
//  - a burst of 5 × 429 (Retry-After 1 s) at the start, nothing after: the apply must recover
//    to the unthrottled pace (compared with the same apply without the burst);
//  - a sliding window of 150 writes per 5 s: never slower than one at a time, and within 90% of
//    the window's theoretical minimum (ceil(N / 150) − 1 windows of 5 s, plus one operation);
//  - ARM's token bucket (scaled for speed: 100 tokens, 50/s): the same 90% target against
//    max(0, N − capacity) / refill.
import type { RuleSet } from '../../core/model.ts';
import { planChanges } from '../../core/plan.ts';
import { applyPipelinePolicies, RateBudget } from '../../main/apply/apply-pipeline.ts';
import { APPLY_RETRY_OPTIONS, DEFAULT_APPLY_CONCURRENCY, executePlan } from '../../main/apply/executor.ts';
import { readLiveRuleSet, registryWriter } from '../../main/apply/registry-writer.ts';
import { resolveCloud } from '../../main/auth/clouds.ts';
import { createAzureService } from '../../main/azure/azure-service.ts';
import { createEventHub } from '../../main/events.ts';
import { WRITE_OPERATIONS, type ArmEmulator } from '../emulators/arm.ts';
import { startAzureTestEnvironment, TEST_TENANT } from '../emulators/azure-environment.ts';
import { fakeArmToken } from '../emulators/jwt.ts';
import type { BenchRow } from './bench-row.ts';

const REPLACED = 551;
const OPERATIONS = REPLACED * 2;
// one at a time is run in full by default: under the window a small sample is never throttled
const SAMPLE = Number(process.env['APPLY_BENCH_SAMPLE'] ?? OPERATIONS);
const WRITE_LATENCY_MS = 20;
const WINDOW = { requests: 150, perMs: 5000 };
const BUCKET = { capacity: 100, refillPerSecond: 50 };

type Limit = 'none' | 'burst' | 'window' | 'bucket';

function rules(count: number, target: (i: number) => string) {
  return Array.from({ length: count }, (_, i) => ({ name: `team-${String(i).padStart(4, '0')}-app`, source: `mcr.microsoft.com/teams/team-${i}/app`, target: target(i) }));
}

function limit(arm: ArmEmulator, kind: Limit): void {
  if (kind === 'burst') arm.faults.throttle(WRITE_OPERATIONS, { times: 5, retryAfterSeconds: 1 });
  if (kind === 'window') arm.faults.rateLimit({ match: { op: WRITE_OPERATIONS }, ...WINDOW });
  if (kind === 'bucket') {
    arm.faults.tokenBucket({ match: { op: WRITE_OPERATIONS.filter((op) => !op.endsWith('.delete')) }, kind: 'writes', ...BUCKET });
    arm.faults.tokenBucket({ match: { op: WRITE_OPERATIONS.filter((op) => op.endsWith('.delete')) }, kind: 'deletes', ...BUCKET });
  }
}

async function applyOnce(count: number, concurrency: number, kind: Limit) {
  const env = await startAzureTestEnvironment();
  try {
    for (const rule of rules(count, (i) => `apps/team-${i}`)) env.registry.putRule(rule);
    for (const op of WRITE_OPERATIONS) env.arm.faults.latency(op, WRITE_LATENCY_MS);
    const budget = new RateBudget();
    const azure = createAzureService({
      auth: {
        credential: () => ({ getToken: async () => ({ token: fakeArmToken({ tid: TEST_TENANT }), expiresOnTimestamp: Date.now() + 3_600_000 }) }),
        cloudOf: async () => resolveCloud('AzureCloud', { AzureCloud: { armEndpoint: env.arm.url } }),
      },
      events: createEventHub(),
      tlsCa: env.cert.cert,
      pollIntervalMs: 0,
      retryOptions: APPLY_RETRY_OPTIONS,
      policies: [...applyPipelinePolicies(), budget.policy],
    });
    const ref = { accountId: 'AzureCloud|bench', tenantId: TEST_TENANT, registryId: env.registry.id };
    const draft: RuleSet = { registry: 'contosocache.azurecr.io', credentialSets: [], rules: rules(count, (i) => `moved/team-${i}`) };
    const plan = planChanges(await readLiveRuleSet(azure, ref), draft, { prune: false });
    limit(env.arm, kind);
    const started = performance.now();
    const outcome = await executePlan(plan, registryWriter(azure, ref), { concurrency, budget });
    const ms = performance.now() - started;
    const live = await readLiveRuleSet(azure, ref);
    const complete = live.rules.length === count && live.rules.every((r) => r.target.startsWith('moved/'));
    return { ms, outcome, complete, throttled: env.arm.requests.filter((r) => r.status === 429).length };
  } finally {
    await env.close();
  }
}

export default async function applyThrottlingBench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const suite = `apply ${OPERATIONS.toLocaleString('en-US')} ops (${REPLACED} replaces, ${WRITE_LATENCY_MS} ms/write)`;
  const failures = (r: Awaited<ReturnType<typeof applyOnce>>) => r.outcome.failed + r.outcome.skipped + (r.complete ? 0 : 1);

  const free = await applyOnce(REPLACED, DEFAULT_APPLY_CONCURRENCY, 'none');
  const burst = await applyOnce(REPLACED, DEFAULT_APPLY_CONCURRENCY, 'burst');
  // the 5 throttled writes must wait their Retry-After (1 s) before going again
  const burstMinimum = Math.max(free.ms, 1000 + free.ms / OPERATIONS);
  rows.push(
    { suite, case: 'unthrottled', value: free.ms / 1000, unit: 's' },
    { suite, case: 'after a burst of 5 × 429 (Retry-After 1 s)', value: burst.ms / 1000, unit: 's', baseline: free.ms / 1000, target: '≥ 90% of unthrottled pace', pass: burstMinimum / burst.ms >= 0.9 && failures(burst) === 0 },
    { suite, case: 'burst: pace vs unthrottled', value: (100 * burstMinimum) / burst.ms, unit: '%', target: '≥ 90%', pass: burstMinimum / burst.ms >= 0.9 },
  );

  const sequentialSample = await applyOnce(Math.round(SAMPLE / 2), 1, 'window');
  const sequential = (sequentialSample.ms / SAMPLE) * OPERATIONS;
  const window = await applyOnce(REPLACED, DEFAULT_APPLY_CONCURRENCY, 'window');
  const windowMinimum = (Math.ceil(OPERATIONS / WINDOW.requests) - 1) * WINDOW.perMs + WRITE_LATENCY_MS;
  rows.push(
    { suite, case: `${WINDOW.requests} writes / ${WINDOW.perMs / 1000} s window: concurrent vs one at a time`, value: window.ms / 1000, unit: 's', baseline: sequential / 1000, target: '≤ one at a time', pass: window.ms <= sequential && failures(window) === 0 },
    { suite, case: 'window: theoretical minimum', value: windowMinimum / 1000, unit: 's' },
    { suite, case: 'window: share of the theoretical minimum', value: (100 * windowMinimum) / window.ms, unit: '%', target: '≥ 90%', pass: windowMinimum / window.ms >= 0.9 },
    { suite, case: 'window: 429 answers met (all waited out)', value: window.throttled, unit: 'responses', target: '0 failed', pass: failures(window) === 0 },
  );

  const bucket = await applyOnce(REPLACED, DEFAULT_APPLY_CONCURRENCY, 'bucket');
  // writes and deletes drain their own buckets side by side
  const bucketMinimum = (Math.max(0, REPLACED - BUCKET.capacity) / BUCKET.refillPerSecond) * 1000 + WRITE_LATENCY_MS;
  rows.push(
    { suite, case: `token bucket ${BUCKET.capacity} + ${BUCKET.refillPerSecond}/s per bucket (ARM's model, scaled)`, value: bucket.ms / 1000, unit: 's', baseline: bucketMinimum / 1000, target: '≥ 90% of minimum', pass: bucketMinimum / bucket.ms >= 0.9 && failures(bucket) === 0 },
    { suite, case: 'bucket: share of the theoretical minimum', value: (100 * bucketMinimum) / bucket.ms, unit: '%', target: '≥ 90%', pass: bucketMinimum / bucket.ms >= 0.9 },
    { suite, case: 'bucket: 429 answers met', value: bucket.throttled, unit: 'responses' },
  );
  return rows;
}
