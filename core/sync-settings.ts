// A cache rule's sync settings as the editor shows them, and the rule fields an edit of them
// writes (api-version 2025-09-01-preview; shapes from the acrcache examples
// CacheRuleCreateArtifactSync.json and CacheRuleCreateSyncReferrers.json, rules from az's
// cache.py: filters and referrers need `ActiveSync`). Filter kinds the editor does not offer
// (imageTypes, artifactTypes, anything newer) are carried unchanged. Pure: no I/O.
import type { CacheRule } from './model.ts';
import { buildTagQuery, parseTagQuery, type ParsedTagQuery, type TagFilterFields } from './sync-tag-filter.ts';

export const ACTIVE_SYNC = 'ActiveSync';
export const PASSIVE_SYNC = 'PassiveSync';

/** What az asks before it enables ActiveSync (acr_cache_create / acr_cache_update_custom). */
export const ACTIVE_SYNC_STORAGE_WARNING = 'Your cache rule has Artifact Sync enabled and will automatically import tags into your registry. This may incur additional storage charges.';

export type SyncRuleFields = Pick<CacheRule, 'syncMode' | 'syncReferrers' | 'artifactSyncFilters'>;

export interface SyncView {
  active: boolean;
  /** null: the rule has no tag filter (ActiveSync then imports every tag). */
  tags: ParsedTagQuery | null;
  platforms: string[];
  referrers: boolean;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function isActiveSync(rule: Pick<CacheRule, 'syncMode'>): boolean {
  return (rule.syncMode ?? '').toLowerCase() === 'activesync';
}

/** The tag filter's KQL query, if the rule has one of type KQL. */
export function tagQueryOf(rule: Pick<CacheRule, 'artifactSyncFilters'>): string | undefined {
  const tags = record(rule.artifactSyncFilters?.['tags']);
  return tags && typeof tags['query'] === 'string' && (tags['type'] === undefined || String(tags['type']).toUpperCase() === 'KQL') ? tags['query'] : undefined;
}

export function syncViewOf(rule: SyncRuleFields): SyncView {
  const query = tagQueryOf(rule);
  const platforms = record(rule.artifactSyncFilters?.['platforms'])?.['values'];
  return {
    active: isActiveSync(rule),
    tags: query === undefined ? null : parseTagQuery(query),
    platforms: Array.isArray(platforms) ? platforms.filter((p): p is string => typeof p === 'string') : [],
    referrers: (rule.syncReferrers ?? '').toLowerCase() === 'enabled',
  };
}

/** An edit of the sync settings: `tags: 'unchanged'` keeps the rule's tag filter exactly as it is. */
export interface SyncEdit {
  active: boolean;
  tags: 'unchanged' | { kind: 'fields'; fields: TagFilterFields } | { kind: 'custom'; query: string };
  platforms: readonly string[];
  referrers: boolean;
}

/** `linux/amd64, linux/arm64` (commas or blanks) → the list, without empties or repeats. */
export function splitPlatforms(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter((p) => p !== ''))];
}

/**
 * The sync fields of `before` after `edit`. Passive sync removes the filters and turns referrers
 * off, as az refuses filters and referrers without ActiveSync; a mode the rule never stated stays
 * unstated (a new passive rule sends nothing new). Other filter kinds are kept as they were.
 */
export function applySyncEdit(before: SyncRuleFields, edit: SyncEdit): SyncRuleFields {
  const out: SyncRuleFields = {};
  if (!edit.active) {
    if (before.syncMode !== undefined) out.syncMode = PASSIVE_SYNC;
    if (before.syncReferrers !== undefined) out.syncReferrers = 'Disabled';
    return out;
  }
  out.syncMode = isActiveSync(before) ? before.syncMode! : ACTIVE_SYNC;
  if (edit.referrers) out.syncReferrers = (before.syncReferrers ?? '').toLowerCase() === 'enabled' ? before.syncReferrers! : 'Enabled';
  else if (before.syncReferrers !== undefined) out.syncReferrers = 'Disabled';
  const filters: Record<string, unknown> = { ...(before.artifactSyncFilters ?? {}) };
  if (edit.tags !== 'unchanged') filters['tags'] = { type: 'KQL', query: edit.tags.kind === 'fields' ? buildTagQuery(edit.tags.fields) : edit.tags.query };
  const platforms = [...new Set(edit.platforms.filter((p) => p !== ''))];
  const old = syncViewOf(before).platforms;
  if (platforms.length === 0) delete filters['platforms'];
  else if (platforms.join('\n') !== old.join('\n')) filters['platforms'] = { type: 'array', values: platforms };
  if (Object.keys(filters).length > 0) out.artifactSyncFilters = filters as NonNullable<CacheRule['artifactSyncFilters']>;
  return out;
}

/**
 * api-versions that have Registries_CheckCacheRuleArtifactSyncEstimate (POST
 * `…/registries/{name}/checkCacheRuleArtifactSyncEstimate`): acrcache's vendored
 * 2025-09-01-preview swagger and its example CheckCacheRuleArtifactSyncEstimate.json. Older
 * previews had an estimate under other property names; stable versions have none.
 */
export const SYNC_ESTIMATE_API_VERSIONS: ReadonlySet<string> = new Set(['2025-09-01-preview']);

export function offersSyncEstimate(apiVersion: string): boolean {
  return SYNC_ESTIMATE_API_VERSIONS.has(apiVersion);
}
