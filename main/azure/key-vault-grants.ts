// The exact commands that let a credential set's identity read its two Key Vault secrets: an
// access policy (vaults with the access-policy model) or the Key Vault Secrets User role (Azure
// RBAC vaults). The vault's resource ID is not part of a secret URI, so the role assignment asks
// Azure CLI for it.
import type { KeyVaultGrant } from '../../preload/api.ts';

const VAULT_NAME = /^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;
const SECRET_NAME = /^[a-zA-Z0-9-]{1,127}$/;
const PRINCIPAL_ID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export interface ParsedSecretUri {
  vaultName: string;
  vaultHost: string;
  secretName: string;
  version: string | null;
}

/** `https://<vault>.vault.azure.net/secrets/<name>[/<version>]` (any cloud's vault suffix). */
export function parseSecretUri(uri: string): ParsedSecretUri | null {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:') return null;
  const vaultName = url.hostname.split('.')[0] ?? '';
  if (!VAULT_NAME.test(vaultName) || !/\.vault\./i.test(url.hostname)) return null;
  const parts = url.pathname.split('/').filter(Boolean);
  if (parts[0]?.toLowerCase() !== 'secrets' || parts.length < 2 || parts.length > 3 || !SECRET_NAME.test(parts[1]!)) return null;
  return { vaultName: vaultName.toLowerCase(), vaultHost: url.hostname.toLowerCase(), secretName: parts[1]!, version: parts[2] ?? null };
}

export function keyVaultGrantsFor(
  principalId: string | null,
  secretUris: readonly string[],
): { grants: KeyVaultGrant[]; note: string | null } {
  const notes: string[] = [];
  const byVault = new Map<string, string[]>();
  for (const uri of secretUris) {
    const parsed = parseSecretUri(uri);
    if (!parsed) {
      notes.push(`"${uri}" is not a Key Vault secret URI (https://<vault>.vault.azure.net/secrets/<name>), so no command can be given for it.`);
      continue;
    }
    const names = byVault.get(parsed.vaultName) ?? [];
    if (!names.includes(parsed.secretName)) names.push(parsed.secretName);
    byVault.set(parsed.vaultName, names);
  }
  if (!principalId || !PRINCIPAL_ID.test(principalId)) {
    notes.unshift('The credential set has no system-assigned identity yet (Azure creates it with the set), so there is nothing to grant access to.');
    return { grants: [], note: notes.join(' ') };
  }
  const grants = [...byVault.entries()].map(([vaultName, secretNames]): KeyVaultGrant => ({
    vaultName,
    secretNames,
    accessPolicyCommand: `az keyvault set-policy --name ${vaultName} --object-id ${principalId} --secret-permissions get`,
    roleAssignmentCommand:
      `az role assignment create --role "Key Vault Secrets User" --assignee-object-id ${principalId} --assignee-principal-type ServicePrincipal ` +
      `--scope "$(az keyvault show --name ${vaultName} --query id --output tsv)"`,
  }));
  return { grants, note: notes.length ? notes.join(' ') : null };
}
