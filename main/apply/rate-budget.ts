// What Azure says of the apply client's write budget. ARM answers every write with the tokens left
// in its bucket (`x-ms-ratelimit-remaining-subscription-writes` / `-deletes`, or the `-global-`
// forms on regionally throttled subscriptions; shared/notes/arm-throttling.md). One number alone
// is stale as soon as it arrives: writes sent after the answered one have spent tokens since. So
// this policy keeps, per bucket, a ledger in send order:
//  - the report of the latest-SENT write that carried a header (an older answer arriving late
//    says less than a newer one, whatever the arrival order);
//  - how many writes were sent after it and not refused (they may have spent a token);
//  - `ledger` = remaining + writes sent up to the reported one and not refused: under a token
//    bucket it only grows, by the tokens the service gave back, so its slope is the refill rate
//    (pacing.ts fits it) whatever the client spent in between.
import type { PipelinePolicy } from '@azure/core-rest-pipeline';

export type BudgetKind = 'writes' | 'deletes';

export interface BudgetReport {
  /** Tokens the service reported left after the write it answered. */
  remaining: number;
  /** Writes of this bucket sent after that one and not refused: they may have spent tokens since. */
  sentSince: number;
  /** `remaining` + writes sent up to the reported one and not refused (grows by what is refilled). */
  ledger: number;
  /** When the answer arrived (Date.now()). */
  at: number;
  /** Writes of EITHER bucket sent after that one and not refused (a meter both kinds share spends them too). */
  sentSinceAny: number;
  /** When the reported write was sent (the service counted it between this and `at`). */
  sentAt: number;
  /** Whether the service took it (not a 429 that carried the header). */
  admitted: boolean;
  /** Writes (of either bucket) sent before it and not answered when it was sent: the service may have counted it before them. */
  overtakable: number;
}

/** One answer of a taken write that carried the budget header. */
export interface ReportedAnswer {
  kind: BudgetKind;
  remaining: number;
  sentAt: number;
  at: number;
}

/** What the executor's pacing reads: the newest report of a bucket (null if none) and how many writes went out. */
export interface BudgetSource {
  report(kind: BudgetKind): BudgetReport | null;
  sentCount(kind: BudgetKind): number;
  /** Writes of these buckets the service took (answered, not refused) in (from, to]. */
  admittedIn?(kinds: readonly BudgetKind[], from: number, to: number): number;
  /** When the first write of these buckets taken after `after` was answered (null: none yet). */
  firstAdmittedAfter?(kinds: readonly BudgetKind[], after: number): number | null;
  /** When the first write of these buckets sent after `after` was sent (null: none yet). */
  firstSentAfter?(kinds: readonly BudgetKind[], after: number): number | null;
  /** Writes of these buckets sent and not answered yet. */
  unanswered?(kinds: readonly BudgetKind[]): number;
  /** Writes of these buckets the service took whose send was in (from, to]. */
  admittedSentIn?(kinds: readonly BudgetKind[], from: number, to: number): number;
  /**
   * The latest send of a write these buckets' meter must have let go of by the time it counted
   * a write sent at `sentAt` while holding `held` writes (null: none known): see `lastLeftSentAt`.
   */
  lastLeftSentAt?(kinds: readonly BudgetKind[], sentAt: number, held: number): number | null;
  /**
   * The earliest answer of a write these buckets' meter must still have held when it refused a
   * write sent at `sentAt`, being full at `size` (null: none known): see `earliestHeldAnswer`.
   */
  earliestHeldAnswer?(kinds: readonly BudgetKind[], sentAt: number, size: number): number | null;
  /** When the last write of this bucket answered 429 was sent (null: none). */
  lastRefusedSentAt?(kind: BudgetKind): number | null;
  /** Writes of these buckets sent in (from, to], refused ones included. */
  sentIn?(kinds: readonly BudgetKind[], from: number, to: number): number;
  /** Every answer of a taken write that reported a budget, in answer order, from the `from`-th on. */
  reportedAnswers?(from: number): readonly ReportedAnswer[];
  /** See RateBudget.held. */
  held?(kinds: readonly BudgetKind[], now: number, windowMs: number, answerShare: number): { held: number; next: number | null };
}

/** Sends of both buckets, in one order (to count what a shared meter spent since a report). */
class SendOrder {
  sent = 0;
  refused: number[] = [];
}

