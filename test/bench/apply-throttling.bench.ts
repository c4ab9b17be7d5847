// Apply throughput under throttling (issue 9.8): 551 rules replaced (1,102 operations: a delete
// and a create each), concurrent (the app's default) and one at a time, in three cases:
//  - a burst of 5 × 429 (Retry-After 1 s) at the start, nothing after; its minimum is the
//    unthrottled apply (measured in the same run), or 1 s + one operation if that is longer;
//  - a sliding window of 150 writes per 5 s over deletes and creates together; minimum
//    (ceil(N / 150) − 1) windows of 5 s, plus one operation;
//  - ARM's token bucket as documented (shared/notes/arm-throttling.md: 200 tokens, 10 back per
//    second, writes and deletes apart); minimum max(0, 551 − 200) / 10 s, plus one operation.
// Each case twice: against the ARM emulator through the app's apply path (SDK retries off, the
// executor's limiter, read-backs on), where a machine shared by many processes makes the CPU as
// much a limit as the service; and on a virtual clock (apply-pacing-sim.ts: the same limiter
// and budget ledger against the emulator's limit models), which measures the pacing alone.
import { loadavg } from 'node:os';
import type { RuleSet } from '../../core/model.ts';
import { planChanges } from '../../core/plan.ts';
import { applyPipelinePolicies } from '../../main/apply/apply-pipeline.ts';
import { APPLY_RETRY_OPTIONS, DEFAULT_APPLY_CONCURRENCY, executePlan } from '../../main/apply/executor.ts';
import { RateBudget } from '../../main/apply/rate-budget.ts';
import { readLiveRuleSet, registryWriter } from '../../main/apply/registry-writer.ts';
import { resolveCloud } from '../../main/auth/clouds.ts';
import { createAzureService } from '../../main/azure/azure-service.ts';
import { createEventHub } from '../../main/events.ts';
import { WRITE_OPERATIONS, type ArmEmulator } from '../emulators/arm.ts';
import { SlidingWindow, TokenBucket, type BucketAnswer } from '../emulators/arm-token-bucket.ts';
import { startAzureTestEnvironment, TEST_TENANT } from '../emulators/azure-environment.ts';
import { fakeArmToken } from '../emulators/jwt.ts';
import { simulateApply, type SimulatedLimit } from './apply-pacing-sim.ts';
import type { BenchRow } from './bench-row.ts';

const REPLACED = 551;
const OPERATIONS = REPLACED * 2;
const WRITE_LATENCY_MS = 20;
const WINDOW = { requests: 150, perMs: 5000 };
const BUCKET = { capacity: 200, refillPerSecond: 10 };
const BURST = { times: 5, retryAfterSeconds: 1 };
/** APPLY_BENCH_SEQUENTIAL=0 skips the (long) one-at-a-time runs against the emulator. */
const SEQUENTIAL = process.env['APPLY_BENCH_SEQUENTIAL'] !== '0';
/** APPLY_BENCH_EMULATOR=0 runs the virtual-clock cases only (seconds instead of minutes). */
const EMULATOR = process.env['APPLY_BENCH_EMULATOR'] !== '0';

type Limit = 'none' | 'burst' | 'window' | 'bucket';

function rules(count: number, target: (i: number) => string) {
  return Array.from({ length: count }, (_, i) => ({ name: `team-${String(i).padStart(4, '0')}-app`, source: `mcr.microsoft.com/teams/team-${i}/app`, target: target(i) }));
}

function limit(arm: ArmEmulator, kind: Limit): void {
  if (kind === 'burst') arm.faults.throttle(WRITE_OPERATIONS, BURST);
  if (kind === 'window') arm.faults.rateLimit({ match: { op: WRITE_OPERATIONS }, ...WINDOW });
  if (kind === 'bucket') {
    arm.faults.tokenBucket({ match: { op: WRITE_OPERATIONS.filter((op) => !op.endsWith('.delete')) }, kind: 'writes', ...BUCKET });
    arm.faults.tokenBucket({ match: { op: WRITE_OPERATIONS.filter((op) => op.endsWith('.delete')) }, kind: 'deletes', ...BUCKET });
  }
}

interface Run {
  ms: number;
  throttled: number;
  failed: number;
}

