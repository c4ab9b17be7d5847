// The sliding-window fit (window-fit.ts) when answers come back out of send order: the apply's
// write path on the virtual clock (test/bench/apply-pacing-sim.ts) with seeded, exponentially
// distributed extra latency on each leg, so the service counts a write anywhere between its send
// and its answer. Asserted: what the limiter fitted, never a duration measured on a real clock.
import { describe, expect, it } from 'vitest';
import { simulateApply, type SimulatedLimit } from '../../test/bench/apply-pacing-sim.ts';
import { SlidingWindow, TokenBucket } from '../../test/emulators/arm-token-bucket.ts';
import { RateBudget } from './rate-budget.ts';

const WINDOW = { requests: 60, perMs: 3000 };

function sharedWindow(): SimulatedLimit {
  const window = new SlidingWindow(WINDOW);
  return { take: (now, kind) => window.take(now, kind) };
}

const jittered = (seed: number, meanMs: number, limit: SimulatedLimit) =>
  simulateApply({ replaces: 150, concurrency: 16, writeMs: 20, readMs: 4, readsAfter: 3, limit, jitter: { seed, meanMs } });

describe('a sliding window fitted under latency jitter', () => {
  it('never fits a window shorter or larger than the true one, over many seeds and jitters', async () => {
    for (const meanMs of [2, 10, 40]) {
      for (let seed = 1; seed <= 8; seed++) {
        const run = await jittered(seed, meanMs, sharedWindow());
        for (const fitted of Object.values(run.fitted)) {
          expect(fitted, `seed ${seed}, jitter ${meanMs} ms`).not.toBeNull();
          expect(fitted!.shared).toBe(true);
          expect(fitted!.ms, `seed ${seed}, jitter ${meanMs} ms`).toBeGreaterThanOrEqual(WINDOW.perMs);
          expect(fitted!.size, `seed ${seed}, jitter ${meanMs} ms`).toBeLessThanOrEqual(WINDOW.requests);
          // close enough to pace by: within a few round trips and a few writes
          expect(fitted!.ms).toBeLessThan(WINDOW.perMs + 600);
          expect(fitted!.size).toBeGreaterThanOrEqual(WINDOW.requests - 5);
        }
      }
    }
  });

  it("a bucket whose first write goes seconds after the other's still fits the shared window's size, from the other's reports", async () => {
    // slow reads: each replace's create starts about 1.5 s after its delete (a loaded machine)
    for (const seed of [1, 2, 3]) {
      const run = await simulateApply({ replaces: 150, concurrency: 16, writeMs: 20, readMs: 400, readsAfter: 3, limit: sharedWindow(), jitter: { seed, meanMs: 10 } });
      expect(run.fitted.writes, `seed ${seed}`).toMatchObject({ shared: true });
      expect(run.fitted.writes!.ms).toBeGreaterThanOrEqual(WINDOW.perMs);
      expect(run.fitted.writes!.size).toBeGreaterThanOrEqual(WINDOW.requests - 5);
      expect(run.fitted.writes!.size).toBeLessThanOrEqual(WINDOW.requests);
    }
  });

  it('once fitted, the apply is rarely refused: far fewer 429s than writes', async () => {
    for (let seed = 1; seed <= 4; seed++) {
      const run = await jittered(seed, 10, sharedWindow());
      // 300 writes; refusals happen before the fit (the first window) and when jitter outlasts the margin
      expect(run.refused, `seed ${seed}`).toBeLessThan(60);
    }
  });

  it('a token bucket is not taken for a window, however the answers interleave', async () => {
    for (let seed = 1; seed <= 6; seed++) {
      const buckets = { writes: new TokenBucket({ capacity: 40, refillPerSecond: 10, kind: 'writes' }, 0), deletes: new TokenBucket({ capacity: 40, refillPerSecond: 10, kind: 'deletes' }, 0) };
      const run = await jittered(seed, 10, { take: (now, kind) => buckets[kind].take(now) });
      expect(run.fitted, `seed ${seed}`).toEqual({ writes: null, deletes: null });
    }
  });
});

describe('the bounds the ledger gives a window fit', () => {
  /** Sends and answers at given times on a RateBudget driven by a fake clock. */
  function ledger() {
    const clock = { now: 0 };
    const budget = new RateBudget(() => clock.now);
    const send = (at: number) => {
      clock.now = at;
      return budget.sending('writes');
    };
    const answer = (seq: number, at: number, status = 201) => {
      clock.now = at;
      budget.answered('writes', seq, status, null);
    };
    return { budget, send, answer };
  }

  it('a write surely left the window only when enough writes were sent after its answer and answered before the reported one was sent', () => {
    const { budget, send, answer } = ledger();
    const a = send(0);
    const b = send(5);
    answer(b, 30); // b overtook a: the service may have counted b first
    answer(a, 40);
    const c = send(50);
    answer(c, 70);
    const d = send(100);
    // the meter held 2 when it counted d: d and one other. c was sent after a and b were answered
    // and answered before d was sent: it was counted after both, so a and b had left; the latest
    // send among them is b's
    expect(budget.lastLeftSentAt(['writes'], 100, 2)).toBe(5);
    // holding 3 (d, c and one of a, b): neither a nor b is surely out
    expect(budget.lastLeftSentAt(['writes'], 100, 3)).toBeNull();
    void d;
  });

  it('a write surely still held at a refusal is one after whose send too few writes were answered to fill the window', () => {
    const { budget, send, answer } = ledger();
    // one at a time: sent at 0, 20, 40, 60, each answered 10 ms later
    for (const at of [0, 20, 40, 60]) answer(send(at), at + 10);
    answer(send(200), 220, 429);
    // the meter, full at 3, held the three it counted last: after the send at 20 only three
    // answers came (its own included), so that write was surely held; the one sent at 0 maybe not
    expect(budget.earliestHeldAnswer(['writes'], 200, 3)).toBe(30);
    // a write still unanswered may have been counted too: one fewer is surely held
    send(230);
    expect(budget.earliestHeldAnswer(['writes'], 200, 3)).toBe(50);
  });

  it('a window holds a taken write from its count to W after it: at its answer at the latest, at its send at the earliest', () => {
    const { budget, send, answer } = ledger();
    answer(send(0), 200);
    answer(send(100), 300);
    // counted at the answer: held until 200 + 1000 and 300 + 1000
    expect(budget.held(['writes'], 1250, 1000, 1)).toEqual({ held: 1, next: 1300 });
    // counted at the send: both gone by 1100
    expect(budget.held(['writes'], 1100, 1000, 0)).toEqual({ held: 0, next: null });
    expect(budget.held(['writes'], 1050, 1000, 0)).toEqual({ held: 1, next: 1100 });
  });
});
