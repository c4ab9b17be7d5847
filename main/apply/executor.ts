// Runs a plan's operations against a registry: independent operations side by side (bounded),
// each only after everything it depends on has succeeded; a failure stops only its dependents.
//  - Replaces go rule by rule: the create half of a replace whose delete is done runs before any
//    new delete, and at most `concurrency` replaces are open at once, so a crash mid-apply leaves
//    at most that many rules missing, each for one delete + create (not every replaced rule).
//  - Each operation (attempt.ts) reads its item around its write (verify.ts): an update or
//    delete of an item someone changed since the plan becomes a conflict; a write Azure reports
//    done but did not do is a failure; a write whose answer was lost is checked before anything
//    is sent again.
//  - When a write may go is the gate's (write-gate.ts): the slots, and per ARM bucket a limiter
//    (pacing.ts: paced from the budget Azure reports, AIMD on 429s); a throttled write always
//    waits its own Retry-After, and one over the cap is shown with a countdown instead of
//    silently pausing the apply.
// Every operation ends in a known state; re-running the plan after a partial apply converges
// because planning only yields what is still different (core/plan.ts).
import { setMaxListeners } from 'node:events';
import type { Plan, PlanOperation } from '../../core/plan.ts';
import type { ApplyOutcomeView, ApplyProgressEvent, OperationResultView } from '../../preload/api.ts';
import { attempt, describeError, isDelete, type AttemptContext } from './attempt.ts';
import type { LimiterOptions } from './pacing.ts';
import type { BudgetSource } from './rate-budget.ts';
import type { RegistryWriter } from './verify.ts';
import { Cancelled, defaultSleep, WriteGate } from './write-gate.ts';

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

export { defaultSleep } from './write-gate.ts';

const isReplaceCreate = (op: PlanOperation) => op.change === 'replace' && (op.kind === 'create-rule' || op.kind === 'create-credential-set');
const isReplaceDelete = (op: PlanOperation) => op.change === 'replace' && isDelete(op);

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

  const gate = new WriteGate({
    concurrency,
    signal,
    sleep: sleepFor,
    capMs: cap,
    ...(options.budget ? { budget: options.budget } : {}),
    ...(options.pacing ? { pacing: options.pacing } : {}),
    onPause: () => report(),
    // a refused delete of a replace comes back only within the bound of open replaces
    mayResume: (id) => !replaceCreateOf.has(id) || openReplaces() < concurrency,
  });

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
    const pause = gate.pause;
    return { total: results.size, done, succeeded, failed, skipped, running, retries, writesPerSecond: gate.pace, pausedUntil: pause?.until ?? null, pauseReason: pause?.reason ?? null };
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
      // a delete waiting out a 429 has removed nothing yet
      if (gate.idling.has(del)) continue;
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

  const ctx: AttemptContext = { writer, signal, gate, verify, maxAttempts, maxThrottled, baseDelay, maxDelay, sleep, onRetry: () => retries++ };

  async function perform(op: PlanOperation): Promise<void> {
    const result = results.get(op.id)!;
    result.status = 'running';
    const opStarted = Date.now();
    report(result);
    try {
      await attempt(ctx, op, result);
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
      gate.take();
      const task = perform(op).finally(() => {
        inFlight.delete(task);
        gate.release();
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
          if (!gate.hasFreeSlot()) break;
          if (isReplaceDelete(op) && replaceCreateOf.has(op.id)) {
            if (open >= concurrency) continue;
            open++;
          }
          launch(op);
        }
      }
      if (inFlight.size === 0) resolveAll();
    };
    gate.onFree = pump;
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
    throttled: gate.throttles,
    ms: Date.now() - started,
  };
}
