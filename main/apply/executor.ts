// Runs a plan's operations against a registry: independent operations side by side (bounded),
// each only after everything it depends on has succeeded; a failure stops only its dependents.
//  - Replaces go rule by rule: the create half of a replace whose delete is done runs before any
//    new delete, and at most `concurrency` replaces are open at once, so a crash mid-apply leaves
//    at most that many rules missing, each for one delete + create (not every replaced rule).
//  - Around each write the item is read (verify.ts): an update or delete of an item someone
//    changed since the plan becomes a conflict; a write Azure reports done but did not do is a
//    failure; a write whose answer was lost is checked before anything is sent again.
//  - Each ARM bucket's writes go through its limiter (pacing.ts: paced from the budget Azure
//    reports, AIMD on 429s); a throttled write always waits its own Retry-After, and one over
//    the cap is shown with a countdown instead of silently pausing the apply.
// Every operation ends in a known state; re-running the plan after a partial apply converges
// because planning only yields what is still different (core/plan.ts).
import { setMaxListeners } from 'node:events';
import type { Plan, PlanOperation } from '../../core/plan.ts';
import { rulePatchOf } from '../../core/rule-extensions.ts';
import type { ApplyOutcomeView, ApplyProgressEvent, OperationResultView } from '../../preload/api.ts';
import { WriteLimiter, type LimiterOptions } from './pacing.ts';
import type { BudgetKind, BudgetSource } from './rate-budget.ts';
import { changedSincePlanMessage, expectedBefore, inProgress, meetsIntent, notAppliedMessage, readItem, unchangedSincePlan, type Observed, type RegistryWriter } from './verify.ts';

export type { RegistryWriter } from './verify.ts';

// The result shapes are the IPC contract's: apply progress goes to the renderer as it is.
export type OperationResult = OperationResultView;
export type OperationStatus = OperationResultView['status'];
/** Progress of one apply (the event adds which draft it is for). */
export type ApplyProgress = Omit<ApplyProgressEvent, 'draftId'>;

