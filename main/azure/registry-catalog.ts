// The registry's existing repositories, from the data plane: ACR's token exchange (Entra token →
// /oauth2/exchange → ACR refresh token → /oauth2/token with scope registry:catalog:*) and the
// OCI distribution catalog (/v2/_catalog, paged with the Link header). Same pipeline and TLS
// trust as the ARM clients, so throttling (Retry-After) and retries behave alike.
//
// A registry whose `azureADAuthenticationAsArmPolicy` is disabled (`az acr config
// authentication-as-arm update --status disabled`; container-registry-disable-authentication-as-arm.md)
// refuses an ARM-audience Entra token at /oauth2/exchange. The exchange is then tried once more
// with a token for ACR's own audience, https://containerregistry.azure.net, before anything is said
// about roles: a refused ARM token is not a missing role.
//
// Why not @azure/container-registry (1.1.x) for this: its client asks for one fixed audience
// (`audience` option) and has no fallback, so the retry above would still need two clients and
// error sniffing; its exchange omits `tenant` (AAD-OAuth.md lists it; guest accounts need it), it
// decodes the ACR refresh token as a JWT to read `exp` (an opaque token fails), and it lists through
// /acr/v1/_catalog after an unauthenticated challenge round trip. The hand-written flow below is
// the documented three calls with the Link-header paging of /v2/_catalog, and is covered by the
// conformance test against the recorded data-plane exchange.
import type { TokenCredential } from '@azure/core-auth';
import {
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  type HttpClient,
  type Pipeline,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import type { RepositoryListing } from '../../preload/api.ts';
import { AppError } from '../app-error.ts';
import { explainArmError } from '../../core/arm-errors.ts';
import { azureCallLogPolicy } from '../log/azure-call-log.ts';

/** ACR's own Entra audience (AAD-OAuth.md; the only one a registry with authentication-as-arm disabled takes). */
export const ACR_AUDIENCE_SCOPE = 'https://containerregistry.azure.net/.default';

export interface CatalogRequest {
  credential: TokenCredential;
  /** Entra scope whose token ACR accepts for the exchange (the ARM scope). */
  scope: string;
  /** Tried when the registry refuses the first token at the exchange; default ACR_AUDIENCE_SCOPE. */
  fallbackScope?: string;
  tenantId: string;
  loginServer: string;
  /** https origin to reach the registry at; `https://<loginServer>` in production. */
  endpoint: string;
  pageSize?: number;
  maxRepositories?: number;
  abortSignal?: AbortSignal;
}

export interface CatalogClientOptions {
  tlsCa?: string;
  retryOptions?: { maxRetries?: number; retryDelayInMs?: number; maxRetryDelayInMs?: number };
  userAgentPrefix?: string;
}

interface DistributionErrorBody {
  errors?: Array<{ code?: string; message?: string }>;
}

function parseJson(response: PipelineResponse): unknown {
  try {
    return response.bodyAsText ? JSON.parse(response.bodyAsText) : {};
  } catch {
    return {};
  }
}

/** `</v2/_catalog?last=x&n=100>; rel="next"` → `/v2/_catalog?last=x&n=100` (path kept relative to the endpoint). */
export function nextCatalogPath(link: string | undefined): string | null {
  if (!link) return null;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(part);
    if (!match) continue;
    const target = match[1]!;
    const url = new URL(target, 'https://registry.invalid');
    if (!url.pathname.endsWith('/v2/_catalog')) return null;
    return `/v2/_catalog${url.search}`;
  }
  return null;
}

export class RegistryCatalogClient {
  private readonly pipeline: Pipeline;
  private readonly http: HttpClient;

  constructor(options: CatalogClientOptions = {}) {
    this.pipeline = createPipelineFromOptions({
      ...(options.tlsCa ? { tlsOptions: { ca: options.tlsCa } } : {}),
      retryOptions: options.retryOptions ?? {},
      userAgentOptions: { userAgentPrefix: options.userAgentPrefix ?? 'acr-cache-studio' },
    });
    // every data-plane call's outcome and ids go to the app log (headers and bodies never do)
    this.pipeline.addPolicy(azureCallLogPolicy(), { phase: 'Retry' });
    this.http = createDefaultHttpClient();
  }

  private async send(request: Parameters<Pipeline['sendRequest']>[1]): Promise<PipelineResponse> {
    return this.pipeline.sendRequest(this.http, request);
  }

  private fail(response: PipelineResponse, loginServer: string, step: string): never {
    const body = parseJson(response) as DistributionErrorBody & { error?: string; error_description?: string };
    const first = body.errors?.[0];
    const code = first?.code ?? body.error ?? null;
    const message = first?.message ?? body.error_description ?? null;
    if (response.status === 401 || response.status === 403) {
      throw new AppError(
        'not-authorized',
        `${loginServer} did not let your account ${step}: listing repositories needs a data-plane role on the registry (for example AcrPull, or Container Registry Repository Catalog Lister on ABAC registries). Without it, existing repositories cannot be checked before creating rules.${code || message ? ` (Registry said: ${[code, message].filter(Boolean).join(': ')})` : ''}`,
      );
    }
    const explained = explainArmError({ code, status: response.status, message, subject: `the repositories of ${loginServer}`, action: 'list' });
    throw new AppError(explained.kind, explained.message);
  }

