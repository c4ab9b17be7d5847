// One operation of an apply, from the first read to a known end: its write, retried while that
// can succeed later, and the reads around it (verify.ts):
//  - before an update or delete, an item someone changed since the plan becomes a conflict;
//  - after a write whose answer was lost (or 409 AnotherOperationInProgress), whether Azure
//    applied it anyway is read before anything is sent again;
//  - after the write, an item Azure reports done but did not change is a failure.
// When a write may go is the gate's business (write-gate.ts); the order of operations the executor's.
import type { PlanOperation } from '../../core/plan.ts';
import { rulePatchOf } from '../../core/rule-extensions.ts';
import type { OperationResultView } from '../../preload/api.ts';
import { changedSincePlanMessage, expectedBefore, inProgress, meetsIntent, notAppliedMessage, readItem, unchangedSincePlan, type Observed, type RegistryWriter } from './verify.ts';
import { Cancelled, type WriteGate } from './write-gate.ts';

/** Error codes (see core/arm-errors.ts) for which the same call can succeed later, unchanged. */
const RETRYABLE = new Set(['throttled', 'server-error', 'network-error']);

interface ErrorFacts {
  code: string;
  message: string;
  retryAfterMs: number | null;
  submitted: boolean;
  serverCode: string | null;
}

export function describeError(error: unknown): ErrorFacts {
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

export const isDelete = (op: PlanOperation) => op.kind === 'delete-rule' || op.kind === 'delete-credential-set';

export interface AttemptContext {
  writer: RegistryWriter;
  signal: AbortSignal;
  gate: WriteGate;
  verify: boolean;
  maxAttempts: number;
  maxThrottled: number;
  baseDelay: number;
  maxDelay: number;
  sleep: (ms: number) => Promise<void>;
  /** A write is sent again (counted in the outcome's retries). */
  onRetry: () => void;
}

/** Reads the item, waiting (bounded) while Azure still runs an operation on it. */
async function settled(ctx: AttemptContext, op: PlanOperation): Promise<Observed | null> {
  let item = await readItem(op, ctx.writer, ctx.signal);
  for (let i = 0; i < 8 && inProgress(item); i++) {
    await ctx.sleep(Math.min(ctx.maxDelay, ctx.baseDelay * 2 ** i));
    item = await readItem(op, ctx.writer, ctx.signal);
  }
  return item;
}

export async function attempt(ctx: AttemptContext, op: PlanOperation, result: OperationResultView): Promise<void> {
  const { writer, signal, gate, verify, baseDelay, maxDelay, sleep } = ctx;
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
    const ticket = await gate.admit(bucket, op.id, notBefore);
    result.attempts++;
    let failure: ErrorFacts | null = null;
    try {
      await run(op, writer, signal);
    } catch (error) {
      failure = describeError(error);
    }
    const pacer = gate.buckets[bucket];
    if (failure === null) pacer.admitted(Date.now(), ticket);
    else if (failure.code === 'throttled' && !failure.submitted) pacer.refused(Date.now(), ticket, failure.retryAfterMs ?? Math.min(maxDelay, baseDelay * 2 ** throttledAttempts));
    else if (failure.code === 'network-error' || failure.code === 'server-error') pacer.failed();
    else pacer.admitted(Date.now(), ticket);
    if (signal.aborted) throw new Cancelled();
    if (failure === null) break;
    if (failure.code === 'throttled' && !failure.submitted) {
      // this write waits its Retry-After whatever the bucket does (the limiter may pace all)
      notBefore = Date.now() + (failure.retryAfterMs ?? Math.min(maxDelay, baseDelay * 2 ** throttledAttempts));
      ctx.onRetry();
      if (++throttledAttempts + 1 > ctx.maxThrottled) {
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
      const now = await settled(ctx, op);
      if (meetsIntent(op, now)) {
        result.status = 'succeeded';
        result.reason = `Azure applied it although ${failure.submitted ? 'following its progress failed' : 'its answer was an error'} (${failure.message.slice(0, 200)}); checked by reading it back`;
        return;
      }
    }
    const retryable = RETRYABLE.has(failure.code) || failure.serverCode === 'AnotherOperationInProgress';
    if (!retryable || result.attempts >= ctx.maxAttempts) {
      result.status = 'failed';
      result.error = { code: failure.code, message: failure.message };
      return;
    }
    ctx.onRetry();
    await sleep(failure.retryAfterMs ?? Math.min(maxDelay, baseDelay * 2 ** (result.attempts - 1)));
  }
  if (verify) {
    const now = await settled(ctx, op);
    if (!meetsIntent(op, now)) {
      result.status = 'failed';
      result.error = { code: 'not-applied', message: notAppliedMessage(op, now) };
      return;
    }
  }
  result.status = 'succeeded';
  delete result.error;
}