export interface ExecuteOptions {
  /** At most this many operations in flight (default 16). */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (progress: ApplyProgress) => void;
  /** Attempts per operation for errors other than throttling, the first included (default 6). */
  maxAttempts?: number;
  /** Attempts per operation answered 429 (default 40): Azure admits them eventually. */
  maxThrottledAttempts?: number;
  /** First back-off delay when the service gave no Retry-After (default 500 ms, doubling). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A Retry-After longer than this is shown with a countdown (default 60 s). */
  retryAfterCapMs?: number;
  /** Read each item around its write (default true). */
  verify?: boolean;
  /** The write budget Azure reports in its rate-limit headers (rate-budget.ts). */
  budget?: BudgetSource;
  pacing?: Omit<LimiterOptions, 'maxConcurrency'>;
  /** Injected for tests; resolves after `ms` or rejects when `signal` aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** What an apply ended with; the caller adds whether the registry now equals the draft. */
export type ApplyOutcome = Omit<ApplyOutcomeView, 'converged'>;

export const DEFAULT_APPLY_CONCURRENCY = 16;
export const DEFAULT_RETRY_AFTER_CAP_MS = 60_000;

/**
 * SDK retry settings for the Azure client an apply writes through: none, so that every 429 reaches
 * the executor, which paces all writers together instead of each retrying blindly. Reads (polls
 * included) are retried by the apply pipeline's own policy (apply-pipeline.ts).
 */
export const APPLY_RETRY_OPTIONS = { maxRetries: 0 } as const;

/** Error codes (see core/arm-errors.ts) for which the same call can succeed later, unchanged. */
const RETRYABLE = new Set(['throttled', 'server-error', 'network-error']);

interface ErrorFacts {
  code: string;
  message: string;
  retryAfterMs: number | null;
  submitted: boolean;
  serverCode: string | null;
}

function describeError(error: unknown): ErrorFacts {
  const e = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const retryAfter = typeof e['retryAfterMs'] === 'number' && Number.isFinite(e['retryAfterMs']) ? e['retryAfterMs'] : null;
  return {
    code: typeof e['code'] === 'string' ? e['code'] : 'internal',
    message: typeof e['message'] === 'string' ? e['message'] : String(error),
    retryAfterMs: retryAfter,
    submitted: e['submitted'] === true,
    serverCode: typeof e['serverCode'] === 'string' ? e['serverCode'] : null,
  };
}

export function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function run(op: PlanOperation, writer: RegistryWriter, signal: AbortSignal): Promise<unknown> {
  switch (op.kind) {
    case 'create-rule':
      return writer.createCacheRule(op.rule, signal);
    case 'update-rule':
      return writer.updateCacheRule
        ? writer.updateCacheRule(op.rule.name, rulePatchOf(op.before, op.rule), signal)
        : writer.updateCacheRuleCredentials(op.rule.name, op.rule.credentialSet ?? null, signal);
    case 'delete-rule':
      return writer.deleteCacheRule(op.rule.name, signal);
    case 'create-credential-set':
      return writer.createCredentialSet(op.credentialSet, signal);
    case 'update-credential-set':
      return writer.updateCredentialSet(op.credentialSet.name, { usernameSecret: op.credentialSet.usernameSecret, passwordSecret: op.credentialSet.passwordSecret }, signal);
    case 'delete-credential-set':
      return writer.deleteCredentialSet(op.credentialSet.name, signal);
  }
}

const isDelete = (op: PlanOperation) => op.kind === 'delete-rule' || op.kind === 'delete-credential-set';
const isReplaceCreate = (op: PlanOperation) => op.change === 'replace' && (op.kind === 'create-rule' || op.kind === 'create-credential-set');
const isReplaceDelete = (op: PlanOperation) => op.change === 'replace' && isDelete(op);

class Cancelled extends Error {}

export async function executePlan(plan: Plan, writer: RegistryWriter, options: ExecuteOptions = {}): Promise<ApplyOutcome> {
  if (plan.blocked) throw new Error('The plan has blocking problems and must not be applied.');
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_APPLY_CONCURRENCY));
  const maxAttempts = Math.max(1, options.maxAttempts ?? 6);
  const maxThrottled = Math.max(maxAttempts, options.maxThrottledAttempts ?? 40);
  const baseDelay = options.baseDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 30_000;
  const cap = options.retryAfterCapMs ?? DEFAULT_RETRY_AFTER_CAP_MS;
  const verify = options.verify !== false;
  const sleepFor = options.sleep ?? defaultSleep;
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) controller.abort(options.signal.reason);
  else options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const signal = controller.signal;
  // every in-flight SDK call listens on the one signal
  setMaxListeners(Math.max(10, concurrency * 8), signal);
  const sleep = (ms: number) => sleepFor(ms, signal).catch(() => {
    throw new Cancelled();
  });

  // ARM meters deletes in a bucket of their own (shared/notes/arm-throttling.md).
  const limiter = (kind: BudgetKind) => {
    const budget = options.budget;
    const feed = budget ? { report: () => budget.report(kind), sent: () => budget.sentCount(kind) } : null;
    return new WriteLimiter({ ...options.pacing, maxConcurrency: concurrency }, feed, Date.now());
  };
  const buckets = { writes: limiter('writes'), deletes: limiter('deletes') };
  let pause: { until: number; reason: string } | null = null;

  const started = Date.now();
  const results = new Map<string, OperationResult>();
  for (const op of plan.operations) {
    results.set(op.id, op.heldBy ? { id: op.id, status: 'held', attempts: 0, ms: 0, reason: `held by conflict ${op.heldBy}: resolve it first` } : { id: op.id, status: 'pending', attempts: 0, ms: 0 });
  }
  let retries = 0;
  const counts = () => {
    let done = 0, succeeded = 0, failed = 0, skipped = 0, running = 0;
    for (const r of results.values()) {
      if (r.status === 'running') running++;
      else if (r.status !== 'pending') done++;
      if (r.status === 'succeeded') succeeded++;
      if (r.status === 'failed') failed++;
      if (r.status === 'skipped' || r.status === 'held' || r.status === 'cancelled') skipped++;
    }
    const rate = buckets.writes.pace ?? buckets.deletes.pace;
    return { total: results.size, done, succeeded, failed, skipped, running, retries, writesPerSecond: rate, pausedUntil: pause?.until ?? null, pauseReason: pause?.reason ?? null };
  };
  const report = (changed?: OperationResult) => options.onProgress?.({ ...counts(), ...(changed ? { changed: { ...changed } } : {}) });

  const pending = plan.operations.filter((op) => !op.heldBy);
  const blockers = (op: PlanOperation) => op.dependsOn.map((d) => results.get(d)).filter((r): r is OperationResult => r !== undefined);
  // The delete half of each replace → its create half.
  const replaceCreateOf = new Map<string, string>();
  for (const op of pending) {
    if (!isReplaceCreate(op)) continue;
    const del = op.dependsOn.find((d) => d === op.id.replace(/^create-/, 'delete-'));
    if (del !== undefined) replaceCreateOf.set(del, op.id);
  }
  /** Replaces whose delete has started and whose create may still run: items missing right now. */
  const openReplaces = () => {
    let open = 0;
    for (const [del, create] of replaceCreateOf) {
      const d = results.get(del)!.status;
      const c = results.get(create)!.status;
      if (d !== 'pending' && d !== 'held' && d !== 'skipped' && (c === 'pending' || c === 'running')) open++;
    }
    return open;
  };

  const skipUnreachable = () => {
    for (const op of pending) {
      const result = results.get(op.id)!;
      if (result.status !== 'pending') continue;
      const dead = blockers(op).find((b) => b.status === 'failed' || b.status === 'skipped' || b.status === 'held' || b.status === 'cancelled');
      if (dead) {
        result.status = 'skipped';
        result.reason = `not run because ${dead.id} ${dead.status === 'failed' ? 'failed' : `was ${dead.status}`}`;
        report(result);
      }
    }
  };

  /** Sleeps `ms` (Infinity: until woken), waking early when the limiter's state changes. */
  async function nap(ms: number, pacer: WriteLimiter): Promise<void> {
    if (signal.aborted) throw new Cancelled();
    const wake = new AbortController();
    const onAbort = () => wake.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    void pacer.changed().then(() => wake.abort());
    try {
      await sleepFor(Number.isFinite(ms) ? ms : 2 ** 31 - 1, wake.signal);
    } catch {
      // woken, or cancelled (below)
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    if (signal.aborted) throw new Cancelled();
  }

  /** Waits until the write may go (its own Retry-After, then the bucket's limiter); returns its launch ticket. */
  async function gate(bucket: BudgetKind, op: PlanOperation, notBefore: number): Promise<number> {
    for (;;) {
      const now = Date.now();
      const pacer = buckets[bucket];
      const wait = now < notBefore ? notBefore - now : pacer.acquire(now);
      if (wait <= 0) return pacer.launches;
      const until = Math.max(pacer.pausedUntil, notBefore);
      if (until - now > cap && pause?.until !== until) {
        pause = { until, reason: `Azure is throttling ${bucket} and asked to wait ${Math.ceil((until - now) / 1000)} s (after ${op.id}). Cancel to stop the apply; what ran is kept.` };
        report();
      }
      await nap(wait, pacer);
      if (pause && Date.now() >= pause.until) {
        pause = null;
        report();
      }
    }
  }

  /** Reads the item, waiting (bounded) while Azure still runs an operation on it. */
  async function settled(op: PlanOperation): Promise<Observed | null> {
    let item = await readItem(op, writer, signal);
    for (let i = 0; i < 8 && inProgress(item); i++) {
      await sleep(Math.min(maxDelay, baseDelay * 2 ** i));
      item = await readItem(op, writer, signal);
    }
    return item;
  }

  async function attempt(op: PlanOperation, result: OperationResult): Promise<void> {
    const bucket = isDelete(op) ? 'deletes' : 'writes';
    if (verify && expectedBefore(op) !== undefined) {
      const now = await readItem(op, writer, signal);
      if (meetsIntent(op, now)) {
        result.status = 'succeeded';
        result.reason = 'the registry already held what the plan intended: nothing was written';
        return;
      }
      if (!unchangedSincePlan(op, now)) {
        result.status = 'held';
        result.error = { code: 'changed-since-plan', message: changedSincePlanMessage(op, now) };
        result.reason = 'changed in the registry since the plan was made';
        return;
      }
    }
    let throttledAttempts = 0;
    let notBefore = 0;
    for (;;) {
      const ticket = await gate(bucket, op, notBefore);
      result.attempts++;
      let failure: ErrorFacts | null = null;
      try {
        await run(op, writer, signal);
      } catch (error) {
        failure = describeError(error);
      }
      if (failure === null) buckets[bucket].admitted(Date.now(), ticket);
      else if (failure.code === 'throttled' && !failure.submitted) buckets[bucket].refused(Date.now(), ticket, failure.retryAfterMs ?? Math.min(maxDelay, baseDelay * 2 ** throttledAttempts));
      else if (failure.code === 'network-error' || failure.code === 'server-error') buckets[bucket].failed();
      else buckets[bucket].admitted(Date.now(), ticket);
      if (signal.aborted) throw new Cancelled();
      if (failure === null) break;
      if (failure.code === 'throttled' && !failure.submitted) {
        // this write waits its Retry-After whatever the bucket does (the limiter may pace all)
        notBefore = Date.now() + (failure.retryAfterMs ?? Math.min(maxDelay, baseDelay * 2 ** throttledAttempts));
        retries++;
        if (++throttledAttempts + 1 > maxThrottled) {
          result.status = 'failed';
          result.error = { code: failure.code, message: failure.message };
          return;
        }
        result.attempts--;
        continue;
      }
      // The answer was lost or the write overlapped one still running: it may have been applied.
      const uncertain = failure.submitted || failure.code === 'network-error' || failure.code === 'server-error' || failure.serverCode === 'AnotherOperationInProgress';
      if (uncertain && verify) {
        if (failure.serverCode === 'AnotherOperationInProgress') await sleep(failure.retryAfterMs ?? Math.min(maxDelay, baseDelay * 2 ** (result.attempts - 1)));
        const now = await settled(op);
        if (meetsIntent(op, now)) {
          result.status = 'succeeded';
          result.reason = `Azure applied it although ${failure.submitted ? 'following its progress failed' : 'its answer was an error'} (${failure.message.slice(0, 200)}); checked by reading it back`;
          return;
        }
      }
      const retryable = RETRYABLE.has(failure.code) || failure.serverCode === 'AnotherOperationInProgress';
      if (!retryable || result.attempts >= maxAttempts) {
        result.status = 'failed';
        result.error = { code: failure.code, message: failure.message };
        return;
      }
      retries++;
      await sleep(failure.retryAfterMs ?? Math.min(maxDelay, baseDelay * 2 ** (result.attempts - 1)));
    }
    if (verify) {
      const now = await settled(op);
      if (!meetsIntent(op, now)) {
        result.status = 'failed';
        result.error = { code: 'not-applied', message: notAppliedMessage(op, now) };
        return;
      }
    }
    result.status = 'succeeded';
    delete result.error;
  }

  async function perform(op: PlanOperation): Promise<void> {
    const result = results.get(op.id)!;
    result.status = 'running';
    const opStarted = Date.now();
    report(result);
    try {
      await attempt(op, result);
    } catch (error) {
      if (error instanceof Cancelled || signal.aborted) {
        result.status = 'cancelled';
        result.error = { code: 'cancelled', message: 'Cancelled while it ran; Azure may have finished it. Plan again to see where the registry stands.' };
      } else {
        // a read around the write failed (the reads retry transient errors themselves)
        const info = describeError(error);
        result.status = 'failed';
        result.error = { code: info.code, message: `Checking it in the registry failed: ${info.message}` };
      }
    }
    result.ms = Date.now() - opStarted;
    report(result);
  }

  await new Promise<void>((resolveAll) => {
    const inFlight = new Set<Promise<void>>();
    const launch = (op: PlanOperation) => {
      const task = perform(op).finally(() => {
        inFlight.delete(task);
        pump();
      });
      inFlight.add(task);
    };
    const pump = () => {
      skipUnreachable();
      if (!signal.aborted) {
        const ready = pending.filter((op) => results.get(op.id)!.status === 'pending' && blockers(op).every((b) => b.status === 'succeeded'));
        // finish open replaces first: the outage window of a replaced rule stays one rule wide
        ready.sort((a, b) => Number(isReplaceCreate(b)) - Number(isReplaceCreate(a)));
        let open = openReplaces();
        for (const op of ready) {
          if (inFlight.size >= concurrency) break;
          if (isReplaceDelete(op) && replaceCreateOf.has(op.id)) {
            if (open >= concurrency) continue;
            open++;
          }
          launch(op);
        }
      }
      if (inFlight.size === 0) resolveAll();
    };
    signal.addEventListener('abort', () => pump(), { once: true });
    pump();
  });

  for (const result of results.values()) {
    if (result.status === 'pending') {
      result.status = signal.aborted ? 'cancelled' : 'skipped';
      result.reason = signal.aborted ? 'not started: the apply was cancelled' : 'not run: its dependencies did not complete';
      report(result);
    }
  }
  options.signal?.removeEventListener('abort', onOuterAbort);
  const list = plan.operations.map((op) => results.get(op.id)!);
  const tally = (status: OperationStatus) => list.filter((r) => r.status === status).length;
  return {
    results: list,
    succeeded: tally('succeeded'),
    failed: tally('failed'),
    skipped: tally('skipped'),
    held: tally('held'),
    cancelled: tally('cancelled'),
    retries,
    throttled: buckets.writes.throttles + buckets.deletes.throttles,
    ms: Date.now() - started,
  };
}