class Ledger {
  sent = 0;
  /** Latest-sent write whose answer carried the header (`any`: its place among both buckets' sends). */
  best: { seq: number; any: number; remaining: number; at: number; sentAt: number; admitted: boolean; overtakable: number } | null = null;
  readonly #order: SendOrder;

  constructor(order: SendOrder) {
    this.#order = order;
  }
  /** Refused (429) sends, by sequence number, not yet folded into `refusedUpToBest`. */
  #refusedAfterBest: number[] = [];
  #refusedUpToBest = 0;

  send(): number {
    return ++this.sent;
  }

  refused(seq: number): void {
    if (this.best !== null && seq <= this.best.seq) this.#refusedUpToBest++;
    else this.#refusedAfterBest.push(seq);
  }

  reported(seq: number, any: number, remaining: number, at: number, sent: { at: number; admitted: boolean; overtakable: number }): void {
    if (this.best !== null && seq <= this.best.seq) return;
    this.best = { seq, any, remaining, at, sentAt: sent.at, admitted: sent.admitted, overtakable: sent.overtakable };
    const still: number[] = [];
    for (const s of this.#refusedAfterBest) {
      if (s <= seq) this.#refusedUpToBest++;
      else still.push(s);
    }
    this.#refusedAfterBest = still;
  }

  report(): BudgetReport | null {
    const best = this.best;
    if (best === null) return null;
    return {
      remaining: best.remaining,
      sentSince: this.sent - best.seq - this.#refusedAfterBest.length,
      ledger: best.remaining + best.seq - this.#refusedUpToBest,
      at: best.at,
      sentAt: best.sentAt,
      admitted: best.admitted,
      overtakable: best.overtakable,
      sentSinceAny: this.#order.sent - best.any - this.#order.refused.filter((s) => s > best.any).length,
    };
  }
}