  /** A data-plane access token for `scopes` (one token request; repeated `scope` fields). */
  async accessToken(request: CatalogRequest, scopes: readonly string[], step = 'get a registry token for the catalog'): Promise<string> {
    const { loginServer, endpoint, abortSignal } = request;
    const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
    const exchangeWith = async (scope: string): Promise<PipelineResponse> => {
      const aad = await request.credential.getToken(scope, abortSignal ? { abortSignal } : {});
      if (!aad) throw new AppError('sign-in-required', 'No token could be obtained to read the registry; sign in again.');
      return this.send(
        createPipelineRequest({
          url: `${endpoint}/oauth2/exchange`,
          method: 'POST',
          headers: createHttpHeaders({ 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }),
          body: form({ grant_type: 'access_token', service: loginServer, tenant: request.tenantId, access_token: aad.token }),
          ...(abortSignal ? { abortSignal } : {}),
        }),
      );
    };
    let exchange = await exchangeWith(request.scope);
    const fallback = request.fallbackScope ?? ACR_AUDIENCE_SCOPE;
    // 401/403: the token's audience may be what was refused (authentication-as-arm disabled).
    if ((exchange.status === 401 || exchange.status === 403) && fallback !== request.scope) exchange = await exchangeWith(fallback);
    if (exchange.status !== 200) this.fail(exchange, loginServer, 'exchange its Microsoft Entra token (ARM or registry audience) for a registry token');
    const refreshToken = (parseJson(exchange) as { refresh_token?: unknown }).refresh_token;
    if (typeof refreshToken !== 'string' || !refreshToken) throw new AppError('azure-error', `${loginServer} answered the token exchange without a refresh token.`);

    const token = await this.send(
      createPipelineRequest({
        url: `${endpoint}/oauth2/token`,
        method: 'POST',
        headers: createHttpHeaders({ 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }),
        body: (() => {
          const fields = new URLSearchParams({ grant_type: 'refresh_token', service: loginServer, refresh_token: refreshToken });
          for (const scope of scopes) fields.append('scope', scope);
          return fields.toString();
        })(),
        ...(abortSignal ? { abortSignal } : {}),
      }),
    );
    if (token.status !== 200) this.fail(token, loginServer, step);
    const accessToken = (parseJson(token) as { access_token?: unknown }).access_token;
    if (typeof accessToken !== 'string' || !accessToken) throw new AppError('azure-error', `${loginServer} answered the token request without an access token.`);
    return accessToken;
  }

  /** GET on the data plane with a bearer token; failures explained like the catalog's. */
  async get(request: CatalogRequest, path: string, accessToken: string, step: string): Promise<PipelineResponse> {
    const page = await this.send(
      createPipelineRequest({
        url: `${request.endpoint}${path}`,
        method: 'GET',
        headers: createHttpHeaders({ authorization: `Bearer ${accessToken}`, accept: 'application/json' }),
        ...(request.abortSignal ? { abortSignal: request.abortSignal } : {}),
      }),
    );
    if (page.status !== 200 && page.status !== 404) this.fail(page, request.loginServer, step);
    return page;
  }

  /** GET or HEAD on the data plane as it answers, errors included (the warm-up explains them itself). */
  async raw(request: CatalogRequest, path: string, accessToken: string, accept: string, method: 'GET' | 'HEAD' = 'GET'): Promise<PipelineResponse> {
    return this.send(
      createPipelineRequest({
        url: `${request.endpoint}${path}`,
        method,
        headers: createHttpHeaders({ authorization: `Bearer ${accessToken}`, accept }),
        ...(request.abortSignal ? { abortSignal: request.abortSignal } : {}),
      }),
    );
  }

  async listRepositories(request: CatalogRequest): Promise<RepositoryListing> {
    const { loginServer, endpoint, abortSignal } = request;
    const pageSize = request.pageSize ?? 1000;
    const max = request.maxRepositories ?? 100_000;
    const accessToken = await this.accessToken(request, ['registry:catalog:*']);

    const repositories: string[] = [];
    let path: string | null = `/v2/_catalog?n=${pageSize}`;
    let pages = 0;
    while (path) {
      if (++pages > 10_000) throw new AppError('azure-error', `${loginServer} kept returning catalog pages; stopped after 10,000.`);
      const page = await this.send(
        createPipelineRequest({
          url: `${endpoint}${path}`,
          method: 'GET',
          headers: createHttpHeaders({ authorization: `Bearer ${accessToken}`, accept: 'application/json' }),
          ...(abortSignal ? { abortSignal } : {}),
        }),
      );
      if (page.status !== 200) this.fail(page, loginServer, 'list its repositories');
      const names = (parseJson(page) as { repositories?: unknown }).repositories;
      if (Array.isArray(names)) for (const name of names) if (typeof name === 'string') repositories.push(name);
      path = nextCatalogPath(page.headers.get('link'));
      if (repositories.length > max || (repositories.length === max && path)) return { repositories: repositories.slice(0, max), truncated: true };
    }
    return { repositories, truncated: false };
  }
}
