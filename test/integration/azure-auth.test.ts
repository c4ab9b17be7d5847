// Sign-in against the Entra emulator with the real msal-node, through the app's IPC handlers:
// browser (loopback + PKCE), device code, cancel, errors, several accounts, sign-out, silent
// refresh, the encrypted token cache at rest, session-only mode and a tampered cache.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountSummary, AuthChange, DeviceCodePrompt } from '../../preload/api.ts';
import { DEFAULT_CLIENT_ID } from '../../main/auth/auth-settings.ts';
import { TOKEN_CACHE_FILE } from '../../main/keychain/token-cache-store.ts';
import { startAzureTestEnvironment, TEST_SUBSCRIPTION, TEST_TENANT, type AzureTestEnvironment } from '../emulators/azure-environment.ts';
import { DEFAULT_TEST_USER, type EntraUser } from '../emulators/entra.ts';
import { decodeJwtPayload } from '../emulators/jwt.ts';
import { startAzureApp, type AzureApp } from './azure-app.ts';

const SECOND_USER: EntraUser = {
  oid: '22222222-2222-4222-8222-222222222222',
  tenantId: '0ddba115-0000-4000-8000-000000000b0b',
  username: 'grace@fabrikam.example',
  name: 'Grace Hopper',
};

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else out.push(path);
  }
  return out;
}

function portAcceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function waitFor<T>(find: () => T | undefined, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      const found = find();
      if (found !== undefined) return resolve(found);
      if (Date.now() - started > 10_000) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 2);
    };
    tick();
  });
}

