// Resource Manager routes of Microsoft.KeyVault (vaults: list by subscription (403 where the
// caller has no read there), get, create, delete,
// purge, accessPolicies add/replace/remove) and Microsoft.Authorization (roleAssignments at any
// scope), for the ARM emulator (arm.ts routes them here). Shapes from azure-rest-api-specs:
// keyvault/resource-manager/Microsoft.KeyVault/stable (Vaults_ListBySubscription, Vaults_Get,
// Vaults_CreateOrUpdate, Vaults_UpdateAccessPolicy, Vaults_PurgeDeleted; vaultUri
// `https://<name>.vault.azure.net/`) and authorization/.../2022-04-01 (RoleAssignments_Create with
// `properties.{roleDefinitionId, principalId, principalType}`, RoleAssignments_Delete, _ListForScope).
// The 403 text is ARM's AuthorizationFailed message; the 409s are the service's for a duplicate
// assignment and for a vault name held by a soft-deleted vault.
import type { KeyVaultStore, EmulatedVault, EmulatedRoleAssignment } from './key-vault-store.ts';

export type KeyVaultArmOperation =
  | 'vaults.list'
  | 'vaults.get'
  | 'vaults.create'
  | 'vaults.delete'
  | 'vaults.purge'
  | 'vaults.accessPolicies'
  | 'roleAssignments.list'
  | 'roleAssignments.get'
  | 'roleAssignments.create'
  | 'roleAssignments.delete';

/** api-versions accepted: arm-keyvault 5.0.0 sends 2026-02-01, arm-authorization 9.0.0 sends 2022-04-01. */
const VAULT_API_VERSIONS = new Set(['2023-07-01', '2024-11-01', '2025-05-01', '2026-02-01']);
const ROLE_API_VERSIONS = new Set(['2020-04-01-preview', '2022-04-01']);
const VAULT_NAME = /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export interface KeyVaultRoute {
  op: KeyVaultArmOperation;
  sub: string;
  rg: string | null;
  /** Vault name or role assignment name. */
  name: string | null;
  /** Role assignments: the scope before `/providers/Microsoft.Authorization`. */
  scope: string | null;
  kind: string | null;
}

export interface KeyVaultAnswer {
  status: number;
  body?: unknown;
  errorCode?: string;
}

export interface KeyVaultCaller {
  oid: string | null;
  upn: string | null;
}

/** The route, when the path is one of these resource types (`parts` as sent, not lower-cased). */
export function classifyKeyVault(method: string, parts: string[]): KeyVaultRoute | null {
  const p = parts.map((x) => x.toLowerCase());
  if (p[0] !== 'subscriptions' || p.length < 2) return null;
  const sub = parts[1]!;
  const auth = p.lastIndexOf('microsoft.authorization');
  if (auth >= 3 && p[auth - 1] === 'providers' && p[auth + 1] === 'roleassignments') {
    const scope = `/${parts.slice(0, auth - 1).join('/')}`;
    const name = parts[auth + 2] ?? null;
    if (p.length === auth + 2 && method === 'GET') return { op: 'roleAssignments.list', sub, rg: null, name: null, scope, kind: null };
    if (p.length !== auth + 3) return null;
    const verb = method === 'GET' ? 'get' : method === 'PUT' ? 'create' : method === 'DELETE' ? 'delete' : null;
    return verb ? { op: `roleAssignments.${verb}`, sub, rg: null, name, scope, kind: null } : null;
  }
  if (p.length === 5 && p[2] === 'providers' && p[3] === 'microsoft.keyvault' && p[4] === 'vaults' && method === 'GET') return { op: 'vaults.list', sub, rg: null, name: null, scope: null, kind: null };
  if (p.length === 9 && p[2] === 'providers' && p[3] === 'microsoft.keyvault' && p[4] === 'locations' && p[6] === 'deletedvaults' && p[8] === 'purge' && method === 'POST') {
    return { op: 'vaults.purge', sub, rg: null, name: parts[7]!, scope: null, kind: parts[5]! };
  }
  if (p[2] !== 'resourcegroups' || p[4] !== 'providers' || p[5] !== 'microsoft.keyvault' || p[6] !== 'vaults' || p.length < 8) return null;
  const rg = parts[3]!;
  const name = parts[7]!;
  if (p.length === 10 && p[8] === 'accesspolicies' && method === 'PUT') return { op: 'vaults.accessPolicies', sub, rg, name, scope: null, kind: p[9]! };
  if (p.length !== 8) return null;
  const verb = method === 'GET' ? 'get' : method === 'PUT' ? 'create' : method === 'DELETE' ? 'delete' : null;
  return verb ? { op: `vaults.${verb}`, sub, rg, name, scope: null, kind: null } : null;
}

const error = (status: number, code: string, message: string): KeyVaultAnswer => ({ status, errorCode: code, body: { error: { code, message } } });

