// ARM resource IDs of registries and their children. ARM compares IDs case-insensitively.
import { AppError } from '../app-error.ts';

export interface RegistryCoordinates {
  subscriptionId: string;
  resourceGroup: string;
  registryName: string;
  /** Normalised: `/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.ContainerRegistry/registries/<name>`. */
  id: string;
}

export const REGISTRY_ID_PATTERN =
  /^\/subscriptions\/([0-9a-fA-F-]{36})\/resourceGroups\/([-\w._()]{1,90})\/providers\/Microsoft\.ContainerRegistry\/registries\/([a-zA-Z0-9]{5,50})$/i;

export function parseRegistryId(id: string): RegistryCoordinates {
  const match = REGISTRY_ID_PATTERN.exec(id);
  if (!match) {
    throw new AppError('invalid-registry', `"${id.slice(0, 200)}" is not the resource ID of a container registry; pick the registry from the registry browser again.`);
  }
  const subscriptionId = match[1]!;
  const resourceGroup = match[2]!;
  const registryName = match[3]!;
  return {
    subscriptionId,
    resourceGroup,
    registryName,
    id: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerRegistry/registries/${registryName}`,
  };
}

/** Resource group of any ARM ID (`…/resourceGroups/<rg>/…`), or null. */
export function resourceGroupOf(id: string): string | null {
  const match = /\/resourceGroups\/([^/]+)/i.exec(id);
  return match ? decodeURIComponent(match[1]!) : null;
}

export function credentialSetIdOf(registry: RegistryCoordinates, credentialSetName: string): string {
  return `${registry.id}/credentialSets/${credentialSetName}`;
}

/**
 * The credential set name behind a rule's `credentialSetResourceId`. Null when the ID does not
 * name a credential set; `foreign` when it belongs to another registry (Azure does not allow that,
 * but the app shows it rather than hiding it).
 */
export function credentialSetNameOf(registry: RegistryCoordinates, resourceId: string): { name: string; foreign: boolean } | null {
  const match = /^(.*)\/credentialSets\/([^/]+)$/i.exec(resourceId.trim());
  if (!match) return null;
  return { name: match[2]!, foreign: match[1]!.toLowerCase() !== registry.id.toLowerCase() };
}
