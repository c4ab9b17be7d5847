// Sign-in to Microsoft Entra ID with msal-node, in the main process only: the system browser with
// a loopback redirect and PKCE, or device code; several accounts across the three clouds;
// sign-out; and a TokenCredential for the Azure SDK that only ever acquires tokens silently.
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import {
  AuthError,
  InteractionRequiredAuthError,
  LogLevel,
  PublicClientApplication,
  ServerError,
  type AccountInfo,
  type AuthenticationResult,
  type DeviceCodeRequest,
} from '@azure/msal-node';
import type {
  AccountSummary,
  AuthSettingsUpdate,
  AuthSettingsView,
  AuthStatus,
  CloudName,
  PendingSignIn,
  SignInMode,
  SignInRequest,
} from '../../preload/api.ts';
import { AppError } from '../app-error.ts';
import type { EventHub } from '../events.ts';
import { createMsalCachePlugin } from '../keychain/msal-cache-plugin.ts';
import type { TokenCacheStore } from '../keychain/token-cache-store.ts';
import { emitEvent } from '../typed-events.ts';
import { isTenant, type AuthSettingsStore } from './auth-settings.ts';
import { CLOUD_NAMES, resolveCloud, type CloudEndpoints, type CloudOverrides } from './clouds.ts';
import { SIGN_IN_ERROR_PAGE, SIGN_IN_SUCCESS_PAGE } from './loopback-pages.ts';
import { TlsNetworkClient } from './msal-network.ts';

export interface AuthServiceOptions {
  settings: AuthSettingsStore;
  tokenStore: TokenCacheStore;
  events: EventHub;
  /** Opens a URL in the system browser (Electron: shell.openExternal). Called only with a checked authorize URL. */
  openBrowser: (url: string) => Promise<void>;
  /** Points clouds at other hosts (tests: local emulators). */
  clouds?: CloudOverrides;
  /** Extra trusted CA certificate(s) in PEM (tests: the emulators' self-signed certificate). */
  tlsCa?: string;
  /** A sign-in nobody finishes is cancelled after this long. Default 15 minutes. */
  signInTimeoutMs?: number;
  log?: (message: string) => void;
}

export interface AuthService {
  ready(): Promise<void>;
  status(): Promise<AuthStatus>;
  listAccounts(): Promise<AccountSummary[]>;
  signIn(request: SignInRequest, signal?: AbortSignal): Promise<AccountSummary>;
  /** Cancels the pending sign-in, if any; true when there was one. */
  cancelSignIn(): boolean;
  signOut(accountId: string): Promise<void>;
  updateSettings(update: AuthSettingsUpdate): Promise<AuthSettingsView>;
  dismissNotice(): Promise<void>;
  /** Silent-only credential for the Azure SDK. Throws AppError `sign-in-required` instead of prompting. */
  credential(accountId: string, tenantId?: string): TokenCredential;
  /** The cloud an account belongs to, with its endpoints. */
  cloudOf(accountId: string): Promise<CloudEndpoints>;
  account(accountId: string): Promise<AccountSummary>;
  dispose(): void;
}

interface Pending {
  info: PendingSignIn;
  controller: AbortController;
  deviceRequest?: DeviceCodeRequest;
  loopback?: { redirectUri: string; state: string };
}

interface ResolvedAccount {
  summary: AccountSummary;
  cloud: CloudEndpoints;
  pca: PublicClientApplication;
  info: AccountInfo;
}

const ACCOUNT_ID_SEPARATOR = '|';
/** Reuse a token for as long as it has this much life left (matches MSAL's own refresh offset). */
const TOKEN_REUSE_MARGIN_MS = 5 * 60_000;

export function accountIdOf(cloud: CloudName, homeAccountId: string): string {
  return `${cloud}${ACCOUNT_ID_SEPARATOR}${homeAccountId}`;
}

function parseAccountId(id: string): { cloud: CloudName; homeAccountId: string } {
  const at = id.indexOf(ACCOUNT_ID_SEPARATOR);
  const cloud = id.slice(0, at);
  if (at <= 0 || !(CLOUD_NAMES as readonly string[]).includes(cloud) || at === id.length - 1) {
    throw new AppError('account-not-found', `"${id.slice(0, 120)}" is not an account of this app; pick an account from the account menu.`);
  }
  return { cloud: cloud as CloudName, homeAccountId: id.slice(at + 1) };
}

