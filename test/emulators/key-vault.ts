// HTTPS emulator of the Key Vault secrets data plane, for the vaults of a KeyVaultStore (the ARM
// emulator's): `https://<vault>.vault.azure.net` is served at `<url>/<vault>` (vaultUrl()).
// Contract the real @azure/keyvault-secrets relies on (shared/notes/azure-offline.md §6): the
// first request comes without a token and is answered 401 with the challenge
// `WWW-Authenticate: Bearer authorization="<authority>/<tenant>", resource="https://vault.azure.net"`;
// the SDK then asks for a https://vault.azure.net token and sends again. Routes (api-version 7.x
// or 2025-07-01): PUT/GET /secrets/{name}[/{version}], DELETE /secrets/{name} (soft delete),
// GET and DELETE (purge) /deletedsecrets/{name}. Bundle ids use the real host, as the service does.
// Authorization per vault: RBAC vaults by role assignment, others by access policy
// (key-vault-store.ts); a refusal is 403 Forbidden with ForbiddenByRbac / AccessDenied.
// Secret values are never put in the request log.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TestCertificate } from './certs.ts';
import { jsonBody, sendJson, startHttpsServer } from './https-server.ts';
import { decodeJwtPayload } from './jwt.ts';
import type { EmulatedSecret, EmulatedVault, KeyVaultStore } from './key-vault-store.ts';

export const VAULT_AUDIENCES = ['https://vault.azure.net', 'https://vault.azure.net/'];
const API_VERSION = /^(7\.[0-6](-preview)?|2025-07-01)$/;
const SECRET_NAME = /^[0-9a-zA-Z-]{1,127}$/;

export interface KeyVaultRequestRecord {
  method: string;
  vault: string;
  path: string;
  apiVersion: string | null;
  /** Claims of the bearer token, never the token; null when none was sent. */
  token: { aud: string | null; oid: string | null; tid: string | null } | null;
  status: number;
  errorCode: string | null;
}

export interface KeyVaultEmulator {
  readonly url: string;
  /** The data-plane URL standing in for `https://<vault>.vault.azure.net`. */
  vaultUrl(vaultName: string): string;
  readonly requests: KeyVaultRequestRecord[];
  close(): Promise<void>;
}

export interface KeyVaultEmulatorOptions {
  cert: TestCertificate;
  store: KeyVaultStore;
  /** The Entra authority the challenge names (the Entra emulator's URL). */
  authorityHost: string;
}

const realId = (vault: EmulatedVault, kind: 'secrets' | 'deletedsecrets', name: string, version?: string) =>
  `https://${vault.name.toLowerCase()}.vault.azure.net/${kind}/${name}${version ? `/${version}` : ''}`;

function bundle(vault: EmulatedVault, secret: EmulatedSecret, withValue: boolean) {
  const at = Math.floor(secret.created / 1000);
  return {
    ...(withValue ? { value: secret.value } : {}),
    id: realId(vault, 'secrets', secret.name, secret.version),
    attributes: { enabled: true, created: at, updated: at, recoveryLevel: vault.purgeProtection ? 'Recoverable' : 'Recoverable+Purgeable', recoverableDays: 90 },
    tags: {},
  };
}

function deletedBundle(vault: EmulatedVault, secret: EmulatedSecret) {
  const now = Math.floor(Date.now() / 1000);
  return { ...bundle(vault, secret, false), recoveryId: realId(vault, 'deletedsecrets', secret.name), deletedDate: now, scheduledPurgeDate: now + 90 * 86400 };
}

