// What the real Microsoft.ContainerRegistry service answers, kept apart from the emulator's
// plumbing so each fact names its source. R26/R23 = Azure/azure-cli's recording
// acr/tests/latest/recordings/test_acr_cache.yaml (2026-01-01-preview / 2023-01-01-preview),
// transcribed in shared/data/azure-recorded/recorded-exchanges.ts; EX = the acrcache extension's
// preview examples (Azure/azure-cli-extensions src/acrcache/.../v2025_09_01_preview/examples).
import type { EmulatedCredentialHealth } from './arm.ts';

/**
 * api-versions the emulated resource provider serves. Named in a source each: 2023-01-01-preview
 * (R23), 2023-07-01 (terraform-provider-azurerm's go-azure-sdk), 2023-11-01-preview and
 * 2025-09-01-preview (vendored in acrcache), 2025-11-01 (@azure/arm-containerregistry 12),
 * 2026-01-01-preview (R26). Anything else is refused the way ARM refuses an unknown version.
 */
export const SUPPORTED_API_VERSIONS: readonly string[] = ['2023-01-01-preview', '2023-07-01', '2023-11-01-preview', '2025-09-01-preview', '2025-11-01', '2026-01-01-preview'];

/**
 * Versions whose cache rules carry `identity`, `syncMode`, `artifactSyncFilters` and
 * `syncReferrers` (EX: CacheRuleCreateArtifactSync.json, CacheRuleCreateSyncReferrers.json,
 * CacheRuleCreateUserAssignedMIAuthentication.json). 2026-01-01-preview is assumed to keep them
 * (a later preview of the same feature); a stable version such as 2025-11-01 does not, so a
 * read at 2025-11-01 answers without them, as the service's serializer would.
 */
export const EXTENDED_CACHE_RULE_API_VERSIONS: ReadonlySet<string> = new Set(['2025-09-01-preview', '2026-01-01-preview']);

/** ARM's own answer for an api-version the provider does not register (error text of ARM's front door). */
export function unsupportedApiVersionMessage(apiVersion: string, type: string): string {
  return `No registered resource provider found for location 'westus' and API version '${apiVersion}' for type '${type}'. The supported api-versions are '${SUPPORTED_API_VERSIONS.join(', ')}'.`;
}

/**
 * Health of a fresh credential set whose identity was not yet granted `get` on the vault.
 * 2023-01-01-preview answered `unauthorized_client` (R23, AADSTS700016); later versions
 * `Forbidden` "... does not have secrets get permission on key vault ..." (R26).
 */
export function ungrantedCredentialHealth(apiVersion: string, principalId: string, tenantId: string, secretUri: string): EmulatedCredentialHealth {
  if (apiVersion <= '2023-01-01-preview') {
    return {
      status: 'Unhealthy',
      errorCode: 'unauthorized_client',
      errorMessage: `AADSTS700016: Application with identifier '${principalId}' was not found in the directory '${tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    };
  }
  const vault = /^https:\/\/([^.]+)\./.exec(secretUri)?.[1] ?? 'unknown';
  return {
    status: 'Unhealthy',
    errorCode: 'Forbidden',
    errorMessage: `The user, group or application 'name=microsoft.containerregistry/registries;oid=${principalId};iss=https://sts.windows.net/${tenantId}/' does not have secrets get permission on key vault '${vault};location=westus'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287`,
  };
}

/** R26/R23: the identity type comes back as `systemAssigned`, whatever casing was sent. */
export const CREDENTIAL_SET_IDENTITY_TYPE = 'systemAssigned';

/** R26: operation ids are prefixed by the resource kind, e.g. `cacherules-4f74cbb7-…`; an import's `registries-…` (Azure/azure-powershell#17348). */
export function operationIdPrefix(kind: 'cacheRules' | 'credentialSets' | 'registries'): string {
  return kind === 'cacheRules' ? 'cacherules' : kind === 'credentialSets' ? 'credentialsets' : 'registries';
}

/** R26: DELETE's Location is subscription- and location-scoped, the location upper-cased (`WESTUS`). */
export function operationResultsPath(subscriptionId: string, location: string, id: string): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.ContainerRegistry/locations/${location.replace(/\s+/g, '').toUpperCase()}/operationResults/${id}`;
}

/**
 * How `PATCH {"properties":{"credentialSetResourceId":null}}` behaves: `'ignored'` = R26 (the
 * operation Succeeds and the rule keeps its credential set), `'clears'` = R23 (it is removed).
 */
export type DetachBehaviour = 'ignored' | 'clears';

/** Hosts of another Azure container registry (ACR-to-ACR caching, artifact-cache-acr-to-acr-cli.md). */
export const ACR_HOST = /^[a-z0-9]+\.azurecr\.(io|us|cn)$/;

/**
 * Upstreams the service accepts (artifact-cache-overview.md 2026 table, Azure/acr#783's error
 * text), besides `*.pkg.dev` and other ACRs. Kept here, not imported from the app's catalog, so
 * the emulator stays an independent witness.
 */
export const SERVICE_UPSTREAMS: readonly string[] = [
  'docker.io',
  'registry-1.docker.io',
  'index.docker.io',
  'mcr.microsoft.com',
  'ghcr.io',
  'quay.io',
  'registry.k8s.io',
  'gcr.io',
  'us.gcr.io',
  'eu.gcr.io',
  'asia.gcr.io',
  'public.ecr.aws',
  'nvcr.io',
  'registry.redhat.io',
  'registry.access.redhat.com',
  'dhi.io',
];
