// Which meter a write bucket is behind, from the budget it reports (pacing.ts paces by it): a
// bucket that refills from its first spend (ARM's: 10 tokens a second), or a sliding window
// that gives each token back W after it counted it, in the lumps it was spent in (the older
// per-instance limits, a resource provider's). The limiter sees a write's send and its answer,
// never the moment the service counted it, and answers come back out of send order (network,
// event loop). So every figure fitted here is a bound that holds whatever happened in between:
//  - the window's size at least what it must be (pacing by it is never refused for size);
//  - W at most what it must be while nothing contradicts it, and raised by every refusal to
//    at least what that refusal proves: a W fitted too short is what turns into 429 storms,
//    one fitted a little long costs a little time.
// Bounds assume the apply is the meter's only client: another one spending it makes the reports
// lower, which the limiter also holds to (pacing.ts), and its refusals raise W (slower, not refused).
import type { BudgetReport } from './rate-budget.ts';
import type { BudgetFeed } from './pacing.ts';

/** A meter that gives each token back `ms` after it was spent (a sliding window), as fitted from the ledger. */
export interface FittedWindow {
  /** At least as long as the service's, as far as the reports show (a longer window only keeps tokens in hand longer). */
  ms: number;
  /** At least this many writes in any window of `ms`. */
  size: number;
  /** The other bucket's writes spend it too (one window over both). */
  shared: boolean;
}

/** Nothing back for this long after the first spend: not a bucket that refills (ARM's refill 10/s) but a window. */
const WINDOW_EVIDENCE_MS = 1000;

/** Bounds on the window's size, over one bucket's writes or both buckets'. */
interface SizeBounds {
  /** From reports before anything came back: remaining + the writes surely counted before. */
  atLeast: number;
  /** From every report: remaining + the writes that may have been counted before. */
  atMost: number;
}

export class MeterShape {
  readonly #feed: BudgetFeed;
  #shape: FittedWindow | 'refills' | null = null;
  /**
   * Before anything came back, the ledger of a report is at most what it would be in send order
   * plus the writes sent after it and answered first (the service may have counted them first):
   * the lowest of those sums bounds every later report's, unless a token came back.
   */
  #ceiling = Infinity;
  #firstLedger: number | null = null;
  #lowestLedger = Infinity;
  #firstReportAt = 0;
  #lastFlatReportAt = 0;
  #sizes: Record<'shared' | 'own', SizeBounds> = { shared: { atLeast: 0, atMost: Infinity }, own: { atLeast: 0, atMost: Infinity } };
  /** W as first fitted (first token back − first send): an upper bound unless the growth seen was noise… */
  #initialMs = Infinity;
  /** …so it counts only until a refusal says otherwise. */
  #initialTrusted = true;
  /** The lowest W the reports prove at most, and the highest the refusals prove at least. */
  #atMostMs = Infinity;
  #atLeastMs = 0;

  /** The other bucket's fit of the same ledger: a window both share is one meter, and its bounds hold for both. */
  peer: MeterShape | null = null;

  constructor(feed: BudgetFeed) {
    this.#feed = feed;
  }

  /** The least size of a window over both buckets, as this bucket's reports show it (0: none known). */
  get sharedSizeAtLeast(): number {
    return this.#sizes.shared.atLeast;
  }

  get window(): FittedWindow | null {
    return typeof this.#shape === 'object' ? this.#shape : null;
  }

  get refills(): boolean {
    return this.#shape === 'refills';
  }

  /** A new report of this bucket; `firstAt`: just before this apply's first write. */
  observe(report: BudgetReport, firstAt: number): void {
    if (this.#shape === 'refills') return;
    const window = this.window;
    if (report.admitted) {
      for (const scope of ['shared', 'own'] as const) {
        const shared = scope === 'shared';
        // counted by the time it was: at most every write sent before its answer and not refused
        const mayBefore = (this.#feed.admittedSentIn?.(shared, firstAt, report.at) ?? Infinity) + (this.#feed.unanswered?.(shared) ?? Infinity);
        this.#sizes[scope].atMost = Math.min(this.#sizes[scope].atMost, report.remaining + mayBefore);
      }
    }
    if (window === null) this.#readAnswers(report, firstAt);
    if (window !== null) {
      this.#narrow(window, report);
      return;
    }
    this.#detect(report, firstAt);
  }

  #answersRead = 0;

  /**
   * Whether one window meters both buckets, from the first answer of this bucket A: its remaining
   * is near the other bucket's last one before it (B) if they share a window, and near the other's
   * first (C: a fresh window) less this bucket's writes counted before A if they do not. Null:
   * no such answers, or too close to tell (the ledger's fall is compared instead).
   */
  #sharedByAnswers(firstAt: number): boolean | null {
    const own = this.#feed.kind;
    const answers = this.#feed.reportedAnswers?.(0);
    if (own === undefined || answers === undefined) return null;
    const mine = answers.findIndex((a) => a.kind === own && a.sentAt > firstAt);
    if (mine < 0) return null;
    const first = answers[mine]!;
    const before = answers.slice(0, mine).filter((a) => a.sentAt > firstAt);
    const last = before.at(-1);
    const fresh = before[0];
    if (last === undefined || fresh === undefined) return null;
    const ownBefore = this.#feed.admittedIn?.(false, firstAt, first.sentAt) ?? 0;
    const toShared = Math.abs(first.remaining - last.remaining);
    const toOwn = Math.abs(first.remaining + ownBefore - fresh.remaining);
    // too close to tell (few of the other bucket's writes between): the ledger's fall decides
    return Math.abs(toShared - toOwn) < 4 ? null : toShared < toOwn;
  }

  /**
   * Every answer (not only the latest-sent one the ledger keeps) bounds the size from below: the
   * meter counted it and every write answered before it was sent, and held them all while nothing
   * can have left it yet (a window is longer than WINDOW_EVIDENCE_MS, or it is taken for a bucket).
   */
  #readAnswers(report: BudgetReport, firstAt: number): void {
    const answers = this.#feed.reportedAnswers?.(this.#answersRead);
    const own = this.#feed.kind;
    if (answers === undefined || own === undefined) {
      // a feed without the answers: this bucket's latest report only
      if (report.admitted) {
        this.#atLeast('shared', report, firstAt);
        this.#atLeast('own', report, firstAt);
      }
      return;
    }
    this.#answersRead += answers.length;
    for (const answer of answers) {
      this.#atLeast('shared', answer, firstAt);
      if (answer.kind === own) this.#atLeast('own', answer, firstAt);
    }
  }

