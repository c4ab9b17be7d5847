// ARM's regional throttling as the docs describe it: a token bucket per subscription and
// operation type (writes: 200 tokens, 10 back per second; deletes in a bucket of their own),
// answering 429 + Retry-After when empty and reporting what is left in
// `x-ms-ratelimit-remaining-subscription-{writes,deletes}` (shared/notes/arm-throttling.md).
// Sizes are configurable so that tests and benchmarks run in seconds.

export interface TokenBucketLimit {
  /** Tokens when full (Azure: 200). */
  capacity: number;
  /** Tokens back per second (Azure: 10). */
  refillPerSecond: number;
  /** Which header reports the remaining tokens. */
  kind: 'writes' | 'deletes';
}

export type BucketAnswer = { ok: true; headers: Record<string, string> } | { ok: false; headers: Record<string, string> };

export class TokenBucket {
  readonly limit: TokenBucketLimit;
  #tokens: number;
  #at: number;

  constructor(limit: TokenBucketLimit, now: number) {
    this.limit = limit;
    this.#tokens = limit.capacity;
    this.#at = now;
  }

  #refill(now: number): void {
    this.#tokens = Math.min(this.limit.capacity, this.#tokens + ((now - this.#at) / 1000) * this.limit.refillPerSecond);
    this.#at = now;
  }

  /** Spends one token, or says how long until one is back (Retry-After in whole seconds, as ARM sends it). */
  take(now: number): BucketAnswer {
    this.#refill(now);
    const header = `x-ms-ratelimit-remaining-subscription-${this.limit.kind}`;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return { ok: true, headers: { [header]: String(Math.floor(this.#tokens)) } };
    }
    const seconds = Math.max(1, Math.ceil((1 - this.#tokens) / this.limit.refillPerSecond));
    return { ok: false, headers: { [header]: '0', 'retry-after': String(seconds) } };
  }
}

export interface SlidingWindowLimit {
  /** At most this many requests… */
  requests: number;
  /** …within this sliding window. */
  perMs: number;
  /** Retry-After sent with the 429 (seconds); by default the time until the window frees a slot. */
  retryAfterSeconds?: number;
  /** Send `retry-after-ms` instead (fast tests). */
  retryAfterMs?: number;
}

/**
 * A sliding-window limit (the older per-instance ARM limits, or a resource provider's): at most
 * `requests` in any `perMs`; the budget left is reported like ARM's (`kind` names the header;
 * null: none). Refused requests do not count.
 */
export class SlidingWindow {
  readonly limit: SlidingWindowLimit;
  #log: number[] = [];

  constructor(limit: SlidingWindowLimit) {
    this.limit = limit;
  }

  take(now: number, kind: 'writes' | 'deletes' | null): BucketAnswer {
    this.#log = this.#log.filter((t) => now - t < this.limit.perMs);
    if (this.#log.length >= this.limit.requests) {
      if (this.limit.retryAfterMs !== undefined) return { ok: false, headers: { 'retry-after-ms': String(this.limit.retryAfterMs) } };
      const wait = this.limit.retryAfterSeconds ?? Math.max(1, Math.ceil((this.#log[0]! + this.limit.perMs - now) / 1000));
      return { ok: false, headers: { 'retry-after': String(wait) } };
    }
    this.#log.push(now);
    return { ok: true, headers: kind === null ? {} : { [`x-ms-ratelimit-remaining-subscription-${kind}`]: String(this.limit.requests - this.#log.length) } };
  }
}
