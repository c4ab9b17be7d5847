// HTTPS emulator of the Microsoft Entra ID v2.0 endpoints that msal-node uses, driven by the real
// library in tests: OpenID configuration, /authorize (answers with form_post, PKCE S256 required),
// /devicecode, and /token for authorization_code (verifies code_verifier), device_code (pending
// until approved) and refresh_token, with Entra-shaped error bodies. See test/emulators/README.md.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { TestCertificate } from './certs.ts';
import { formBody, sendJson, startHttpsServer, type RunningServer } from './https-server.ts';
import { base64url, unsignedJwt } from './jwt.ts';
import { clientCredentialsGrant, type EntraServicePrincipal } from './entra-apps.ts';

export type { EntraServicePrincipal } from './entra-apps.ts';

export interface EntraUser {
  /** Object ID (also `uid` in client_info and `sub`/`oid` in tokens). */
  oid: string;
  /** Home tenant. */
  tenantId: string;
  username: string;
  name: string;
  /** Other tenants the user is a member or guest of (tokens can be issued for them). */
  guestOf?: string[];
}

export type EntraEndpoint = 'openid-configuration' | 'instance-discovery' | 'keys' | 'authorize' | 'devicecode' | 'token' | 'devicelogin' | 'unknown';

export interface EntraRequestRecord {
  seq: number;
  method: string;
  path: string;
  endpoint: EntraEndpoint;
  tenant: string | null;
  grantType: string | null;
  scope: string | null;
  status: number;
  error: string | null;
}

export interface EntraEmulatorOptions {
  cert: TestCertificate;
  users?: EntraUser[];
  /** `interval` in device code answers: MSAL polls every interval seconds. 0 = as fast as it can. */
  deviceCodeIntervalSeconds?: number;
  accessTokenLifetimeSeconds?: number;
  /**
   * What the token response's `scope` says for a `<resource>/.default` request: `granted` (as Entra
   * does: the resource's delegated permission, `<resource>/user_impersonation`) or `requested`.
   */
  scopeAnswer?: 'granted' | 'requested';
  /** Overrides `authorization_endpoint` in the OpenID configuration (to test the app's URL check). */
  authorizationEndpointOverride?: string;
}

export interface DeviceCodeRecord {
  userCode: string;
  deviceCode: string;
  clientId: string;
  tenant: string;
  scope: string;
  state: 'pending' | 'approved' | 'declined' | 'redeemed';
  oid: string | null;
  polls: number;
}

interface AuthCodeRecord {
  clientId: string;
  redirectUri: string;
  challenge: string;
  scope: string;
  nonce: string | null;
  oid: string;
  tenant: string;
  used: boolean;
}

interface RefreshTokenRecord {
  oid: string;
  clientId: string;
  revoked: boolean;
}

export interface EntraEmulator {
  readonly url: string;
  /** `127.0.0.1:PORT`, what MSAL records as an account's environment. */
  readonly host: string;
  readonly users: EntraUser[];
  addUser(user: EntraUser): void;
  /** An app registration that may use the client-credentials grant (secret or federated token). */
  addServicePrincipal(app: EntraServicePrincipal): void;
  /** The user who signs in next in the browser or approves device codes by default. */
  signInAs(oid: string): void;
  approveDeviceCode(userCode: string, oid?: string): void;
  declineDeviceCode(userCode: string): void;
  readonly deviceCodes: DeviceCodeRecord[];
  /** The next /authorize answers with this OAuth error (e.g. access_denied) instead of a code. */
  failNextAuthorize(error: string, description?: string): void;
  /** Refresh tokens of this user stop working: invalid_grant + suberror bad_token (MSAL: interaction required). */
  revokeRefreshTokens(oid: string): void;
  /** Token requests for this tenant need the user (e.g. MFA): error interaction_required. */
  requireInteractionFor(tenantId: string): void;
  setAccessTokenLifetime(seconds: number): void;
  readonly requests: EntraRequestRecord[];
  /** Every token string handed out, to prove none of them reaches the disk in plaintext. */
  readonly issued: { accessTokens: string[]; refreshTokens: string[]; idTokens: string[] };
  close(): Promise<void>;
}

