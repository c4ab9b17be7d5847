// "Sync this tag now" (`az acr cache sync -r REG -n RULE --image TAG`): what the acrcache
// extension sends (azext_acrcache/cache.py, acr_cache_sync) and when it can work. az's help:
// "Artifact sync must be enabled on the cache rule and the tag must be within any specified tag
// filter." The request is an importImage whose source is the cache rule:
//   source.sourceImage        = the upstream repository path (without its host) + ":" + tag
//   source.cacheRuleResourceId = the rule's resource ID
//   targetTags                = [target repository + ":" + tag], mode "Force"
// az takes the path from the rule's source, which names one repository only for a static rule;
// for a wildcard rule the image's own upstream path (what the resolver says ACR fetches) is used.
// Pure: no I/O.
import type { CacheRule } from './model.ts';
import { isActiveSync, tagQueryOf } from './sync-settings.ts';
import { describeTagFields, parseTagQuery, type TagFilterFields } from './sync-tag-filter.ts';

/** The import mode az sends (newest cache.py: "import tag with force to override existing tags"). */
export const SYNC_NOW_IMPORT_MODE = 'Force';

export type SyncNowRefusal = 'digest' | 'passive' | 'outside-filter' | 'no-upstream';

export type SyncNowPlan =
  | { ok: true; rule: string; sourceImage: string; targetTag: string; tag: string }
  | { ok: false; reason: SyncNowRefusal; message: string };

/** Whether a tag passes az's tag conditions (KQL `startswith`/`endswith`/`contains` ignore case, `==` does not). */
export function tagPassesFields(fields: TagFilterFields, tag: string): boolean {
  const t = tag.toLowerCase();
  if (fields.startsWith && !t.startsWith(fields.startsWith.toLowerCase())) return false;
  if (fields.endsWith && !t.endsWith(fields.endsWith.toLowerCase())) return false;
  if (fields.contains && !t.includes(fields.contains.toLowerCase())) return false;
  if (fields.equals && tag !== fields.equals) return false;
  return true;
}

/**
 * What to send to sync `reference` of `repository` now through `rule`, or why it cannot be.
 * `upstream` is the exact upstream reference ACR fetches (`docker.io/library/nginx:1.27`).
 * A custom tag filter the app cannot read is left to Azure to judge.
 */
export function planSyncNow(rule: Pick<CacheRule, 'name' | 'syncMode' | 'artifactSyncFilters'>, repository: string, reference: string, upstream: string | null): SyncNowPlan {
  if (/^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-f0-9]{32,}$/.test(reference)) {
    return { ok: false, reason: 'digest', message: 'Sync now takes a tag; this reference is a digest. Pull it (Warm now) to cache it.' };
  }
  if (!isActiveSync(rule)) {
    return {
      ok: false,
      reason: 'passive',
      message: `Rule "${rule.name}" is a pull-through (PassiveSync) rule: Azure syncs a tag on demand only for ActiveSync rules. Warm it by pulling, or turn on ActiveSync in the rule's sync settings.`,
    };
  }
  const query = tagQueryOf(rule);
  const parsed = query === undefined ? null : parseTagQuery(query);
  if (parsed?.kind === 'fields' && !tagPassesFields(parsed.fields, reference)) {
    return { ok: false, reason: 'outside-filter', message: `Tag ${reference} is outside the tag filter of rule "${rule.name}" (${describeTagFields(parsed.fields)}); Azure syncs only tags inside it. Widen the filter, or pull the tag (Warm now).` };
  }
  const path = upstream ? /^[^/]+\/(.+):[^:/]+$/.exec(upstream)?.[1] : undefined;
  if (!path) return { ok: false, reason: 'no-upstream', message: `The upstream repository of ${repository}:${reference} under rule "${rule.name}" could not be worked out.` };
  return { ok: true, rule: rule.name, sourceImage: `${path}:${reference}`, targetTag: `${repository}:${reference}`, tag: reference };
}
