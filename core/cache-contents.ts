// What the cache holds: the registry's repositories (from the data-plane catalog) grouped under the
// cache rule that created them. A rule creates the repositories its target covers when a pull goes
// through it (ACR caches on first pull), so a repository belongs to the rule resolution would pick
// for it: an exact static target first, else the wildcard with the longest covering prefix (the
// order in core/resolve.ts). Repositories no rule covers are listed apart: pushed images, or what a
// deleted or retargeted rule left behind. Pure; the reads live in main/azure/.

import type { CacheRule } from './model.ts';
import { parseTargetRepository, type RepositoryPattern } from './repository.ts';

export interface TagInfo {
  readonly name: string;
  /** ISO date-time of the tag's last update (ACR `lastUpdateTime`), when the registry said it. */
  readonly lastUpdated: string | null;
}

export interface CachedRepository {
  readonly name: string;
  /** Null when the tags were not read (over the cap, cancelled, or the read failed). */
  readonly tags: readonly TagInfo[] | null;
  /** The newest tag update, or the repository's own lastUpdateTime. */
  readonly lastUpdated: string | null;
  readonly tagError?: string;
}

export interface RuleContents {
  readonly rule: CacheRule;
  readonly matchedBy: 'static' | 'wildcard';
  readonly repositories: CachedRepository[];
}

export interface CacheContents {
  /** Every rule with a usable target, in rule order, with the repositories assigned to it. */
  readonly rules: RuleContents[];
  /** Rules with no repository under them: nothing has been pulled through them yet. */
  readonly neverServed: CacheRule[];
  /** Repositories no rule's target covers. */
  readonly uncovered: CachedRepository[];
  /** Rules whose target does not parse; they cannot serve anything. */
  readonly invalidRules: CacheRule[];
}

interface Compiled {
  readonly index: number;
  readonly rule: CacheRule;
  readonly pattern: RepositoryPattern;
}

/** The rule a registry repository path is assigned to, or null; first rule in order on duplicates. */
export class CacheRuleMatcher {
  readonly #statics = new Map<string, Compiled>();
  readonly #wildcards = new Map<string, Compiled>();
  readonly compiled: Compiled[] = [];
  readonly invalid: CacheRule[] = [];

  constructor(rules: readonly CacheRule[]) {
    rules.forEach((rule, index) => {
      const parsed = parseTargetRepository(rule.target);
      if (!parsed.ok) {
        this.invalid.push(rule);
        return;
      }
      const entry: Compiled = { index, rule, pattern: parsed.value };
      this.compiled.push(entry);
      const map = parsed.value.kind === 'static' ? this.#statics : this.#wildcards;
      const key = parsed.value.kind === 'static' ? parsed.value.path : parsed.value.prefix;
      if (!map.has(key)) map.set(key, entry);
    });
  }

  /** Static exact match, else the longest wildcard prefix strictly above the path (`*` last). */
  match(path: string): Compiled | null {
    const exact = this.#statics.get(path);
    if (exact) return exact;
    for (let cut = path.lastIndexOf('/'); cut > 0; cut = path.lastIndexOf('/', cut - 1)) {
      const hit = this.#wildcards.get(path.slice(0, cut));
      if (hit) return hit;
    }
    return this.#wildcards.get('') ?? null;
  }
}

function newest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

/** The latest of the tags' update times (unparseable times are ignored). */
export function latestUpdate(tags: readonly TagInfo[] | null, fallback: string | null = null): string | null {
  let best = fallback !== null && !Number.isNaN(Date.parse(fallback)) ? fallback : null;
  for (const tag of tags ?? []) if (tag.lastUpdated !== null && !Number.isNaN(Date.parse(tag.lastUpdated))) best = newest(best, tag.lastUpdated);
  return best;
}

export function groupCacheContents(rules: readonly CacheRule[], repositories: readonly CachedRepository[]): CacheContents {
  const matcher = new CacheRuleMatcher(rules);
  const byIndex = new Map<number, RuleContents>();
  for (const c of matcher.compiled) {
    byIndex.set(c.index, { rule: c.rule, matchedBy: c.pattern.kind === 'static' ? 'static' : 'wildcard', repositories: [] });
  }
  const uncovered: CachedRepository[] = [];
  for (const repository of repositories) {
    const hit = matcher.match(repository.name);
    if (hit) byIndex.get(hit.index)!.repositories.push(repository);
    else uncovered.push(repository);
  }
  const grouped = [...byIndex.values()];
  return {
    rules: grouped,
    neverServed: grouped.filter((g) => g.repositories.length === 0).map((g) => g.rule),
    uncovered,
    invalidRules: matcher.invalid,
  };
}

/** One row per repository (uncovered ones with an empty rule), for the table and the CSV export. */
export interface ContentsRow {
  readonly rule: string;
  readonly target: string;
  readonly repository: string;
  readonly tagCount: number | null;
  readonly tags: string;
  readonly lastUpdated: string | null;
}

export function contentsRows(contents: CacheContents): ContentsRow[] {
  const rows: ContentsRow[] = [];
  const row = (rule: CacheRule | null, r: CachedRepository): ContentsRow => ({
    rule: rule?.name ?? '',
    target: rule?.target ?? '',
    repository: r.name,
    tagCount: r.tags?.length ?? null,
    tags: r.tags?.map((t) => t.name).join(' ') ?? '',
    lastUpdated: r.lastUpdated,
  });
  for (const g of contents.rules) {
    if (g.repositories.length === 0) rows.push({ rule: g.rule.name, target: g.rule.target, repository: '', tagCount: null, tags: '', lastUpdated: null });
    for (const r of g.repositories) rows.push(row(g.rule, r));
  }
  for (const r of contents.uncovered) rows.push(row(null, r));
  return rows;
}

/** RFC 4180 field: quoted when it holds a comma, quote or line break; a leading =+-@ is neutralised (CSV injection). */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function contentsCsv(rows: readonly ContentsRow[]): string {
  const header = ['rule', 'target', 'repository', 'tag_count', 'tags', 'last_updated'];
  const lines = [header.join(',')];
  for (const r of rows) {
    lines.push([r.rule, r.target, r.repository, r.tagCount === null ? '' : String(r.tagCount), r.tags, r.lastUpdated ?? ''].map(csvField).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
