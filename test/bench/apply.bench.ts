// Applying a 1,000-rule plan to the ARM emulator at 200 ms per write and under the emulator's
// write rate limit: the app's bounded concurrency against one write at a time (what a script
// looping over `az acr cache create` does). The one-at-a-time run is measured on the first 100
// operations and scaled to 1,000 (it is linear: each write waits for the one before), which keeps
// `npm run bench` to about a minute. The same apply on the virtual clock (apply-pacing-sim.ts)
// measures the pacing alone: on a loaded machine the concurrent run is CPU-bound (the emulator
// and the client share one process), the one-at-a-time run is not, so the wall-clock speed-up
// falls with the load whatever the pacing does.
import { planChanges } from '../../core/plan.ts';
import type { RuleSet } from '../../core/model.ts';
import { applyPipelinePolicies } from '../../main/apply/apply-pipeline.ts';
import { APPLY_RETRY_OPTIONS, DEFAULT_APPLY_CONCURRENCY, executePlan } from '../../main/apply/executor.ts';
import { RateBudget } from '../../main/apply/rate-budget.ts';
import { readLiveRuleSet, registryWriter } from '../../main/apply/registry-writer.ts';
import { resolveCloud } from '../../main/auth/clouds.ts';
import { createAzureService } from '../../main/azure/azure-service.ts';
import { createEventHub } from '../../main/events.ts';
import { WRITE_OPERATIONS } from '../emulators/arm.ts';
import { startAzureTestEnvironment, TEST_TENANT } from '../emulators/azure-environment.ts';
import { fakeArmToken } from '../emulators/jwt.ts';
import { loadavg } from 'node:os';
import { SlidingWindow } from '../emulators/arm-token-bucket.ts';
import { simulateApply } from './apply-pacing-sim.ts';
import type { BenchRow } from './bench-row.ts';

const RULES = 1000;
const SEQUENTIAL_SAMPLE = Number(process.env['APPLY_BENCH_SAMPLE'] ?? 100);
const WRITE_LATENCY_MS = 200;
const RATE_LIMIT = { requests: 60, perMs: 1000 };
const APP_APPLY_CONCURRENCY = DEFAULT_APPLY_CONCURRENCY;

function draftOf(count: number): RuleSet {
  return {
    registry: 'contosocache.azurecr.io',
    credentialSets: [],
    rules: Array.from({ length: count }, (_, i) => ({ name: `team-${String(i).padStart(4, '0')}-app`, source: `mcr.microsoft.com/teams/team-${i}/app`, target: `apps/team-${i}` })),
  };
}

async function applyOnce(count: number, concurrency: number) {
  const env = await startAzureTestEnvironment();
  try {
    for (const op of WRITE_OPERATIONS) env.arm.faults.latency(op, WRITE_LATENCY_MS);
    env.arm.faults.rateLimit({ match: { op: WRITE_OPERATIONS }, ...RATE_LIMIT });
    // as the app's apply path runs it (main/azure/integration.ts): the SDK does not retry, the
    // executor does, paced by the budget ARM reports in its rate-limit headers
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
    const draft = draftOf(count);
    const plan = planChanges(await readLiveRuleSet(azure, ref), draft, { prune: false });
    const load = loadavg()[0] ?? 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    const outcome = await executePlan(plan, registryWriter(azure, ref), { concurrency, budget });
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const cpuS = (used.user + used.system) / 1e6;
    const throttled = env.arm.requests.filter((r) => r.status === 429).length;
    const liveCount = (await readLiveRuleSet(azure, ref)).rules.length;
    return { ms, outcome, throttled, complete: liveCount === count, load: Math.max(load, loadavg()[0] ?? 0), cpuS };
  } finally {
    await env.close();
  }
}

/** The same apply on a virtual clock (apply-pacing-sim.ts): the pacing alone, whatever the machine's load. */
async function simulateOnce(count: number, concurrency: number): Promise<number> {
  const window = new SlidingWindow(RATE_LIMIT);
  // reads as the emulator answers them unloaded; each create is polled twice and read back twice
  const result = await simulateApply({ replaces: 0, creates: count, concurrency, writeMs: WRITE_LATENCY_MS, readMs: 4, readsAfter: 4, limit: { take: (now, kind) => window.take(now, kind) } });
  return result.ms;
}

export default async function applyBench(): Promise<BenchRow[]> {
  const sequential = await applyOnce(SEQUENTIAL_SAMPLE, 1);
  const sequentialEstimate = (sequential.ms / SEQUENTIAL_SAMPLE) * RULES;
  const bounded = await applyOnce(RULES, APP_APPLY_CONCURRENCY);
  const speedup = sequentialEstimate / bounded.ms;
  const suite = `apply 1,000 rules (${WRITE_LATENCY_MS} ms/write, ${RATE_LIMIT.requests} writes/s limit)`;
  const simSequential = ((await simulateOnce(SEQUENTIAL_SAMPLE, 1)) / SEQUENTIAL_SAMPLE) * RULES;
  const simBounded = await simulateOnce(RULES, APP_APPLY_CONCURRENCY);
  // no client beats the limit: the first window's writes at once, then one window per `requests`
  const limitMs = ((RULES - RATE_LIMIT.requests) / RATE_LIMIT.requests) * RATE_LIMIT.perMs + WRITE_LATENCY_MS;
  return [
    { suite, case: `bounded concurrency (${APP_APPLY_CONCURRENCY}) vs one at a time [load ${bounded.load.toFixed(1)} / ${sequential.load.toFixed(1)}, CPU ${bounded.cpuS.toFixed(1)} s / ${sequential.cpuS.toFixed(1)} s]`, value: bounded.ms / 1000, unit: 's', baseline: sequentialEstimate / 1000 },
    { suite, case: 'speed-up over one at a time', value: speedup, unit: '×', target: '≥ 10×', pass: speedup >= 10 },
    { suite, case: 'failed operations', value: bounded.outcome.failed + bounded.outcome.skipped + sequential.outcome.failed, unit: 'ops', target: '0', pass: bounded.outcome.failed + bounded.outcome.skipped + sequential.outcome.failed === 0 && bounded.complete },
    { suite, case: '429 answers met (all retried)', value: bounded.throttled, unit: 'responses', target: 'all handled', pass: bounded.outcome.failed === 0 },
    { suite, case: 'retries (throttling waited out)', value: bounded.outcome.retries, unit: 'retries' },
    { suite, case: 'virtual clock: bounded concurrency vs one at a time', value: simBounded / 1000, unit: 's', baseline: simSequential / 1000 },
    { suite, case: 'virtual clock: speed-up over one at a time', value: simSequential / simBounded, unit: '×', target: '≥ 10×', pass: simSequential / simBounded >= 10 },
    { suite, case: `the limit's bound on the speed-up (${(limitMs / 1000).toFixed(1)} s at the least)`, value: simSequential / limitMs, unit: '×' },
  ];
}
