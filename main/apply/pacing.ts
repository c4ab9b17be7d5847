// How fast an apply launches writes. ARM meters a subscription's writes (and, apart, its deletes)
// with a token bucket: 200 tokens, 10 back per second (shared/notes/arm-throttling.md). Whoever
// sends them, a 429 means the bucket is empty, so it paces every writer of that bucket:
//  - the Retry-After the service sent pauses all launches of the bucket until then;
//  - the launch rate is cut to what the service admitted lately (multiplicative decrease, once
//    per throttling episode) and grows back quickly while writes succeed (×1.5 a second), then is
//    lifted after a quiet spell: an isolated burst of 429s costs about one Retry-After, not the
//    minute of creeping back the old "0.92 × recent launches, +2%/s" needed;
//  - `x-ms-ratelimit-remaining-subscription-writes` (when Azure sends it) is the budget left:
//    when in-flight writes would spend it, launches wait for an answer that tells more, so a
//    client that reads it is throttled rarely instead of once per refill.

export interface PacerOptions {
  /** Window over which admitted writes are counted to set the rate after a 429 (default 2 s). */
  windowMs?: number;
  /** Multiplicative decrease applied to the admitted rate (default 0.9). */
  decrease?: number;
  /** Growth per second while writes succeed (default 1.5). */
  growth?: number;
  /** Without a 429 this long, the rate limit is lifted (default 3 s). */
  quietMs?: number;
}

export class WritePacer {
  /** Launches per second after throttling; null: as fast as the concurrency allows. */
  rate: number | null = null;
  pausedUntil = 0;
  throttles = 0;
  #lastLaunch = 0;
  #lastThrottle = -Infinity;
  #lastGrowth = 0;
  #episodeUntil = -Infinity;
  #admitted: number[] = [];
  /** Last budget Azure reported, and launches since (each spends a token). */
  #remaining: number | null = null;
  #launchedSinceRemaining = 0;
  /** Tokens back per second, estimated from successive budget reports. */
  #refill: number | null = null;
  #sample: { at: number; remaining: number; launches: number } | null = null;
  readonly #windowMs: number;
  readonly #decrease: number;
  readonly #growth: number;
  readonly #quietMs: number;

  constructor(options: PacerOptions = {}) {
    this.#windowMs = options.windowMs ?? 2000;
    this.#decrease = options.decrease ?? 0.9;
    this.#growth = options.growth ?? 1.5;
    this.#quietMs = options.quietMs ?? 3000;
  }

  /** Launches per second the pacer holds to right now, if any (for display). */
  get pace(): number | null {
    if (this.rate !== null) return this.rate;
    return this.#exhausted() ? this.#refill : null;
  }

  #exhausted(): boolean {
    return this.#remaining !== null && this.#remaining - this.#launchedSinceRemaining <= 0;
  }

  /** ms until the next launch is allowed (0: now); `inFlight` writes of this bucket are running. */
  delay(now: number, inFlight: number): number {
    const spacing = this.rate === null ? 0 : 1000 / this.rate;
    const paced = Math.max(0, this.pausedUntil - now, this.#lastLaunch + spacing - now);
    if (paced > 0) return paced;
    if (this.#exhausted()) {
      // the budget Azure reported is spent: launch at the rate tokens come back, or wait for an
      // answer that says more
      if (this.#refill !== null) return Math.max(0, this.#lastLaunch + 1000 / this.#refill - now);
      if (inFlight > 0) return 50;
    }
    return 0;
  }

  launched(now: number): void {
    this.#lastLaunch = now;
    this.#launchedSinceRemaining++;
    if (this.#sample) this.#sample.launches++;
  }

  /** A write was answered (not throttled); `remaining` from the rate-limit header when present. */
  admitted(now: number, remaining: number | null): void {
    this.#admitted.push(now);
    while (this.#admitted.length > 0 && now - (this.#admitted[0] as number) > this.#windowMs) this.#admitted.shift();
    if (remaining !== null) this.#observe(now, remaining);
    if (this.rate === null) return;
    if (now - this.#lastThrottle >= this.#quietMs) {
      this.rate = null;
      return;
    }
    if (now - this.#lastGrowth >= 1000) {
      this.#lastGrowth = now;
      this.rate *= this.#growth;
    }
  }

  #observe(now: number, remaining: number): void {
    this.#remaining = remaining;
    this.#launchedSinceRemaining = 0;
    const sample = this.#sample;
    if (sample === null) {
      this.#sample = { at: now, remaining, launches: 0 };
      return;
    }
    if (now - sample.at < 500) return;
    // tokens regained = budget now − budget then + tokens spent in between
    const regained = (remaining - sample.remaining + sample.launches) / ((now - sample.at) / 1000);
    // only a budget near empty shows the refill; a full one only shows that nothing was missing
    if (remaining < Math.max(2, sample.launches)) this.#refill = Math.max(0.5, this.#refill === null ? regained : 0.6 * this.#refill + 0.4 * regained);
    this.#sample = { at: now, remaining, launches: 0 };
  }

  /**
   * A write was answered 429. Returns whether that paces the whole bucket (the budget is spent
   * or unknown) or only this write (Azure had reported plenty left: a one-off).
   */
  throttled(now: number, retryAfterMs: number): boolean {
    this.throttles++;
    if (this.#remaining !== null && this.#remaining - this.#launchedSinceRemaining > 0 && now >= this.#episodeUntil) {
      this.#remaining = 0;
      this.#launchedSinceRemaining = 0;
      return false;
    }
    this.#lastThrottle = now;
    this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterMs);
    if (this.#remaining !== null) {
      this.#remaining = 0;
      this.#launchedSinceRemaining = 0;
    }
    // writes launched before the pause answer 429 too: one decrease per episode
    if (now < this.#episodeUntil) return true;
    this.#episodeUntil = this.pausedUntil;
    this.#lastGrowth = this.pausedUntil;
    // with the budget known, pacing follows the refill; otherwise the rate admitted lately
    if (this.#remaining === null) {
      const recent = this.#admitted.filter((t) => now - t <= this.#windowMs).length;
      if (recent >= 10) this.rate = Math.max(1, Math.min(this.rate ?? Infinity, recent / (this.#windowMs / 1000)) * this.#decrease);
    }
    return true;
  }
}
