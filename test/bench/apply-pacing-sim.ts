// The apply's write path on a virtual clock: N replaces (a delete, then its create) and M plain
// creates through the
// real limiter (main/apply/pacing.ts) and budget ledger (rate-budget.ts), against the emulator's
// own limit models (test/emulators/arm-token-bucket.ts). The executor's shape is kept: at most
// `concurrency` operations at once, each reading before its delete and reading back after its
// write, a create going before any new delete, a throttled write waiting its own Retry-After
// with its slot given back and taking one again before any new operation (write-gate.ts).
// Real runs against the emulator on a machine shared by many processes measure the CPU as much
// as the pacing; this measures the pacing alone, the same on every machine.
import { budgetFeed, WriteLimiter, type FittedWindow, type LimiterOptions } from '../../main/apply/pacing.ts';
import { RateBudget, type BudgetKind } from '../../main/apply/rate-budget.ts';
import type { BucketAnswer } from '../emulators/arm-token-bucket.ts';

export interface SimulatedLimit {
  /** Answers a write of `kind` arriving at `now` (ms). */
  take(now: number, kind: BudgetKind): BucketAnswer;
}

export interface SimulationOptions {
  replaces: number;
  /** Rules only created (no delete before), after the replaces' deletes in the executor's order (default 0). */
  creates?: number;
  concurrency: number;
  /** Latency of a write's answer (ms); the service takes it at half of that. */
  writeMs: number;
  /** One read (before a delete, each poll and read-back after a write). */
  readMs: number;
  /** Reads after each write (LRO polls + read-back). */
  readsAfter: number;
  limit: SimulatedLimit;
  pacing?: Omit<LimiterOptions, 'maxConcurrency'>;
  /**
   * Network and event-loop jitter, seeded: each leg of a write (to the service, back) takes
   * `writeMs / 2` plus an exponentially distributed extra of mean `meanMs`, so answers come
   * back out of send order, and the service counts a write anywhere between send and answer.
   */
  jitter?: { seed: number; meanMs: number };
}

export interface SimulationResult {
  ms: number;
  refused: number;
  writes: number;
  /** The sliding window each bucket's limiter fitted (null: none). */
  fitted: Record<BudgetKind, FittedWindow | null>;
}

/** A seeded uniform [0, 1) generator (mulberry32): the same jitter on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class VirtualClock {
  now = 0;
  #seq = 0;
  #queue: Array<{ at: number; seq: number; resolve: () => void }> = [];

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const event = { at: this.now + Math.max(0, ms), seq: ++this.#seq, resolve };
      // sorted insert from the end: most events are scheduled near the latest
      let i = this.#queue.length;
      while (i > 0 && (this.#queue[i - 1]!.at > event.at || (this.#queue[i - 1]!.at === event.at && this.#queue[i - 1]!.seq > event.seq))) i--;
      this.#queue.splice(i, 0, event);
    });
  }

  async run(done: () => boolean): Promise<void> {
    while (!done()) {
      // let every task run until it waits on the clock
      await new Promise((r) => setImmediate(r));
      if (done()) return;
      const next = this.#queue.shift();
      if (next === undefined) throw new Error('simulation stalled: every task waits and no timer is due');
      this.now = next.at;
      next.resolve();
    }
  }
}

function retryAfterMs(headers: Record<string, string>): number {
  if (headers['retry-after-ms'] !== undefined) return Number(headers['retry-after-ms']);
  return Number(headers['retry-after'] ?? 1) * 1000;
}

export async function simulateApply(options: SimulationOptions): Promise<SimulationResult> {
  const clock = new VirtualClock();
  const budget = new RateBudget(() => clock.now);
  const limiter = (kind: BudgetKind) => new WriteLimiter({ ...options.pacing, maxConcurrency: options.concurrency }, budgetFeed(budget, kind), clock.now);
  const limiters = { writes: limiter('writes'), deletes: limiter('deletes') };
  limiters.writes.pairWith(limiters.deletes);
  const random = options.jitter ? seededRandom(options.jitter.seed) : null;
  const leg = () => options.writeMs / 2 + (random && options.jitter ? -Math.log(1 - random()) * options.jitter.meanMs : 0);
  let refused = 0;
  let writes = 0;
  let running = 0;
  /** Refused writes whose Retry-After is over, waiting for a slot (they go before new operations). */
  const resuming: Array<() => void> = [];
  const release = () => {
    running--;
    const next = resuming.shift();
    if (next !== undefined) {
      running++;
      next();
    } else pump();
  };

  async function write(kind: BudgetKind): Promise<void> {
    const pacer = limiters[kind];
    let notBefore = 0;
    for (;;) {
      for (;;) {
        const wait = clock.now < notBefore ? notBefore - clock.now : pacer.acquire(clock.now);
        if (wait <= 0) break;
        await Promise.race([pacer.changed(), ...(Number.isFinite(wait) ? [clock.sleep(wait)] : [])]);
      }
      const ticket = pacer.launches;
      const seq = budget.sending(kind);
      writes++;
      await clock.sleep(leg());
      const answer = options.limit.take(clock.now, kind);
      await clock.sleep(leg());
      const header = answer.headers[`x-ms-ratelimit-remaining-subscription-${kind}`];
      budget.answered(kind, seq, answer.ok ? 201 : 429, header === undefined ? null : Number(header));
      if (answer.ok) {
        pacer.admitted(clock.now, ticket);
        return;
      }
      refused++;
      const wait = retryAfterMs(answer.headers);
      pacer.refused(clock.now, ticket, wait);
      notBefore = clock.now + wait;
      release();
      await clock.sleep(wait);
      await new Promise<void>((resume) => {
        if (running < options.concurrency) {
          running++;
          resume();
        } else resuming.push(resume);
      });
    }
  }

  async function replace(): Promise<void> {
    await clock.sleep(options.readMs);
    await write('deletes');
    await clock.sleep(options.readMs * options.readsAfter);
  }
  async function create(): Promise<void> {
    await write('writes');
    await clock.sleep(options.readMs * options.readsAfter);
  }

  let deletesLeft = options.replaces;
  let createsReady = options.creates ?? 0;
  let finished = 0;
  function pump(): void {
    while (running < options.concurrency && (createsReady > 0 || deletesLeft > 0)) {
      running++;
      // a replace's create goes first: the rule is missing until it ran
      const task = createsReady > 0 ? (createsReady--, create().then(() => finished++)) : (deletesLeft--, replace().then(() => createsReady++));
      void task.then(release);
    }
  }
  pump();
  await clock.run(() => finished === options.replaces + (options.creates ?? 0));
  return { ms: clock.now, refused, writes, fitted: { writes: limiters.writes.fittedWindow, deletes: limiters.deletes.fittedWindow } };
}
