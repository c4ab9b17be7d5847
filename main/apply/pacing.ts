// How fast an apply launches the writes of one ARM bucket (writes, or deletes: ARM meters them
// apart; shared/notes/arm-throttling.md: a token bucket of 200, 10 back per second).
//
// Three signals, used for what each is good at:
//  - The budget Azure reports on every write (rate-budget.ts). The tokens in hand are estimated
//    as reported − spent since + refill × time since, and launches are paced at
//    `refill + (tokens − reserve) / spendSeconds`: a surplus is spent over a couple of seconds
//    rather than in one burst, and near empty the pace is the refill. The refill is fitted from
//    the ledger's slope, so whatever the service is (a token bucket, a sliding window, shared by
//    several clients) the pace follows what it actually gives back. A client that paces like
//    this is rarely throttled, and the few 429s cost a Retry-After of one bucket, not a minute
//    of creeping back.
//  - The meter's shape (window-fit.ts). A sliding window (older per-instance limits, a resource
//    provider's) gives each token back W after it was spent, in the lumps it was spent in; a
//    refill rate fitted to that either copies the lumps into 429s or stays well under. A bucket
//    refills from its first spend (ARM's: 10 a second), a window gives nothing back for W, so a
//    meter with nothing back for over a second is fitted as a window: its size (at least), W (at
//    most what the reports prove, at least what each refusal proves: answers come back out of
//    send order, so every figure is a bound, never a point estimate that jitter can push short),
//    whether the other bucket's writes spend it too. The tokens in hand are then size − writes
//    the window still holds (each from its count, taken at its answer at first and nearer its send
//    while nothing is refused: #held) − writes not answered yet (and no more than the last report
//    or refusal implies, for other clients): any token may go at once, and with none the next
//    launch waits for the oldest write in the window to leave it. Learned from the headers alone,
//    as against Azure.
//  - 429s. Without budget headers (or when they were wrong), the writes in flight follow AIMD:
//    the window halves once per throttling episode and grows by one per admitted write, never
//    below one in flight, so the apply is never slower than one write at a time. A 429 pauses the
//    whole bucket until its Retry-After when the budget is spent or unknown; with the budget
//    unknown, a write sent after the refused one and admitted shows the bucket is not empty and
//    lifts that pause (an isolated burst of 429s then costs its own writes' Retry-After only;
//    those always wait theirs, in the executor); when no write in flight can lift it, one write
//    goes to find out. A refusal newer than the last report counts as a report of none left.
import type { BudgetKind, BudgetReport, BudgetSource, ReportedAnswer } from './rate-budget.ts';
import { MeterShape, type FittedWindow } from './window-fit.ts';

export interface LimiterOptions {
  /** Most writes of this bucket in flight (the executor's concurrency; default 16). */
  maxConcurrency?: number;
  /** Tokens kept in hand when pacing from the budget (default 2). */
  reserve?: number;
  /** A reported surplus is spent over about this many seconds (default 2). */
  spendSeconds?: number;
  /** The refill is fitted over at least this span of reports (default 1,000 ms)… */
  refillSpanMs?: number;
  /** …and at most this one (default 6,000 ms). */
  refillHorizonMs?: number;
}

