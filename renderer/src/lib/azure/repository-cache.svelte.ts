// The repositories of the registries drafts are linked to (imported from, or picked as the plan
// target), so a draft's editor and map flag `target-exists` while typing, as the live view does.
// One list per registry, kept with the time it was read: the age is shown and the user refreshes
// it; a draft opened after the list is older than the cache setting (Settings) reads it again.
import { appSettings } from '../settings.svelte.ts';
import type { DesktopApi, RegistryRef } from '../../../../preload/api.ts';
import { errorText } from '../api.ts';

export type RepositoryEntry =
  | { readonly state: 'loading'; readonly readAt: Date | null }
  | { readonly state: 'ready'; readonly repositories: readonly string[]; readonly truncated: boolean; readonly readAt: Date }
  | { readonly state: 'failed'; readonly error: string; readonly readAt: Date | null };

function keyOf(ref: RegistryRef): string {
  return `${ref.accountId}|${ref.registryId.toLowerCase()}`;
}

export class RepositoryCache {
  readonly #api: DesktopApi;
  #entries = $state.raw<ReadonlyMap<string, RepositoryEntry>>(new Map());
  readonly #now: () => Date;

  constructor(api: DesktopApi, now: () => Date = () => new Date()) {
    this.#api = api;
    this.#now = now;
  }

  entry(ref: RegistryRef): RepositoryEntry | undefined {
    return this.#entries.get(keyOf(ref));
  }

  /**
   * Reads the list unless it was read (or is being read) already, less than `maxAgeMinutes` ago
   * (Settings → "Repository list cache"; 0 reads it every time it is asked for).
   */
  ensure(ref: RegistryRef, maxAgeMinutes = appSettings.repositoryCacheMinutes): void {
    const entry = this.entry(ref);
    if (entry === undefined) return void this.refresh(ref);
    if (entry.state === 'loading' || entry.readAt === null) return;
    if (this.#now().getTime() - entry.readAt.getTime() >= maxAgeMinutes * 60_000) void this.refresh(ref);
  }

  async refresh(ref: RegistryRef): Promise<void> {
    const key = keyOf(ref);
    const previous = this.#entries.get(key);
    this.#set(key, { state: 'loading', readAt: previous?.readAt ?? null });
    try {
      const listing = await this.#api.azure.listRepositories(ref);
      this.#set(key, { state: 'ready', repositories: listing.repositories, truncated: listing.truncated, readAt: this.#now() });
    } catch (error) {
      this.#set(key, { state: 'failed', error: errorText(error), readAt: previous?.readAt ?? null });
    }
  }

  #set(key: string, entry: RepositoryEntry): void {
    const next = new Map(this.#entries);
    next.set(key, entry);
    this.#entries = next;
  }
}

/** "just now", "4 min ago", "3 h ago", "2 days ago". */
export function ageText(readAt: Date, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - readAt.getTime()) / 1000));
  if (seconds < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}
