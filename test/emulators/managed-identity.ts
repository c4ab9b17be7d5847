// A managed identity endpoint as App Service (and Functions, Container Apps) expose one to their
// code: IDENTITY_ENDPOINT (a local http URL) and IDENTITY_HEADER (a secret the caller echoes in
// X-IDENTITY-HEADER). GET ?api-version=2019-08-01&resource=R[&client_id=C] answers
// { access_token, expires_on, resource, token_type, client_id }, as documented in "Managed identities
// for App Service: REST endpoint reference" and as @azure/msal-node's AppService source reads it
// (the source @azure/identity's ManagedIdentityCredential uses when both variables are set).
// Written from those documents; no recorded response backs it. A wrong header is refused (400, as
// the platform does), and a client_id that is not the identity's is answered 400 too.
//
// And the Azure Instance Metadata Service's token endpoint, as VMs, scale sets and AKS nodes (and
// AAD Pod Identity's node agent) serve it: GET /metadata/identity/oauth2/token?api-version=
// 2018-02-01&resource=R[&client_id=C] with `Metadata: true`, answering { access_token,
// expires_in, expires_on, not_before, resource, token_type, client_id }, from "How to use managed
// identities for Azure resources on a VM to acquire an access token" (HTTP section) and msal-node's
// Imds source (src/client/ManagedIdentitySources/Imds.ts), which reads
// AZURE_POD_IDENTITY_AUTHORITY_HOST as the service's address instead of 169.254.169.254; that is
// how a test points @azure/identity at it. No recorded response backs it either. Without the
// Metadata header, or for an identity not assigned to the machine, it answers 400 as documented.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { unsignedJwt } from './jwt.ts';

export interface ManagedIdentityEndpoint {
  /** IDENTITY_ENDPOINT */
  readonly url: string;
  /** IDENTITY_HEADER */
  readonly header: string;
  /** Every request: its resource, client_id and status. */
  readonly requests: { resource: string | null; clientId: string | null; status: number }[];
  close(): Promise<void>;
}

type Identity = { clientId: string; objectId: string; tenantId: string };

/** An access token as Entra issues them to a managed identity (unsigned: the ARM emulator reads claims only). */
function identityToken(identity: Identity, resource: string, now: number): string {
  return unsignedJwt({ aud: resource, iss: `https://sts.windows.net/${identity.tenantId}/`, iat: now, nbf: now, exp: now + 3600, appid: identity.clientId, idtyp: 'app', oid: identity.objectId, sub: identity.objectId, tid: identity.tenantId });
}

async function listen(server: Server): Promise<{ origin: string; close(): Promise<void> }> {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise<void>((done) => server.close(() => done())) };
}

export async function startManagedIdentityEndpoint(identity: { clientId: string; objectId: string; tenantId: string }): Promise<ManagedIdentityEndpoint> {
  const header = randomBytes(16).toString('hex');
  const requests: ManagedIdentityEndpoint['requests'] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const resource = url.searchParams.get('resource');
    const clientId = url.searchParams.get('client_id');
    const answer = (status: number, body: unknown) => {
      requests.push({ resource, clientId, status });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET' || url.pathname !== '/msi/token') return answer(404, { error: 'not_found' });
    if (req.headers['x-identity-header'] !== header) return answer(400, { statusCode: 400, message: 'The X-IDENTITY-HEADER header is missing or wrong.' });
    if (url.searchParams.get('api-version') !== '2019-08-01') return answer(400, { statusCode: 400, message: 'Unsupported api-version.' });
    if (!resource) return answer(400, { statusCode: 400, message: 'The resource parameter is required.' });
    if (clientId !== null && clientId !== identity.clientId) return answer(400, { statusCode: 400, message: `No managed identity with client_id '${clientId}' is assigned to this app.` });
    const now = Math.floor(Date.now() / 1000);
    answer(200, { access_token: identityToken(identity, resource, now), expires_on: String(now + 3600), resource, token_type: 'Bearer', client_id: identity.clientId });
  });
  const { origin, close } = await listen(server);
  return { url: `${origin}/msi/token`, header, requests, close };
}

export interface ImdsEndpoint {
  /** AZURE_POD_IDENTITY_AUTHORITY_HOST: the service's origin, as http://169.254.169.254 would be. */
  readonly host: string;
  /** Every request: its resource, client_id, whether it carried `Metadata: true`, and the status. */
  readonly requests: { resource: string | null; clientId: string | null; metadata: boolean; status: number }[];
  close(): Promise<void>;
}

/** IMDS's token endpoint for a machine with these user-assigned identities (the first answers without client_id). */
export async function startImdsEndpoint(identities: readonly Identity[]): Promise<ImdsEndpoint> {
  const requests: ImdsEndpoint['requests'] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const resource = url.searchParams.get('resource');
    const clientId = url.searchParams.get('client_id');
    const metadata = req.headers.metadata === 'true';
    const answer = (status: number, body: unknown) => {
      requests.push({ resource, clientId, metadata, status });
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    // msal-node canonicalises AZURE_POD_IDENTITY_AUTHORITY_HOST + the path with a trailing '/'
    // (msal-common's UrlString), so the service it talks to takes both forms
    if (req.method !== 'GET' || url.pathname.replace(/\/$/, '') !== '/metadata/identity/oauth2/token') return answer(404, { error: 'not_found' });
    if (!metadata) return answer(400, { error: 'invalid_request', error_description: 'Required metadata header not specified' });
    if (url.searchParams.get('api-version') !== '2018-02-01') return answer(400, { error: 'invalid_request', error_description: 'Invalid api-version' });
    if (!resource) return answer(400, { error: 'invalid_request', error_description: 'Required audience parameter not specified' });
    const identity = clientId === null ? identities[0] : identities.find((i) => i.clientId === clientId);
    if (identity === undefined) return answer(400, { error: 'invalid_request', error_description: 'Identity not found' });
    const now = Math.floor(Date.now() / 1000);
    answer(200, {
      access_token: identityToken(identity, resource, now),
      client_id: identity.clientId,
      expires_in: '3599',
      expires_on: String(now + 3599),
      ext_expires_in: '3599',
      not_before: String(now),
      resource,
      token_type: 'Bearer',
    });
  });
  const { origin, close } = await listen(server);
  return { host: origin, requests, close };
}
