// The state behind the Key Vault emulators: vaults (ARM's Microsoft.KeyVault/vaults, with their
// permission model and access policies), their secrets (the data plane), and role assignments
// (Microsoft.Authorization). Shared by arm-key-vault.ts (ARM routes), key-vault.ts (the secrets
// data plane) and arm.ts (credential health: a set is Healthy only once its identity may read the
// vault its secrets are in). Facts and their sources:
// - Key Vault Secrets User 4633458b-17de-408a-b874-0445c86b69e6 holds
//   Microsoft.KeyVault/vaults/secrets/getSecret/action; Secrets Officer
//   b86a8fe4-44ce-4948-aee5-eccb2c155cd7 and Administrator 00482a5a-887f-4fb3-b363-3b7fe8e74483
//   hold secrets/* (Microsoft Learn, built-in roles: security); role assignments apply to their
//   scope and everything below it.
// - An access policy grants per-permission (`get`, `set`, `delete`, `purge`, …) to one object ID.
// - Deleted secrets stay recoverable (soft delete, on by default) until purged; a secret name
//   in that state cannot be set again (409 Conflict, ObjectIsDeletedButRecoverable).
import { randomUUID } from 'node:crypto';

export const SECRETS_USER_ROLE = '4633458b-17de-408a-b874-0445c86b69e6';
export const SECRETS_OFFICER_ROLE = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7';
export const KEY_VAULT_ADMIN_ROLE = '00482a5a-887f-4fb3-b363-3b7fe8e74483';

const READ_ROLES = new Set([SECRETS_USER_ROLE, SECRETS_OFFICER_ROLE, KEY_VAULT_ADMIN_ROLE]);
const WRITE_ROLES = new Set([SECRETS_OFFICER_ROLE, KEY_VAULT_ADMIN_ROLE]);

export interface EmulatedAccessPolicy {
  tenantId: string;
  objectId: string;
  permissions: { secrets: string[]; keys: string[]; certificates: string[] };
}

export interface EmulatedSecret {
  name: string;
  value: string;
  version: string;
  created: number;
}

export interface EmulatedVault {
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  tenantId: string;
  /** `enableRbacAuthorization`: Azure RBAC (true) or access policies (false). */
  rbac: boolean;
  purgeProtection: boolean;
  accessPolicies: EmulatedAccessPolicy[];
  secrets: Map<string, EmulatedSecret>;
  deletedSecrets: Map<string, EmulatedSecret>;
}

export interface EmulatedRoleAssignment {
  id: string;
  name: string;
  scope: string;
  roleDefinitionId: string;
  principalId: string;
  principalType: string | null;
}

export interface KeyVaultStore {
  /** A vault the subscription's users can list; `writers` get set/get/delete/purge on secrets. */
  addVault(vault: { subscriptionId: string; resourceGroup: string; name: string; tenantId: string; location?: string; rbac: boolean; purgeProtection?: boolean; writers?: string[] }): EmulatedVault;
  vault(name: string): EmulatedVault | undefined;
  vaults(): EmulatedVault[];
  removeVault(name: string): boolean;
  /** Vaults deleted but not purged (soft delete), by name. */
  readonly deletedVaults: Map<string, EmulatedVault>;
  roleAssignments(): EmulatedRoleAssignment[];
  addRoleAssignment(assignment: Omit<EmulatedRoleAssignment, 'id' | 'name'> & { name?: string }): EmulatedRoleAssignment;
  removeRoleAssignment(id: string): boolean;
  /** Whether `objectId` may get secrets of the vault (a role at or above its scope, or an access policy with `get`). */
  canReadSecrets(objectId: string, vaultName: string): boolean;
  /** Whether `objectId` may do `permission` (set, delete, purge, get) on the vault's secrets. */
  mayOnSecrets(objectId: string, vaultName: string, permission: 'get' | 'set' | 'delete' | 'purge'): boolean;
  /**
   * Whether a credential set's identity may read every vault its secret URIs name, counting the
   * reads since it first could: the first `propagationReads` still say no (grants take a while).
   */
  grantLanded(principalId: string, secretUris: readonly string[], propagationReads: number): boolean;
  /** Callers that may not write role assignments (403 AuthorizationFailed), by object ID. */
  readonly cannotAssignRoles: Set<string>;
  /** Callers that may not change access policies (403 AuthorizationFailed), by object ID. */
  readonly cannotWriteAccessPolicies: Set<string>;
  /** Subscriptions (IDs, any case) where listing vaults answers 403 AuthorizationFailed: no Reader there. */
  readonly cannotListVaultsIn: Set<string>;
}

