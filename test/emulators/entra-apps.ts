// Service principals of the Entra emulator: the client-credentials grant of /token, with a client
// secret or with a federated token as client assertion (workload identity: GitHub Actions' OIDC
// token, AKS' projected token), as @azure/identity's ClientSecretCredential and
// WorkloadIdentityCredential send them. Entra checks the assertion's issuer, subject and audience
// against the app's federated identity credential; so does this.
import { randomBytes } from 'node:crypto';
import { decodeJwtPayload, unsignedJwt } from './jwt.ts';

export interface EntraServicePrincipal {
  clientId: string;
  /** Object ID of the service principal (the `oid` of its tokens). */
  objectId: string;
  tenantId: string;
  secret?: string;
  /** A federated identity credential: what the assertion's iss / sub / aud must be. */
  federated?: { issuer: string; subject: string; audience?: string };
}

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

type EntraErrorBody = Record<string, unknown>;

/**
 * The client-credentials grant. Answers the token response, or an Entra error as [status, body]
 * (built by `error(code, aadsts, message)`).
 */
export function clientCredentialsGrant(
  apps: readonly EntraServicePrincipal[],
  form: URLSearchParams,
  tenant: string,
  resource: string | null,
  scopeAnswer: string,
  lifetime: number,
  error: (code: string, aadsts: number, message: string) => EntraErrorBody,
): { status: number; body: unknown; accessToken?: string } {
  const clientId = form.get('client_id') ?? '';
  const app = apps.find((a) => a.clientId === clientId && (a.tenantId === tenant || tenant === 'organizations'));
  if (!app) return { status: 400, body: error('unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${tenant}'.`) };
  const scope = form.get('scope') ?? '';
  if (!scope.split(/\s+/).some((s) => s.endsWith('/.default'))) {
    return { status: 400, body: error('invalid_scope', 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`) };
  }
  const secret = form.get('client_secret');
  const assertionType = form.get('client_assertion_type');
  if (secret !== null) {
    if (app.secret === undefined || secret !== app.secret) return { status: 401, body: error('invalid_client', 7000215, 'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.') };
  } else if (assertionType === JWT_BEARER) {
    const claims = decodeJwtPayload(form.get('client_assertion') ?? '');
    const fic = app.federated;
    const audience = fic?.audience ?? 'api://AzureADTokenExchange';
    const aud = claims?.['aud'];
    const audOk = typeof aud === 'string' ? aud === audience : Array.isArray(aud) && aud.includes(audience);
    if (!fic || !claims || claims['iss'] !== fic.issuer || claims['sub'] !== fic.subject || !audOk) {
      return { status: 400, body: error('invalid_client', 700213, `No matching federated identity record found for presented assertion subject '${String(claims?.['sub'] ?? '')}'.`) };
    }
  } else {
    return { status: 401, body: error('invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.") };
  }
  const now = Math.floor(Date.now() / 1000);
  const accessToken = unsignedJwt({
    aud: resource ?? '00000003-0000-0000-c000-000000000000',
    iss: `https://sts.windows.net/${app.tenantId}/`,
    iat: now,
    nbf: now,
    exp: now + lifetime,
    appid: app.clientId,
    idtyp: 'app',
    oid: app.objectId,
    sub: app.objectId,
    tid: app.tenantId,
    jti: randomBytes(12).toString('hex'),
  });
  return { status: 200, body: { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: accessToken, scope: scopeAnswer }, accessToken };
}
