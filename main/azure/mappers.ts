// Azure SDK models ↔ the app's model (core/model.ts) and IPC DTOs. The SDK's models are flattened
// (no `properties` wrapper); Azure links a rule to a credential set by ARM ID, the app by name.
import type { CredentialSet as SdkCredentialSet, Registry as SdkRegistry } from '@azure/arm-containerregistry';
import type { Subscription as SdkSubscription } from '@azure/arm-resources-subscriptions';
import type { CredentialSet } from '../../core/model.ts';
import type { CredentialHealth, LiveCredentialSet, RegistrySummary, SubscriptionSummary } from '../../preload/api.ts';
import { keyVaultGrantsFor } from './key-vault-grants.ts';
import { credentialSetIdOf, parseRegistryId, resourceGroupOf, type RegistryCoordinates } from './resource-ids.ts';

export const CREDENTIAL_NAME = 'Credential1';

function iso(date: Date | undefined): string | null {
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
}

export function toSubscriptionSummary(sub: SdkSubscription, fallbackTenant: string): SubscriptionSummary | null {
  if (!sub.subscriptionId) return null;
  return {
    subscriptionId: sub.subscriptionId,
    displayName: sub.displayName ?? sub.subscriptionId,
    tenantId: sub.tenantId ?? fallbackTenant,
    state: sub.state ?? 'Unknown',
  };
}

export function toRegistrySummary(registry: SdkRegistry): RegistrySummary | null {
  if (!registry.id || !registry.name) return null;
  let coordinates: RegistryCoordinates | null = null;
  try {
    coordinates = parseRegistryId(registry.id);
  } catch {
    coordinates = null;
  }
  return {
    id: coordinates?.id ?? registry.id,
    name: registry.name,
    loginServer: registry.loginServer ?? `${registry.name.toLowerCase()}.azurecr.io`,
    sku: registry.sku?.name ?? 'Unknown',
    location: registry.location,
    resourceGroup: coordinates?.resourceGroup ?? resourceGroupOf(registry.id) ?? '',
    subscriptionId: coordinates?.subscriptionId ?? '',
    provisioningState: registry.provisioningState ?? null,
  };
}

function healthOf(set: SdkCredentialSet): CredentialHealth {
  const health = set.authCredentials?.[0]?.credentialHealth;
  return {
    status: health?.status ?? 'Unknown',
    errorCode: health?.errorCode ?? null,
    errorMessage: health?.errorMessage ?? null,
  };
}

export function toLiveCredentialSet(registry: RegistryCoordinates, set: SdkCredentialSet): LiveCredentialSet {
  const credential = set.authCredentials?.find((c) => c.name === CREDENTIAL_NAME) ?? set.authCredentials?.[0];
  const usernameSecret = credential?.usernameSecretIdentifier ?? '';
  const passwordSecret = credential?.passwordSecretIdentifier ?? '';
  const principalId = set.identity?.principalId ?? null;
  const { grants, note } = keyVaultGrantsFor(principalId, [usernameSecret, passwordSecret].filter(Boolean));
  return {
    name: set.name ?? '',
    loginServer: set.loginServer ?? '',
    usernameSecret,
    passwordSecret,
    id: set.id ?? credentialSetIdOf(registry, set.name ?? ''),
    provisioningState: set.provisioningState ?? null,
    createdAt: iso(set.creationDate),
    identityType: set.identity?.type ?? null,
    principalId,
    health: healthOf(set),
    keyVaultGrants: grants,
    grantNote: note,
  };
}

/** What `az acr credential-set create` sends: a system-assigned identity and one `Credential1`. */
export function toSdkCredentialSet(set: CredentialSet): SdkCredentialSet {
  return {
    loginServer: set.loginServer,
    identity: { type: 'SystemAssigned' },
    authCredentials: [{ name: CREDENTIAL_NAME, usernameSecretIdentifier: set.usernameSecret, passwordSecretIdentifier: set.passwordSecret }],
  };
}
