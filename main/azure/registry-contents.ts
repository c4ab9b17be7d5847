// What the cache holds, read from the data plane: the catalog (paged, bounded), then each
// repository's tags through ACR's /acr/v1/<name>/_tags, which — unlike /v2/<name>/tags/list
// (names only) — carries each tag's lastUpdateTime. Tag reads are capped (default 200
// repositories) and say so; a token is asked for a batch of repositories at once (repeated
// `scope=repository:<name>:metadata_read`) so 200 repositories cost 10 token calls, not 200.
// Grouping under rules is core/cache-contents.ts.
import type { CacheRule } from '../../core/model.ts';
import { groupCacheContents, latestUpdate, type CacheContents, type CachedRepository, type TagInfo } from '../../core/cache-contents.ts';
import { AppError } from '../app-error.ts';
import { nextTagsPath } from './registry-tags-link.ts';
import type { CatalogRequest, RegistryCatalogClient } from './registry-catalog.ts';

export const DEFAULT_TAG_READ_CAP = 200;
const TOKEN_BATCH = 20;
const MAX_TAG_PAGES = 50;

export interface ContentsProgress {
  readonly phase: 'catalog' | 'tags';
  readonly done: number;
  readonly total: number;
}

export interface ContentsReadOptions {
  readonly tagReadCap?: number;
  readonly onProgress?: (progress: ContentsProgress) => void;
}

export interface ContentsReport {
  readonly contents: CacheContents;
  readonly repositoryCount: number;
  readonly catalogTruncated: boolean;
  /** Repositories whose tags were not read because of the cap. */
  readonly tagsNotRead: number;
  readonly tagReadCap: number;
}

interface AcrTag {
  name?: unknown;
  lastUpdateTime?: unknown;
}

export async function readCacheContents(client: RegistryCatalogClient, request: CatalogRequest, rules: readonly CacheRule[], options: ContentsReadOptions = {}): Promise<ContentsReport> {
  const cap = options.tagReadCap ?? DEFAULT_TAG_READ_CAP;
  options.onProgress?.({ phase: 'catalog', done: 0, total: 0 });
  const listing = await client.listRepositories(request);
  const names = listing.repositories;
  const toRead = names.slice(0, cap);
  const tags = new Map<string, { tags: TagInfo[] | null; error?: string }>();
  options.onProgress?.({ phase: 'tags', done: 0, total: toRead.length });
  for (let i = 0; i < toRead.length; i += TOKEN_BATCH) {
    if (request.abortSignal?.aborted) throw new AppError('cancelled', 'Reading the cache contents was cancelled.');
    const batch = toRead.slice(i, i + TOKEN_BATCH);
    const token = await client.accessToken(request, batch.map((name) => `repository:${name}:metadata_read`), 'get a registry token to read tags');
    for (const name of batch) {
      tags.set(name, await readTags(client, request, token, name));
      options.onProgress?.({ phase: 'tags', done: tags.size, total: toRead.length });
    }
  }
  const repositories: CachedRepository[] = names.map((name) => {
    const read = tags.get(name);
    const list = read?.tags ?? null;
    return { name, tags: list, lastUpdated: latestUpdate(list), ...(read?.error ? { tagError: read.error } : {}) };
  });
  return {
    contents: groupCacheContents(rules, repositories),
    repositoryCount: names.length,
    catalogTruncated: listing.truncated,
    tagsNotRead: Math.max(0, names.length - toRead.length),
    tagReadCap: cap,
  };
}

async function readTags(client: RegistryCatalogClient, request: CatalogRequest, token: string, name: string): Promise<{ tags: TagInfo[] | null; error?: string }> {
  const out: TagInfo[] = [];
  let path: string | null = `/acr/v1/${name}/_tags?n=100`;
  for (let pages = 0; path; pages++) {
    if (pages >= MAX_TAG_PAGES) return { tags: out, error: `stopped after ${MAX_TAG_PAGES} pages of tags` };
    const page = await client.get(request, path, token, `read the tags of ${name}`);
    // The catalog listed it but it is gone now (deleted meanwhile): no tags, said so.
    if (page.status === 404) return { tags: null, error: 'repository not found (deleted since the catalog was read?)' };
    let body: { tags?: unknown } = {};
    try {
      body = JSON.parse(page.bodyAsText ?? '{}') as { tags?: unknown };
    } catch {
      return { tags: out, error: 'unreadable tag list' };
    }
    if (Array.isArray(body.tags)) {
      for (const t of body.tags as AcrTag[]) {
        if (typeof t.name === 'string') out.push({ name: t.name, lastUpdated: typeof t.lastUpdateTime === 'string' ? t.lastUpdateTime : null });
      }
    }
    path = nextTagsPath(page.headers.get('link'), name);
  }
  return { tags: out };
}
