// "Sync now" in the warm-up list: one tag of an ActiveSync rule imported from its upstream by
// Azure now (what `az acr cache sync --image` does), per row or for the selected rows one after
// another. Each call waits for Azure's operation to end; the rows keep their own state.
import type { DesktopApi, RegistryRef, SyncNowResult, WarmImage } from '../../../../preload/api.ts';
import { errorText } from '../api.ts';

export type SyncRowState = { state: 'syncing' } | { state: 'done'; result: SyncNowResult } | { state: 'error'; message: string };

export class SyncNow {
  readonly #api: DesktopApi;
  readonly ref: RegistryRef;
  /** Per image index of the warm-up list. */
  rows = $state.raw<ReadonlyMap<number, SyncRowState>>(new Map());
  /** Image indices picked for "Sync selected". */
  selected = $state.raw<ReadonlySet<number>>(new Set());
  /** A "Sync selected" run: how far it got. */
  batch = $state.raw<{ done: number; total: number } | null>(null);
  #stopBatch = false;

  constructor(api: DesktopApi, ref: RegistryRef) {
    this.#api = api;
    this.ref = ref;
  }

  get busy(): boolean {
    return this.batch !== null || [...this.rows.values()].some((r) => r.state === 'syncing');
  }

  #set(index: number, state: SyncRowState): void {
    const next = new Map(this.rows);
    next.set(index, state);
    this.rows = next;
  }

  toggle(index: number, on: boolean): void {
    const next = new Set(this.selected);
    if (on) next.add(index);
    else next.delete(index);
    this.selected = next;
  }

  selectOnly(indices: readonly number[]): void {
    this.selected = new Set(indices);
  }

  async syncOne(index: number, image: WarmImage): Promise<SyncRowState> {
    if (this.rows.get(index)?.state === 'syncing') return this.rows.get(index)!;
    this.#set(index, { state: 'syncing' });
    let state: SyncRowState;
    try {
      state = { state: 'done', result: await this.#api.cache.syncNow(this.ref, { ...image }) };
    } catch (error) {
      state = { state: 'error', message: errorText(error) };
    }
    this.#set(index, state);
    return state;
  }

  /** The selected rows in list order, one at a time; `stop()` ends it after the current one. */
  async syncSelected(images: readonly WarmImage[]): Promise<{ synced: number; failed: number; stopped: boolean }> {
    const picked = [...this.selected].filter((i) => images[i]).sort((a, b) => a - b);
    if (this.batch !== null || picked.length === 0) return { synced: 0, failed: 0, stopped: false };
    this.#stopBatch = false;
    let synced = 0;
    let failed = 0;
    this.batch = { done: 0, total: picked.length };
    try {
      for (const [n, index] of picked.entries()) {
        if (this.#stopBatch) break;
        const state = await this.syncOne(index, images[index]!);
        if (state.state === 'done' && state.result.status === 'synced') synced++;
        else failed++;
        this.batch = { done: n + 1, total: picked.length };
      }
      return { synced, failed, stopped: this.#stopBatch };
    } finally {
      this.batch = null;
    }
  }

  stop(): void {
    this.#stopBatch = true;
  }

  reset(): void {
    if (this.busy) return;
    this.rows = new Map();
    this.selected = new Set();
  }
}
