// The apply's write limiter (pacing.ts) and budget ledger (rate-budget.ts) on a fake clock:
// every `now` is passed in, so each test is deterministic and asserts decisions, not durations.
import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../test/emulators/arm-token-bucket.ts';
import { WriteLimiter } from './pacing.ts';
import { RateBudget, type BudgetKind } from './rate-budget.ts';

function launchAll(limiter: WriteLimiter, now: number): number[] {
  const tickets: number[] = [];
  while (limiter.acquire(now) === 0) tickets.push(limiter.launches);
  return tickets;
}

/** A limiter fed by a RateBudget whose clock is `clock.now`. */
function budgeted(kind: BudgetKind = 'writes', options = {}) {
  const clock = { now: 0 };
  const budget = new RateBudget(() => clock.now);
  const limiter = new WriteLimiter({ maxConcurrency: 16, ...options }, { report: () => budget.report(kind), sent: () => budget.sentCount(kind) }, 0);
  /** Launches one write if allowed: sends it through the budget; returns its handles or null. */
  const launch = () => {
    if (limiter.acquire(clock.now) !== 0) return null;
    return { ticket: limiter.launches, seq: budget.sending(kind) };
  };
  return { clock, budget, limiter, launch };
}

describe('without budget reports (AIMD on writes in flight)', () => {
  it('launches up to the concurrency at once, then waits for an answer, and an answer wakes it', async () => {
    const limiter = new WriteLimiter({ maxConcurrency: 4 }, null, 0);
    expect(launchAll(limiter, 0)).toEqual([1, 2, 3, 4]);
    expect(limiter.acquire(0)).toBe(Infinity);
    const woken = limiter.changed();
    limiter.admitted(10, 1);
    await woken;
    expect(limiter.acquire(10)).toBe(0);
  });

  it('halves the window once for the 429s of one episode and grows it by one per admitted write', () => {
    const limiter = new WriteLimiter({ maxConcurrency: 16 }, null, 0);
    const tickets = launchAll(limiter, 0);
    for (const ticket of tickets.slice(0, 5)) limiter.refused(5, ticket, 1000);
    expect(limiter.window).toBe(8);
    for (const ticket of tickets.slice(5, 8)) limiter.admitted(6, ticket);
    expect(limiter.window).toBe(11);
  });

  it('never goes below one write in flight, however many episodes', () => {
    const limiter = new WriteLimiter({ maxConcurrency: 16 }, null, 0);
    let now = 0;
    for (let episode = 0; episode < 10; episode++) {
      now += 2000;
      const wait = limiter.acquire(now);
      expect(wait).toBe(0);
      limiter.refused(now, limiter.launches, 1000);
    }
    expect(limiter.window).toBe(1);
    expect(limiter.acquire(now + 1000)).toBe(0);
    expect(limiter.acquire(now + 1000)).toBe(Infinity);
  });

  it('a 429 pauses the whole bucket until its Retry-After', () => {
    const limiter = new WriteLimiter({ maxConcurrency: 4 }, null, 0);
    expect(limiter.acquire(0)).toBe(0);
    limiter.refused(100, limiter.launches, 1000);
    expect(limiter.acquire(100)).toBe(1000);
    expect(limiter.acquire(600)).toBe(500);
    expect(limiter.acquire(1100)).toBe(0);
  });

  it('a guessed pause that no write in flight can lift lets one write find out, once', () => {
    const limiter = new WriteLimiter({ maxConcurrency: 4 }, null, 0);
    launchAll(limiter, 0);
    limiter.admitted(30, 1);
    limiter.admitted(35, 2);
    // the latest sent is refused: the one still out was sent before it and cannot lift the pause
    limiter.refused(50, 4, 1000);
    limiter.admitted(60, 3);
    expect(limiter.acquire(60)).toBe(0);
    // one probe only, however long the pause
    expect(limiter.acquire(60)).toBeGreaterThan(0);
    limiter.admitted(80, 5);
    expect(limiter.acquire(80)).toBe(0);
  });

  it('no probe into a pause when the service has taken nothing yet', () => {
    const limiter = new WriteLimiter({ maxConcurrency: 4 }, null, 0);
    expect(limiter.acquire(0)).toBe(0);
    limiter.refused(40, 1, 1000);
    expect(limiter.acquire(40)).toBe(1000);
  });

  it('a write sent after the refused one and admitted lifts the pause: the bucket was not empty', () => {
    const limiter = new WriteLimiter({ maxConcurrency: 4 }, null, 0);
    const [a, b, c] = launchAll(limiter, 0);
    limiter.refused(50, b!, 1000);
    // sent before the refused one: it tells nothing new
    limiter.admitted(60, a!);
    expect(limiter.acquire(60)).toBeGreaterThan(0);
    limiter.admitted(70, c!);
    expect(limiter.acquire(70)).toBe(0);
  });
});

