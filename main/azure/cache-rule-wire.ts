// Cache rules on the wire at CACHE_RULE_API_VERSION, both ways. SDK v12 (api-version 2025-11-01)
// deserializes only the stable properties, so `identity`, `syncMode`, `syncReferrers` and
// `artifactSyncFilters` would vanish on read and a replace or export would drop them; here the
// JSON is read as Azure sent it. Shapes: acrcache's 2025-09-01-preview examples
// (CacheRuleCreateArtifactSync.json, CacheRuleCreateSyncReferrers.json,
// CacheRuleCreateUserAssignedMIAuthentication.json, CacheRuleUpdateRemoveMIAuthentication.json).
import type { CacheRule } from '../../core/model.ts';
import { PREVIEW_CACHE_RULE_API_VERSION, type RulePatch } from '../../core/rule-extensions.ts';
import type { LiveCacheRule } from '../../preload/api.ts';
import { credentialSetIdOf, credentialSetNameOf, type RegistryCoordinates } from './resource-ids.ts';

/** The api-version whose cache rules carry identity / syncMode / syncReferrers / artifactSyncFilters. */
export const CACHE_RULE_API_VERSION = PREVIEW_CACHE_RULE_API_VERSION;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface WireCacheRule {
  id?: string;
  name?: string;
  identity?: { type?: string; userAssignedIdentities?: Record<string, unknown> } | null;
  properties?: Record<string, Json | undefined>;
}

/** Properties the app models, or that Azure sets itself: everything else goes to `extraProperties`. */
const KNOWN = new Set(['sourceRepository', 'targetRepository', 'credentialSetResourceId', 'syncMode', 'syncReferrers', 'artifactSyncFilters', 'creationDate', 'provisioningState']);

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The user-assigned identity of a rule (the first, and per the examples only, one). */
export function userAssignedIdentityOf(identity: WireCacheRule['identity']): string | undefined {
  if (!identity || !/userassigned/i.test(identity.type ?? '')) return undefined;
  return Object.keys(identity.userAssignedIdentities ?? {})[0];
}

export function fromWireCacheRule(registry: RegistryCoordinates, wire: WireCacheRule): LiveCacheRule {
  const p = wire.properties ?? {};
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const credentialSetResourceId = str(p['credentialSetResourceId']) ?? null;
  const created = str(p['creationDate']);
  const createdAt = created && !Number.isNaN(Date.parse(created)) ? new Date(created).toISOString() : null;
  const live: LiveCacheRule = {
    name: wire.name ?? '',
    source: str(p['sourceRepository']) ?? '',
    target: str(p['targetRepository']) ?? '',
    id: wire.id ?? `${registry.id}/cacheRules/${wire.name ?? ''}`,
    provisioningState: str(p['provisioningState']) ?? null,
    createdAt,
    credentialSetResourceId,
  };
  const linked = credentialSetResourceId ? credentialSetNameOf(registry, credentialSetResourceId) : null;
  // A link to another registry's set cannot be expressed as a name; the full ID stays visible.
  if (linked) live.credentialSet = linked.foreign ? credentialSetResourceId! : linked.name;
  const identity = userAssignedIdentityOf(wire.identity);
  if (identity) live.identity = identity;
  if (str(p['syncMode']) !== undefined) live.syncMode = str(p['syncMode'])!;
  if (str(p['syncReferrers']) !== undefined) live.syncReferrers = str(p['syncReferrers'])!;
  if (isObject(p['artifactSyncFilters'])) live.artifactSyncFilters = p['artifactSyncFilters'];
  const extra = Object.entries(p).filter(([key, value]) => !KNOWN.has(key) && value !== undefined && value !== null);
  if (extra.length) live.extraProperties = Object.fromEntries(extra) as Record<string, Json>;
  return live;
}

function identityWire(identity: string | undefined): WireCacheRule['identity'] | undefined {
  return identity ? { type: 'UserAssigned', userAssignedIdentities: { [identity]: {} } } : undefined;
}

/** The PUT body of a new rule: every setting it has, unknown ones included. */
export function toWireCacheRule(registry: RegistryCoordinates, rule: CacheRule): WireCacheRule {
  const properties: Record<string, Json> = { ...(rule.extraProperties ?? {}) } as Record<string, Json>;
  properties['sourceRepository'] = rule.source;
  properties['targetRepository'] = rule.target;
  if (rule.credentialSet) properties['credentialSetResourceId'] = credentialSetIdOf(registry, rule.credentialSet);
  if (rule.syncMode !== undefined) properties['syncMode'] = rule.syncMode;
  if (rule.syncReferrers !== undefined) properties['syncReferrers'] = rule.syncReferrers;
  if (rule.artifactSyncFilters !== undefined) properties['artifactSyncFilters'] = rule.artifactSyncFilters as Json;
  const identity = identityWire(rule.identity);
  return identity ? { identity, properties } : { properties };
}

/** What a PATCH may change on a rule (the rest needs a delete + create). `null` removes. */
export type CacheRulePatch = RulePatch;

export function toWirePatch(registry: RegistryCoordinates, patch: CacheRulePatch): WireCacheRule {
  const properties: Record<string, Json> = {};
  // Detaching sends an explicit JSON null, as `az acr cache update --remove-cred-set` does.
  if (patch.credentialSet !== undefined) properties['credentialSetResourceId'] = patch.credentialSet === null ? null : credentialSetIdOf(registry, patch.credentialSet);
  if (patch.syncMode !== undefined) properties['syncMode'] = patch.syncMode;
  if (patch.syncReferrers !== undefined) properties['syncReferrers'] = patch.syncReferrers;
  if (patch.artifactSyncFilters !== undefined) properties['artifactSyncFilters'] = patch.artifactSyncFilters as Json;
  const body: WireCacheRule = Object.keys(properties).length ? { properties } : {};
  // CacheRuleUpdateRemoveMIAuthentication.json: removing the identity is `{"identity":{"type":"None"}}`.
  if (patch.identity !== undefined) body.identity = patch.identity === null ? { type: 'None' } : identityWire(patch.identity)!;
  return body;
}