describe('Azure sign-in (Entra emulator, real msal-node)', () => {
  let env: AzureTestEnvironment;
  let app: AzureApp;

  beforeEach(async () => {
    env = await startAzureTestEnvironment();
    env.entra.addUser(SECOND_USER);
    app = await startAzureApp(env);
  });
  afterEach(async () => {
    await app.dispose();
    await env.close();
  });

  it('signs in through the system browser with a loopback redirect and PKCE', async () => {
    const account = await app.call('auth', 'signIn', { mode: 'browser' });
    expect(account).toEqual({
      id: `AzureCloud|${DEFAULT_TEST_USER.oid}.${DEFAULT_TEST_USER.tenantId}`,
      cloud: 'AzureCloud',
      username: DEFAULT_TEST_USER.username,
      name: DEFAULT_TEST_USER.name,
      homeTenantId: DEFAULT_TEST_USER.tenantId,
    });
    expect(env.browser.opened).toHaveLength(1);
    const authorize = new URL(env.browser.opened[0]!);
    expect(authorize.origin).toBe(env.entra.url);
    expect(authorize.pathname).toBe('/organizations/oauth2/v2.0/authorize');
    expect(authorize.searchParams.get('client_id')).toBe(DEFAULT_CLIENT_ID);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('redirect_uri')).toMatch(/^http:\/\/localhost:\d+$/);
    expect(authorize.searchParams.get('scope')).toContain('https://management.azure.com/.default');
    // The emulator checked code_verifier against code_challenge before answering 200.
    const redeem = env.entra.requests.find((r) => r.grantType === 'authorization_code');
    expect(redeem).toMatchObject({ status: 200, error: null });
    expect(await app.call('auth', 'listAccounts')).toEqual([account]);
    // The loopback listener is closed once the sign-in is done.
    expect(await portAcceptsConnections(Number(new URL(authorize.searchParams.get('redirect_uri')!).port))).toBe(false);
  });

  it('signs in with a device code shown to the renderer as an event', async () => {
    const account = await app.call('auth', 'signIn', { mode: 'device-code' });
    expect(account.username).toBe(DEFAULT_TEST_USER.username);
    const prompt = app.events.find((e) => e.channel === 'auth.onDeviceCode')?.payload as DeviceCodePrompt;
    expect(prompt.userCode).toBe(env.entra.deviceCodes[0]!.userCode);
    expect(prompt.verificationUri).toBe(`${env.entra.url}/devicelogin`);
    expect(prompt.message).toContain(prompt.userCode);
    expect(Date.parse(prompt.expiresAt)).toBeGreaterThan(Date.now());
    expect(env.browser.opened).toEqual([]);
    const changes = app.events.filter((e) => e.channel === 'auth.onChanged').map((e) => e.payload as AuthChange);
    expect(changes.some((c) => c.status.pendingSignIn?.mode === 'device-code')).toBe(true);
    expect(changes.at(-1)).toMatchObject({ accounts: [account], status: { pendingSignIn: null } });
  });

  it('reports a declined device code and a consent refused in the browser', async () => {
    app.autoApproveDeviceCodes = false;
    const pending = app.call('auth', 'signIn', { mode: 'device-code' });
    const prompt = await waitFor(() => app.events.find((e) => e.channel === 'auth.onDeviceCode')?.payload as DeviceCodePrompt | undefined, 'the device code');
    env.entra.declineDeviceCode(prompt.userCode);
    await expect(pending).rejects.toMatchObject({ code: 'sign-in-failed', message: expect.stringContaining('authorization_declined') });

    env.entra.failNextAuthorize('access_denied', 'AADSTS65004: User declined to consent to access the app.');
    await expect(app.call('auth', 'signIn', { mode: 'browser' })).rejects.toMatchObject({ code: 'sign-in-declined' });
    expect(await app.call('auth', 'listAccounts')).toEqual([]);
  });

  it('cancels a browser sign-in nobody finishes, releases the loopback port, and can sign in again', async () => {
    env.browser.behaviour = 'abandon';
    const pending = app.call('auth', 'signIn', { mode: 'browser' });
    await waitFor(() => env.browser.opened[0], 'the browser to open');
    expect((await app.call('auth', 'status')).pendingSignIn).toMatchObject({ mode: 'browser', cloud: 'AzureCloud' });
    await expect(app.call('auth', 'signIn', { mode: 'device-code' })).rejects.toMatchObject({ code: 'sign-in-in-progress' });
    expect(await app.call('auth', 'cancelSignIn')).toBe(true);
    await expect(pending).rejects.toMatchObject({ code: 'sign-in-cancelled' });
    const port = Number(new URL(new URL(env.browser.opened[0]!).searchParams.get('redirect_uri')!).port);
    // MSAL's listener gets the app's error answer and closes (asynchronously: poll until it did).
    let open = true;
    for (let i = 0; i < 200 && open; i++) open = await portAcceptsConnections(port);
    expect(open).toBe(false);
    expect((await app.call('auth', 'status')).pendingSignIn).toBeNull();
    expect(await app.call('auth', 'cancelSignIn')).toBe(false);

    env.browser.behaviour = 'complete';
    expect((await app.call('auth', 'signIn', { mode: 'browser' })).username).toBe(DEFAULT_TEST_USER.username);
  });

  it('cancels through an AbortSignal, and gives up on a sign-in nobody finishes', async () => {
    env.browser.behaviour = 'abandon';
    const controller = new AbortController();
    const pending = app.integration.auth.signIn({ mode: 'browser' }, controller.signal);
    await waitFor(() => env.browser.opened[0], 'the browser to open');
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'sign-in-cancelled' });

    const impatient = await startAzureApp(env, { signInTimeoutMs: 50 });
    try {
      await expect(impatient.call('auth', 'signIn', { mode: 'browser' })).rejects.toMatchObject({ code: 'sign-in-timed-out' });
      expect((await impatient.call('auth', 'status')).pendingSignIn).toBeNull();
    } finally {
      await impatient.dispose();
    }
  });

  it('cancels a device code sign-in while it polls, without adding an account', async () => {
    app.autoApproveDeviceCodes = false;
    const pending = app.call('auth', 'signIn', { mode: 'device-code' });
    await waitFor(() => env.entra.deviceCodes[0]?.polls || undefined, 'MSAL to poll');
    expect(await app.call('auth', 'cancelSignIn')).toBe(true);
    await expect(pending).rejects.toMatchObject({ code: 'sign-in-cancelled' });
    const polls = env.entra.deviceCodes[0]!.polls;
    // Approving now changes nothing: MSAL stopped polling.
    env.entra.approveDeviceCode(env.entra.deviceCodes[0]!.userCode);
    expect(await app.call('auth', 'listAccounts')).toEqual([]);
    expect(env.entra.deviceCodes[0]!.polls).toBeLessThanOrEqual(polls + 1);
  });

  it('refuses to open a sign-in page that is not on the expected authority', async () => {
    const other = await startAzureTestEnvironment({ entra: { authorizationEndpointOverride: 'https://login.evil.example/organizations/oauth2/v2.0/authorize' } });
    const otherApp = await startAzureApp(other);
    try {
      await expect(otherApp.call('auth', 'signIn', { mode: 'browser' })).rejects.toMatchObject({
        code: 'sign-in-unexpected-url',
        message: expect.stringContaining(`it goes to login.evil.example instead of ${other.entra.host}`),
      });
      expect(other.browser.opened).toEqual([]);
    } finally {
      await otherApp.dispose();
      await other.close();
    }
  });

  it('keeps several accounts, and signing out removes one account and its tokens only', async () => {
    const ada = await app.call('auth', 'signIn', { mode: 'browser' });
    env.entra.signInAs(SECOND_USER.oid);
    const grace = await app.call('auth', 'signIn', { mode: 'device-code' });
    expect((await app.call('auth', 'listAccounts')).map((a: AccountSummary) => a.username)).toEqual([DEFAULT_TEST_USER.username, SECOND_USER.username]);

    await app.call('auth', 'signOut', ada.id);
    expect(await app.call('auth', 'listAccounts')).toEqual([grace]);
    const cache = app.integration.tokenStore.read() ?? '';
    expect(cache).not.toContain(DEFAULT_TEST_USER.oid);
    expect(cache).toContain(SECOND_USER.oid);
    await expect(app.integration.auth.credential(ada.id).getToken('https://management.azure.com/.default')).rejects.toMatchObject({ code: 'account-not-found' });
    await expect(app.call('auth', 'signOut', 'AzureCloud|nobody.nowhere')).rejects.toMatchObject({ code: 'account-not-found' });
    await expect(app.call('auth', 'signOut', 'not an id')).rejects.toMatchObject({ code: 'invalid-payload' });
    // Only a grant for Grace is possible now.
    const token = await app.integration.auth.credential(grace.id).getToken('https://management.azure.com/.default');
    expect(decodeJwtPayload(token!.token)).toMatchObject({ oid: SECOND_USER.oid, aud: 'https://management.azure.com' });
  });

  it('refreshes an expiring access token silently with the refresh token', async () => {
    env.entra.setAccessTokenLifetime(120); // inside MSAL's 5-minute refresh window: expired at once
    const account = await app.call('auth', 'signIn', { mode: 'device-code' });
    const credential = app.integration.auth.credential(account.id);
    const grants = () => env.entra.requests.filter((r) => r.grantType === 'refresh_token' && r.status === 200).length;
    const before = grants();
    const first = await credential.getToken('https://management.azure.com/.default');
    expect(grants()).toBe(before + 1);
    env.entra.setAccessTokenLifetime(3600);
    const second = await credential.getToken('https://management.azure.com/.default');
    expect(grants()).toBe(before + 2);
    expect(second!.token).not.toBe(first!.token);
    expect(second!.expiresOnTimestamp).toBeGreaterThan(Date.now() + 30 * 60_000);
    // A fresh, long-lived token is reused rather than refreshed again.
    await credential.getToken('https://management.azure.com/.default');
    expect(grants()).toBe(before + 2);
    expect(env.browser.opened).toEqual([]);
  });

  it('turns a revoked refresh token into "sign in again" for ARM calls, without opening a browser', async () => {
    env.entra.setAccessTokenLifetime(120);
    const account = await app.call('auth', 'signIn', { mode: 'device-code' });
    env.entra.revokeRefreshTokens(DEFAULT_TEST_USER.oid);
    const result = await app.invoke('azure.listRegistries', [{ accountId: account.id, tenantId: TEST_TENANT, subscriptionId: TEST_SUBSCRIPTION }]);
    expect(result).toMatchObject({ ok: false, error: { code: 'sign-in-required', message: expect.stringContaining(`Sign in again as ${DEFAULT_TEST_USER.username}`) } });
    expect(env.browser.opened).toEqual([]);
    expect(env.arm.requests.filter((r) => r.op === 'registries.list')).toEqual([]);
  });

  it('asks for the ARM scope of the cloud it signs in to', async () => {
    const gov = await startAzureApp(env, { clouds: { AzureUSGovernment: { authorityHost: env.entra.url, armEndpoint: env.arm.url } } });
    try {
      const account = await gov.call('auth', 'signIn', { mode: 'device-code', cloud: 'AzureUSGovernment' });
      expect(account.cloud).toBe('AzureUSGovernment');
      expect(account.id.startsWith('AzureUSGovernment|')).toBe(true);
      expect(env.entra.requests.find((r) => r.endpoint === 'devicecode')?.scope).toContain('https://management.usgovcloudapi.net/.default');
      const token = await gov.integration.auth.credential(account.id).getToken('https://management.usgovcloudapi.net/.default');
      expect(decodeJwtPayload(token!.token)?.['aud']).toBe('https://management.usgovcloudapi.net');
    } finally {
      await gov.dispose();
    }
  });

  it('signs in with the client ID and tenant from the settings', async () => {
    const clientId = 'abcdef01-2345-4678-89ab-cdef01234567';
    const view = await app.call('auth', 'updateSettings', { clientId, tenant: TEST_TENANT });
    expect(view).toMatchObject({ clientId, tenant: TEST_TENANT, fromEnvironment: [] });
    await app.call('auth', 'signIn', { mode: 'browser' });
    const authorize = new URL(env.browser.opened.at(-1)!);
    expect(authorize.searchParams.get('client_id')).toBe(clientId);
    expect(authorize.pathname).toBe(`/${TEST_TENANT}/oauth2/v2.0/authorize`);
    await expect(app.call('auth', 'updateSettings', { clientId: 'Azure CLI' })).rejects.toMatchObject({ code: 'invalid-setting' });
    await expect(app.invoke('auth.updateSettings', [{ clientId, extra: 1 }])).resolves.toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
  });

  it('keeps the token cache encrypted at rest: no token text anywhere in the data folder', async () => {
    await app.call('auth', 'signIn', { mode: 'browser' });
    env.entra.signInAs(SECOND_USER.oid);
    await app.call('auth', 'signIn', { mode: 'device-code' });
    await app.integration.tokenStore.flush();
    const secrets = [...env.entra.issued.refreshTokens, ...env.entra.issued.accessTokens, ...env.entra.issued.idTokens];
    expect(secrets.length).toBeGreaterThanOrEqual(6);
    // Control: the plaintext cache in memory does hold the refresh tokens, so the scan below can find them.
    const plaintext = app.integration.tokenStore.read() ?? '';
    expect(env.entra.issued.refreshTokens.some((rt) => plaintext.includes(rt))).toBe(true);

    const files = await filesUnder(env.dataDir);
    expect(files.map((f) => f.slice(env.dataDir.length + 1))).toContain(TOKEN_CACHE_FILE);
    for (const file of files) {
      const content = (await readFile(file)).toString('latin1');
      for (const secret of secrets) {
        // Any 24-character piece of a token would do to misuse it; look for the signatures and payloads.
        for (const part of secret.split('.').filter((p) => p.length >= 24)) {
          expect(content.includes(part), `${file} contains token text`).toBe(false);
        }
      }
      expect(content).not.toContain('RefreshToken');
      expect(content).not.toContain(DEFAULT_TEST_USER.username);
    }
    expect((await stat(join(env.dataDir, TOKEN_CACHE_FILE))).mode & 0o077).toBe(0);
  });

  it('stays signed in across a restart, reading the cache with the key from the keychain', async () => {
    const account = await app.call('auth', 'signIn', { mode: 'browser' });
    await app.dispose();
    const interactiveGrants = () => env.entra.requests.filter((r) => r.grantType === 'authorization_code' || r.grantType === 'device_code').length;
    const grantsBefore = interactiveGrants();
    app = await startAzureApp(env);
    expect(await app.call('auth', 'listAccounts')).toEqual([account]);
    expect((await app.call('auth', 'status')).persistence).toEqual({ mode: 'keychain', message: null });
    const token = await app.integration.auth.credential(account.id).getToken('https://management.azure.com/.default');
    expect(decodeJwtPayload(token!.token)?.['oid']).toBe(DEFAULT_TEST_USER.oid);
    expect(env.browser.opened).toHaveLength(1);
    expect(interactiveGrants()).toBe(grantsBefore);
  });

  it('without a keychain, signs in for the session only, says so, and writes nothing', async () => {
    await app.dispose();
    env.keychain.failWith = 'Cannot autolaunch D-Bus without X11 $DISPLAY';
    app = await startAzureApp(env);
    const status = await app.call('auth', 'status');
    expect(status.persistence.mode).toBe('session-only');
    expect(status.persistence.message).toMatch(/^Tokens are kept for this session only: no OS keychain \(Secret Service\) was found/);
    const account = await app.call('auth', 'signIn', { mode: 'device-code' });
    expect(await app.call('auth', 'listAccounts')).toEqual([account]);
    await app.integration.tokenStore.flush();
    expect(await readdir(env.dataDir)).not.toContain(TOKEN_CACHE_FILE);

    await app.dispose();
    app = await startAzureApp(env);
    expect(await app.call('auth', 'listAccounts')).toEqual([]);
  });

  it('discards a tampered token cache with a notice, and works on', async () => {
    await app.call('auth', 'signIn', { mode: 'browser' });
    await app.dispose();
    const file = join(env.dataDir, TOKEN_CACHE_FILE);
    const bytes = await readFile(file);
    bytes[Math.floor(bytes.length / 2)] = bytes[Math.floor(bytes.length / 2)]! ^ 0x5a;
    await writeFile(file, bytes);

    app = await startAzureApp(env);
    const status = await app.call('auth', 'status');
    expect(status.notice).toContain('could not be read');
    expect(status.notice).toContain('Sign in again');
    expect(await app.call('auth', 'listAccounts')).toEqual([]);
    await app.call('auth', 'dismissNotice');
    expect((await app.call('auth', 'status')).notice).toBeNull();
    expect((await app.call('auth', 'signIn', { mode: 'device-code' })).username).toBe(DEFAULT_TEST_USER.username);
  });
});
