// A managed identity endpoint as App Service (and Functions, Container Apps) expose one to their
// code: IDENTITY_ENDPOINT (a local http URL) and IDENTITY_HEADER (a secret the caller echoes in
// X-IDENTITY-HEADER). GET ?api-version=2019-08-01&resource=R[&client_id=C] answers
// { access_token, expires_on, resource, token_type, client_id }, as documented in "Managed identities
// for App Service: REST endpoint reference" and as @azure/msal-node's AppService source reads it
// (the source @azure/identity's ManagedIdentityCredential uses when both variables are set).
// Written from those documents; no recorded response backs it. A wrong header is refused (400, as
// the platform does), and a client_id that is not the identity's is answered 400 too.
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
    const accessToken = unsignedJwt({ aud: resource, iss: `https://sts.windows.net/${identity.tenantId}/`, iat: now, nbf: now, exp: now + 3600, appid: identity.clientId, idtyp: 'app', oid: identity.objectId, sub: identity.objectId, tid: identity.tenantId });
    answer(200, { access_token: accessToken, expires_on: String(now + 3600), resource, token_type: 'Bearer', client_id: identity.clientId });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/msi/token`,
    header,
    requests,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
