// An apply as the panel shows it while it runs and after: one row per operation, from the plan
// (pending or held), updated by each progress event main sends, then settled by the outcome.
// Pure: `startRun`, `advance` and `settle` return new values, the panel keeps the latest.
import { ARM_ERROR_TABLE } from '../../../../core/arm-errors.ts';
import type { ApplyOutcomeView, ApplyProgressEvent, OperationResultView, PlanView } from '../../../../preload/api.ts';
import { describeOperation, operationIdText, plural, type OperationText } from './plan-view.ts';

export type RowStatus = OperationResultView['status'];

export interface RunRow {
  readonly op: OperationText;
  readonly status: RowStatus;
  readonly attempts: number;
  readonly ms: number;
  readonly error: { readonly title: string; readonly message: string } | null;
  readonly reason: string | null;
}

export interface ApplyRun {
  readonly loginServer: string;
  readonly total: number;
  readonly done: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly skipped: number;
  readonly running: number;
  readonly retries: number;
  readonly writesPerSecond: number | null;
  /** By operation id, in plan order. */
  readonly rows: ReadonlyMap<string, RunRow>;
  /** Set once main answered the apply. */
  readonly outcome: ApplyOutcomeView | null;
  readonly cancelRequested: boolean;
  /** Azure asked for a wait over the cap: every writer waits until then (epoch ms); null: not paused. */
  readonly pausedUntil: number | null;
  readonly pauseReason: string | null;
}

export function startRun(plan: Pick<PlanView, 'operations' | 'loginServer' | 'conflicts'>): ApplyRun {
  const names = new Map(plan.conflicts.map((c) => [c.id, c.name]));
  const rows = new Map<string, RunRow>();
  for (const op of plan.operations) {
    const held = op.heldBy !== undefined;
    rows.set(op.id, {
      op: describeOperation(op),
      status: held ? 'held' : 'pending',
      attempts: 0,
      ms: 0,
      error: null,
      reason: held ? `held by the conflict on ${names.get(op.heldBy as string) ?? op.heldBy}` : null,
    });
  }
  return { loginServer: plan.loginServer, total: rows.size, done: 0, succeeded: 0, failed: 0, skipped: 0, running: 0, retries: 0, writesPerSecond: null, rows, outcome: null, cancelRequested: false, pausedUntil: null, pauseReason: null };
}

/** The error's kind in a few words (core's table), and what main said. */
export function explainError(error: { code: string; message: string }): { title: string; message: string } {
  const entry = ARM_ERROR_TABLE.find((e) => e.kind === error.code);
  return { title: entry?.title ?? (error.code === 'cancelled' ? 'Cancelled' : 'Failed'), message: error.message };
}

/** Why an operation was skipped, with operation ids put in words. */
export function explainReason(reason: string): string {
  return reason.replace(/\b((?:create|update|delete)-(?:rule|credential-set)):([A-Za-z0-9-]+)/g, (id) => `“${operationIdText(id)}”`);
}

function rowFrom(previous: RunRow | undefined, result: OperationResultView): RunRow {
  return {
    op: previous?.op ?? { id: result.id, verb: operationIdText(result.id), name: '', detail: '' },
    status: result.status,
    attempts: result.attempts,
    ms: result.ms,
    error: result.error === undefined ? null : explainError(result.error),
    reason: result.reason === undefined ? (previous?.status === 'held' && result.status === 'held' ? previous.reason : null) : explainReason(result.reason),
  };
}

export function advance(run: ApplyRun, event: ApplyProgressEvent): ApplyRun {
  let rows = run.rows;
  if (event.changed !== undefined) {
    const next = new Map(rows);
    next.set(event.changed.id, rowFrom(rows.get(event.changed.id), event.changed));
    rows = next;
  }
  return {
    ...run,
    total: event.total,
    done: event.done,
    succeeded: event.succeeded,
    failed: event.failed,
    skipped: event.skipped,
    running: event.running,
    retries: event.retries,
    writesPerSecond: event.writesPerSecond,
    rows,
    // every event carries the pause as it is now (null once it ended)
    pausedUntil: event.pausedUntil ?? null,
    pauseReason: event.pauseReason == null ? null : explainReason(event.pauseReason),
  };
}