/** How many of the sorted `times` are < `t`. */
function lowerBound(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many of the sorted `times` are ≤ `t`. */
function upperBound(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function remainingHeader(headers: { get(name: string): string | undefined }, kind: BudgetKind): number | null {
  for (const name of [`x-ms-ratelimit-remaining-subscription-${kind}`, `x-ms-ratelimit-remaining-subscription-global-${kind}`]) {
    const value = headers.get(name);
    if (value !== undefined && value.trim() !== '' && Number.isFinite(Number(value))) return Math.max(0, Number(value));
  }
  return null;
}

/**
 * The write budget Azure reported (read by the executor's pacing). `writes` / `deletes` keep the
 * last value received, for display; `report()` is the ledger the pacing uses.
 */
export class RateBudget implements BudgetSource {
  writes: number | null = null;
  deletes: number | null = null;
  readonly #order = new SendOrder();
  readonly #ledgers: Record<BudgetKind, Ledger> = { writes: new Ledger(this.#order), deletes: new Ledger(this.#order) };
  /** Per send (by its place in both buckets' order): its bucket's sequence number. */
  readonly #anyOf: Record<BudgetKind, Map<number, number>> = { writes: new Map(), deletes: new Map() };
  /** Per unanswered send: when it went, and how many of its bucket's writes were unanswered then. */
  readonly #sentAt: Record<BudgetKind, Map<number, { at: number; overtakable: number }>> = { writes: new Map(), deletes: new Map() };
  /** When each write the service took was answered, per bucket, in time order. */
  readonly #admitted: Record<BudgetKind, number[]> = { writes: [], deletes: [] };
  /** When each write the service took was sent, per bucket, in time order, and (same index) when it was answered. */
  readonly #admittedSent: Record<BudgetKind, number[]> = { writes: [], deletes: [] };
  readonly #admittedSentAnswer: Record<BudgetKind, number[]> = { writes: [], deletes: [] };
  /** When each write was sent, per bucket, in time order. */
  readonly #sent: Record<BudgetKind, number[]> = { writes: [], deletes: [] };
  readonly #lastRefusedSentAt: Record<BudgetKind, number | null> = { writes: null, deletes: null };
  readonly #reportedAnswers: ReportedAnswer[] = [];
  /** The longest a taken write took from send to answer, per bucket. */
  readonly #longest: Record<BudgetKind, number> = { writes: 0, deletes: 0 };
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  report(kind: BudgetKind): BudgetReport | null {
    return this.#ledgers[kind].report();
  }

  sentCount(kind: BudgetKind): number {
    return this.#ledgers[kind].sent;
  }

  admittedIn(kinds: readonly BudgetKind[], from: number, to: number): number {
    let count = 0;
    for (const kind of kinds) {
      const times = this.#admitted[kind];
      count += upperBound(times, to) - upperBound(times, from);
    }
    return count;
  }

  firstAdmittedAfter(kinds: readonly BudgetKind[], after: number): number | null {
    let first: number | null = null;
    for (const kind of kinds) {
      const at = this.#admitted[kind][upperBound(this.#admitted[kind], after)];
      if (at !== undefined && (first === null || at < first)) first = at;
    }
    return first;
  }

  firstSentAfter(kinds: readonly BudgetKind[], after: number): number | null {
    let first: number | null = null;
    for (const kind of kinds) {
      const at = this.#sent[kind][upperBound(this.#sent[kind], after)];
      if (at !== undefined && (first === null || at < first)) first = at;
    }
    return first;
  }

  admittedSentIn(kinds: readonly BudgetKind[], from: number, to: number): number {
    let count = 0;
    for (const kind of kinds) {
      const times = this.#admittedSent[kind];
      count += upperBound(times, to) - upperBound(times, from);
    }
    return count;
  }

  /**
   * A meter that counted write J (sent at `sentAt`, so counted no earlier) while holding `held`
   * writes J included has let go of every write it counted earlier than the last `held − 1`
   * before J. Which ones those were is not known from the client (answers and sends interleave),
   * but a write I is surely among them when `held − 1` taken writes were sent after I was
   * answered and answered before J was sent: each was counted after I and before J. Returns
   * the latest send of such an I (the meter's window is then at most J's answer − that send).
   */
  lastLeftSentAt(kinds: readonly BudgetKind[], sentAt: number, held: number): number | null {
    const need = Math.max(0, Math.floor(held) - 1);
    // the sends of the `need` latest-sent taken writes answered before `sentAt`
    const between: number[] = [];
    for (const kind of kinds) {
      const sent = this.#admittedSent[kind];
      const answer = this.#admittedSentAnswer[kind];
      let found = 0;
      for (let i = upperBound(sent, sentAt) - 1; i >= 0 && found < need; i--) {
        if (answer[i]! <= sentAt) {
          between.push(sent[i]!);
          found++;
        }
      }
    }
    between.sort((a, b) => b - a);
    if (between.length < need) return null;
    const answeredBy = need === 0 ? sentAt : between[need - 1]!;
    let latest: number | null = null;
    for (const kind of kinds) {
      const sent = this.#admittedSent[kind];
      const answer = this.#admittedSentAnswer[kind];
      // writes sent by then but answered later are few (those in flight)
      for (let i = upperBound(sent, answeredBy) - 1; i >= 0 && (latest === null || sent[i]! > latest); i--) {
        if (answer[i]! <= answeredBy) {
          latest = sent[i]!;
          break;
        }
      }
    }
    return latest;
  }

  /**
   * A meter that refused a write X (sent at `sentAt`) being full at `size` still held the
   * `size` writes it counted last. A taken write M answered before X was sent was counted
   * before X; it is surely among those `size` when at most `size − 1` other writes can have
   * been counted after it: taken writes answered after M was sent, and writes not answered
   * yet. Returns the earliest answer of such an M (the window is then longer than `sentAt` − it).
   */
  earliestHeldAnswer(kinds: readonly BudgetKind[], sentAt: number, size: number): number | null {
    const others = Math.floor(size) - 1 - this.unanswered(kinds);
    if (others < 0) return null;
    // M must be sent at or after the (others + 2)-th latest answer: then at most others + 1 answers (its own included) follow its send
    const answers = kinds.flatMap((kind) => this.#admitted[kind].slice(-(others + 2)));
    answers.sort((a, b) => b - a);
    const sentFrom = answers.length < others + 2 ? -Infinity : answers[others + 1]!;
    let earliest: number | null = null;
    for (const kind of kinds) {
      const sent = this.#admittedSent[kind];
      const answer = this.#admittedSentAnswer[kind];
      for (let i = lowerBound(sent, sentFrom); i < sent.length && (earliest === null || sent[i]! < earliest); i++) {
        if (answer[i]! <= sentAt && (earliest === null || answer[i]! < earliest)) earliest = answer[i]!;
      }
    }
    return earliest;
  }

  /**
   * Taken writes a window of `windowMs` still holds at `now`, if each was counted at its send +
   * `answerShare` of its round trip (1: at its answer, the latest it can have been), and when the
   * first of them leaves it (null: none held).
   */
  held(kinds: readonly BudgetKind[], now: number, windowMs: number, answerShare: number): { held: number; next: number | null } {
    let held = 0;
    let next: number | null = null;
    for (const kind of kinds) {
      const sent = this.#admittedSent[kind];
      const answer = this.#admittedSentAnswer[kind];
      // sent earlier than this, a write was answered and has left by any share
      const oldest = now - windowMs - this.#longest[kind];
      for (let i = sent.length - 1; i >= 0 && sent[i]! > oldest; i--) {
        const leaves = sent[i]! + answerShare * (answer[i]! - sent[i]!) + windowMs;
        if (leaves <= now) continue;
        held++;
        if (next === null || leaves < next) next = leaves;
      }
    }
    return { held, next };
  }

  reportedAnswers(from: number): readonly ReportedAnswer[] {
    return this.#reportedAnswers.slice(from);
  }

  sentIn(kinds: readonly BudgetKind[], from: number, to: number): number {
    let count = 0;
    for (const kind of kinds) count += upperBound(this.#sent[kind], to) - upperBound(this.#sent[kind], from);
    return count;
  }

  lastRefusedSentAt(kind: BudgetKind): number | null {
    return this.#lastRefusedSentAt[kind];
  }

  unanswered(kinds: readonly BudgetKind[]): number {
    return kinds.reduce((n, kind) => n + this.#anyOf[kind].size, 0);
  }

  /** A write of `kind` is being sent; returns its sequence number for `answered`. */
  sending(kind: BudgetKind): number {
    const times = this.#sent[kind];
    const now = this.#now();
    times.push(Math.max(now, times.at(-1) ?? now));
    const seq = this.#ledgers[kind].send();
    this.#sentAt[kind].set(seq, { at: times.at(-1)!, overtakable: this.#anyOf.writes.size + this.#anyOf.deletes.size });
    this.#anyOf[kind].set(seq, ++this.#order.sent);
    return seq;
  }

  /** Its answer: the HTTP status (null: none came) and the remaining-budget header, if any. */
  answered(kind: BudgetKind, seq: number, status: number | null, remaining: number | null): void {
    const ledger = this.#ledgers[kind];
    const any = this.#anyOf[kind].get(seq) ?? this.#order.sent;
    this.#anyOf[kind].delete(seq);
    const sent = this.#sentAt[kind].get(seq);
    this.#sentAt[kind].delete(seq);
    const admitted = status !== null && status !== 429 && status < 400;
    if (status === 429) {
      ledger.refused(seq);
      this.#order.refused.push(any);
      if (sent !== undefined) this.#lastRefusedSentAt[kind] = sent.at;
    } else if (admitted) {
      const times = this.#admitted[kind];
      const now = this.#now();
      // answers arrive in time order (a clock that went back is clamped)
      times.push(Math.max(now, times.at(-1) ?? now));
      if (sent !== undefined) {
        const at = upperBound(this.#admittedSent[kind], sent.at);
        this.#admittedSent[kind].splice(at, 0, sent.at);
        this.#admittedSentAnswer[kind].splice(at, 0, times.at(-1)!);
        this.#longest[kind] = Math.max(this.#longest[kind], times.at(-1)! - sent.at);
      }
    }
    if (remaining !== null) {
      this[kind] = remaining;
      const now = this.#now();
      ledger.reported(seq, any, remaining, now, { at: sent?.at ?? now, admitted, overtakable: sent?.overtakable ?? 0 });
      if (admitted) this.#reportedAnswers.push({ kind, remaining, sentAt: sent?.at ?? now, at: now });
    }
  }

  readonly policy: PipelinePolicy = {
    name: 'acrCacheStudioRateBudget',
    sendRequest: async (request, next) => {
      if (request.method === 'GET' || request.method === 'HEAD') return next(request);
      const kind: BudgetKind = request.method === 'DELETE' ? 'deletes' : 'writes';
      const seq = this.sending(kind);
      try {
        const response = await next(request);
        this.answered(kind, seq, response.status, remainingHeader(response.headers, kind));
        return response;
      } catch (error) {
        const status = (error as { statusCode?: unknown }).statusCode;
        const headers = (error as { response?: { headers?: { get(name: string): string | undefined } } }).response?.headers;
        this.answered(kind, seq, typeof status === 'number' ? status : null, headers ? remainingHeader(headers, kind) : null);
        throw error;
      }
    },
  };
}
