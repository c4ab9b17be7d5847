// Keeps the pull tester off the keystroke path. A paste up to SYNC_LIMIT characters is tested at
// once (a few milliseconds); a larger one goes to a Web Worker, or, where there is none, is read
// a slice of documents at a time between frames. Until its result arrives the previous result
// stays on screen, marked pending; a result for text or rules that have changed since is dropped.
import { createResolver, type CacheRule, type Resolver, type RuleSet } from '../../../../core/index.ts';
import { combineExtractions, extractDocument, splitDocuments } from '../../../../core/extract/index.ts';
import { EMPTY_PULL_TEST, indexRules, runPullTest, testExtraction, type PullTest } from './pull-test.ts';
import type { PullTestReply, PullTestRequest } from './pull-test.worker.ts';

export const SYNC_LIMIT = 20_000;
/** Documents read per slice when there is no worker. */
const SLICE = 200;

export interface PullTestState {
  readonly test: PullTest;
  /** A newer result is being worked out. */
  readonly pending: boolean;
}

export class PullTestRunner {
  #shown = $state.raw<{ text: string; ruleSet: RuleSet; test: PullTest } | null>(null);
  #requested: { text: string; ruleSet: RuleSet; id: number } | null = null;
  /** The request the worker is busy with; newer ones wait for it (only the latest is then sent). */
  #inFlight: number | null = null;
  #nextId = 1;
  #worker: Worker | null | undefined;

  /** The result for `text` against `ruleSet`: at once when small, else the last one while working. */
  request(text: string, ruleSet: RuleSet, resolver: Resolver, ruleIndex: ReadonlyMap<CacheRule, number>): PullTestState {
    if (text.length <= SYNC_LIMIT) return { test: runPullTest(text, resolver, ruleIndex), pending: false };
    const shown = this.#shown;
    if (shown !== null && shown.text === text && shown.ruleSet === ruleSet) return { test: shown.test, pending: false };
    if (this.#requested === null || this.#requested.text !== text || this.#requested.ruleSet !== ruleSet) this.#start(text, ruleSet);
    return { test: shown?.test ?? EMPTY_PULL_TEST, pending: true };
  }

  #start(text: string, ruleSet: RuleSet): void {
    const id = this.#nextId++;
    this.#requested = { text, ruleSet, id };
    const worker = this.#workerOrNull();
    if (worker !== null) {
      // a worker cannot be interrupted: while it reads one paste, keystrokes only replace what it reads next
      if (this.#inFlight === null) this.#post(worker);
      return;
    }
    void this.#inSlices(id, text, ruleSet);
  }

  #post(worker: Worker): void {
    const requested = this.#requested;
    if (requested === null) return;
    this.#inFlight = requested.id;
    worker.postMessage({ id: requested.id, text: requested.text, ruleSet: $state.snapshot(requested.ruleSet) as RuleSet } satisfies PullTestRequest);
  }

  #workerOrNull(): Worker | null {
    if (this.#worker !== undefined) return this.#worker;
    try {
      if (typeof Worker === 'undefined') throw new Error('no Worker here');
      const worker = new Worker(new URL('./pull-test.worker.ts', import.meta.url), { type: 'module' });
      worker.onmessage = (event: MessageEvent<PullTestReply>) => {
        this.#inFlight = null;
        this.#deliver(event.data.id, event.data.test);
        if (this.#requested !== null) this.#post(worker);
      };
      worker.onerror = () => {
        // a worker that cannot start (e.g. refused by a policy) falls back to slices
        worker.terminate();
        this.#worker = null;
        this.#inFlight = null;
        const pending = this.#requested;
        if (pending !== null) void this.#inSlices(pending.id, pending.text, pending.ruleSet);
      };
      this.#worker = worker;
    } catch {
      this.#worker = null;
    }
    return this.#worker;
  }

  async #inSlices(id: number, text: string, ruleSet: RuleSet): Promise<void> {
    const documents = splitDocuments(text);
    const parts = [];
    for (let i = 0; i < documents.length; i += SLICE) {
      for (const document of documents.slice(i, i + SLICE)) parts.push(extractDocument(document));
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (this.#requested?.id !== id) return;
    }
    this.#deliver(id, testExtraction(combineExtractions(parts), createResolver(ruleSet), indexRules(ruleSet.rules)));
  }

  #deliver(id: number, test: PullTest): void {
    const requested = this.#requested;
    if (requested === null || requested.id !== id) return;
    this.#requested = null;
    this.#shown = { text: requested.text, ruleSet: requested.ruleSet, test };
  }

  dispose(): void {
    this.#worker?.terminate();
    this.#worker = null;
    this.#requested = null;
    this.#inFlight = null;
  }
}