describe('with budget reports', () => {
  it('never launches past the budget reported: with nothing known to come back, one write finds out', () => {
    const { clock, budget, limiter, launch } = budgeted();
    const first = launch()!;
    budget.answered('writes', first.seq, 201, 3);
    limiter.admitted(0, first.ticket);
    const sent = [];
    // the surplus is spread out in time: let it
    for (clock.now = 0; sent.length < 3 && clock.now < 60_000; clock.now += 100) {
      const s = launch();
      if (s) sent.push(s);
    }
    expect(sent).toHaveLength(3);
    // three tokens are spoken for by the writes in flight, however long it has been
    clock.now += 60_000;
    expect(limiter.acquire(clock.now)).toBe(Infinity);
    for (const s of sent) {
      budget.answered('writes', s.seq, 201, 0);
      limiter.admitted(clock.now, s.ticket);
    }
    // budget spent and nothing in flight: a single probe may go (one at a time, never stuck)
    expect(limiter.acquire(clock.now)).toBe(0);
    expect(limiter.acquire(clock.now)).toBe(Infinity);
  });

  it('fits the refill from the ledger and, with the budget spent, waits exactly for the next token', () => {
    const { clock, budget, limiter, launch } = budgeted();
    const bucket = new TokenBucket({ capacity: 20, refillPerSecond: 10, kind: 'writes' }, 0);
    // one write at a time every 50 ms for 4 s: spends faster (20/s) than the bucket refills
    for (clock.now = 0; clock.now < 4000; clock.now += 50) {
      const sent = launch();
      if (sent === null) continue;
      const answer = bucket.take(clock.now);
      budget.answered('writes', sent.seq, answer.ok ? 201 : 429, Number(answer.headers['x-ms-ratelimit-remaining-subscription-writes']));
      if (answer.ok) limiter.admitted(clock.now, sent.ticket);
      else limiter.refused(clock.now, sent.ticket, 1000);
    }
    expect(limiter.refill).toBeGreaterThan(9);
    expect(limiter.refill).toBeLessThan(11);
    const tokens = limiter.tokens(clock.now)!;
    if (tokens < 1) expect(limiter.acquire(clock.now)).toBeCloseTo(((1 - tokens) / limiter.refill!) * 1000, 0);
  });

  it('against a token bucket it reports from, no write is refused once the refill is known', () => {
    const { clock, budget, limiter, launch } = budgeted('deletes');
    const bucket = new TokenBucket({ capacity: 30, refillPerSecond: 10, kind: 'deletes' }, 0);
    const inFlight: Array<{ ticket: number; seq: number; answerAt: number; ok: boolean; remaining: number; informed: boolean }> = [];
    let probes = 0;
    let refused = 0;
    let admitted = 0;
    for (clock.now = 0; admitted < 200; clock.now += 5) {
      // answers 40 ms after launch; the service takes the token at 20 ms
      for (const w of inFlight.filter((w) => w.answerAt <= clock.now)) {
        inFlight.splice(inFlight.indexOf(w), 1);
        budget.answered('deletes', w.seq, w.ok ? 202 : 429, w.remaining);
        if (w.ok) {
          admitted++;
          limiter.admitted(clock.now, w.ticket);
        } else {
          if (w.informed) refused++;
          else probes++;
          limiter.refused(clock.now, w.ticket, 1000);
        }
      }
      for (let sent = launch(); sent !== null; sent = launch()) {
        const answer = bucket.take(clock.now + 20);
        inFlight.push({ ...sent, answerAt: clock.now + 40, ok: answer.ok, remaining: Number(answer.headers['x-ms-ratelimit-remaining-subscription-deletes']), informed: limiter.refill !== null });
      }
    }
    expect(refused).toBe(0);
    // while it was still learning, a single write found the bucket empty (at most a few)
    expect(probes).toBeLessThanOrEqual(2);
  });

  it('a 429 while the budget reports plenty left pauses only that write, not the bucket', () => {
    const { budget, limiter, launch } = budgeted();
    const first = launch()!;
    budget.answered('writes', first.seq, 201, 150);
    limiter.admitted(0, first.ticket);
    const second = launch()!;
    budget.answered('writes', second.seq, 429, null);
    limiter.refused(10, second.ticket, 5000);
    expect(limiter.pausedUntil).toBe(0);
    expect(limiter.acquire(10)).toBe(0);
  });

  it('a 429 with the budget spent pauses the bucket until its Retry-After', () => {
    const { budget, limiter, launch } = budgeted();
    const first = launch()!;
    budget.answered('writes', first.seq, 429, 0);
    limiter.refused(10, first.ticket, 3000);
    expect(limiter.pausedUntil).toBe(3010);
  });

  it('spends a reported surplus over a couple of seconds, not in one burst', () => {
    const { budget, limiter, launch } = budgeted('writes', { spendSeconds: 2, reserve: 2 });
    const first = launch()!;
    budget.answered('writes', first.seq, 201, 100);
    limiter.admitted(0, first.ticket);
    const second = launch();
    expect(second).not.toBeNull();
    // 98 tokens over 2 s: one launch about every 20 ms, so the next one waits
    expect(limiter.acquire(0)).toBeGreaterThan(0);
  });

  it('ignores reports older than the apply: the bucket has refilled since', () => {
    const budget = new RateBudget(() => 1000);
    const seq = budget.sending('writes');
    budget.answered('writes', seq, 201, 0);
    const limiter = new WriteLimiter({ maxConcurrency: 4 }, { report: () => budget.report('writes'), sent: () => budget.sentCount('writes') }, 60_000);
    expect(limiter.tokens(60_000)).toBeNull();
    expect(launchAll(limiter, 60_000)).toHaveLength(4);
  });
});

