// The pull tester's "Warm the cache": the references it found that a rule of this live registry
// serves, pulled through the registry by main so ACR fetches them from the upstream now (ACR
// caches only on first pull). Progress arrives as cache.onProgress events; cancel stops it.
import { parseReference } from '../../../../core/reference.ts';
import { planSyncNow, type SyncNowPlan } from '../../../../core/sync-now.ts';
import type { CacheProgressEvent, DesktopApi, RegistryRef, WarmImage, WarmImageResult, WarmMode, WarmOutcome } from '../../../../preload/api.ts';
import { isApiError } from '../../../../preload/api.ts';
import { errorText } from '../api.ts';
import type { PullTestRow } from './pull-test.ts';

export const PLATFORMS = ['all', 'linux/amd64', 'linux/arm64', 'linux/arm/v7', 'linux/386', 'linux/ppc64le', 'linux/s390x', 'windows/amd64'] as const;

/**
 * The images to warm: each served reference once, by the repository it pulls in the registry and
 * its tag or digest; with each, whether "Sync now" can take it (its rule ActiveSync, a tag inside
 * the rule's filter) and what it would send.
 */
export function warmImagesOf(rows: readonly PullTestRow[]): { images: WarmImage[]; plans: SyncNowPlan[]; skipped: number } {
  const images: WarmImage[] = [];
  const plans: SyncNowPlan[] = [];
  const seen = new Set<string>();
  let skipped = 0;
  for (const row of rows) {
    const repository = row.resolution.repository;
    if ((row.outcome !== 'static' && row.outcome !== 'wildcard') || !repository) {
      skipped++;
      continue;
    }
    const parsed = parseReference(row.source.text);
    const reference = parsed.ok ? (parsed.reference.digest ?? parsed.reference.tag ?? 'latest') : 'latest';
    const key = `${repository}@${reference}`;
    if (seen.has(key)) continue;
    seen.add(key);
    images.push({ label: row.source.text, repository, reference });
    plans.push(row.resolution.rule ? planSyncNow(row.resolution.rule, repository, reference, row.resolution.upstream) : { ok: false, reason: 'passive', message: 'No rule serves it.' });
  }
  return { images, plans, skipped };
}

export type WarmRun =
  | { state: 'idle' }
  | { state: 'running'; done: number; total: number; bytes: number; bytesTotal: number }
  | { state: 'done'; outcome: WarmOutcome }
  | { state: 'failed'; message: string };

export class WarmUp {
  readonly #api: DesktopApi;
  readonly ref: RegistryRef;
  mode = $state<WarmMode>('manifest');
  platform = $state<string>('all');
  run = $state.raw<WarmRun>({ state: 'idle' });
  /** Results as they arrive, in input order. */
  results = $state.raw<WarmImageResult[]>([]);
  #jobId: string | null = null;

  constructor(api: DesktopApi, ref: RegistryRef) {
    this.#api = api;
    this.ref = ref;
  }

  get running(): boolean {
    return this.run.state === 'running';
  }

  async start(images: readonly WarmImage[]): Promise<void> {
    if (this.#jobId !== null || images.length === 0) return;
    const jobId = crypto.randomUUID();
    this.#jobId = jobId;
    this.results = [];
    this.run = { state: 'running', done: 0, total: images.length, bytes: 0, bytesTotal: 0 };
    const stop = this.#api.cache.onProgress((event: CacheProgressEvent) => {
      if (event.jobId !== jobId || event.kind !== 'warm') return;
      if (event.result) this.results = [...this.results, event.result];
      this.run = { state: 'running', done: event.done, total: event.total, bytes: event.bytes, bytesTotal: event.bytesTotal };
    });
    try {
      const outcome = await this.#api.cache.warm({ jobId, registry: this.ref, images: images.map((i) => ({ ...i })), mode: this.mode, platform: this.platform });
      this.results = outcome.results;
      this.run = { state: 'done', outcome };
    } catch (error) {
      this.run = { state: 'failed', message: isApiError(error) && error.code === 'cancelled' ? 'Cancelled before any image was pulled.' : errorText(error) };
    } finally {
      stop();
      this.#jobId = null;
    }
  }

  /** Forgets the last run's results (the references may have changed since). */
  reset(): void {
    if (this.running) return;
    this.run = { state: 'idle' };
    this.results = [];
  }

  async cancel(): Promise<void> {
    if (this.#jobId !== null) await this.#api.cache.cancel(this.#jobId);
  }
}