function authorizationFailed(caller: KeyVaultCaller, action: string, scope: string): KeyVaultAnswer {
  return error(
    403,
    'AuthorizationFailed',
    `The client '${caller.upn ?? caller.oid}' with object id '${caller.oid}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
}

export function vaultWire(vault: EmulatedVault) {
  return {
    id: vault.id,
    name: vault.name,
    type: 'Microsoft.KeyVault/vaults',
    location: vault.location,
    tags: {},
    properties: {
      sku: { family: 'A', name: 'standard' },
      tenantId: vault.tenantId,
      accessPolicies: vault.accessPolicies.map((p) => structuredClone(p)),
      enabledForDeployment: false,
      enableSoftDelete: true,
      softDeleteRetentionInDays: 90,
      enableRbacAuthorization: vault.rbac,
      ...(vault.purgeProtection ? { enablePurgeProtection: true } : {}),
      vaultUri: `https://${vault.name.toLowerCase()}.vault.azure.net/`,
      provisioningState: 'Succeeded',
      publicNetworkAccess: 'Enabled',
    },
  };
}

function assignmentWire(a: EmulatedRoleAssignment) {
  return {
    id: a.id,
    name: a.name,
    type: 'Microsoft.Authorization/roleAssignments',
    properties: { roleDefinitionId: a.roleDefinitionId, principalId: a.principalId, principalType: a.principalType ?? 'User', scope: a.scope },
  };
}