  #atLeast(scope: 'shared' | 'own', answer: { remaining: number; sentAt: number; at: number }, firstAt: number): void {
    const shared = scope === 'shared';
    if (answer.at - (this.#feed.firstSentAfter?.(shared, firstAt) ?? answer.at) >= WINDOW_EVIDENCE_MS) return;
    if (answer.sentAt <= firstAt) return;
    this.#sizes[scope].atLeast = Math.max(this.#sizes[scope].atLeast, answer.remaining + 1 + (this.#feed.admittedIn?.(shared, firstAt, answer.sentAt) ?? 0));
  }

  /**
   * The ledger grows when a token came back; a write answered ahead of writes sent before it
   * makes it look grown by up to the writes then unanswered, so only growth past that counts.
   */
  #detect(report: BudgetReport, firstAt: number): void {
    const feed = this.#feed;
    const grown = report.ledger - report.overtakable > this.#ceiling;
    if (!grown) {
      if (this.#firstLedger === null) {
        this.#firstLedger = report.ledger;
        this.#firstReportAt = report.at;
      }
      this.#lastFlatReportAt = report.at;
      this.#ceiling = Math.min(this.#ceiling, report.ledger + report.sentSinceAny);
      this.#lowestLedger = Math.min(this.#lowestLedger, report.ledger);
      return;
    }
    const firstSent = feed.firstSentAfter?.(true, firstAt) ?? null;
    if (feed.admittedIn === undefined || feed.unanswered === undefined || firstSent === null || report.at - firstSent < WINDOW_EVIDENCE_MS) {
      this.#shape = 'refills';
      return;
    }
    // what the other bucket had taken since this one's first report, against how far this ledger fell meanwhile
    const others = feed.admittedIn(true, this.#firstReportAt, this.#lastFlatReportAt) - feed.admittedIn(false, this.#firstReportAt, this.#lastFlatReportAt);
    const shared = this.#sharedByAnswers(firstAt) ?? (others > 0 && this.#firstLedger! - this.#lowestLedger >= others / 2);
    // The token back now was spent no earlier than the first write was sent: W is at most this.
    this.#initialMs = report.at - (shared ? firstSent : (feed.firstSentAfter?.(false, firstAt) ?? firstSent));
    const size = this.#sizes[shared ? 'shared' : 'own'];
    // a bucket whose first writes went over a second after the other's has no report of its own
    // from before anything can have left a shared window: the other bucket's bound holds for it
    const atLeast = shared ? Math.max(size.atLeast, this.peer?.sharedSizeAtLeast ?? 0) : size.atLeast;
    // no bound on the size: not fitted (paced as a refilling bucket), rather than one write at a time
    if (atLeast < 1) return;
    this.#shape = { ms: this.#initialMs, size: Math.min(atLeast, size.atMost), shared };
  }

  /** Every report bounds W from above: the meter held size − remaining writes, the latest; the others had left it. */
  #narrow(window: FittedWindow, report: BudgetReport): void {
    if (!report.admitted) return;
    const held = this.#sizes[window.shared ? 'shared' : 'own'].atMost - report.remaining;
    if (!Number.isFinite(held) || held < 1) return;
    const left = this.#feed.lastLeftSentAt?.(window.shared, report.sentAt, held) ?? null;
    if (left === null || report.at - left < WINDOW_EVIDENCE_MS) return;
    this.#atMostMs = Math.min(this.#atMostMs, report.at - left);
    this.#settle(window);
  }

  /** A write of this bucket was refused while the window was fitted: W is at least what the meter still held proves. */
  refused(): void {
    const window = this.window;
    if (window === null) return;
    this.#initialTrusted = false;
    const sentAt = this.#feed.lastRefusedSentAt?.() ?? null;
    const held = sentAt === null ? null : (this.#feed.earliestHeldAnswer?.(window.shared, sentAt, window.size) ?? null);
    if (sentAt !== null && held !== null) this.#atLeastMs = Math.max(this.#atLeastMs, sentAt - held);
    this.#settle(window);
  }

  #settle(window: FittedWindow): void {
    const atMost = this.#initialTrusted ? Math.min(this.#initialMs, this.#atMostMs) : this.#atMostMs;
    window.ms = Math.max(this.#atLeastMs, Number.isFinite(atMost) ? atMost : window.ms);
  }
}