async function applyOnce(concurrency: number, kind: Limit): Promise<Run> {
  const env = await startAzureTestEnvironment();
  try {
    for (const rule of rules(REPLACED, (i) => `apps/team-${i}`)) env.registry.putRule(rule);
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
    const draft: RuleSet = { registry: 'contosocache.azurecr.io', credentialSets: [], rules: rules(REPLACED, (i) => `moved/team-${i}`) };
    const plan = planChanges(await readLiveRuleSet(azure, ref), draft, { prune: false });
    limit(env.arm, kind);
    const started = performance.now();
    const outcome = await executePlan(plan, registryWriter(azure, ref), { concurrency, budget });
    const ms = performance.now() - started;
    const live = await readLiveRuleSet(azure, ref);
    const complete = live.rules.length === REPLACED && live.rules.every((r) => r.target.startsWith('moved/'));
    return { ms, throttled: env.arm.requests.filter((r) => r.status === 429).length, failed: outcome.failed + outcome.skipped + outcome.cancelled + (complete ? 0 : 1) };
  } finally {
    await env.close();
  }
}

function simulatedLimit(kind: Limit): SimulatedLimit {
  if (kind === 'burst') {
    let refused = 0;
    return { take: (): BucketAnswer => (refused++ < BURST.times ? { ok: false, headers: { 'retry-after': String(BURST.retryAfterSeconds) } } : { ok: true, headers: {} }) };
  }
  if (kind === 'window') {
    const window = new SlidingWindow(WINDOW);
    return { take: (now, bucket) => window.take(now, bucket) };
  }
  if (kind === 'bucket') {
    const buckets = { writes: new TokenBucket({ ...BUCKET, kind: 'writes' }, 0), deletes: new TokenBucket({ ...BUCKET, kind: 'deletes' }, 0) };
    return { take: (now, bucket) => buckets[bucket].take(now) };
  }
  return { take: () => ({ ok: true, headers: {} }) };
}

/** Seeded latency jitter for the virtual clock: an exponential extra of this mean on each leg of a write (the emulator on a loaded machine: 30–150 ms answers for 20 ms of latency). */
const JITTER_MEAN_MS = 10;
const JITTER_SEEDS = [1, 2, 3];

async function simulateOnce(concurrency: number, kind: Limit, jitterSeed?: number): Promise<Run> {
  // the emulator's write latency, and reads as fast as one at a time measured them here
  const result = await simulateApply({ replaces: REPLACED, concurrency, writeMs: WRITE_LATENCY_MS, readMs: 4, readsAfter: 3, limit: simulatedLimit(kind), ...(jitterSeed !== undefined ? { jitter: { seed: jitterSeed, meanMs: JITTER_MEAN_MS } } : {}) });
  return { ms: result.ms, throttled: result.refused, failed: 0 };
}

/** The rate limit's own minimum: what no client can beat (the unthrottled apply for a burst). */
function minimumMs(kind: Exclude<Limit, 'none'>, unthrottled: Run): number {
  const oneOperation = unthrottled.ms / OPERATIONS;
  if (kind === 'burst') return Math.max(unthrottled.ms, BURST.retryAfterSeconds * 1000 + oneOperation);
  if (kind === 'window') return (Math.ceil(OPERATIONS / WINDOW.requests) - 1) * WINDOW.perMs + WRITE_LATENCY_MS;
  return (Math.max(0, REPLACED - BUCKET.capacity) / BUCKET.refillPerSecond) * 1000 + WRITE_LATENCY_MS;
}

const LABEL: Record<Exclude<Limit, 'none'>, string> = {
  burst: `burst of ${BURST.times} × 429 (Retry-After ${BURST.retryAfterSeconds} s)`,
  window: `${WINDOW.requests} writes / ${WINDOW.perMs / 1000} s sliding window`,
  bucket: `ARM token bucket ${BUCKET.capacity} + ${BUCKET.refillPerSecond}/s (writes, deletes apart)`,
};

function caseRows(suite: string, kind: Exclude<Limit, 'none'>, run: Run, sequential: Run | null, unthrottled: Run): BenchRow[] {
  const minimum = minimumMs(kind, unthrottled);
  const share = (100 * minimum) / run.ms;
  return [
    {
      suite,
      case: `${LABEL[kind]}: concurrent vs one at a time`,
      value: run.ms / 1000,
      unit: 's',
      // "never slower than one at a time": where the limit itself lets one writer reach its minimum
      // (the ARM bucket refills at about one writer's pace), both runs sit on that floor and their
      // order is measurement noise; a run within 1% of the limit's minimum is as fast as any can be.
      ...(sequential ? { baseline: sequential.ms / 1000, target: '≤ one at a time, or at the minimum', pass: run.ms <= sequential.ms || run.ms <= minimum * 1.01 } : {}),
    },
    { suite, case: `${LABEL[kind]}: theoretical minimum`, value: minimum / 1000, unit: 's' },
    { suite, case: `${LABEL[kind]}: share of the theoretical minimum`, value: share, unit: '%', target: '≥ 90%', pass: share >= 90 },
    { suite, case: `${LABEL[kind]}: 429s met, all waited out and retried (failed: ${run.failed})`, value: run.throttled, unit: 'responses', target: '0 failed', pass: run.failed === 0 },
    ...(sequential ? [{ suite, case: `${LABEL[kind]}: one at a time, 429s met (failed: ${sequential.failed})`, value: sequential.throttled, unit: 'responses', target: '0 failed', pass: sequential.failed === 0 }] : []),
  ];
}