interface Policy {
  tenantId?: unknown;
  objectId?: unknown;
  permissions?: { secrets?: unknown; keys?: unknown; certificates?: unknown };
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export function handleKeyVaultArm(store: KeyVaultStore, route: KeyVaultRoute, apiVersion: string, body: unknown, caller: KeyVaultCaller): KeyVaultAnswer {
  const isRole = route.op.startsWith('roleAssignments.');
  if (!(isRole ? ROLE_API_VERSIONS : VAULT_API_VERSIONS).has(apiVersion)) {
    return error(400, 'NoRegisteredProviderFound', `No registered resource provider found for location 'westeurope' and API version '${apiVersion}' for type '${isRole ? 'roleAssignments' : 'vaults'}'.`);
  }
  const input = (typeof body === 'object' && body ? body : {}) as { location?: unknown; properties?: Record<string, unknown> };
  const props = input.properties ?? {};
  switch (route.op) {
    case 'vaults.list':
      if ([...store.cannotListVaultsIn].some((sub) => sub.toLowerCase() === route.sub.toLowerCase())) return authorizationFailed(caller, 'Microsoft.KeyVault/vaults/read', `/subscriptions/${route.sub}`);
      return { status: 200, body: { value: store.vaults().filter((v) => v.subscriptionId.toLowerCase() === route.sub.toLowerCase()).map(vaultWire) } };
    case 'vaults.get': {
      const vault = store.vault(route.name!);
      if (!vault || vault.resourceGroup.toLowerCase() !== route.rg!.toLowerCase()) return error(404, 'ResourceNotFound', `The Resource 'Microsoft.KeyVault/vaults/${route.name}' under resource group '${route.rg}' was not found.`);
      return { status: 200, body: vaultWire(vault) };
    }
    case 'vaults.create': {
      if (!VAULT_NAME.test(route.name!)) return error(400, 'VaultNameNotValid', `The vault name '${route.name}' is invalid. A vault's name must be between 3-24 alphanumeric characters. The name must begin with a letter, end with a letter or digit, and not contain consecutive hyphens.`);
      if (store.deletedVaults.has(route.name!.toLowerCase())) {
        return error(409, 'ConflictError', 'A vault with the same name already exists in deleted state. You need to either recover or purge existing key vault. Follow this link https://go.microsoft.com/fwlink/?linkid=2149745 for more information on soft delete.');
      }
      const existing = store.vault(route.name!);
      if (existing) return { status: 200, body: vaultWire(existing) };
      if (typeof input.location !== 'string' || typeof props['tenantId'] !== 'string') return error(400, 'InvalidRequestContent', 'location and properties.tenantId are required.');
      const vault = store.addVault({ subscriptionId: route.sub, resourceGroup: route.rg!, name: route.name!, tenantId: props['tenantId'], location: input.location, rbac: props['enableRbacAuthorization'] === true });
      for (const p of (Array.isArray(props['accessPolicies']) ? props['accessPolicies'] : []) as Policy[]) {
        if (typeof p.objectId === 'string') vault.accessPolicies.push({ tenantId: String(p.tenantId ?? vault.tenantId), objectId: p.objectId, permissions: { secrets: strings(p.permissions?.secrets), keys: strings(p.permissions?.keys), certificates: strings(p.permissions?.certificates) } });
      }
      return { status: 200, body: vaultWire(vault) };
    }
    case 'vaults.delete': {
      const vault = store.vault(route.name!);
      if (!vault) return { status: 204 };
      store.removeVault(vault.name);
      return { status: 200 };
    }
    case 'vaults.purge': {
      const deleted = store.deletedVaults.get(route.name!.toLowerCase());
      if (!deleted) return error(404, 'ResourceNotFound', `The deleted vault '${route.name}' was not found.`);
      if (deleted.purgeProtection) return error(409, 'ConflictError', `Vault '${deleted.name}' has purge protection enabled and cannot be purged until its retention period ends.`);
      store.deletedVaults.delete(route.name!.toLowerCase());
      return { status: 200 };
    }
    case 'vaults.accessPolicies': {
      const vault = store.vault(route.name!);
      if (!vault) return error(404, 'ResourceNotFound', `The Resource 'Microsoft.KeyVault/vaults/${route.name}' under resource group '${route.rg}' was not found.`);
      if (caller.oid && store.cannotWriteAccessPolicies.has(caller.oid)) return authorizationFailed(caller, 'Microsoft.KeyVault/vaults/accessPolicies/write', `${vault.id}/accessPolicies/${route.kind}`);
      if (!['add', 'replace', 'remove'].includes(route.kind!)) return error(400, 'InvalidParameter', `'${route.kind}' is not an access policy update kind (add, replace, remove).`);
      const policies = (Array.isArray(props['accessPolicies']) ? props['accessPolicies'] : []) as Policy[];
      for (const p of policies) {
        if (typeof p.objectId !== 'string' || typeof p.tenantId !== 'string') return error(400, 'InvalidParameter', 'Each access policy needs tenantId and objectId.');
        const secrets = strings(p.permissions?.secrets).map((s) => s.toLowerCase());
        const at = vault.accessPolicies.findIndex((x) => x.objectId.toLowerCase() === (p.objectId as string).toLowerCase());
        const current = at >= 0 ? vault.accessPolicies[at]! : null;
        if (route.kind === 'remove') {
          if (!current) continue;
          current.permissions.secrets = current.permissions.secrets.filter((s) => !secrets.includes(s.toLowerCase()));
          const p2 = current.permissions;
          if (!p2.secrets.length && !p2.keys.length && !p2.certificates.length) vault.accessPolicies.splice(at, 1);
        } else if (current && route.kind === 'add') {
          current.permissions.secrets = [...new Set([...current.permissions.secrets, ...secrets])];
        } else {
          const entry = { tenantId: p.tenantId, objectId: p.objectId, permissions: { secrets, keys: strings(p.permissions?.keys), certificates: strings(p.permissions?.certificates) } };
          if (current) vault.accessPolicies[at] = entry;
          else vault.accessPolicies.push(entry);
        }
      }
      return { status: 200, body: { id: `${vault.id}/accessPolicies/${route.kind}`, type: 'Microsoft.KeyVault/vaults/accessPolicies', properties: { accessPolicies: vault.accessPolicies.map((x) => structuredClone(x)) } } };
    }
    case 'roleAssignments.list':
      return { status: 200, body: { value: store.roleAssignments().filter((a) => a.scope.toLowerCase() === route.scope!.toLowerCase()).map(assignmentWire) } };
    case 'roleAssignments.get': {
      const found = store.roleAssignments().find((a) => a.id.toLowerCase() === `${route.scope}/providers/Microsoft.Authorization/roleAssignments/${route.name}`.toLowerCase());
      return found ? { status: 200, body: assignmentWire(found) } : error(404, 'RoleAssignmentNotFound', 'The role assignment does not exist.');
    }
    case 'roleAssignments.create': {
      if (!GUID.test(route.name!)) return error(400, 'InvalidRoleAssignmentId', `The role assignment ID '${route.name}' is not valid. The role assignment ID must be a GUID.`);
      if (caller.oid && store.cannotAssignRoles.has(caller.oid)) return authorizationFailed(caller, 'Microsoft.Authorization/roleAssignments/write', `${route.scope}/providers/Microsoft.Authorization/roleAssignments/${route.name}`);
      const roleDefinitionId = props['roleDefinitionId'];
      const principalId = props['principalId'];
      if (typeof roleDefinitionId !== 'string' || typeof principalId !== 'string' || !GUID.test(principalId)) return error(400, 'InvalidRequestContent', 'properties.roleDefinitionId and properties.principalId are required.');
      const duplicate = store.roleAssignments().find((a) => a.scope.toLowerCase() === route.scope!.toLowerCase() && a.principalId.toLowerCase() === principalId.toLowerCase() && a.roleDefinitionId.toLowerCase() === roleDefinitionId.toLowerCase());
      if (duplicate) return error(409, 'RoleAssignmentExists', 'The role assignment already exists.');
      const created = store.addRoleAssignment({ name: route.name!, scope: route.scope!, roleDefinitionId, principalId, principalType: typeof props['principalType'] === 'string' ? props['principalType'] : null });
      return { status: 201, body: assignmentWire(created) };
    }
    case 'roleAssignments.delete': {
      const id = `${route.scope}/providers/Microsoft.Authorization/roleAssignments/${route.name}`;
      const found = store.roleAssignments().find((a) => a.id.toLowerCase() === id.toLowerCase());
      if (!found) return { status: 204 };
      store.removeRoleAssignment(found.id);
      return { status: 200, body: assignmentWire(found) };
    }
  }
}
