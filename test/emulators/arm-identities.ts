// Microsoft.ManagedIdentity for the ARM emulator: the user-assigned identities of a subscription
// (UserAssignedIdentities_ListBySubscription), so the rule editor's identity picker and the
// ACR-to-ACR rules it fills have something real to list. Shapes from azure-rest-api-specs
// `specification/msi/resource-manager/Microsoft.ManagedIdentity/stable/2023-01-31`
// (examples IdentityListBySubscription.json): `{value: [{id, name, type, location, tags,
// properties: {tenantId, principalId, clientId}}], nextLink}`.
import { randomUUID } from 'node:crypto';

/** api-versions of Microsoft.ManagedIdentity/userAssignedIdentities in the spec's stable and preview folders. */
export const MSI_API_VERSIONS: ReadonlySet<string> = new Set(['2018-11-30', '2021-09-30-preview', '2022-01-31-preview', '2023-01-31', '2023-07-31-preview', '2024-11-30']);

export interface EmulatedIdentity {
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  tenantId: string;
  principalId: string;
  clientId: string;
}

export interface IdentityStore {
  add(identity: { subscriptionId: string; resourceGroup: string; name: string; location?: string; tenantId: string }): EmulatedIdentity;
  /** Identities of a subscription, in insertion order. */
  ofSubscription(subscriptionId: string): EmulatedIdentity[];
  /** The client/principal IDs ARM reports for an identity resource ID (stable per ID, known or not). */
  idsOf(resourceId: string): { clientId: string; principalId: string };
}

export function identityResourceId(subscriptionId: string, resourceGroup: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourcegroups/${resourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
}

export function createIdentityStore(): IdentityStore {
  const byId = new Map<string, EmulatedIdentity>();
  const unknown = new Map<string, { clientId: string; principalId: string }>();
  return {
    add(identity) {
      // ARM's own answers spell the group segment `resourcegroups` (IdentityListBySubscription.json).
      const id = identityResourceId(identity.subscriptionId, identity.resourceGroup, identity.name);
      const entry: EmulatedIdentity = { ...identity, id, location: identity.location ?? 'westeurope', principalId: randomUUID(), clientId: randomUUID() };
      byId.set(id.toLowerCase(), entry);
      return entry;
    },
    ofSubscription(subscriptionId) {
      return [...byId.values()].filter((i) => i.subscriptionId.toLowerCase() === subscriptionId.toLowerCase());
    },
    idsOf(resourceId) {
      const key = resourceId.toLowerCase();
      const known = byId.get(key);
      if (known) return { clientId: known.clientId, principalId: known.principalId };
      if (!unknown.has(key)) unknown.set(key, { clientId: randomUUID(), principalId: randomUUID() });
      return unknown.get(key)!;
    },
  };
}

export function identityWire(identity: EmulatedIdentity) {
  return {
    id: identity.id,
    name: identity.name,
    type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
    location: identity.location,
    tags: {},
    properties: { tenantId: identity.tenantId, principalId: identity.principalId, clientId: identity.clientId },
  };
}