/** The 1-minute load average now (2 cores here: above 2, the processes queue for CPU). */
const load = () => Math.round((loadavg()[0] ?? 0) * 10) / 10;

/** APPLY_BENCH_REPEAT=n runs each emulator case n times (a shared machine's noise shows as their spread). */
const REPEAT = Math.max(1, Number(process.env['APPLY_BENCH_REPEAT'] ?? 1));

/** The run of median time, labelled with every run's time, load and CPU time. */
async function repeated(run: () => Promise<Run>): Promise<{ median: Run; fastest: Run; label: string }> {
  const runs: Array<Run & { load: number; cpuS: number }> = [];
  for (let i = 0; i < REPEAT; i++) {
    const before = load();
    const cpu = process.cpuUsage();
    const result = await run();
    const used = process.cpuUsage(cpu);
    runs.push({ ...result, load: Math.max(before, load()), cpuS: (used.user + used.system) / 1e6 });
  }
  const sorted = [...runs].sort((a, b) => a.ms - b.ms);
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  const label = runs.map((r) => `${(r.ms / 1000).toFixed(1)} s at load ${r.load}, CPU ${r.cpuS.toFixed(1)} s`).join('; ');
  return { median, fastest: sorted[0]!, label };
}

export default async function applyThrottlingBench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const ops = `${OPERATIONS.toLocaleString('en-US')} ops (${REPLACED} replaces, ${WRITE_LATENCY_MS} ms/write)`;

  const simulated = `apply ${ops}, virtual clock`;
  const simFree = await simulateOnce(DEFAULT_APPLY_CONCURRENCY, 'none');
  rows.push({ suite: simulated, case: 'unthrottled', value: simFree.ms / 1000, unit: 's', baseline: (await simulateOnce(1, 'none')).ms / 1000 });
  for (const kind of ['burst', 'window', 'bucket'] as const) {
    rows.push(...caseRows(simulated, kind, await simulateOnce(DEFAULT_APPLY_CONCURRENCY, kind), await simulateOnce(1, kind), simFree));
  }

  // answers out of send order: the service counts a write anywhere between its send and its
  // answer, which the limiter never sees; the worst of the seeds is reported
  const jittered = `apply ${ops}, virtual clock, latency jitter (mean ${JITTER_MEAN_MS} ms a leg, worst of seeds ${JITTER_SEEDS.join(', ')})`;
  const worst = async (concurrency: number, kind: Limit): Promise<Run> => {
    let slowest: Run | null = null;
    for (const seed of JITTER_SEEDS) {
      const run = await simulateOnce(concurrency, kind, seed);
      if (slowest === null || run.ms > slowest.ms) slowest = run;
    }
    return slowest!;
  };
  const jitterFree = await worst(DEFAULT_APPLY_CONCURRENCY, 'none');
  for (const kind of ['burst', 'window', 'bucket'] as const) {
    rows.push(...caseRows(jittered, kind, await worst(DEFAULT_APPLY_CONCURRENCY, kind), await worst(1, kind), jitterFree));
  }

  if (!EMULATOR) return rows;
  const emulated = `apply ${ops}, ARM emulator${REPEAT > 1 ? `, median of ${REPEAT} runs` : ''}`;
  // the process's first apply pays for compiling the client and the emulator: not a measurement
  await applyOnce(DEFAULT_APPLY_CONCURRENCY, 'none');
  const free = await repeated(() => applyOnce(DEFAULT_APPLY_CONCURRENCY, 'none'));
  rows.push({ suite: emulated, case: `unthrottled (the client alone: below it, the CPU is the limit) [${free.label}]`, value: free.median.ms / 1000, unit: 's' });
  for (const kind of ['burst', 'window', 'bucket'] as const) {
    const run = await repeated(() => applyOnce(DEFAULT_APPLY_CONCURRENCY, kind));
    const sequential = SEQUENTIAL ? await repeated(() => applyOnce(1, kind)) : null;
    // the burst's minimum is the unthrottled apply: its fastest run is the closest to it
    const caseRowsOf = caseRows(emulated, kind, run.median, sequential?.median ?? null, free.fastest);
    caseRowsOf[0]!.case += ` [concurrent: ${run.label}${sequential ? `; one at a time: ${sequential.label}` : ''}]`;
    rows.push(...caseRowsOf);
  }
  return rows;
}
