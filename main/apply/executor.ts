// Runs a plan's operations against a registry: independent operations side by side (bounded),
// each only after everything it depends on has succeeded; a failure stops only its dependents.
// Throttling and transient server/network errors are retried, waiting what the service asked for.
// Every operation ends in a known state; re-running the plan after a partial apply converges
// because planning only yields what is still different (core/plan.ts).
import { setMaxListeners } from 'node:events';
import type { Plan, PlanOperation } from '../../core/plan.ts';
import type { CacheRule, CredentialSet } from '../../core/model.ts';
import { rulePatchOf, type RulePatch } from '../../core/rule-extensions.ts';
import type { ApplyOutcomeView, ApplyProgressEvent, OperationResultView } from '../../preload/api.ts';

/** The registry writes a plan needs: the Azure service bound to one registry. */
export interface RegistryWriter {
  createCacheRule(rule: CacheRule, signal: AbortSignal): Promise<unknown>;
  updateCacheRuleCredentials(name: string, credentialSet: string | null, signal: AbortSignal): Promise<unknown>;
  /** PATCH of everything an update changes (credential set, identity, sync settings); preferred when present. */
  updateCacheRule?(name: string, patch: RulePatch, signal: AbortSignal): Promise<unknown>;
  deleteCacheRule(name: string, signal: AbortSignal): Promise<unknown>;
  createCredentialSet(set: CredentialSet, signal: AbortSignal): Promise<unknown>;
  updateCredentialSet(name: string, secrets: { usernameSecret: string; passwordSecret: string }, signal: AbortSignal): Promise<unknown>;
  deleteCredentialSet(name: string, signal: AbortSignal): Promise<unknown>;
}

// The result shapes are the IPC contract's: apply progress goes to the renderer as it is.
export type OperationResult = OperationResultView;
export type OperationStatus = OperationResultView['status'];
/** Progress of one apply (the event adds which draft it is for). */
export type ApplyProgress = Omit<ApplyProgressEvent, 'draftId'>;

export interface ExecuteOptions {
  /**
   * At most this many writes in flight (default 16). When Azure throttles, the executor lowers its
   * own limit and grows it back as writes succeed, so it settles just under the service's rate.
   */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (progress: ApplyProgress) => void;
  /** Attempts per operation, the first included (default 6). */
  maxAttempts?: number;
  /** First back-off delay when the service gave no Retry-After (default 500 ms, doubling). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Injected for tests; resolves after `ms` or rejects when `signal` aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** What an apply ended with; the caller adds whether the registry now equals the draft. */
export type ApplyOutcome = Omit<ApplyOutcomeView, 'converged'>;

export const DEFAULT_APPLY_CONCURRENCY = 16;

/**
 * SDK retry settings for the Azure client an apply writes through: none, so that every 429 reaches
 * the executor, which paces all writers together instead of each retrying blindly.
 */
export const APPLY_RETRY_OPTIONS = { maxRetries: 0 } as const;

/** Error codes (see core/arm-errors.ts) for which the same call can succeed later, unchanged. */
const RETRYABLE = new Set(['throttled', 'server-error', 'network-error']);

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  retryAfterMs?: unknown;
}