export interface BudgetFeed {
  /** Which bucket (to tell its answers from the other's in `reportedAnswers`). */
  kind?: BudgetKind;
  /** The newest report for this bucket, or null. */
  report(): BudgetReport | null;
  /** Writes of this bucket sent through the client so far (to tell launched from sent). */
  sent(): number;
  /** Writes the service took, of this bucket (`shared`: of both buckets), answered in (from, to]. */
  admittedIn?(shared: boolean, from: number, to: number): number;
  /** When the first such write answered after `after` was answered (null: none). */
  firstAdmittedAfter?(shared: boolean, after: number): number | null;
  /** When the first write (of both buckets if `shared`) sent after `after` was sent (null: none). */
  firstSentAfter?(shared: boolean, after: number): number | null;
  /** Writes sent and not answered yet (of both buckets if `shared`). */
  unanswered?(shared: boolean): number;
  /** Writes the service took whose send was in (from, to] (of both buckets if `shared`). */
  admittedSentIn?(shared: boolean, from: number, to: number): number;
  /** See RateBudget.lastLeftSentAt (of both buckets if `shared`). */
  lastLeftSentAt?(shared: boolean, sentAt: number, held: number): number | null;
  /** See RateBudget.earliestHeldAnswer (of both buckets if `shared`). */
  earliestHeldAnswer?(shared: boolean, sentAt: number, size: number): number | null;
  /** When the last write of this bucket answered 429 was sent (null: none). */
  lastRefusedSentAt?(): number | null;
  /** Writes sent in (from, to], refused ones included (of both buckets if `shared`). */
  sentIn?(shared: boolean, from: number, to: number): number;
  /** Answers of taken writes that reported a budget (both buckets'), from the `from`-th on. */
  reportedAnswers?(from: number): readonly ReportedAnswer[];
  /** See RateBudget.held (of both buckets if `shared`). */
  held?(shared: boolean, now: number, windowMs: number, answerShare: number): { held: number; next: number | null };
}

export type { FittedWindow } from './window-fit.ts';

/** Windows without a refusal over which a fitted window's margin first shrinks from a round trip to none (doubled by each refusal under it). */
const MARGIN_WINDOWS = 4;

interface Sample {
  at: number;
  ledger: number;
  remaining: number;
}

export class WriteLimiter {
  readonly maxConcurrency: number;
  /** Writes allowed in flight right now (AIMD). */
  window: number;
  inFlight = 0;
  /** No launch of this bucket before this time (a Retry-After for the whole bucket). */
  pausedUntil = 0;
  throttles = 0;
  readonly #reserve: number;
  readonly #spendSeconds: number;
  readonly #spanMs: number;
  readonly #horizonMs: number;
  readonly #feed: BudgetFeed | null;
  readonly #sentAtStart: number;
  readonly #startedAt: number | null;
  /** Writes launched so far; the number of a launch is its ticket (`admitted`, `refused`). */
  launches = 0;
  #lastLaunch = -Infinity;
  /** Writes launched up to this ticket were in flight at the last decrease: their 429s are that episode. */
  #decreasedAfter = 0;
  /** The pause is a guess (budget unknown): an admission shows otherwise. */
  #provisional = false;
  /** One write went out during a guessed pause (at most one per pause). */
  #probed = false;
  #admittedCount = 0;
  #refusedTicket = 0;
  #samples: Sample[] = [];
  #maxRemaining = -Infinity;
  #refill: number | null = null;
  #lastTokens: number | null = null;
  #waiters: Array<() => void> = [];
  /** Whether the meter is a refilling bucket or a sliding window, and the window's fit (window-fit.ts). */
  readonly #meter: MeterShape | null;
  /** The last refusal (the meter was full then): when that write was sent, and answered. */
  #fullAt: { sentAt: number; at: number } | null = null;
  /** Since when the window's margin shrinks (its fit, or the last refusal under it); see #held. */
  #marginFrom = Infinity;
  #marginWindows = MARGIN_WINDOWS;

  constructor(options: LimiterOptions = {}, feed: BudgetFeed | null = null, now?: number) {
    this.maxConcurrency = Math.max(1, Math.floor(options.maxConcurrency ?? 16));
    this.window = this.maxConcurrency;
    this.#reserve = options.reserve ?? 2;
    this.#spendSeconds = options.spendSeconds ?? 2;
    this.#spanMs = options.refillSpanMs ?? 1000;
    this.#horizonMs = Math.max(this.#spanMs, options.refillHorizonMs ?? 6000);
    this.#feed = feed;
    this.#meter = feed === null ? null : new MeterShape(feed);
    this.#sentAtStart = feed?.sent() ?? 0;
    // reports older than this apply are history: the bucket has refilled since
    this.#startedAt = now ?? null;
  }


  /** This limiter and `other` meter the two buckets of one budget: what either learns of a window both share holds for both. */
  pairWith(other: WriteLimiter): void {
    if (this.#meter && other.#meter) {
      this.#meter.peer = other.#meter;
      other.#meter.peer = this.#meter;
    }
  }

