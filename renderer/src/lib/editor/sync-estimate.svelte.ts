// The rule editor's sync estimate: how many upstream tags the ActiveSync filter being typed would
// select, as Azure counts them (azure.checkSyncEstimate). Asked only for a registry the document
// is linked to, after the edits pause (debounced); a newer edit cancels the request in flight, and
// an answer that arrives for an older edit is dropped. It never holds the form up: editing and
// saving go on whatever state this is in.
import type { CacheRule } from '../../../../core/model.ts';
import type { DesktopApi, RegistryRef, SyncEstimateView } from '../../../../preload/api.ts';
import { isApiError } from '../../../../preload/api.ts';
import { errorText } from '../api.ts';
import { DraftDocument } from '../documents/draft-document.svelte.ts';
import type { RuleSetDocument } from '../documents/rule-set-document.ts';

export type SyncEstimateState =
  /** A draft with no registry to ask (not imported, no plan target). */
  | { readonly state: 'no-registry' }
  /** The machine reports no network. */
  | { readonly state: 'offline' }
  /** The rule lacks what the request needs (a source, a target). */
  | { readonly state: 'incomplete' }
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly view: Extract<SyncEstimateView, { kind: 'estimate' }> }
  | { readonly state: 'failed'; readonly error: string }
  /** The api-version the app uses has no estimate: nothing to show. */
  | { readonly state: 'unsupported' };

export interface EstimateInput {
  readonly registry: RegistryRef | null;
  readonly rule: CacheRule;
  readonly online: boolean;
}

export interface EstimateTimers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const browserTimers: EstimateTimers = { set: (run, ms) => setTimeout(run, ms), clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>) };

/** ARM's rule-name rule; the name is not part of the request body, so a half-typed one is replaced. */
const ARM_NAME = /^[a-zA-Z0-9-]{5,50}$/;
const PATH = /^\S{1,512}$/;
/** `host/repository`: until the source has both, there is no upstream repository to count in. */
const SOURCE = /^[^\s/]+\/[^\s/]\S{0,510}$/;

export const ESTIMATE_DEBOUNCE_MS = 400;

/** The rule as the estimate request carries it, or null when it cannot be asked about yet. */
export function estimateRuleOf(rule: CacheRule): CacheRule | null {
  if (!SOURCE.test(rule.source) || !PATH.test(rule.target)) return null;
  if (rule.credentialSet !== undefined && !ARM_NAME.test(rule.credentialSet)) return null;
  return ARM_NAME.test(rule.name) ? rule : { ...rule, name: 'sync-estimate' };
}

/** What the answer depends on: the registry and the rule's source, access and sync settings (not its name or target). */
function keyOf(registry: RegistryRef, rule: CacheRule): string {
  return JSON.stringify([registry.accountId, registry.registryId.toLowerCase(), rule.source, rule.credentialSet ?? null, rule.identity ?? null, rule.syncMode ?? null, rule.artifactSyncFilters ?? null]);
}

/** The registry to ask: a live registry's own, or the one a draft is linked to (plan target or import); null for an unlinked draft. */
export function estimateRegistryOf(document: RuleSetDocument): RegistryRef | null {
  if (document instanceof DraftDocument) return document.repositoryLink?.registry ?? null;
  const ref = (document as { ref?: RegistryRef }).ref;
  return document.kind === 'registry' && ref !== undefined ? ref : null;
}

export class SyncEstimate {
  readonly #api: DesktopApi;
  readonly #timers: EstimateTimers;
  readonly #debounceMs: number;
  readonly #newId: () => string;
  current = $state.raw<SyncEstimateState>({ state: 'no-registry' });
  #key: string | null = null;
  #timer: unknown = null;
  #inFlight: string | null = null;
  #retry: (() => void) | null = null;
  /** Once main said the api-version has no estimate, it is not asked again in this editor. */
  #unsupported = false;

  constructor(api: DesktopApi, options: { timers?: EstimateTimers; debounceMs?: number; newId?: () => string } = {}) {
    this.#api = api;
    this.#timers = options.timers ?? browserTimers;
    this.#debounceMs = options.debounceMs ?? ESTIMATE_DEBOUNCE_MS;
    this.#newId = options.newId ?? (() => crypto.randomUUID());
  }

  /** The editor's latest input; asks again (after the pause) only when something the answer depends on changed. */
  update(input: EstimateInput): void {
    if (this.#unsupported) return;
    if (input.registry === null) return this.#settle({ state: 'no-registry' });
    if (!input.online) return this.#settle({ state: 'offline' });
    const rule = estimateRuleOf(input.rule);
    if (rule === null) return this.#settle({ state: 'incomplete' });
    const key = keyOf(input.registry, rule);
    if (key === this.#key) return;
    this.#stop();
    this.#key = key;
    this.current = { state: 'loading' };
    const registry = input.registry;
    const ask = () => {
      this.#timer = null;
      void this.#ask(registry, rule);
    };
    this.#retry = () => {
      this.current = { state: 'loading' };
      ask();
    };
    this.#timer = this.#timers.set(ask, this.#debounceMs);
  }

  /** Asks again now for the same input (after a failure). */
  retry(): void {
    if (this.current.state === 'failed') this.#retry?.();
  }

  /** The editor closed: nothing more is asked, and what is in flight is cancelled. */
  dispose(): void {
    this.#stop();
    this.#key = null;
  }

  async #ask(registry: RegistryRef, rule: CacheRule): Promise<void> {
    const requestId = this.#newId();
    this.#inFlight = requestId;
    try {
      const view = await this.#api.azure.checkSyncEstimate({ requestId, registry, rule });
      if (this.#inFlight !== requestId) return;
      if (view.kind === 'unsupported') {
        this.#unsupported = true;
        this.current = { state: 'unsupported' };
      } else this.current = { state: 'ready', view };
    } catch (error) {
      // a request that a newer edit cancelled (or superseded) says nothing about the current one
      if (this.#inFlight !== requestId) return;
      this.current = { state: 'failed', error: isApiError(error) && error.code === 'cancelled' ? 'the request was cancelled' : errorText(error) };
    } finally {
      if (this.#inFlight === requestId) this.#inFlight = null;
    }
  }

  #settle(state: SyncEstimateState): void {
    this.#stop();
    this.#key = null;
    this.current = state;
  }

  #stop(): void {
    if (this.#timer !== null) this.#timers.clear(this.#timer);
    this.#timer = null;
    const running = this.#inFlight;
    this.#inFlight = null;
    if (running !== null) void this.#api.azure.cancelSyncEstimate(running).catch(() => false);
  }
}
