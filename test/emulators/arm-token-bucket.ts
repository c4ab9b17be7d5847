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