const lower = (s: string) => s.toLowerCase();

function within(resourceId: string, scope: string): boolean {
  const r = lower(resourceId);
  const s = lower(scope).replace(/\/+$/, '');
  return r === s || r.startsWith(`${s}/`);
}

export function vaultResourceId(subscriptionId: string, resourceGroup: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.KeyVault/vaults/${name}`;
}

export function createKeyVaultStore(): KeyVaultStore {
  const vaults = new Map<string, EmulatedVault>();
  const deletedVaults = new Map<string, EmulatedVault>();
  const assignments = new Map<string, EmulatedRoleAssignment>();
  const roleOf = (a: EmulatedRoleAssignment) => lower(a.roleDefinitionId.split('/').pop() ?? '');
  const hasRole = (objectId: string, vault: EmulatedVault, roles: Set<string>) =>
    [...assignments.values()].some((a) => lower(a.principalId) === lower(objectId) && roles.has(roleOf(a)) && within(vault.id, a.scope));
  const policyAllows = (objectId: string, vault: EmulatedVault, permission: string) =>
    vault.accessPolicies.some((p) => lower(p.objectId) === lower(objectId) && p.permissions.secrets.map(lower).some((x) => x === permission || x === 'all'));

  const readsSinceGrant = new Map<string, number>();
  const store: KeyVaultStore = {
    deletedVaults,
    grantLanded(principalId, secretUris, propagationReads) {
      const vaultNames = secretUris.map((uri) => /^https:\/\/([^.]+)\./.exec(uri)?.[1] ?? '');
      if (!vaultNames.every((name) => store.canReadSecrets(principalId, name))) return false;
      const reads = (readsSinceGrant.get(principalId) ?? 0) + 1;
      readsSinceGrant.set(principalId, reads);
      return reads > propagationReads;
    },
    cannotAssignRoles: new Set(),
    cannotWriteAccessPolicies: new Set(),
    cannotListVaultsIn: new Set(),
    addVault(v) {
      const vault: EmulatedVault = {
        id: vaultResourceId(v.subscriptionId, v.resourceGroup, v.name),
        name: v.name,
        subscriptionId: v.subscriptionId,
        resourceGroup: v.resourceGroup,
        location: v.location ?? 'westeurope',
        tenantId: v.tenantId,
        rbac: v.rbac,
        purgeProtection: v.purgeProtection ?? false,
        accessPolicies: [],
        secrets: new Map(),
        deletedSecrets: new Map(),
      };
      vaults.set(lower(v.name), vault);
      for (const writer of v.writers ?? []) {
        if (v.rbac) store.addRoleAssignment({ scope: vault.id, roleDefinitionId: `/subscriptions/${v.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${SECRETS_OFFICER_ROLE}`, principalId: writer, principalType: 'User' });
        else vault.accessPolicies.push({ tenantId: v.tenantId, objectId: writer, permissions: { secrets: ['get', 'list', 'set', 'delete', 'purge'], keys: [], certificates: [] } });
      }
      return vault;
    },
    vault: (name) => vaults.get(lower(name)),
    vaults: () => [...vaults.values()],
    removeVault(name) {
      const vault = vaults.get(lower(name));
      if (!vault) return false;
      vaults.delete(lower(name));
      deletedVaults.set(lower(name), vault);
      return true;
    },
    roleAssignments: () => [...assignments.values()].map((a) => ({ ...a })),
    addRoleAssignment(a) {
      const name = a.name ?? randomUUID();
      const entry: EmulatedRoleAssignment = { ...a, name, id: `${a.scope.replace(/\/+$/, '')}/providers/Microsoft.Authorization/roleAssignments/${name}` };
      assignments.set(lower(entry.id), entry);
      return entry;
    },
    removeRoleAssignment: (id) => assignments.delete(lower(id)),
    canReadSecrets(objectId, vaultName) {
      const vault = vaults.get(lower(vaultName));
      if (!vault) return false;
      return vault.rbac ? hasRole(objectId, vault, READ_ROLES) : policyAllows(objectId, vault, 'get');
    },
    mayOnSecrets(objectId, vaultName, permission) {
      const vault = vaults.get(lower(vaultName));
      if (!vault) return false;
      if (vault.rbac) return hasRole(objectId, vault, permission === 'get' ? READ_ROLES : WRITE_ROLES);
      return policyAllows(objectId, vault, permission);
    },
  };
  return store;
}
