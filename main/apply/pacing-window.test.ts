// The limiter against a sliding window (pacing.ts's fitted window), on a fake clock: every `now`
// is passed in; the tests assert what the limiter learned and which writes were refused.
import { describe, expect, it } from 'vitest';
import { SlidingWindow, TokenBucket, type BucketAnswer } from '../../test/emulators/arm-token-bucket.ts';
import { budgetFeed, WriteLimiter } from './pacing.ts';
import { RateBudget, type BudgetKind } from './rate-budget.ts';

interface Drive {
  limiters: Record<BudgetKind, WriteLimiter>;
  /** Refused after the limiter of that write's bucket knew the meter's shape. */
  refusedInformed: number;
  admitted: number;
  ms: number;
}

/**
 * Both buckets' writes through their limiters until `total` are admitted: each write is taken by
 * the meter 20 ms after launch and answered 40 ms after, creates and deletes alternating.
 */
function drive(take: (now: number, kind: BudgetKind) => BucketAnswer, total: number, kinds: readonly BudgetKind[] = ['deletes', 'writes']): Drive {
  const clock = { now: 0 };
  const budget = new RateBudget(() => clock.now);
  const limiters = {
    writes: new WriteLimiter({ maxConcurrency: 16 }, budgetFeed(budget, 'writes'), 0),
    deletes: new WriteLimiter({ maxConcurrency: 16 }, budgetFeed(budget, 'deletes'), 0),
  };
  const inFlight: Array<{ kind: BudgetKind; ticket: number; seq: number; takeAt: number; answerAt: number; answer?: BucketAnswer; informed: boolean }> = [];
  const notBefore: Record<BudgetKind, number> = { writes: 0, deletes: 0 };
  let refusedInformed = 0;
  let admitted = 0;
  for (clock.now = 0; admitted < total && clock.now < 600_000; clock.now += 5) {
    for (const w of inFlight.filter((w) => w.takeAt <= clock.now && w.answer === undefined)) w.answer = take(w.takeAt, w.kind);
    for (const w of inFlight.filter((w) => w.answerAt <= clock.now)) {
      inFlight.splice(inFlight.indexOf(w), 1);
      const header = w.answer!.headers[`x-ms-ratelimit-remaining-subscription-${w.kind}`];
      budget.answered(w.kind, w.seq, w.answer!.ok ? 201 : 429, header === undefined ? null : Number(header));
      if (w.answer!.ok) {
        admitted++;
        limiters[w.kind].admitted(clock.now, w.ticket);
      } else {
        if (w.informed) refusedInformed++;
        const retryAfter = Number(w.answer!.headers['retry-after'] ?? 1) * 1000;
        notBefore[w.kind] = clock.now + retryAfter;
        limiters[w.kind].refused(clock.now, w.ticket, retryAfter);
      }
    }
    for (const kind of kinds) {
      while (clock.now >= notBefore[kind] && limiters[kind].acquire(clock.now) === 0) {
        const informed = limiters[kind].fittedWindow !== null;
        inFlight.push({ kind, ticket: limiters[kind].launches, seq: budget.sending(kind), takeAt: clock.now + 20, answerAt: clock.now + 40, informed });
      }
    }
  }
  return { limiters, refusedInformed, admitted, ms: clock.now };
}

describe('a sliding window, fitted from the ledger', () => {
  it('learns the window length and size from when the tokens came back, and that both buckets share it', () => {
    const window = new SlidingWindow({ requests: 60, perMs: 3000 });
    const { limiters } = drive((now, kind) => window.take(now, kind), 200);
    for (const limiter of Object.values(limiters)) {
      const fitted = limiter.fittedWindow!;
      expect(fitted).not.toBeNull();
      expect(fitted.shared).toBe(true);
      // at least the writes the meter must have held (never more than it holds: a write sent
      // in the same instant as one of the other bucket's may have been counted after it)
      expect(fitted.size).toBeLessThanOrEqual(60);
      expect(fitted.size).toBeGreaterThanOrEqual(58);
      // an upper bound of the window (a longer one only keeps tokens in hand longer)
      expect(fitted.ms).toBeGreaterThanOrEqual(3000);
      expect(fitted.ms).toBeLessThan(3500);
    }
  });

  it('once the window is fitted, no write is refused', () => {
    const window = new SlidingWindow({ requests: 60, perMs: 3000 });
    const run = drive((now, kind) => window.take(now, kind), 400);
    expect(run.admitted).toBeGreaterThanOrEqual(400);
    expect(run.limiters.writes.fittedWindow).not.toBeNull();
    expect(run.refusedInformed).toBe(0);
  });

  it('another client spending the same window: the limiter holds to what the reports leave and is rarely refused', () => {
    const window = new SlidingWindow({ requests: 60, perMs: 3000 });
    let otherAt = 0;
    const run = drive((now, kind) => {
      // the other client: one write every 100 ms (half the window's rate)
      for (; otherAt <= now; otherAt += 100) window.take(otherAt, null);
      return window.take(now, kind);
    }, 300);
    expect(run.admitted).toBeGreaterThanOrEqual(300);
    // its writes between two of ours are news only at our next answer: a few, not one in twenty
    expect(run.refusedInformed).toBeLessThan(15);
  });

  it('a window over one bucket only is not taken as shared: the other bucket goes on at its own pace', () => {
    const windows = { writes: new SlidingWindow({ requests: 40, perMs: 2000 }), deletes: new SlidingWindow({ requests: 40, perMs: 2000 }) };
    const run = drive((now, kind) => windows[kind].take(now, kind), 300);
    expect(run.limiters.deletes.fittedWindow).toMatchObject({ shared: false, size: 40 });
    expect(run.limiters.writes.fittedWindow).toMatchObject({ shared: false, size: 40 });
    expect(run.refusedInformed).toBe(0);
  });

  it('a bucket that refills from its first spend is not taken for a window', () => {
    const buckets = { writes: new TokenBucket({ capacity: 30, refillPerSecond: 10, kind: 'writes' }, 0), deletes: new TokenBucket({ capacity: 30, refillPerSecond: 10, kind: 'deletes' }, 0) };
    const run = drive((now, kind) => buckets[kind].take(now), 200);
    expect(run.limiters.writes.fittedWindow).toBeNull();
    expect(run.limiters.deletes.fittedWindow).toBeNull();
    expect(run.limiters.writes.refill).toBeGreaterThan(5);
  });
});

describe('the budget ledger, for a window', () => {
  it('counts what the service took within a span, of one bucket or both, and what is still unanswered', () => {
    const clock = { now: 0 };
    const budget = new RateBudget(() => clock.now);
    const a = budget.sending('writes');
    const b = budget.sending('deletes');
    const c = budget.sending('writes');
    clock.now = 100;
    budget.answered('writes', a, 201, 10);
    clock.now = 200;
    budget.answered('deletes', b, 202, 9);
    budget.answered('writes', c, 429, null);
    expect(budget.admittedIn(['writes'], 0, 1000)).toBe(1);
    expect(budget.admittedIn(['writes', 'deletes'], 0, 1000)).toBe(2);
    expect(budget.admittedIn(['writes', 'deletes'], 100, 1000)).toBe(1);
    expect(budget.unanswered(['writes', 'deletes'])).toBe(0);
    budget.sending('deletes');
    expect(budget.unanswered(['deletes'])).toBe(1);
    expect(budget.report('writes')).toMatchObject({ remaining: 10, sentSinceAny: 2 });
  });
});
