// Resource Manager calls of the credential setup: Key Vaults (list, get, create, delete + purge,
// access policies) through @azure/arm-keyvault, and role assignments through
// @azure/arm-authorization. Clients are built per call, like the registry clients, so a
// signed-out account loses access at once.
import { randomUUID } from 'node:crypto';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { KeyVaultManagementClient, type Vault } from '@azure/arm-keyvault';
import type { TokenCredential } from '@azure/core-auth';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import type { KeyVaultSummary } from '../../../preload/api-credential-setup.ts';
import { AppError } from '../../app-error.ts';

/** Key Vault Secrets User: get on secrets, nothing else (the credential set's identity). */
export const SECRETS_USER_ROLE = '4633458b-17de-408a-b874-0445c86b69e6';
/** Key Vault Secrets Officer: what the signed-in user needs to write secrets into a new RBAC vault. */
export const SECRETS_OFFICER_ROLE = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7';

const VAULT_ID = /^\/subscriptions\/([0-9a-fA-F-]{36})\/resourceGroups\/([\w.()-]{1,90})\/providers\/Microsoft\.KeyVault\/vaults\/([a-zA-Z0-9-]{3,24})$/i;

export interface ArmConnection {
  credential: TokenCredential;
  endpoint: string;
  scope: string;
  tlsCa?: string;
  retryOptions: { maxRetries?: number; retryDelayInMs?: number; maxRetryDelayInMs?: number };
  policies: readonly PipelinePolicy[];
  userAgentPrefix: string;
}

export function parseVaultId(id: string): { subscriptionId: string; resourceGroup: string; name: string } {
  const m = VAULT_ID.exec(id);
  if (!m) throw new AppError('invalid-payload', `"${id}" is not the resource ID of a Key Vault.`);
  return { subscriptionId: m[1]!, resourceGroup: m[2]!, name: m[3]! };
}

export function toVaultSummary(vault: Vault): KeyVaultSummary | null {
  if (!vault.id || !vault.name || !vault.properties?.vaultUri) return null;
  const parsed = VAULT_ID.exec(vault.id);
  if (!parsed) return null;
  return {
    id: vault.id,
    name: vault.name,
    resourceGroup: parsed[2]!,
    subscriptionId: parsed[1]!,
    location: vault.location ?? '',
    vaultUri: vault.properties.vaultUri,
    permissionModel: vault.properties.enableRbacAuthorization ? 'rbac' : 'access-policy',
    purgeProtection: vault.properties.enablePurgeProtection === true,
  };
}

