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
}

/** What the executor's pacing reads: the newest report of a bucket (null if none) and how many writes went out. */
export interface BudgetSource {
  report(kind: BudgetKind): BudgetReport | null;
  sentCount(kind: BudgetKind): number;
}

class Ledger {
  sent = 0;
  /** Latest-sent write whose answer carried the header. */
  best: { seq: number; remaining: number; at: number } | null = null;
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

  reported(seq: number, remaining: number, at: number): void {
    if (this.best !== null && seq <= this.best.seq) return;
    this.best = { seq, remaining, at };
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
    };
  }
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
  readonly #ledgers: Record<BudgetKind, Ledger> = { writes: new Ledger(), deletes: new Ledger() };
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

  /** A write of `kind` is being sent; returns its sequence number for `answered`. */
  sending(kind: BudgetKind): number {
    return this.#ledgers[kind].send();
  }

  /** Its answer: the HTTP status (null: none came) and the remaining-budget header, if any. */
  answered(kind: BudgetKind, seq: number, status: number | null, remaining: number | null): void {
    const ledger = this.#ledgers[kind];
    if (status === 429) ledger.refused(seq);
    if (remaining !== null) {
      this[kind] = remaining;
      ledger.reported(seq, remaining, this.#now());
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
