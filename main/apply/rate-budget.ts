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
  /** When the `k`-th most recently sent write of these buckets the service took, sent by `t`, was sent (null: fewer). */
  admittedAgo?(kinds: readonly BudgetKind[], t: number, k: number): number | null;
}

/** Sends of both buckets, in one order (to count what a shared meter spent since a report). */
class SendOrder {
  sent = 0;
  refused: number[] = [];
}

class Ledger {
  sent = 0;
  /** Latest-sent write whose answer carried the header (`any`: its place among both buckets' sends). */
  best: { seq: number; any: number; remaining: number; at: number } | null = null;
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

  reported(seq: number, any: number, remaining: number, at: number): void {
    if (this.best !== null && seq <= this.best.seq) return;
    this.best = { seq, any, remaining, at };
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
      sentSinceAny: this.#order.sent - best.any - this.#order.refused.filter((s) => s > best.any).length,
    };
  }
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
  readonly #sentAt: Record<BudgetKind, Map<number, number>> = { writes: new Map(), deletes: new Map() };
  /** When each write the service took was answered, per bucket, in time order. */
  readonly #admitted: Record<BudgetKind, number[]> = { writes: [], deletes: [] };
  /** When each write the service took was sent, per bucket, in time order. */
  readonly #admittedSent: Record<BudgetKind, number[]> = { writes: [], deletes: [] };
  /** When each write was sent, per bucket, in time order. */
  readonly #sent: Record<BudgetKind, number[]> = { writes: [], deletes: [] };
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

  admittedAgo(kinds: readonly BudgetKind[], t: number, k: number): number | null {
    if (k < 1) return null;
    const merged = kinds.flatMap((kind) => this.#admittedSent[kind].slice(Math.max(0, upperBound(this.#admittedSent[kind], t) - k), upperBound(this.#admittedSent[kind], t)));
    merged.sort((a, b) => b - a);
    return merged[k - 1] ?? null;
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
    this.#anyOf[kind].set(seq, ++this.#order.sent);
    this.#sentAt[kind].set(seq, times.at(-1)!);
    return seq;
  }

  /** Its answer: the HTTP status (null: none came) and the remaining-budget header, if any. */
  answered(kind: BudgetKind, seq: number, status: number | null, remaining: number | null): void {
    const ledger = this.#ledgers[kind];
    const any = this.#anyOf[kind].get(seq) ?? this.#order.sent;
    this.#anyOf[kind].delete(seq);
    const sentAt = this.#sentAt[kind].get(seq);
    this.#sentAt[kind].delete(seq);
    if (status === 429) {
      ledger.refused(seq);
      this.#order.refused.push(any);
    } else if (status !== null && status < 400) {
      const times = this.#admitted[kind];
      const now = this.#now();
      // answers arrive in time order (a clock that went back is clamped)
      times.push(Math.max(now, times.at(-1) ?? now));
      if (sentAt !== undefined) {
        const sent = this.#admittedSent[kind];
        sent.splice(upperBound(sent, sentAt), 0, sentAt);
      }
    }
    if (remaining !== null) {
      this[kind] = remaining;
      ledger.reported(seq, any, remaining, this.#now());
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
