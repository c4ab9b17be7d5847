// When an apply's writes may go: the executor's slots (at most `concurrency` operations at work)
// and, per ARM bucket, the limiter (pacing.ts). Kept apart from what an operation does
// (attempt.ts) and from the order operations run in (executor.ts).
//  - A write answered 429 waits its own Retry-After whatever its bucket does; while it waits it
//    gives its slot back (a refused write is no work in progress), and it comes back before any
//    new operation starts (`resume`), so a burst of 429s costs the refused writes their wait
//    and not the whole apply a share of its concurrency.
//  - A wait longer than the cap is shown as a pause with a countdown (`onPause`), never silent.
import { budgetFeed, WriteLimiter, type LimiterOptions } from './pacing.ts';
import type { BudgetKind, BudgetSource } from './rate-budget.ts';

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

export class Cancelled extends Error {}

export interface Pause {
  until: number;
  reason: string;
}

export interface WriteGateOptions {
  concurrency: number;
  signal: AbortSignal;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** A wait longer than this is reported as a pause (ms). */
  capMs: number;
  budget?: BudgetSource;
  pacing?: Omit<LimiterOptions, 'maxConcurrency'>;
  /** The pause shown to the user changed (null: none). */
  onPause: () => void;
  /** Whether the operation, its Retry-After over, may take a slot again now (default: yes). */
  mayResume?: (opId: string) => boolean;
}

export class WriteGate {
  readonly buckets: Record<BudgetKind, WriteLimiter>;
  pause: Pause | null = null;
  readonly #options: WriteGateOptions;
  /** Operations at work (not waiting a Retry-After with their slot given back). */
  #busy = 0;
  /** Operations whose Retry-After ended, waiting for a slot (they go before new ones). */
  #resuming: Array<{ may: () => boolean; go: () => void }> = [];
  /** Called when a slot may have come free (the executor starts new operations then). */
  onFree: () => void = () => {};
  /** Operations waiting their own Retry-After with their slot given back (a refused write changed nothing). */
  readonly idling = new Set<string>();

  constructor(options: WriteGateOptions) {
    this.#options = options;
    // ARM meters deletes in a bucket of their own (shared/notes/arm-throttling.md).
    const limiter = (kind: BudgetKind) => {
      const budget = options.budget;
      const feed = budget ? budgetFeed(budget, kind) : null;
      return new WriteLimiter({ ...options.pacing, maxConcurrency: options.concurrency }, feed, Date.now());
    };
    this.buckets = { writes: limiter('writes'), deletes: limiter('deletes') };
    this.buckets.writes.pairWith(this.buckets.deletes);
  }

  /** Writes per second held to while a budget is nearly spent (for display). */
  get pace(): number | null {
    return this.buckets.writes.pace ?? this.buckets.deletes.pace;
  }

  get throttles(): number {
    return this.buckets.writes.throttles + this.buckets.deletes.throttles;
  }

  /** Whether a new operation may start now (a slot is free and no waiting operation claims it). */
  hasFreeSlot(): boolean {
    this.#serveResuming();
    return this.#busy < this.#options.concurrency;
  }

  /** A new operation starts: it holds a slot until `release`. */
  take(): void {
    this.#busy++;
  }

  release(): void {
    this.#busy--;
    this.#serveResuming();
    this.onFree();
  }

  /** Gives the slot back while the operation waits `ms` of its own Retry-After; claims one again, before any new operation starts. */
  async #idle(opId: string, ms: number): Promise<void> {
    const { signal, sleep, mayResume } = this.#options;
    this.idling.add(opId);
    this.release();
    try {
      await sleep(ms, signal);
    } catch {
      // cancelled: below, once a slot is held again (the executor counts it back)
    } finally {
      await this.#resume(() => mayResume?.(opId) ?? true);
      this.idling.delete(opId);
    }
    if (signal.aborted) throw new Cancelled();
  }

  #resume(may: () => boolean): Promise<void> {
    return new Promise((go) => {
      this.#resuming.push({ may, go });
      this.#serveResuming();
    });
  }

  #serveResuming(): void {
    for (let i = 0; i < this.#resuming.length && this.#busy < this.#options.concurrency; ) {
      const waiting = this.#resuming[i]!;
      if (!this.#options.signal.aborted && !waiting.may()) {
        i++;
        continue;
      }
      this.#resuming.splice(i, 1);
      this.#busy++;
      waiting.go();
    }
  }

  /** Sleeps `ms` (Infinity: until woken), waking early when the limiter's state changes. */
  async #nap(ms: number, pacer: WriteLimiter): Promise<void> {
    const { signal, sleep } = this.#options;
    if (signal.aborted) throw new Cancelled();
    const wake = new AbortController();
    const onAbort = () => wake.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    void pacer.changed().then(() => wake.abort());
    try {
      await sleep(Number.isFinite(ms) ? ms : 2 ** 31 - 1, wake.signal);
    } catch {
      // woken, or cancelled (below)
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    if (signal.aborted) throw new Cancelled();
  }

  /** Waits until the write may go (its own Retry-After, then the bucket's limiter); returns its launch ticket. */
  async admit(bucket: BudgetKind, opId: string, notBefore: number): Promise<number> {
    for (;;) {
      const now = Date.now();
      const pacer = this.buckets[bucket];
      const wait = now < notBefore ? notBefore - now : pacer.acquire(now);
      if (wait <= 0) return pacer.launches;
      const until = Math.max(pacer.pausedUntil, notBefore);
      if (until - now > this.#options.capMs && this.pause?.until !== until) {
        this.pause = { until, reason: `Azure is throttling ${bucket} and asked to wait ${Math.ceil((until - now) / 1000)} s (after ${opId}). Cancel to stop the apply; what ran is kept.` };
        this.#options.onPause();
      }
      // its own Retry-After is time only: no need to wake on the limiter's news
      if (now < notBefore) await this.#idle(opId, wait);
      else await this.#nap(wait, pacer);
      if (this.pause && Date.now() >= this.pause.until) {
        this.pause = null;
        this.#options.onPause();
      }
    }
  }
}
