// The cache-rule properties newer API versions add (api-version 2025-09-01-preview: identity,
// syncMode, syncReferrers, artifactSyncFilters; acrcache examples) and anything else Azure
// returns that the app does not model (`extraProperties`). The app edits only `identity`
// (ACR-to-ACR caching); the rest it carries unchanged, compares, shows and exports.
import type { CacheRule } from './model.ts';

/** The api-version whose cache rules carry these settings (acrcache 2025-09-01-preview examples). */
export const PREVIEW_CACHE_RULE_API_VERSION = '2025-09-01-preview';

export const PREVIEW_RULE_KEYS = ['identity', 'syncMode', 'syncReferrers', 'artifactSyncFilters', 'extraProperties'] as const;
export type PreviewRuleKey = (typeof PREVIEW_RULE_KEYS)[number];
export type PreviewRuleSettings = Pick<CacheRule, PreviewRuleKey>;

/** The preview settings a rule has, in a fixed key order (absent ones left out). */
export function previewSettingsOf(rule: CacheRule): PreviewRuleSettings {
  const out: Record<string, unknown> = {};
  for (const key of PREVIEW_RULE_KEYS) if (rule[key] !== undefined) out[key] = rule[key];
  return out as PreviewRuleSettings;
}

export function hasPreviewSettings(rule: CacheRule): boolean {
  return PREVIEW_RULE_KEYS.some((key) => rule[key] !== undefined);
}

/** JSON with object keys sorted, so equal settings compare equal whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value as Record<string, unknown>)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Which preview settings differ between two versions of a rule (identity compared without case). */
export function changedPreviewSettings(from: CacheRule, to: CacheRule): PreviewRuleKey[] {
  return PREVIEW_RULE_KEYS.filter((key) => {
    const a = from[key];
    const b = to[key];
    if (key === 'identity') return (typeof a === 'string' ? a.toLowerCase() : a) !== (typeof b === 'string' ? b.toLowerCase() : b);
    if (key === 'syncMode' || key === 'syncReferrers') return (typeof a === 'string' ? a.toLowerCase() : a) !== (typeof b === 'string' ? b.toLowerCase() : b);
    return canonicalJson(a ?? null) !== canonicalJson(b ?? null);
  });
}

/** One line per setting, for rule details and plan reasons. */
export function describePreviewSettings(rule: CacheRule): string[] {
  const lines: string[] = [];
  if (rule.identity !== undefined) lines.push(`identity: ${identityName(rule.identity)} (user-assigned)`);
  if (rule.syncMode !== undefined) lines.push(`sync mode: ${rule.syncMode}`);
  if (rule.syncReferrers !== undefined) lines.push(`sync referrers: ${rule.syncReferrers}`);
  if (rule.artifactSyncFilters !== undefined) lines.push(`artifact sync filters: ${canonicalJson(rule.artifactSyncFilters)}`);
  if (rule.extraProperties !== undefined) lines.push(`other properties: ${Object.keys(rule.extraProperties).sort().join(', ')}`);
  return lines;
}

/** `…/userAssignedIdentities/cache-puller` → `cache-puller`. */
export function identityName(resourceId: string): string {
  return resourceId.split('/').filter(Boolean).pop() ?? resourceId;
}

export const USER_ASSIGNED_IDENTITY_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/[^/]+$/i;

/** The rule a live one stands for: its editable fields and every preview setting, nothing Azure-only (id, state). */
export function ruleOf(live: CacheRule): CacheRule {
  const rule: CacheRule = { name: live.name, source: live.source, target: live.target };
  if (live.credentialSet) rule.credentialSet = live.credentialSet;
  return { ...rule, ...previewSettingsOf(live) };
}

/** What a PATCH changes on a rule (Azure's patchable properties); `null` removes. */
export interface RulePatch {
  credentialSet?: string | null;
  identity?: string | null;
  syncMode?: string | null;
  syncReferrers?: string | null;
  artifactSyncFilters?: Record<string, unknown> | null;
}

/**
 * The PATCH that turns `before` into `after` (CacheRuleUpdateArtifactSync.json and
 * CacheRuleUpdate*MIAuthentication.json show these patchable). `extraProperties` are not in it:
 * the app cannot know whether Azure lets them change, so the plan re-creates the rule instead.
 */
export function rulePatchOf(before: CacheRule, after: CacheRule): RulePatch {
  const patch: RulePatch = {};
  if ((before.credentialSet ?? '').toLowerCase() !== (after.credentialSet ?? '').toLowerCase()) patch.credentialSet = after.credentialSet || null;
  for (const key of changedPreviewSettings(before, after)) {
    if (key === 'extraProperties') continue;
    const value = after[key];
    (patch as Record<string, unknown>)[key] = value === undefined ? null : value;
  }
  return patch;
}

/**
 * The ARM resource parts a rule's preview settings add (for exports and the wire): the
 * top-level `identity` and the extra `properties`, in ARM's JSON shape. Empty for a plain rule.
 */
export function previewArmParts(rule: CacheRule): { identity?: { type: 'UserAssigned'; userAssignedIdentities: Record<string, Record<string, never>> }; properties: Record<string, unknown> } {
  const properties: Record<string, unknown> = { ...(rule.extraProperties ?? {}) };
  if (rule.syncMode !== undefined) properties['syncMode'] = rule.syncMode;
  if (rule.syncReferrers !== undefined) properties['syncReferrers'] = rule.syncReferrers;
  if (rule.artifactSyncFilters !== undefined) properties['artifactSyncFilters'] = rule.artifactSyncFilters;
  return rule.identity ? { identity: { type: 'UserAssigned', userAssignedIdentities: { [rule.identity]: {} } }, properties } : { properties };
}
