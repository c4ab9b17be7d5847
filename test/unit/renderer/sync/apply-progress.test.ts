// Apply progress as the panel shows it: rows from the plan, moved by progress events, settled by
// the outcome; the verdict and the pace line.
import { describe, expect, it } from 'vitest';
import { baselineOf } from '../../../../core/fingerprint.ts';
import type { RuleSet } from '../../../../core/model.ts';
import { planChanges } from '../../../../core/plan.ts';
import type { ApplyOutcomeView, PlanView } from '../../../../preload/api.ts';
import { advance, countdown, explainError, explainReason, fraction, paceText, settle, startRun, verdict } from '../../../../renderer/src/lib/sync/apply-progress.ts';

const live: RuleSet = { rules: [{ name: 'mcr-dotnet', source: 'mcr.microsoft.com/dotnet/*', target: 'library/dotnet/*' }], credentialSets: [] };
const draft: RuleSet = {
  rules: [
    { name: 'mcr-dotnet', source: 'mcr.microsoft.com/dotnet/*', target: 'dotnet/*' },
    { name: 'quay-all', source: 'quay.io/*', target: 'quay/*' },
  ],
  credentialSets: [],
};

function view(liveSet: RuleSet, options: Parameters<typeof planChanges>[2] = { prune: false }): PlanView {
  const { input: _input, ...plan } = planChanges(liveSet, draft, options);
  void _input;
  return { ...plan, registry: { accountId: 'a', tenantId: 't', registryId: 'r' }, loginServer: 'contoso.azurecr.io', driftChecked: true, repositoryNote: null };
}

const base = { draftId: 'd', total: 3, done: 0, succeeded: 0, failed: 0, skipped: 0, running: 0, retries: 0, writesPerSecond: null };

describe('apply progress', () => {
  it('starts with a row per operation, held ones saying which conflict holds them', () => {
    const drifted = view({ rules: [{ ...live.rules[0]!, source: 'mcr.microsoft.com/dotnet/sdk/*' }], credentialSets: [] }, { prune: false, baseline: baselineOf(live) });
    const run = startRun(drifted);
    const rows = [...run.rows.values()];
    expect(rows.map((r) => [r.op.id, r.status])).toEqual([
      ['delete-rule:mcr-dotnet', 'held'],
      ['create-rule:mcr-dotnet', 'held'],
      ['create-rule:quay-all', 'pending'],
    ]);
    expect(rows[0]!.reason).toBe('held by the conflict on mcr-dotnet');
  });

  it('moves rows with each event and explains failures and skips', () => {
    let run = startRun(view(live));
    expect(fraction(run)).toBe(0);
    run = advance(run, { ...base, running: 1, changed: { id: 'delete-rule:mcr-dotnet', status: 'running', attempts: 1, ms: 0 } });
    expect(run.rows.get('delete-rule:mcr-dotnet')!.status).toBe('running');
    run = advance(run, { ...base, done: 1, failed: 1, retries: 2, writesPerSecond: 4.6, changed: { id: 'delete-rule:mcr-dotnet', status: 'failed', attempts: 3, ms: 1500, error: { code: 'not-authorized', message: 'Deleting rule mcr-dotnet was refused.' } } });
    run = advance(run, { ...base, done: 2, failed: 1, skipped: 1, changed: { id: 'create-rule:mcr-dotnet', status: 'skipped', attempts: 0, ms: 0, reason: 'not run because delete-rule:mcr-dotnet failed' } });
    const failed = run.rows.get('delete-rule:mcr-dotnet')!;
    expect(failed.error).toEqual({ title: 'Not allowed', message: 'Deleting rule mcr-dotnet was refused.' });
    expect(failed.attempts).toBe(3);
    expect(run.rows.get('create-rule:mcr-dotnet')!.reason).toBe('not run because “Delete rule mcr-dotnet” failed');
    expect(run.done).toBe(2);
    expect(fraction(run)).toBeCloseTo(2 / 3);
    expect(paceText({ running: 1, retries: 2, writesPerSecond: 4.6 })).toBe('1 in flight · 2 retries (Azure asked to wait or failed briefly) · throttled: pacing at 4.6 writes/s');
    expect(paceText({ running: 0, retries: 0, writesPerSecond: null })).toBe('');
  });

  it('settles on the outcome and says whether it converged', () => {
    const run = startRun(view(live));
    const outcome: ApplyOutcomeView = {
      results: [
        { id: 'delete-rule:mcr-dotnet', status: 'succeeded', attempts: 1, ms: 20 },
        { id: 'create-rule:quay-all', status: 'failed', attempts: 1, ms: 12, error: { code: 'quota-exceeded', message: 'Quota.' } },
        { id: 'create-rule:mcr-dotnet', status: 'succeeded', attempts: 2, ms: 40 },
      ],
      succeeded: 2,
      failed: 1,
      skipped: 0,
      held: 0,
      cancelled: 0,
      retries: 1,
      throttled: 1,
      ms: 1234,
      converged: false,
    };
    const settled = settle(run, outcome);
    expect(settled.done).toBe(3);
    expect(fraction(settled)).toBe(1);
    expect([...settled.rows.values()].map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'failed']);
    expect(verdict(outcome, 'contoso.azurecr.io')).toEqual({
      tone: 'error',
      title: 'Apply finished with failures',
      detail: '2 succeeded, 1 failed in 1.2 s. Azure throttled 1 time; each was waited out and retried. Nothing else was changed. Plan again to see what is left and retry it.',
      retry: true,
    });
    const done = verdict({ ...outcome, failed: 0, succeeded: 3, throttled: 0, converged: true, ms: 300 }, 'contoso.azurecr.io');
    expect(done).toMatchObject({ tone: 'ok', title: 'contoso.azurecr.io now matches the draft', retry: false });
    expect(done.detail).toBe('3 operations succeeded in 300 ms. Planning again finds nothing to do.');
    expect(verdict({ ...outcome, failed: 0, cancelled: 1, succeeded: 2 }, 'x').title).toBe('Apply cancelled');
  });

  it('carries a long Retry-After pause from the events, with a countdown, until an event without one or the outcome', () => {
    const run = startRun(view(live));
    const paused = advance(run, { ...base, pausedUntil: 1_000_000 + 3_600_000, pauseReason: 'Azure is throttling writes and asked to wait 3600 s (after create-rule:quay-all). Cancel to stop the apply; what ran is kept.' });
    expect(paused.pausedUntil).toBe(4_600_000);
    expect(paused.pauseReason).toContain('(after “Create rule quay-all”)');
    expect(countdown(paused.pausedUntil!, 1_000_000)).toBe('1:00:00');
    expect(countdown(paused.pausedUntil!, 1_000_000 + 1_500)).toBe('59:59');
    expect(countdown(paused.pausedUntil!, 1_000_000 + 3_599_001)).toBe('0:01');
    expect(countdown(paused.pausedUntil!, 9_000_000)).toBe('0:00');
    expect(advance(paused, { ...base, pausedUntil: null, pauseReason: null }).pausedUntil).toBeNull();
    expect(advance(paused, base).pausedUntil).toBeNull();
  });

  it('explains error codes it does not know plainly', () => {
    expect(explainError({ code: 'weird', message: 'm' })).toEqual({ title: 'Failed', message: 'm' });
    expect(explainReason('not started: the apply was cancelled')).toBe('not started: the apply was cancelled');
  });
});