  /** The sliding window the service was found to be (null: a refilling bucket, or not known yet). */
  get fittedWindow(): FittedWindow | null {
    return this.#meter?.window ?? null;
  }

  /** Tokens per second the service gives back, as fitted from its reports (null: not known yet). */
  get refill(): number | null {
    return this.#refill;
  }

  /** Writes per second the limiter holds to while the budget is nearly spent (for display). */
  get pace(): number | null {
    if (this.#refill === null || this.#lastTokens === null) return null;
    return this.#lastTokens < this.#reserve + 1 ? this.#refill : null;
  }

  #report(): BudgetReport | null {
    const report = this.#feed?.report() ?? null;
    if (report === null || (this.#startedAt !== null && report.at < this.#startedAt)) return null;
    return report;
  }

  /**
   * The taken writes the fitted window holds now, and when the first leaves it. Safe is to take
   * each as counted at its answer (the latest it can have been), but W is fitted at most as
   * answer − send of two writes, so it already holds about a round trip more than the meter's:
   * counting from the answer too holds every token two round trips too long (a 1 s window with
   * 200 ms writes: 1.4 s). So the share of the round trip added goes from 1 down to 0 over
   * MARGIN_WINDOWS windows without a refusal, and back to 1 at each refusal, which also doubles
   * the windows it takes to shrink again (AIMD on the margin: another client spending the same
   * window, or round trips that vary, keep it).
   */
  #held(window: FittedWindow, now: number): { held: number; next: number | null } {
    const feed = this.#feed;
    if (feed?.held) {
      const share = Math.min(1, Math.max(0, 1 - (now - this.#marginFrom) / (this.#marginWindows * window.ms)));
      return feed.held(window.shared, now, window.ms, share);
    }
    const next = feed?.firstAdmittedAfter?.(window.shared, now - window.ms) ?? null;
    return { held: feed?.admittedIn?.(window.shared, now - window.ms, now) ?? 0, next: next === null ? null : next + window.ms };
  }

  /** Tokens in hand now, by the last report; null when the service reports none. */
  tokens(now: number): number | null {
    const report = this.#report();
    if (report === null) return null;
    // launched here but not yet through the client's pipeline (a token is being fetched…)
    const sentHere = (this.#feed?.sent() ?? 0) - this.#sentAtStart;
    const unsent = Math.min(this.inFlight, Math.max(0, this.launches - sentHere));
    const window = this.fittedWindow;
    const feed = this.#feed;
    if (window !== null && feed?.admittedIn && feed.unanswered) {
      // what the window holds now: every write answered within W (an answer is later than the
      // moment the service counted it: counted longer, safe) and every write not answered yet
      const held = this.#held(window, now).held + feed.unanswered(window.shared) + unsent;
      // and no more than the last report left, less what was sent since, plus what left the
      // window since (this catches another client spending the same window)
      const since = window.shared ? report.sentSinceAny : report.sentSince;
      const reported = report.remaining - since - unsent + feed.admittedIn(window.shared, report.at - window.ms, now - window.ms);
      // a refusal newer than the report is a report of none left (another client spent them):
      // what left the window since, less what was sent since
      const full = this.#fullAt;
      const refused = full === null || full.at <= report.at || !feed.sentIn ? Infinity : -feed.sentIn(window.shared, full.sentAt, now) - unsent + feed.admittedIn(window.shared, full.at - window.ms, now - window.ms);
      return Math.min(window.size - held, reported, refused);
    }
    const regained = (since: number) => (this.#refill ?? 0) * (Math.max(0, now - since) / 1000);
    const reported = report.remaining - report.sentSince - unsent + regained(report.at);
    // a refusal newer than the report: none were left then (a refill fitted too high, another client)
    const full = this.#fullAt;
    if (full === null || full.at <= report.at || !feed?.sentIn) return reported;
    return Math.min(reported, -feed.sentIn(false, full.sentAt, now) - unsent + regained(full.at));
  }

  /**
   * Launches one write if the bucket allows it now, and returns 0 (its ticket is then
   * `launches`); otherwise the ms to wait before asking again (Infinity: until an answer
   * arrives, see `changed`).
   */
  acquire(now: number): number {
    const wait = this.#wait(now);
    if (wait > 0) return wait;
    this.launches++;
    this.inFlight++;
    this.#lastLaunch = now;
    return 0;
  }

  #wait(now: number): number {
    if (now < this.pausedUntil) {
      // A guessed pause after the service had taken writes, with none left in flight to lift it
      // (the refused writes were the latest sent; with answers out of send order that happens):
      // one write finds out whether the bucket is empty, instead of all waiting the Retry-After.
      if (!this.#provisional || this.inFlight > 0 || this.#probed || this.#admittedCount === 0) return this.pausedUntil - now;
      this.#probed = true;
      return 0;
    }
    this.#probed = false;
    if (this.inFlight >= this.window) return Infinity;
    const tokens = this.tokens(now);
    this.#lastTokens = tokens;
    if (tokens === null) return 0;
    const window = this.fittedWindow;
    if (window !== null) {
      // a window gives back exactly what was spent: any token in hand may go now, and with none
      // the next one is back W after the oldest write still in it was answered
      if (tokens >= 1) return 0;
      const next = this.#held(window, now).next;
      if (next !== null) return Math.max(1, next - now);
      return this.inFlight === 0 ? 0 : Infinity;
    }
    const refill = this.#refill ?? 0;
    if (tokens < 1) {
      if (refill > 0) return Math.max(1, ((1 - tokens) / refill) * 1000);
      // nothing known to come back: one write at a time finds out (its answer or its 429)
      return this.inFlight === 0 ? 0 : Infinity;
    }
    // with tokens in hand, one write is always out: its answer is the news of the budget
    if (this.inFlight === 0) return 0;
    const pace = refill + Math.max(tokens - this.#reserve, 1) / this.#spendSeconds;
    return Math.max(0, this.#lastLaunch + 1000 / pace - now);
  }

  /** Resolves at the next answer or pause change: a waiting launch may go then. */
  changed(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }

  #sample(): void {
    const report = this.#report();
    if (report === null) return;
    const last = this.#samples.at(-1);
    if (last !== undefined && report.at <= last.at && report.ledger === last.ledger) return;
    this.#maxRemaining = Math.max(this.#maxRemaining, report.remaining);
    this.#meter?.observe(report, (this.#startedAt ?? this.#samples[0]?.at ?? report.at) - 1);
    if (this.fittedWindow !== null && this.#marginFrom === Infinity) this.#marginFrom = report.at;
    this.#samples.push({ at: report.at, ledger: report.ledger, remaining: report.remaining });
    while (this.#samples.length > 2 && report.at - this.#samples[1]!.at >= this.#horizonMs) this.#samples.shift();
    // The slope of the ledger is the refill, except from a moment the bucket may have been full
    // (nothing was refilled then, however long): start from a report below the highest seen.
    // Two spans: the whole horizon, and the last `refillSpanMs`. The lower one counts: a sliding
    // window gives tokens back in the lumps they were spent in, and a lump that ended must not
    // be expected to go on (the long span), nor a pause that ended to last (the short one).
    const usable = (s: Sample) => s.remaining < this.#maxRemaining - 1 && report.at - s.at >= this.#spanMs;
    const slope = (from: Sample | undefined) => (from === undefined ? null : Math.max(0, (report.ledger - from.ledger) / ((report.at - from.at) / 1000)));
    const long = slope(this.#samples.find(usable));
    if (long === null) return;
    const short = slope(this.#samples.findLast(usable));
    this.#refill = Math.min(long, short ?? long);
  }

  /** The write with this ticket was accepted (any answer but a 429). */
  admitted(now: number, ticket: number): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.window = Math.min(this.maxConcurrency, this.window + 1);
    this.#admittedCount++;
    if (this.#provisional && now < this.pausedUntil && ticket > this.#refusedTicket) {
      // the service took a write sent after the one it refused: the bucket is not empty
      this.pausedUntil = now;
      this.#provisional = false;
    }
    this.#sample();
    this.#wake();
  }

  /** The write failed otherwise (no answer, a server error): it tells nothing of the budget. */
  failed(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.#sample();
    this.#wake();
  }

  /** The write with this ticket was answered 429 with this Retry-After (ms). */
  refused(now: number, ticket: number, retryAfterMs: number): void {
    this.throttles++;
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.#sample();
    this.#meter?.refused();
    if (this.fittedWindow !== null) {
      if (this.#marginFrom !== Infinity) this.#marginWindows = Math.min(64, this.#marginWindows * 2);
      this.#marginFrom = now;
    }
    const refusedSentAt = this.#feed?.lastRefusedSentAt?.() ?? null;
    if (refusedSentAt !== null) this.#fullAt = { sentAt: refusedSentAt, at: now };
    if (ticket > this.#decreasedAfter) {
      // one decrease per episode: writes already in flight answer 429 too
      this.window = Math.max(1, Math.floor(this.window / 2));
      this.#decreasedAfter = this.launches;
    }
    const tokens = this.tokens(now);
    // with tokens reported in hand, a 429 is a one-off (another limit): only its write waits;
    // a fitted window says itself when tokens come back (its Retry-After, in whole seconds, is later)
    if (this.fittedWindow === null && (tokens === null || tokens < Math.max(1, this.inFlight))) {
      if (now + retryAfterMs > this.pausedUntil) {
        this.pausedUntil = now + retryAfterMs;
        this.#provisional = tokens === null;
        this.#refusedTicket = Math.max(this.#refusedTicket, ticket);
      } else if (this.#provisional) {
        this.#refusedTicket = Math.max(this.#refusedTicket, ticket);
      }
    }
    this.#wake();
  }
}

/** The feed of one bucket's limiter from the client's budget ledger. */
export function budgetFeed(budget: BudgetSource, kind: BudgetKind): BudgetFeed {
  const kinds = (shared: boolean): BudgetKind[] => (shared ? ['writes', 'deletes'] : [kind]);
  return {
    kind,
    report: () => budget.report(kind),
    sent: () => budget.sentCount(kind),
    ...(budget.admittedIn ? { admittedIn: (shared: boolean, from: number, to: number) => budget.admittedIn!(kinds(shared), from, to) } : {}),
    ...(budget.firstAdmittedAfter ? { firstAdmittedAfter: (shared: boolean, after: number) => budget.firstAdmittedAfter!(kinds(shared), after) } : {}),
    ...(budget.firstSentAfter ? { firstSentAfter: (shared: boolean, after: number) => budget.firstSentAfter!(kinds(shared), after) } : {}),
    ...(budget.unanswered ? { unanswered: (shared: boolean) => budget.unanswered!(kinds(shared)) } : {}),
    ...(budget.admittedSentIn ? { admittedSentIn: (shared: boolean, from: number, to: number) => budget.admittedSentIn!(kinds(shared), from, to) } : {}),
    ...(budget.lastLeftSentAt ? { lastLeftSentAt: (shared: boolean, sentAt: number, held: number) => budget.lastLeftSentAt!(kinds(shared), sentAt, held) } : {}),
    ...(budget.earliestHeldAnswer ? { earliestHeldAnswer: (shared: boolean, sentAt: number, size: number) => budget.earliestHeldAnswer!(kinds(shared), sentAt, size) } : {}),
    ...(budget.reportedAnswers ? { reportedAnswers: (from: number) => budget.reportedAnswers!(from) } : {}),
    ...(budget.held ? { held: (shared: boolean, now: number, windowMs: number, answerShare: number) => budget.held!(kinds(shared), now, windowMs, answerShare) } : {}),
    ...(budget.sentIn ? { sentIn: (shared: boolean, from: number, to: number) => budget.sentIn!(kinds(shared), from, to) } : {}),
    ...(budget.lastRefusedSentAt ? { lastRefusedSentAt: () => budget.lastRefusedSentAt!(kind) } : {}),
  };
}