function homeTenantOf(info: AccountInfo): string {
  const [, utid] = info.homeAccountId.split('.');
  return utid || info.tenantId;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Turns MSAL failures into messages a user can act on. Tokens never appear in MSAL messages. */
export function signInErrorToAppError(err: unknown, context: { host: string; username?: string }): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof InteractionRequiredAuthError) {
    const who = context.username ? ` as ${context.username}` : '';
    return new AppError(
      'sign-in-required',
      `Sign in again${who}: Microsoft Entra ID needs you to confirm your sign-in (it expired, was revoked, or the tenant asks for multi-factor authentication). (${err.errorCode}${err.subError ? `/${err.subError}` : ''})`,
      { cause: err },
    );
  }
  if (err instanceof ServerError && err.errorCode === 'access_denied') {
    return new AppError('sign-in-declined', 'The sign-in was declined or cancelled in the browser. Sign in again when you are ready.', { cause: err });
  }
  if (err instanceof AuthError) {
    switch (err.errorCode) {
      case 'endpoints_resolution_error':
      case 'network_error':
        return new AppError(
          'sign-in-network',
          `Microsoft Entra ID (${context.host}) could not be reached or its certificate is not trusted: check the network, proxy or VPN and try again. (${err.errorCode})`,
          { cause: err },
        );
      case 'device_code_expired':
      case 'user_timeout_reached':
        return new AppError('sign-in-timed-out', 'The device code expired before the sign-in was completed. Start the sign-in again and enter the new code.', { cause: err });
      case 'post_request_failed':
        return new AppError('sign-in-failed', `Microsoft Entra ID refused the sign-in (${err.errorMessage || err.message}). Start the sign-in again.`, { cause: err });
      default:
        return new AppError('sign-in-failed', `The sign-in failed: ${err.errorCode}${err.errorMessage ? `: ${err.errorMessage}` : ''}`, { cause: err });
    }
  }
  return new AppError('sign-in-failed', `The sign-in failed: ${errorText(err)}`, { cause: err });
}