export async function startKeyVaultEmulator(options: KeyVaultEmulatorOptions): Promise<KeyVaultEmulator> {
  const { store } = options;
  const requests: KeyVaultRequestRecord[] = [];

  async function handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const [vaultName = '', kind = '', name = '', version, ...extra] = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const header = req.headers.authorization ?? '';
    const claims = /^Bearer\s+\S+/i.test(header) ? decodeJwtPayload(header.replace(/^Bearer\s+/i, '')) : null;
    const str = (v: unknown) => (typeof v === 'string' ? v : null);
    const record: KeyVaultRequestRecord = {
      method,
      vault: vaultName,
      path: url.pathname,
      apiVersion: url.searchParams.get('api-version'),
      token: claims ? { aud: str(claims['aud']), oid: str(claims['oid']), tid: str(claims['tid']) } : null,
      status: 0,
      errorCode: null,
    };
    requests.push(record);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      sendJson(res, status, payload, headers);
    };
    const fail = (status: number, code: string, message: string, inner?: string, headers: Record<string, string> = {}) => {
      record.errorCode = inner ?? code;
      send(status, { error: { code, message, ...(inner ? { innererror: { code: inner } } : {}) } }, headers);
    };
    const vault = store.vault(vaultName);
    if (!vault) return fail(404, 'NotFound', `The vault '${vaultName}' does not exist (no DNS name ${vaultName}.vault.azure.net).`);
    if (!record.apiVersion || !API_VERSION.test(record.apiVersion)) return fail(400, 'BadParameter', `The specified version (${record.apiVersion ?? ''}) is not recognized. Consider using the latest supported version (2025-07-01).`);
    const challenge = { 'www-authenticate': `Bearer authorization="${options.authorityHost}/${vault.tenantId}", resource="https://vault.azure.net"` };
    if (!claims) return fail(401, 'Unauthorized', 'AKV10000: Request is missing a Bearer or PoP token.', undefined, challenge);
    if (!VAULT_AUDIENCES.includes(record.token!.aud ?? '')) return fail(401, 'Unauthorized', `AKV10022: Invalid audience. Expected https://vault.azure.net, found: ${record.token!.aud}.`, undefined, challenge);
    if ((record.token!.tid ?? '').toLowerCase() !== vault.tenantId.toLowerCase()) return fail(401, 'Unauthorized', `AKV10032: Invalid issuer. Expected one of https://sts.windows.net/${vault.tenantId}/.`, undefined, challenge);
    const oid = record.token!.oid ?? '';
    const deny = (permission: string, action: string) =>
      vault.rbac
        ? fail(403, 'Forbidden', `Caller is not authorized to perform action on resource.\r\nIf role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\r\nCaller: oid=${oid}\r\nAction: 'Microsoft.KeyVault/vaults/secrets/${action}'\r\nResource: '${vault.id.toLowerCase()}/secrets/${name}'\r\nAssignment: (not found)\r\nVault: ${vault.name};location=${vault.location}\r\n`, 'ForbiddenByRbac')
        : fail(403, 'Forbidden', `The user, group or application 'oid=${oid};iss=https://sts.windows.net/${vault.tenantId}/' does not have secrets ${permission} permission on key vault '${vault.name};location=${vault.location}'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287`, 'AccessDenied');
    if (!SECRET_NAME.test(name) || extra.length || (kind !== 'secrets' && kind !== 'deletedsecrets')) return fail(400, 'BadParameter', `The request URI ${url.pathname} is not a secret operation.`);
    const notFound = () => fail(404, 'SecretNotFound', `A secret with (name/id) ${name} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182`);
    const key = name.toLowerCase();

    if (kind === 'secrets' && method === 'PUT' && !version) {
      if (!store.mayOnSecrets(oid, vault.name, 'set')) return deny('set', 'setSecret/action');
      if (vault.deletedSecrets.has(key)) return fail(409, 'Conflict', `Secret ${name} is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the secret can only be recovered or purged.`, 'ObjectIsDeletedButRecoverable');
      const parsed = jsonBody(body) as { value?: unknown } | symbol | undefined;
      if (typeof parsed !== 'object' || !parsed || typeof parsed.value !== 'string') return fail(400, 'BadParameter', 'Property value is required.');
      const secret: EmulatedSecret = { name, value: parsed.value, version: randomBytes(16).toString('hex'), created: Date.now() };
      vault.secrets.set(key, secret);
      return send(200, bundle(vault, secret, true));
    }
    if (kind === 'secrets' && method === 'GET') {
      if (!store.mayOnSecrets(oid, vault.name, 'get')) return deny('get', 'getSecret/action');
      const secret = vault.secrets.get(key);
      if (!secret || (version && version !== secret.version)) return notFound();
      return send(200, bundle(vault, secret, true));
    }
    if (kind === 'secrets' && method === 'DELETE' && !version) {
      if (!store.mayOnSecrets(oid, vault.name, 'delete')) return deny('delete', 'delete');
      const secret = vault.secrets.get(key);
      if (!secret) return notFound();
      vault.secrets.delete(key);
      vault.deletedSecrets.set(key, secret);
      return send(200, deletedBundle(vault, secret));
    }
    if (kind === 'deletedsecrets' && !version && (method === 'GET' || method === 'DELETE')) {
      const permission = method === 'GET' ? 'get' : 'purge';
      if (!store.mayOnSecrets(oid, vault.name, permission === 'get' ? 'get' : 'purge')) return deny(permission, method === 'GET' ? 'readDeletedSecret/action' : 'deletedSecrets/purge/action');
      const secret = vault.deletedSecrets.get(key);
      if (!secret) return fail(404, 'SecretNotFound', `Deleted Secret not found: ${name}`);
      if (method === 'GET') return send(200, deletedBundle(vault, secret));
      if (vault.purgeProtection) return fail(403, 'Forbidden', `Operation "purge" is not allowed because purge protection is enabled for this vault. Key Vault service will automatically purge it after the retention period has passed.`, 'PurgeProtectionEnabled');
      vault.deletedSecrets.delete(key);
      return send(204, undefined);
    }
    return fail(405, 'BadParameter', `${method} is not allowed on ${url.pathname}.`);
  }

  const server = await startHttpsServer(options.cert, handle);
  return {
    url: server.url,
    vaultUrl: (vaultName) => `${server.url}/${vaultName.toLowerCase()}`,
    requests,
    close: () => server.close(),
  };
}