function describeError(error: unknown): { code: string; message: string; retryAfterMs: number | null } {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
  const retryAfter = typeof e.retryAfterMs === 'number' && Number.isFinite(e.retryAfterMs) ? e.retryAfterMs : null;
  return {
    code: typeof e.code === 'string' ? e.code : 'internal',
    message: typeof e.message === 'string' ? e.message : String(error),
    retryAfterMs: retryAfter,
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

export async function executePlan(plan: Plan, writer: RegistryWriter, options: ExecuteOptions = {}): Promise<ApplyOutcome> {
  if (plan.blocked) throw new Error('The plan has blocking problems and must not be applied.');
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_APPLY_CONCURRENCY));
  const maxAttempts = Math.max(1, options.maxAttempts ?? 6);
  const baseDelay = options.baseDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 30_000;
  const sleep = options.sleep ?? defaultSleep;
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) controller.abort(options.signal.reason);
  else options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const signal = controller.signal;
  // every in-flight SDK call listens on the one signal
  setMaxListeners(Math.max(10, concurrency * 4), signal);

  // Throttling is shared: ARM counts a subscription's writes in a window, whoever sends them. So
  // a 429 paces every writer. The writes launched in the last second are what the window just
  // refused: that count is remembered as the ceiling and launches are spaced to 92% of it. The
  // pace creeps up (2% a second) but stays under 98% of the ceiling until 10 s pass without a
  // throttle, when the ceiling is probed again. Each writer also waits out the Retry-After.
  // Without pacing, more workers only meet more 429s (measured: 16 → 32 workers, 120 → 512 429s).
  const WINDOW_MS = 1000;
  const QUIET_MS = 10_000;
  let rate: number | null = null;
  let ceiling = Infinity;
  let lastThrottle = 0;
  let pausedUntil = 0;
  let lastLaunch = 0;
  let lastRaise = 0;
  let throttled = 0;
  const launches: number[] = [];
  let wakeTimer: ReturnType<typeof setTimeout> | null = null;
  const noteLaunch = () => {
    const now = Date.now();
    lastLaunch = now;
    launches.push(now);
    while (launches.length > 0 && now - launches[0]! >= WINDOW_MS) launches.shift();
  };
  const noteThrottle = (wait: number) => {
    const now = Date.now();
    throttled++;
    const recent = launches.filter((t) => now - t < WINDOW_MS).length;
    ceiling = Math.max(1, Math.min(ceiling, recent));
    rate = Math.max(0.5, Math.min(rate ?? Infinity, ceiling * 0.92));
    lastThrottle = now;
    lastRaise = now;
    pausedUntil = Math.max(pausedUntil, now + wait);
  };
  const noteSuccess = () => {
    const now = Date.now();
    if (rate === null || now - lastRaise < WINDOW_MS) return;
    lastRaise = now;
    if (now - lastThrottle >= QUIET_MS) ceiling = Infinity;
    rate = Math.min(rate * 1.02, ceiling * 0.98);
  };
  /** ms until the next launch is allowed (0: now). */
  const launchDelay = () => {
    const now = Date.now();
    const spacing = rate === null ? 0 : 1000 / rate;
    return Math.max(0, pausedUntil - now, lastLaunch + spacing - now);
  };

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
    return { total: results.size, done, succeeded, failed, skipped, running, retries, writesPerSecond: rate };
  };
  const report = (changed: OperationResult) => options.onProgress?.({ ...counts(), changed: { ...changed } });

  const pending = plan.operations.filter((op) => !op.heldBy);
  const blockers = (op: PlanOperation) => op.dependsOn.map((d) => results.get(d)).filter((r): r is OperationResult => r !== undefined);

  /** Marks operations whose dependencies can no longer succeed; returns whether any changed. */
  const skipUnreachable = () => {
    let changed = false;
    for (const op of pending) {
      const result = results.get(op.id)!;
      if (result.status !== 'pending') continue;
      const dead = blockers(op).find((b) => b.status === 'failed' || b.status === 'skipped' || b.status === 'held' || b.status === 'cancelled');
      if (dead) {
        result.status = 'skipped';
        result.reason = `not run because ${dead.id} ${dead.status === 'failed' ? 'failed' : `was ${dead.status}`}`;
        report(result);
        changed = true;
      }
    }
    return changed;
  };

  async function attempt(op: PlanOperation): Promise<void> {
    const result = results.get(op.id)!;
    result.status = 'running';
    const opStarted = Date.now();
    report(result);
    for (;;) {
      result.attempts++;
      noteLaunch();
      try {
        await run(op, writer, signal);
        result.status = 'succeeded';
        delete result.error;
        noteSuccess();
        break;
      } catch (error) {
        const info = describeError(error);
        if (signal.aborted) {
          result.status = 'cancelled';
          result.error = { code: 'cancelled', message: 'Cancelled while it ran; Azure may have finished it. Plan again to see where the registry stands.' };
          break;
        }
        if (!RETRYABLE.has(info.code) || result.attempts >= maxAttempts) {
          result.status = 'failed';
          result.error = { code: info.code, message: info.message };
          break;
        }
        retries++;
        const backoff = Math.min(maxDelay, baseDelay * 2 ** (result.attempts - 1));
        const wait = info.retryAfterMs ?? backoff;
        if (info.code === 'throttled') noteThrottle(wait);
        try {
          await sleep(wait, signal);
        } catch {
          result.status = 'cancelled';
          result.error = { code: 'cancelled', message: 'Cancelled before a retry.' };
          break;
        }
      }
    }
    result.ms = Date.now() - opStarted;
    report(result);
  }

  await new Promise<void>((resolveAll) => {
    const inFlight = new Set<Promise<void>>();
    const pump = () => {
      skipUnreachable();
      if (!signal.aborted) {
        for (const op of pending) {
          if (inFlight.size >= concurrency) break;
          const result = results.get(op.id)!;
          if (result.status !== 'pending') continue;
          if (!blockers(op).every((b) => b.status === 'succeeded')) continue;
          const delay = launchDelay();
          if (delay > 0) {
            // launch again when pacing allows (a finishing write may pump earlier; that is fine)
            wakeTimer ??= setTimeout(() => {
              wakeTimer = null;
              pump();
            }, delay);
            break;
          }
          const task = attempt(op).finally(() => {
            inFlight.delete(task);
            pump();
          });
          inFlight.add(task);
        }
      }
      if (inFlight.size === 0 && !wakeTimer) resolveAll();
      else if (inFlight.size === 0 && signal.aborted && wakeTimer) {
        clearTimeout(wakeTimer);
        wakeTimer = null;
        resolveAll();
      }
    };
    signal.addEventListener('abort', () => pump(), { once: true });
    pump();
  });
  if (wakeTimer) clearTimeout(wakeTimer);

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
    throttled,
    ms: Date.now() - started,
  };
}