export function createAuthService(options: AuthServiceOptions): AuthService {
  const { settings, tokenStore, events } = options;
  const log = options.log ?? (() => {});
  const cachePlugin = createMsalCachePlugin(tokenStore);
  const networkClient = new TlsNetworkClient(options.tlsCa ? { ca: options.tlsCa } : {});
  const signInTimeoutMs = options.signInTimeoutMs ?? 15 * 60_000;
  const clients = new Map<string, PublicClientApplication>();
  const tokenMemo = new Map<string, AccessToken>();
  let pending: Pending | null = null;
  let sequence = 0;

  const cloud = (name: CloudName) => resolveCloud(name, options.clouds);

  function pcaFor(name: CloudName): PublicClientApplication {
    const { clientId, tenant } = settings.effective();
    const endpoints = cloud(name);
    const key = [name, clientId, tenant, endpoints.authorityHost].join(' ');
    let pca = clients.get(key);
    if (!pca) {
      pca = new PublicClientApplication({
        auth: {
          clientId,
          authority: `${endpoints.authorityHost}/${tenant}`,
          // A host MSAL does not know (an emulator) must be trusted explicitly, or MSAL would ask
          // login.microsoftonline.com's instance discovery about it.
          ...(endpoints.customAuthority ? { knownAuthorities: [new URL(endpoints.authorityHost).host] } : {}),
        },
        cache: { cachePlugin },
        system: {
          networkClient,
          loggerOptions: {
            piiLoggingEnabled: false,
            logLevel: LogLevel.Warning,
            loggerCallback: (_level, message) => log(`[msal] ${message}`),
          },
        },
      });
      clients.set(key, pca);
    }
    return pca;
  }

  function cloudOfEnvironment(environment: string): CloudName | null {
    const env = environment.toLowerCase();
    for (const name of CLOUD_NAMES) {
      if (cloud(name).authorityAliases.some((alias) => alias.toLowerCase() === env)) return name;
    }
    return null;
  }

  async function allAccountInfos(): Promise<Array<{ cloud: CloudName; info: AccountInfo }>> {
    await tokenStore.ready();
    // Every client reads the same shared cache, so one of them sees the accounts of all clouds.
    const infos = await pcaFor(settings.effective().cloud).getTokenCache().getAllAccounts();
    const out: Array<{ cloud: CloudName; info: AccountInfo }> = [];
    for (const info of infos) {
      const name = cloudOfEnvironment(info.environment);
      if (name) out.push({ cloud: name, info });
    }
    return out;
  }

  function summarize(name: CloudName, info: AccountInfo): AccountSummary {
    return {
      id: accountIdOf(name, info.homeAccountId),
      cloud: name,
      username: info.username || info.localAccountId || info.homeAccountId,
      name: info.name ?? null,
      homeTenantId: homeTenantOf(info),
    };
  }

  async function listAccounts(): Promise<AccountSummary[]> {
    const seen = new Map<string, { cloud: CloudName; info: AccountInfo }>();
    for (const entry of await allAccountInfos()) {
      const id = accountIdOf(entry.cloud, entry.info.homeAccountId);
      const previous = seen.get(id);
      // One account appears once per tenant it has tokens for; describe it by its home tenant.
      const isHome = entry.info.tenantId === homeTenantOf(entry.info);
      if (!previous || isHome) seen.set(id, entry);
    }
    return [...seen.values()].map((e) => summarize(e.cloud, e.info)).sort((a, b) => a.username.localeCompare(b.username) || a.cloud.localeCompare(b.cloud));
  }

  async function resolve(accountId: string): Promise<ResolvedAccount> {
    const { cloud: name, homeAccountId } = parseAccountId(accountId);
    const matches = (await allAccountInfos()).filter((e) => e.cloud === name && e.info.homeAccountId === homeAccountId);
    if (!matches.length) {
      throw new AppError('account-not-found', 'That account is no longer signed in to this app (it was signed out). Sign in again from the account menu.');
    }
    const home = matches.find((e) => e.info.tenantId === homeTenantOf(e.info)) ?? matches[0]!;
    return { summary: summarize(name, home.info), cloud: cloud(name), pca: pcaFor(name), info: home.info };
  }

  async function status(): Promise<AuthStatus> {
    await tokenStore.ready();
    const store = tokenStore.status();
    const notices = [store.notice, ...settings.warnings].filter((n): n is string => Boolean(n));
    return {
      persistence: { mode: store.mode, message: store.message },
      notice: notices.length ? notices.join(' ') : null,
      pendingSignIn: pending ? { ...pending.info } : null,
      settings: settings.view(),
    };
  }

  async function emitChanged(): Promise<void> {
    try {
      emitEvent(events, 'auth.onChanged', { accounts: await listAccounts(), status: await status() });
    } catch (err) {
      log(`auth.onChanged not sent: ${errorText(err)}`);
    }
  }

  /** The browser gets only a URL on the expected authority, carrying this app's client and a loopback redirect. */
  function checkAuthorizeUrl(url: string, endpoints: CloudEndpoints, clientId: string): { redirectUri: string; state: string } {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new AppError('sign-in-unexpected-url', 'The sign-in did not start: MSAL produced an address that is not a URL.');
    }
    const expected = new URL(endpoints.authorityHost);
    const problems: string[] = [];
    if (parsed.protocol !== 'https:') problems.push('it is not https');
    if (parsed.origin !== expected.origin) problems.push(`it goes to ${parsed.host} instead of ${expected.host}`);
    if (!/^\/[^/]+\/oauth2\/v2\.0\/authorize$/.test(parsed.pathname)) problems.push('it is not an authorize endpoint');
    if (parsed.username || parsed.password) problems.push('it carries credentials');
    const q = parsed.searchParams;
    if (q.get('client_id') !== clientId) problems.push('it names another application');
    if (q.get('response_type') !== 'code') problems.push('it does not ask for an authorization code');
    if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) problems.push('it does not use PKCE');
    const redirect = q.get('redirect_uri') ?? '';
    let redirectUrl: URL | null = null;
    try {
      redirectUrl = new URL(redirect);
    } catch {
      redirectUrl = null;
    }
    if (!redirectUrl || redirectUrl.protocol !== 'http:' || !['localhost', '127.0.0.1'].includes(redirectUrl.hostname) || !redirectUrl.port) {
      problems.push('its redirect is not the app\'s loopback listener');
    }
    const state = q.get('state');
    if (!state) problems.push('it has no state');
    if (problems.length || !redirectUrl || !state) {
      throw new AppError('sign-in-unexpected-url', `The sign-in was stopped before opening the browser because the address is not the expected ${expected.host} sign-in page: ${problems.join('; ')}.`);
    }
    return { redirectUri: `http://127.0.0.1:${redirectUrl.port}/`, state };
  }

  /** Settles MSAL's loopback listener with an error so it closes its port (MSAL has no abort). */
  async function releaseLoopback(loopback: { redirectUri: string; state: string }): Promise<void> {
    try {
      const response = await fetch(loopback.redirectUri, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ error: 'access_denied', error_description: 'Sign-in cancelled in ACR Cache Studio.', state: loopback.state }),
      });
      await response.arrayBuffer();
    } catch (err) {
      log(`loopback listener not released: ${errorText(err)}`);
    }
  }

  async function signIn(request: SignInRequest, signal?: AbortSignal): Promise<AccountSummary> {
    await tokenStore.ready();
    if (pending) {
      throw new AppError(
        'sign-in-in-progress',
        `A ${pending.info.mode === 'browser' ? 'browser' : 'device code'} sign-in is already waiting; finish it or cancel it first.`,
      );
    }
    const effective = settings.effective();
    const name = request.cloud ?? effective.cloud;
    const endpoints = cloud(name);
    const tenant = request.tenant?.trim() || effective.tenant;
    if (!isTenant(tenant)) throw new AppError('invalid-setting', `"${tenant}" is not a tenant: use a tenant ID (GUID), a domain, or "organizations".`);
    const pca = pcaFor(name);
    const authority = `${endpoints.authorityHost}/${tenant}`;
    const scopes = [endpoints.armScope];
    const controller = new AbortController();
    const mode: SignInMode = request.mode;
    const me: Pending = {
      info: { id: `sign-in-${++sequence}`, cloud: name, mode, startedAt: new Date().toISOString() },
      controller,
    };
    pending = me;
    const onOuterAbort = () => controller.abort(new AppError('sign-in-cancelled', 'The sign-in was cancelled.'));
    if (signal?.aborted) onOuterAbort();
    signal?.addEventListener('abort', onOuterAbort, { once: true });
    const timer = setTimeout(
      () => controller.abort(new AppError('sign-in-timed-out', `Nobody finished the sign-in within ${Math.round(signInTimeoutMs / 60_000)} minutes, so it was cancelled. Start it again when you are ready.`)),
      signInTimeoutMs,
    );
    const known = new Set((await allAccountInfos()).map((e) => e.info.homeAccountId));
    await emitChanged();

    controller.signal.addEventListener(
      'abort',
      () => {
        if (me.deviceRequest) me.deviceRequest.cancel = true;
        if (me.loopback) void releaseLoopback(me.loopback);
      },
      { once: true },
    );

    let acquisition: Promise<AuthenticationResult | null>;
    if (mode === 'browser') {
      acquisition = pca.acquireTokenInteractive({
        scopes,
        authority,
        prompt: 'select_account',
        ...(request.loginHint ? { loginHint: request.loginHint } : {}),
        successTemplate: SIGN_IN_SUCCESS_PAGE,
        errorTemplate: SIGN_IN_ERROR_PAGE,
        openBrowser: async (url: string) => {
          if (controller.signal.aborted) throw controller.signal.reason;
          me.loopback = checkAuthorizeUrl(url, endpoints, effective.clientId);
          await options.openBrowser(url);
        },
      });
    } else {
      const deviceRequest: DeviceCodeRequest = {
        scopes,
        authority,
        deviceCodeCallback: (response) => {
          emitEvent(events, 'auth.onDeviceCode', {
            signInId: me.info.id,
            userCode: response.userCode,
            verificationUri: response.verificationUri,
            message: response.message,
            expiresAt: new Date(Date.now() + response.expiresIn * 1000).toISOString(),
          });
        },
      };
      me.deviceRequest = deviceRequest;
      acquisition = pca.acquireTokenByDeviceCode(deviceRequest);
    }

    const aborted = new Promise<never>((_, reject) => {
      const fail = () => reject(controller.signal.reason);
      if (controller.signal.aborted) fail();
      else controller.signal.addEventListener('abort', fail, { once: true });
    });
    try {
      const result = await Promise.race([acquisition, aborted]);
      if (!result?.account) throw new AppError('sign-in-failed', 'Microsoft Entra ID answered without an account (no ID token); the app cannot keep this sign-in.');
      const summary = summarize(name, result.account);
      log(`signed in ${summary.username} (${name}, ${mode})`);
      return summary;
    } catch (err) {
      if (controller.signal.aborted) {
        // MSAL may still finish in the background (e.g. the code was already being redeemed):
        // a cancelled sign-in must not leave a new account behind.
        acquisition.then(
          async (late) => {
            if (late?.account && !known.has(late.account.homeAccountId)) {
              await pca.getTokenCache().removeAccount(late.account);
              void emitChanged();
            }
          },
          () => {},
        );
        const reason: unknown = controller.signal.reason;
        throw reason instanceof AppError ? reason : new AppError('sign-in-cancelled', 'The sign-in was cancelled.');
      }
      throw signInErrorToAppError(err, { host: new URL(endpoints.authorityHost).host });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onOuterAbort);
      if (pending === me) pending = null;
      // Before the caller hears the result, so the renderer sees the change first.
      await emitChanged();
    }
  }

  function cancelSignIn(): boolean {
    if (!pending) return false;
    pending.controller.abort(new AppError('sign-in-cancelled', 'The sign-in was cancelled.'));
    return true;
  }

  async function signOut(accountId: string): Promise<void> {
    const { pca, info, summary } = await resolve(accountId);
    await pca.getTokenCache().removeAccount(info);
    // Tenant profiles of the same account share its tokens; make sure none is left behind.
    for (const entry of await allAccountInfos()) {
      if (accountIdOf(entry.cloud, entry.info.homeAccountId) === accountId) await pca.getTokenCache().removeAccount(entry.info);
    }
    for (const key of [...tokenMemo.keys()]) if (key.startsWith(`${accountId} `)) tokenMemo.delete(key);
    await tokenStore.flush();
    log(`signed out ${summary.username}`);
    await emitChanged();
  }

  function credential(accountId: string, tenantId?: string): TokenCredential {
    return {
      async getToken(scopes: string | string[], tokenOptions?: GetTokenOptions): Promise<AccessToken> {
        const list = Array.isArray(scopes) ? scopes : [scopes];
        const tenant = tokenOptions?.tenantId ?? tenantId;
        const memoKey = `${accountId} ${tenant ?? ''} ${list.join(' ')}`;
        const memo = tokenMemo.get(memoKey);
        if (memo && memo.expiresOnTimestamp - Date.now() > TOKEN_REUSE_MARGIN_MS) return memo;
        const resolved = await resolve(accountId);
        let result: AuthenticationResult | null;
        try {
          result = await resolved.pca.acquireTokenSilent({
            account: resolved.info,
            scopes: list,
            ...(tenant ? { authority: `${resolved.cloud.authorityHost}/${tenant}` } : {}),
          });
        } catch (err) {
          throw signInErrorToAppError(err, { host: new URL(resolved.cloud.authorityHost).host, username: resolved.summary.username });
        }
        if (!result?.accessToken) {
          throw new AppError('sign-in-required', `Sign in again as ${resolved.summary.username}: no token could be obtained without you.`);
        }
        const token: AccessToken = {
          token: result.accessToken,
          tokenType: 'Bearer',
          // MSAL always sets expiresOn for bearer tokens; if it ever does not, treat the token as short-lived.
          expiresOnTimestamp: result.expiresOn?.getTime() ?? Date.now() + 60_000,
          ...(result.refreshOn ? { refreshAfterTimestamp: result.refreshOn.getTime() } : {}),
        };
        tokenMemo.set(memoKey, token);
        return token;
      },
    };
  }

  return {
    ready: () => tokenStore.ready(),
    status,
    listAccounts,
    signIn,
    cancelSignIn,
    signOut,
    async updateSettings(update) {
      const view = await settings.update(update);
      tokenMemo.clear();
      await emitChanged();
      return view;
    },
    async dismissNotice() {
      tokenStore.clearNotice();
      settings.warnings.splice(0, settings.warnings.length);
      await emitChanged();
    },
    credential,
    async cloudOf(accountId) {
      return (await resolve(accountId)).cloud;
    },
    async account(accountId) {
      return (await resolve(accountId)).summary;
    },
    dispose() {
      cancelSignIn();
      networkClient.destroy();
    },
  };
}
