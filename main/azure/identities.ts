// The user-assigned managed identities a signed-in account can see in a subscription, for the rule
// editor's identity picker (ACR-to-ACR caching reads the upstream registry with one of them,
// artifact-cache-acr-to-acr-cli.md). Plain ARM REST through @azure-rest/core-client (already a
// dependency) instead of @azure/arm-msi: one list call does not justify another SDK.
// Shape: azure-rest-api-specs `specification/msi/resource-manager/Microsoft.ManagedIdentity`
// (stable 2023-01-31, UserAssignedIdentities_ListBySubscription: `GET /subscriptions/{id}/providers/
// Microsoft.ManagedIdentity/userAssignedIdentities`, `{value: Identity[], nextLink}`, each with
// `properties.{tenantId, principalId, clientId}`).
import { createRestError, getClient, type ClientOptions } from '@azure-rest/core-client';
import type { TokenCredential } from '@azure/core-auth';
import type { UserAssignedIdentitySummary } from '../../preload/api.ts';
import { USER_ASSIGNED_IDENTITY_ID } from '../../core/rule-extensions.ts';

export const MSI_API_VERSION = '2023-01-31';

/** Pages read at most: 1,000 pages of ARM's default page size is far beyond any real subscription. */
const MAX_PAGES = 1000;

interface WireIdentity {
  id?: unknown;
  name?: unknown;
  location?: unknown;
  properties?: { principalId?: unknown; clientId?: unknown; tenantId?: unknown } | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** One identity as the app shows it; null for an entry that is not a user-assigned identity. */
export function toIdentitySummary(wire: WireIdentity): UserAssignedIdentitySummary | null {
  const id = str(wire.id);
  if (id === null || !USER_ASSIGNED_IDENTITY_ID.test(id)) return null;
  const parts = id.split('/');
  return {
    id,
    name: str(wire.name) ?? parts[parts.length - 1]!,
    subscriptionId: parts[2]!,
    resourceGroup: parts[4]!,
    location: str(wire.location) ?? '',
    principalId: str(wire.properties?.principalId),
    clientId: str(wire.properties?.clientId),
  };
}

export interface IdentityListOptions {
  endpoint: string;
  credential: TokenCredential;
  scope: string;
  clientOptions: Omit<ClientOptions, 'credentials' | 'apiVersion'>;
  abortSignal?: AbortSignal;
}

export async function listUserAssignedIdentities(subscriptionId: string, options: IdentityListOptions): Promise<UserAssignedIdentitySummary[]> {
  const client = getClient(options.endpoint, options.credential, { ...options.clientOptions, credentials: { scopes: [options.scope] }, apiVersion: MSI_API_VERSION });
  const out: UserAssignedIdentitySummary[] = [];
  let next: string | undefined = `/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities`;
  for (let pages = 0; next && pages < MAX_PAGES; pages++) {
    const response = await client.pathUnchecked(next).get({ headers: { accept: 'application/json' }, ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}) });
    if (response.status !== '200') throw createRestError(response);
    const body = (response.body ?? {}) as { value?: WireIdentity[]; nextLink?: unknown };
    for (const item of body.value ?? []) {
      const summary = toIdentitySummary(item);
      if (summary) out.push(summary);
    }
    next = str(body.nextLink) ?? undefined;
  }
  return out.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}