const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

export const DEFAULT_TEST_USER: EntraUser = {
  oid: '11111111-1111-4111-8111-111111111111',
  tenantId: '72f988bf-0000-4000-8000-00000000cafe',
  username: 'ada@contoso.example',
  name: 'Ada Lovelace',
};

function entraError(error: string, code: number, description: string, suberror?: string) {
  return {
    error,
    error_description: `AADSTS${code}: ${description}\r\nTrace ID: ${randomUUID()}\r\nCorrelation ID: ${randomUUID()}\r\nTimestamp: ${new Date().toISOString()}`,
    error_codes: [code],
    timestamp: new Date().toISOString(),
    trace_id: randomUUID(),
    correlation_id: randomUUID(),
    ...(suberror ? { suberror } : {}),
  };
}

function htmlEscape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function resourceOf(scope: string): string | null {
  for (const s of scope.split(/\s+/)) {
    if (!s || OIDC_SCOPES.has(s.toLowerCase())) continue;
    const at = s.lastIndexOf('/');
    return at > 'https://'.length ? s.slice(0, at).replace(/\/+$/, '') : s;
  }
  return null;
}

export async function startEntraEmulator(options: EntraEmulatorOptions): Promise<EntraEmulator> {
  const users: EntraUser[] = [...(options.users ?? [DEFAULT_TEST_USER])];
  let currentOid = users[0]?.oid ?? null;
  let lifetime = options.accessTokenLifetimeSeconds ?? 3600;
  let nextAuthorizeError: { error: string; description: string } | null = null;
  const interactionTenants = new Set<string>();
  const deviceCodes: DeviceCodeRecord[] = [];
  const authCodes = new Map<string, AuthCodeRecord>();
  const refreshTokens = new Map<string, RefreshTokenRecord>();
  const requests: EntraRequestRecord[] = [];
  const apps: EntraServicePrincipal[] = [];
  const issued = { accessTokens: [] as string[], refreshTokens: [] as string[], idTokens: [] as string[] };
  let seq = 0;
  let base = '';

  const findUser = (oid: string | null) => users.find((u) => u.oid === oid) ?? null;
  const knownTenant = (tenant: string) =>
    tenant === 'organizations' || tenant === 'common' || users.some((u) => u.tenantId === tenant || u.guestOf?.includes(tenant)) || apps.some((a) => a.tenantId === tenant);

  function tokenTenant(user: EntraUser, tenant: string): string | null {
    if (tenant === 'organizations' || tenant === 'common') return user.tenantId;
    if (user.tenantId === tenant || user.guestOf?.includes(tenant)) return tenant;
    return null;
  }

  function answerScope(requested: string): string {
    const resourceScopes = requested.split(/\s+/).filter((s) => s && !OIDC_SCOPES.has(s.toLowerCase()));
    const mapped = resourceScopes.map((s) => (options.scopeAnswer !== 'requested' && s.endsWith('/.default') ? `${s.slice(0, -'/.default'.length)}/user_impersonation` : s));
    return mapped.join(' ');
  }

  function issueTokens(user: EntraUser, clientId: string, tenant: string, scope: string, nonce: string | null) {
    const tid = tokenTenant(user, tenant);
    if (!tid) return null;
    const now = Math.floor(Date.now() / 1000);
    const resource = resourceOf(scope) ?? '00000003-0000-0000-c000-000000000000';
    const accessToken = unsignedJwt({
      aud: resource,
      iss: `https://sts.windows.net/${tid}/`,
      iat: now,
      nbf: now,
      exp: now + lifetime,
      appid: clientId,
      oid: user.oid,
      tid,
      upn: user.username,
      name: user.name,
      scp: 'user_impersonation',
      jti: randomBytes(12).toString('hex'),
    });
    const idToken = unsignedJwt({
      aud: clientId,
      iss: `${base}/${tid}/v2.0`,
      iat: now,
      nbf: now,
      exp: now + 3600,
      name: user.name,
      oid: user.oid,
      preferred_username: user.username,
      sub: user.oid,
      tid,
      ver: '2.0',
      ...(nonce ? { nonce } : {}),
    });
    const refreshToken = `0.emulator-rt.${randomBytes(24).toString('base64url')}`;
    refreshTokens.set(refreshToken, { oid: user.oid, clientId, revoked: false });
    issued.accessTokens.push(accessToken);
    issued.refreshTokens.push(refreshToken);
    issued.idTokens.push(idToken);
    return {
      token_type: 'Bearer',
      scope: answerScope(scope),
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: accessToken,
      refresh_token: refreshToken,
      id_token: idToken,
      client_info: base64url(JSON.stringify({ uid: user.oid, utid: user.tenantId })),
    };
  }

  function openidConfiguration(tenant: string) {
    const issuerTenant = tenant === 'organizations' || tenant === 'common' ? '{tenantid}' : tenant;
    return {
      token_endpoint: `${base}/${tenant}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${base}/${tenant}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${base}/${issuerTenant}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${base}/oidc/userinfo`,
      authorization_endpoint: options.authorizationEndpointOverride ?? `${base}/${tenant}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/devicecode`,
      end_session_endpoint: `${base}/${tenant}/oauth2/v2.0/logout`,
      tenant_region_scope: 'WW',
      cloud_instance_name: 'emulator.invalid',
      cloud_graph_host_name: 'graph.emulator.invalid',
      msgraph_host: 'graph.emulator.invalid',
    };
  }

  function handle(req: IncomingMessage, res: ServerResponse, body: Buffer, record: EntraRequestRecord): void {
    const url = new URL(req.url ?? '/', base);
    const parts = url.pathname.split('/').filter(Boolean);
    const respond = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      const error = (payload as { error?: unknown } | null)?.error;
      record.error = typeof error === 'string' ? error : null;
      sendJson(res, status, payload, headers);
    };

    if (parts[1] === 'discovery' && parts[2] === 'instance') {
      record.endpoint = 'instance-discovery';
      const host = new URL(base).host;
      return respond(200, {
        tenant_discovery_endpoint: `${base}/${parts[0]}/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
      });
    }
    const tenant = parts[0] ?? '';
    record.tenant = tenant || null;
    const rest = parts.slice(1).join('/');

    if (rest === 'v2.0/.well-known/openid-configuration' || rest === '.well-known/openid-configuration') {
      record.endpoint = 'openid-configuration';
      if (!knownTenant(tenant)) return respond(400, entraError('invalid_tenant', 90002, `Tenant '${tenant}' not found.`));
      return respond(200, openidConfiguration(tenant));
    }
    if (rest === 'discovery/v2.0/keys') {
      record.endpoint = 'keys';
      return respond(200, { keys: [] });
    }
    if (rest === 'devicelogin' || tenant === 'devicelogin') {
      record.endpoint = 'devicelogin';
      record.status = 200;
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>Device login (emulator)</title><p>Enter the code shown in the app.</p>');
      return;
    }
    if (rest === 'oauth2/v2.0/authorize' && req.method === 'GET') {
      record.endpoint = 'authorize';
      return authorize(url, tenant, res, record);
    }
    if (rest === 'oauth2/v2.0/devicecode' && req.method === 'POST') {
      record.endpoint = 'devicecode';
      const form = formBody(body);
      const clientId = form.get('client_id') ?? '';
      const scope = form.get('scope') ?? '';
      record.scope = scope;
      if (!clientId) return respond(400, entraError('invalid_request', 900144, "The request body must contain the following parameter: 'client_id'."));
      if (!knownTenant(tenant)) return respond(400, entraError('invalid_tenant', 90002, `Tenant '${tenant}' not found.`));
      const userCode = randomBytes(5).toString('hex').toUpperCase().slice(0, 9);
      const deviceCode = randomBytes(24).toString('base64url');
      deviceCodes.push({ userCode, deviceCode, clientId, tenant, scope, state: 'pending', oid: null, polls: 0 });
      const verificationUri = `${base}/devicelogin`;
      return respond(200, {
        user_code: userCode,
        device_code: deviceCode,
        verification_uri: verificationUri,
        expires_in: 900,
        interval: options.deviceCodeIntervalSeconds ?? 0,
        message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${userCode} to authenticate.`,
      });
    }
    if (rest === 'oauth2/v2.0/token' && req.method === 'POST') {
      record.endpoint = 'token';
      return token(formBody(body), tenant, respond, record);
    }
    if (rest === 'oauth2/v2.0/logout') {
      record.status = 200;
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><p>Signed out.</p>');
      return;
    }
    respond(404, entraError('invalid_request', 900561, `The endpoint ${url.pathname} does not exist in the emulator.`));
  }

  function authorize(url: URL, tenant: string, res: ServerResponse, record: EntraRequestRecord): void {
    const q = url.searchParams;
    const fail = (status: number, error: string, code: number, description: string) => {
      record.status = status;
      record.error = error;
      res.writeHead(status, { 'content-type': 'text/html' });
      res.end(`<!doctype html><title>Sign-in error</title><p>${htmlEscape(`AADSTS${code}: ${description}`)}</p>`);
    };
    const redirectUri = q.get('redirect_uri') ?? '';
    let redirect: URL | null = null;
    try {
      redirect = new URL(redirectUri);
    } catch {
      redirect = null;
    }
    // Errors about the request itself are shown on Entra's page, never sent to an unverified redirect.
    if (!knownTenant(tenant)) return fail(400, 'invalid_tenant', 90002, `Tenant '${tenant}' not found.`);
    if (!q.get('client_id')) return fail(400, 'invalid_request', 900144, "The request must contain 'client_id'.");
    if (!redirect || redirect.protocol !== 'http:' || !['localhost', '127.0.0.1'].includes(redirect.hostname)) {
      return fail(400, 'invalid_request', 50011, `The redirect URI '${redirectUri}' does not match a loopback redirect URI of the application.`);
    }
    record.scope = q.get('scope');
    const state = q.get('state') ?? '';
    const fields: Record<string, string> = {};
    const user = findUser(currentOid);
    if (nextAuthorizeError) {
      fields['error'] = nextAuthorizeError.error;
      fields['error_description'] = nextAuthorizeError.description;
      nextAuthorizeError = null;
    } else if (q.get('response_type') !== 'code') {
      fields['error'] = 'unsupported_response_type';
      fields['error_description'] = 'AADSTS700054: response_type must be code.';
    } else if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) {
      fields['error'] = 'invalid_request';
      fields['error_description'] = 'AADSTS9002325: Proof Key for Code Exchange is required for cross-origin authorization code redemption.';
    } else if (!user) {
      fields['error'] = 'access_denied';
      fields['error_description'] = 'AADSTS50020: No user signs in (emulator: signInAs was not called).';
    } else {
      const code = `emulator-code.${randomBytes(24).toString('base64url')}`;
      authCodes.set(code, {
        clientId: q.get('client_id') ?? '',
        redirectUri,
        challenge: q.get('code_challenge') ?? '',
        scope: q.get('scope') ?? '',
        nonce: q.get('nonce'),
        oid: user.oid,
        tenant,
        used: false,
      });
      fields['code'] = code;
      fields['client_info'] = base64url(JSON.stringify({ uid: user.oid, utid: user.tenantId }));
      fields['session_state'] = randomUUID();
    }
    fields['state'] = state;
    record.status = 200;
    record.error = fields['error'] ?? null;
    if (q.get('response_mode') !== 'form_post') {
      // Entra would redirect with a query string; msal-node 7 rejects that, so the emulator insists on form_post.
      return fail(400, 'invalid_request', 900000, 'The emulator answers only response_mode=form_post, as msal-node 7 requests.');
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(
      `<!doctype html><html><head><title>Working...</title></head><body onload="document.forms[0].submit()">` +
        `<form method="POST" name="hiddenform" action="${htmlEscape(redirectUri)}">` +
        Object.entries(fields)
          .map(([k, v]) => `<input type="hidden" name="${htmlEscape(k)}" value="${htmlEscape(v)}" />`)
          .join('') +
        `<noscript><p>Script is disabled. Click Submit to continue.</p><input type="submit" value="Submit" /></noscript></form></body></html>`,
    );
  }

  function token(form: URLSearchParams, tenant: string, respond: (status: number, payload: unknown) => void, record: EntraRequestRecord): void {
    const grant = form.get('grant_type') ?? '';
    record.grantType = grant;
    const clientId = form.get('client_id') ?? '';
    const scope = form.get('scope') ?? '';
    record.scope = scope;
    if (!knownTenant(tenant)) return respond(400, entraError('invalid_tenant', 90002, `Tenant '${tenant}' not found.`));
    if (!clientId) return respond(400, entraError('invalid_request', 900144, "The request body must contain the following parameter: 'client_id'."));
    if (interactionTenants.has(tenant)) {
      return respond(400, entraError('interaction_required', 50076, `Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '${tenant}'.`));
    }
    if (grant === 'client_credentials') {
      const answer = clientCredentialsGrant(apps, form, tenant, resourceOf(scope), answerScope(scope), lifetime, entraError);
      if (answer.accessToken) issued.accessTokens.push(answer.accessToken);
      return respond(answer.status, answer.body);
    }
    const issue = (user: EntraUser, nonce: string | null) => {
      const tokens = issueTokens(user, clientId, tenant, scope, nonce);
      if (!tokens) return respond(400, entraError('invalid_grant', 50020, `User account '${user.username}' from identity provider does not exist in tenant '${tenant}'.`));
      respond(200, tokens);
    };

    if (grant === 'authorization_code') {
      const code = form.get('code') ?? '';
      const entry = authCodes.get(code);
      if (!entry || entry.used) return respond(400, entraError('invalid_grant', 70008, 'The provided authorization code or refresh token has expired due to inactivity or was already redeemed.'));
      entry.used = true;
      if (entry.clientId !== clientId) return respond(400, entraError('invalid_grant', 70002, 'The authorization code was issued to another application.'));
      if (entry.redirectUri !== (form.get('redirect_uri') ?? '')) return respond(400, entraError('invalid_grant', 50148, 'The redirect_uri does not match the one of the authorization request.'));
      const verifier = form.get('code_verifier') ?? '';
      if (!verifier || createHash('sha256').update(verifier).digest('base64url') !== entry.challenge) {
        return respond(400, entraError('invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.'));
      }
      const user = findUser(entry.oid);
      if (!user) return respond(400, entraError('invalid_grant', 50034, 'The user account does not exist.'));
      return issue(user, entry.nonce);
    }
    if (grant === 'device_code' || grant === 'urn:ietf:params:oauth:grant-type:device_code') {
      const entry = deviceCodes.find((d) => d.deviceCode === (form.get('device_code') ?? ''));
      if (!entry) return respond(400, entraError('invalid_grant', 70000, 'The provided value for the device code is not valid.'));
      entry.polls++;
      if (entry.state === 'pending') return respond(400, entraError('authorization_pending', 70016, 'OAuth 2.0 device flow error. Authorization is pending. Continue polling.'));
      if (entry.state === 'declined') return respond(400, entraError('authorization_declined', 70004, 'The user declined the sign-in.'));
      if (entry.state === 'redeemed') return respond(400, entraError('expired_token', 70020, 'The provided device code was already redeemed.'));
      const user = findUser(entry.oid);
      if (!user) return respond(400, entraError('invalid_grant', 50034, 'The user account does not exist.'));
      entry.state = 'redeemed';
      return issue(user, null);
    }
    if (grant === 'refresh_token') {
      const entry = refreshTokens.get(form.get('refresh_token') ?? '');
      if (!entry || entry.clientId !== clientId) return respond(400, entraError('invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.'));
      if (entry.revoked) {
        return respond(400, entraError('invalid_grant', 50173, 'The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.', 'bad_token'));
      }
      const user = findUser(entry.oid);
      if (!user) return respond(400, entraError('invalid_grant', 50034, 'The user account does not exist.'));
      return issue(user, null);
    }
    respond(400, entraError('unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant}'.`));
  }

  const server: RunningServer = await startHttpsServer(options.cert, (req, res, body) => {
    const url = new URL(req.url ?? '/', 'https://emulator.invalid');
    const record: EntraRequestRecord = {
      seq: ++seq,
      method: req.method ?? 'GET',
      path: url.pathname,
      endpoint: 'unknown',
      tenant: null,
      grantType: null,
      scope: null,
      status: 0,
      error: null,
    };
    requests.push(record);
    handle(req, res, body, record);
  });
  base = server.url;

  return {
    url: server.url,
    host: server.host,
    users,
    addUser: (user) => {
      users.push(user);
      currentOid ??= user.oid;
    },
    addServicePrincipal: (app) => {
      apps.push(app);
    },
    signInAs: (oid) => {
      if (!findUser(oid)) throw new Error(`Entra emulator: no user ${oid}`);
      currentOid = oid;
    },
    approveDeviceCode: (userCode, oid) => {
      const entry = deviceCodes.find((d) => d.userCode === userCode);
      if (!entry) throw new Error(`Entra emulator: no device code ${userCode}`);
      const who = oid ?? currentOid;
      if (!findUser(who)) throw new Error(`Entra emulator: no user ${String(who)} to approve ${userCode}`);
      entry.state = 'approved';
      entry.oid = who;
    },
    declineDeviceCode: (userCode) => {
      const entry = deviceCodes.find((d) => d.userCode === userCode);
      if (!entry) throw new Error(`Entra emulator: no device code ${userCode}`);
      entry.state = 'declined';
    },
    deviceCodes,
    failNextAuthorize: (error, description) => {
      nextAuthorizeError = { error, description: description ?? `AADSTS65004: User declined to consent to access the app.` };
    },
    revokeRefreshTokens: (oid) => {
      for (const entry of refreshTokens.values()) if (entry.oid === oid) entry.revoked = true;
    },
    requireInteractionFor: (tenantId) => {
      interactionTenants.add(tenantId);
    },
    setAccessTokenLifetime: (seconds) => {
      lifetime = seconds;
    },
    requests,
    issued,
    close: () => server.close(),
  };
}

export interface TestBrowser {
  /** Pass as the app's `openBrowser`. */
  openBrowser(url: string): Promise<void>;
  /** Every URL the app asked to open. */
  readonly opened: string[];
  /** `complete`: sign in like a user; `abandon`: open the page and never finish (to test cancel/timeout). */
  behaviour: 'complete' | 'abandon';
}

function fetchText(url: string, ca: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { method: 'GET', ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function postForm(action: string, fields: Record<string, string>): Promise<{ status: number; text: string }> {
  // msal-node's loopback listens on 127.0.0.1 but advertises http://localhost:PORT; post to the
  // address it really listens on, in case localhost resolves to ::1 first on this machine.
  const target = new URL(action);
  if (target.hostname === 'localhost') target.hostname = '127.0.0.1';
  const body = new URLSearchParams(fields).toString();
  return new Promise((resolve, reject) => {
    const req = httpRequest(target, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function htmlUnescape(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * Plays the system browser for interactive sign-in: loads the authorize URL from the emulator,
 * and submits the auto-posting form to the app's loopback listener like a browser would.
 */
export function createTestBrowser(ca: string): TestBrowser {
  const opened: string[] = [];
  const browser: TestBrowser = {
    opened,
    behaviour: 'complete',
    async openBrowser(url: string) {
      opened.push(url);
      if (browser.behaviour === 'abandon') return;
      const page = await fetchText(url, ca);
      if (page.status !== 200) throw new Error(`test browser: the sign-in page answered ${page.status}: ${page.text.slice(0, 200)}`);
      const action = /<form[^>]*action="([^"]+)"/.exec(page.text)?.[1];
      if (!action) throw new Error(`test browser: no form on the sign-in page: ${page.text.slice(0, 200)}`);
      const fields = Object.fromEntries([...page.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [htmlUnescape(m[1]!), htmlUnescape(m[2]!)]));
      await postForm(htmlUnescape(action), fields);
    },
  };
  return browser;
}
