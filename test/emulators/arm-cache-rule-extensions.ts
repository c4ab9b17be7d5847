// Reading the preview cache-rule properties from a PUT/PATCH body (shapes from the acrcache
// extension's 2025-09-01-preview examples: CacheRuleCreateArtifactSync.json,
// CacheRuleCreateSyncReferrers.json, CacheRuleCreateUserAssignedMIAuthentication.json,
// CacheRuleUpdateRemoveMIAuthentication.json). Pure: answers what to store, or why it is refused.
import type { EmulatedCacheRuleExtensions } from './arm.ts';
import { EXTENDED_CACHE_RULE_API_VERSIONS } from './arm-service-facts.ts';

export const EXTENSION_PROPERTIES = ['syncMode', 'artifactSyncFilters', 'syncReferrers'] as const;

export type ExtensionsRead = { ok: true; extensions: EmulatedCacheRuleExtensions } | { ok: false; code: string; message: string };

/**
 * `current` = the rule's extensions before a PATCH (absent properties stay), or `{}` for a PUT
 * (which replaces the resource as a whole).
 */
export function readRuleExtensions(body: { identity?: unknown; properties?: Record<string, unknown> }, apiVersion: string, current: EmulatedCacheRuleExtensions): ExtensionsRead {
  const props = body.properties ?? {};
  const mentioned = EXTENSION_PROPERTIES.filter((key) => key in props);
  if (!EXTENDED_CACHE_RULE_API_VERSIONS.has(apiVersion)) {
    // A stable version's serializer does not know these properties: they are not stored.
    return { ok: true, extensions: structuredClone(current) };
  }
  const next: EmulatedCacheRuleExtensions = structuredClone(current);
  for (const key of mentioned) {
    const value = props[key];
    if (value === null) {
      delete next[key];
      continue;
    }
    if (key === 'artifactSyncFilters') {
      if (typeof value !== 'object' || Array.isArray(value)) return { ok: false, code: 'InvalidRequestContent', message: 'properties.artifactSyncFilters must be an object.' };
      next.artifactSyncFilters = structuredClone(value);
    } else {
      if (typeof value !== 'string') return { ok: false, code: 'InvalidRequestContent', message: `properties.${key} must be a string.` };
      next[key] = value;
    }
  }
  if ('identity' in body) {
    const identity = body.identity as { type?: unknown; userAssignedIdentities?: unknown } | null;
    const type = typeof identity?.type === 'string' ? identity.type.toLowerCase() : 'none';
    if (type === 'none') delete next.userAssignedIdentities;
    else if (type === 'userassigned') {
      const ids = identity?.userAssignedIdentities && typeof identity.userAssignedIdentities === 'object' ? Object.keys(identity.userAssignedIdentities) : [];
      if (ids.length !== 1 || !/^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.managedidentity\/userassignedidentities\/[^/]+$/i.test(ids[0]!)) {
        return { ok: false, code: 'InvalidParameter', message: 'A cache rule takes exactly one user-assigned identity, given by its resource ID (/subscriptions/…/providers/Microsoft.ManagedIdentity/userAssignedIdentities/…).' };
      }
      next.userAssignedIdentities = ids;
    } else {
      return { ok: false, code: 'CannotSetResourceIdentity', message: `Resource type 'Microsoft.ContainerRegistry/registries/cacheRules' does not support creation of '${String(identity?.type)}' resource identity. The supported types are 'UserAssigned'.` };
    }
  }
  return { ok: true, extensions: next };
}