describe('the budget ledger', () => {
  it('keeps the report of the latest-sent write, whatever order the answers arrive in', () => {
    const budget = new RateBudget(() => 0);
    const a = budget.sending('writes');
    const b = budget.sending('writes');
    const c = budget.sending('writes');
    budget.answered('writes', b, 201, 40);
    budget.answered('writes', a, 201, 41);
    expect(budget.report('writes')).toMatchObject({ remaining: 40, sentSince: 1 });
    budget.answered('writes', c, 429, null);
    expect(budget.report('writes')).toMatchObject({ remaining: 40, sentSince: 0 });
  });

  it('grows the ledger only by what the service gave back', () => {
    const budget = new RateBudget(() => 0);
    for (const remaining of [9, 8, 7]) budget.answered('deletes', budget.sending('deletes'), 202, remaining);
    const before = budget.report('deletes')!.ledger;
    // two more spent, and three tokens came back meanwhile: 7 − 2 + 3 = 8
    budget.sending('deletes');
    budget.answered('deletes', budget.sending('deletes'), 202, 8);
    expect(budget.report('deletes')!.ledger - before).toBe(3);
  });

  it('reads the remaining-writes header of a write answered by the pipeline, and a 429 as refused', async () => {
    const budget = new RateBudget(() => 0);
    const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name] });
    const send = (method: string, status: number, values: Record<string, string>) =>
      budget.policy.sendRequest({ method } as never, async () => ({ status, headers: headers(values) }) as never);
    await send('PUT', 201, { 'x-ms-ratelimit-remaining-subscription-writes': '199' });
    await send('GET', 200, { 'x-ms-ratelimit-remaining-subscription-writes': '5' });
    await send('PUT', 429, { 'retry-after': '1' });
    await send('DELETE', 202, { 'x-ms-ratelimit-remaining-subscription-global-deletes': '77' });
    expect(budget.report('writes')).toMatchObject({ remaining: 199, sentSince: 0 });
    expect(budget.sentCount('writes')).toBe(2);
    expect(budget.report('deletes')).toMatchObject({ remaining: 77 });
    expect(budget.writes).toBe(199);
  });
});