/** The outcome is the last word: every row takes the result main returned for it. */
export function settle(run: ApplyRun, outcome: ApplyOutcomeView): ApplyRun {
  const rows = new Map(run.rows);
  for (const result of outcome.results) rows.set(result.id, rowFrom(rows.get(result.id), result));
  return {
    ...run,
    rows,
    total: outcome.results.length,
    done: outcome.results.length,
    succeeded: outcome.succeeded,
    failed: outcome.failed,
    skipped: outcome.skipped + outcome.held + outcome.cancelled,
    running: 0,
    retries: outcome.retries,
    outcome,
    pausedUntil: null,
    pauseReason: null,
  };
}

/** The time left of a long Retry-After wait, as a clock: `59:58`, `1:00:00`; `0:00` once over. */
export function countdown(until: number, now: number): string {
  const total = Math.max(0, Math.ceil((until - now) / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

export function fraction(run: Pick<ApplyRun, 'done' | 'total'>): number {
  return run.total === 0 ? 1 : Math.min(1, run.done / run.total);
}

export const STATUS_LABEL: Readonly<Record<RowStatus, string>> = {
  pending: 'Waiting',
  running: 'Running',
  succeeded: 'Done',
  failed: 'Failed',
  skipped: 'Skipped',
  held: 'Held',
  cancelled: 'Cancelled',
};

/** The line under the progress bar: retries and the pace Azure allowed. */
export function paceText(run: Pick<ApplyRun, 'retries' | 'writesPerSecond' | 'running'>): string {
  const parts: string[] = [];
  if (run.running > 0) parts.push(`${run.running} in flight`);
  if (run.retries > 0) parts.push(`${plural(run.retries, 'retry')} (Azure asked to wait or failed briefly)`);
  if (run.writesPerSecond !== null) parts.push(`throttled: pacing at ${run.writesPerSecond < 10 ? run.writesPerSecond.toFixed(1) : Math.round(run.writesPerSecond)} writes/s`);
  return parts.join(' · ');
}

export interface RunVerdict {
  readonly tone: 'ok' | 'warning' | 'error';
  readonly title: string;
  readonly detail: string;
  /** Whether planning again has something left to do. */
  readonly retry: boolean;
}

export function verdict(outcome: ApplyOutcomeView, loginServer: string): RunVerdict {
  const seconds = outcome.ms < 1000 ? `${outcome.ms} ms` : `${(outcome.ms / 1000).toFixed(1)} s`;
  const pace = outcome.throttled > 0 ? ` Azure throttled ${plural(outcome.throttled, 'time')}; each was waited out and retried.` : '';
  if (outcome.converged) {
    return { tone: 'ok', title: `${loginServer} now matches the draft`, detail: `${plural(outcome.succeeded, 'operation')} succeeded in ${seconds}.${pace} Planning again finds nothing to do.`, retry: false };
  }
  const parts = [
    outcome.succeeded > 0 ? `${outcome.succeeded} succeeded` : null,
    outcome.failed > 0 ? `${outcome.failed} failed` : null,
    outcome.skipped > 0 ? `${outcome.skipped} skipped` : null,
    outcome.held > 0 ? `${outcome.held} held by conflicts` : null,
    outcome.cancelled > 0 ? `${outcome.cancelled} cancelled` : null,
  ].filter((p) => p !== null);
  const tone = outcome.failed > 0 ? 'error' : 'warning';
  const title = outcome.cancelled > 0 ? 'Apply cancelled' : outcome.failed > 0 ? 'Apply finished with failures' : 'Apply finished; the registry still differs';
  return {
    tone,
    title,
    detail: `${parts.join(', ') || 'Nothing ran'} in ${seconds}.${pace} Nothing else was changed. Plan again to see what is left and retry it.`,
    retry: true,
  };
}