export function createKeyVaultArm(connection: ArmConnection, subscriptionId: string) {
  const common = {
    endpoint: connection.endpoint,
    retryOptions: connection.retryOptions,
    userAgentOptions: { userAgentPrefix: connection.userAgentPrefix },
    ...(connection.tlsCa ? { tlsOptions: { ca: connection.tlsCa } } : {}),
  };
  const policies = connection.policies.map((policy) => ({ policy, position: 'perRetry' as const }));
  // arm-keyvault 5 is a modular client (`credentials.scopes`); arm-authorization 9 the older
  // generator (`credentialScopes`). Both get the cloud's ARM scope, not one derived from `endpoint`.
  const vaults = () => new KeyVaultManagementClient(connection.credential, subscriptionId, { ...common, credentials: { scopes: [connection.scope] }, additionalPolicies: policies }).vaults;
  const roles = () => new AuthorizationManagementClient(connection.credential, subscriptionId, { ...common, credentialScopes: [connection.scope], additionalPolicies: policies }).roleAssignments;
  const lro = (pollMs: number | undefined) => (pollMs !== undefined ? { updateIntervalInMs: pollMs } : {});

  return {
    async list(): Promise<KeyVaultSummary[]> {
      const out: KeyVaultSummary[] = [];
      for await (const vault of vaults().listBySubscription()) {
        const summary = toVaultSummary(vault);
        if (summary) out.push(summary);
      }
      return out.sort((a, b) => a.name.localeCompare(b.name));
    },
    async get(id: string): Promise<KeyVaultSummary & { tenantId: string }> {
      const { resourceGroup, name } = parseVaultId(id);
      const vault = await vaults().get(resourceGroup, name);
      const summary = toVaultSummary(vault);
      if (!summary) throw new AppError('invalid-vault', `Azure reported Key Vault ${name} without a vault URI; it cannot be used.`);
      return { ...summary, tenantId: vault.properties.tenantId };
    },
    /** An Azure RBAC vault (the model Microsoft recommends), standard SKU, soft delete as Azure sets it. */
    async create(input: { resourceGroup: string; name: string; location: string; tenantId: string }, pollMs?: number): Promise<KeyVaultSummary & { tenantId: string }> {
      const vault = await vaults().createOrUpdate(
        input.resourceGroup,
        input.name,
        { location: input.location, properties: { tenantId: input.tenantId, sku: { family: 'A', name: 'standard' }, enableRbacAuthorization: true, accessPolicies: [] } },
        lro(pollMs),
      );
      const summary = toVaultSummary(vault);
      if (!summary) throw new AppError('invalid-vault', `Azure created Key Vault ${input.name} but reported no vault URI.`);
      return { ...summary, tenantId: input.tenantId };
    },
    /** Deletes the vault, then purges it so its name is free again (refused under purge protection). */
    async remove(id: string, location: string, pollMs?: number): Promise<string | null> {
      const { resourceGroup, name } = parseVaultId(id);
      await vaults().delete(resourceGroup, name);
      try {
        await vaults().purgeDeleted(name, location, lro(pollMs));
        return null;
      } catch (error) {
        return `Key Vault ${name} is deleted but not purged (${(error as Error).message.split('\n')[0]}); Azure keeps it soft-deleted until its retention ends.`;
      }
    },
    async addSecretsGetPolicy(vaultId: string, tenantId: string, objectId: string): Promise<void> {
      const { resourceGroup, name } = parseVaultId(vaultId);
      await vaults().updateAccessPolicy(resourceGroup, name, 'add', { properties: { accessPolicies: [{ tenantId, objectId, permissions: { secrets: ['get'] } }] } });
    },
    async removeSecretsGetPolicy(vaultId: string, tenantId: string, objectId: string): Promise<void> {
      const { resourceGroup, name } = parseVaultId(vaultId);
      await vaults().updateAccessPolicy(resourceGroup, name, 'remove', { properties: { accessPolicies: [{ tenantId, objectId, permissions: { secrets: ['get'] } }] } });
    },
    /** A role assignment at the vault's scope; returns its resource ID. */
    async assignRole(vaultId: string, roleId: string, principalId: string, principalType: 'ServicePrincipal' | 'User'): Promise<string> {
      const { subscriptionId: sub } = parseVaultId(vaultId);
      // The SDK's path template is `/{scope}/providers/…` with the scope not encoded: without
      // its leading slash the path has no `//` for a proxy or router to misread.
      const created = await roles().create(vaultId.replace(/^\/+/, ''), randomUUID(), {
        roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${roleId}`,
        principalId,
        // A principal created moments ago may not have replicated yet: with its type given, ARM
        // does not look it up first (Microsoft Learn, troubleshooting Azure RBAC: PrincipalNotFound).
        principalType,
      });
      if (!created.id) throw new AppError('invalid-response', 'Azure created the role assignment without reporting its ID.');
      return created.id;
    },
    async removeRole(assignmentId: string): Promise<void> {
      const at = assignmentId.toLowerCase().lastIndexOf('/providers/microsoft.authorization/roleassignments/');
      if (at < 0) throw new AppError('invalid-payload', `"${assignmentId}" is not a role assignment ID.`);
      await roles().delete(assignmentId.slice(0, at).replace(/^\/+/, ''), assignmentId.slice(assignmentId.lastIndexOf('/') + 1));
    },
  };
}

export type KeyVaultArm = ReturnType<typeof createKeyVaultArm>;
