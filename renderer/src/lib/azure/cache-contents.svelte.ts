// The "Cache contents" tab of a live registry: what its cache holds, read from the data plane by
// main (catalog + tags, grouped under the rules), with progress and cancel while reading, and a
// sortable, searchable table that exports as CSV through main's save dialog.
import type { CacheContentsView, CacheProgressEvent, ContentsRow, DesktopApi, RegistryRef } from '../../../../preload/api.ts';
import { isApiError } from '../../../../preload/api.ts';
import { errorText } from '../api.ts';

export type ContentsSortKey = 'rule' | 'repository' | 'tagCount' | 'lastUpdated';
export type ContentsFilter = 'all' | 'never-served' | 'uncovered';

export type ContentsLoad =
  | { state: 'idle' }
  | { state: 'reading'; phase: 'catalog' | 'tags'; done: number; total: number }
  | { state: 'ready'; view: CacheContentsView }
  | { state: 'failed'; code: string; message: string }
  | { state: 'cancelled' };

function compare(a: ContentsRow, b: ContentsRow, key: ContentsSortKey): number {
  if (key === 'tagCount') return (a.tagCount ?? -1) - (b.tagCount ?? -1);
  if (key === 'lastUpdated') return (a.lastUpdated ? Date.parse(a.lastUpdated) : 0) - (b.lastUpdated ? Date.parse(b.lastUpdated) : 0);
  return a[key].localeCompare(b[key]);
}

/** Rows after the filter and search, sorted; pure so the table and the CSV export agree. */
export function visibleRows(rows: readonly ContentsRow[], filter: ContentsFilter, query: string, key: ContentsSortKey, ascending: boolean): ContentsRow[] {
  const q = query.trim().toLowerCase();
  const out = rows.filter((r) => {
    if (filter === 'never-served' && r.repository !== '') return false;
    if (filter === 'uncovered' && r.rule !== '') return false;
    if (!q) return true;
    return r.rule.toLowerCase().includes(q) || r.target.toLowerCase().includes(q) || r.repository.toLowerCase().includes(q) || r.tags.toLowerCase().includes(q);
  });
  out.sort((a, b) => {
    const order = compare(a, b, key) || a.rule.localeCompare(b.rule) || a.repository.localeCompare(b.repository);
    return ascending ? order : -order;
  });
  return out;
}

export class CacheContentsState {
  readonly #api: DesktopApi;
  readonly ref: RegistryRef;
  readonly registryName: string;
  load = $state.raw<ContentsLoad>({ state: 'idle' });
  filter = $state<ContentsFilter>('all');
  query = $state('');
  sortKey = $state<ContentsSortKey>('rule');
  ascending = $state(true);
  /** A sentence after an export (where it went), or why it failed. */
  exportNote = $state<{ kind: 'ok' | 'error'; text: string } | null>(null);
  #jobId: string | null = null;

  constructor(api: DesktopApi, ref: RegistryRef, registryName: string) {
    this.#api = api;
    this.ref = ref;
    this.registryName = registryName;
  }

  readonly rows: ContentsRow[] = $derived.by(() =>
    this.load.state === 'ready' ? visibleRows(this.load.view.rows, this.filter, this.query, this.sortKey, this.ascending) : [],
  );

  get reading(): boolean {
    return this.load.state === 'reading';
  }

  sortBy(key: ContentsSortKey): void {
    if (this.sortKey === key) this.ascending = !this.ascending;
    else {
      this.sortKey = key;
      // newest and largest first is what one looks for
      this.ascending = key === 'rule' || key === 'repository';
    }
  }

  async read(): Promise<void> {
    if (this.#jobId !== null) return;
    const jobId = crypto.randomUUID();
    this.#jobId = jobId;
    this.load = { state: 'reading', phase: 'catalog', done: 0, total: 0 };
    this.exportNote = null;
    const stop = this.#api.cache.onProgress((event: CacheProgressEvent) => {
      if (event.jobId !== jobId || event.kind !== 'contents' || this.load.state !== 'reading') return;
      this.load = { state: 'reading', phase: event.phase, done: event.done, total: event.total };
    });
    try {
      this.load = { state: 'ready', view: await this.#api.cache.readContents(this.ref, jobId) };
    } catch (error) {
      this.load = isApiError(error) && error.code === 'cancelled' ? { state: 'cancelled' } : { state: 'failed', code: isApiError(error) ? error.code : 'error', message: errorText(error) };
    } finally {
      stop();
      this.#jobId = null;
    }
  }

  async cancel(): Promise<void> {
    if (this.#jobId !== null) await this.#api.cache.cancel(this.#jobId);
  }

  async exportCsv(): Promise<void> {
    const day = new Date().toISOString().slice(0, 10);
    try {
      const path = await this.#api.cache.saveContentsCsv(`${this.registryName}-cache-${day}.csv`, $state.snapshot(this.rows) as ContentsRow[]);
      this.exportNote = path === null ? null : { kind: 'ok', text: `${this.rows.length} rows written to ${path}` };
    } catch (error) {
      this.exportNote = { kind: 'error', text: errorText(error) };
    }
  }
}
