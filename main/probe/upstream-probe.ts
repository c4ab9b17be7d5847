// The live probe: does the upstream really have the image a rule would fetch? It asks the
// upstream registry over the OCI distribution API exactly as a pull starts — a manifest request,
// with an anonymous bearer token when the registry challenges — but with HEAD, which Docker Hub
// does not count as a pull. Only upstreams ACR can cache from are contacted, over https (plain
// http only on loopback, for tests), and no credentials are ever sent.
import { parseReference } from '../../core/reference.ts';
import { upstreamByAlias, upstreamByLoginServer } from '../../core/upstreams.ts';
import { parseWwwAuthenticate } from '../../core/www-authenticate.ts';
import type { ProbeResult } from '../../preload/api.ts';

export interface ProbeOptions {
  /** Base URL of a registry host's API; `https://<host>` by default (Docker Hub: registry-1.docker.io). */
  endpointFor?: (host: string) => string;
  /** Hosts the probe may contact besides the upstream catalog (tests: a local registry). */
  extraHosts?: readonly string[];
  fetch?: typeof fetch;
  timeoutMs?: number;
}

const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

function defaultEndpoint(host: string): string {
  return host === 'docker.io' ? 'https://registry-1.docker.io' : `https://${host}`;
}

function isLoopback(url: URL): boolean {
  return url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
}

function allowedUrl(raw: string): URL | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.username || url.password) return null;
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url))) return url;
  return null;
}

function result(reference: string, endpoint: string, fields: Partial<ProbeResult> & Pick<ProbeResult, 'outcome' | 'message'>): ProbeResult {
  return { reference, endpoint, status: null, digest: null, mediaType: null, rateLimit: null, ...fields };
}

export async function probeUpstream(input: string, options: ProbeOptions = {}): Promise<ProbeResult> {
  const parsed = parseReference(input.trim());
  if (!parsed.ok) return result(input, '', { outcome: 'error', message: `"${input}" is not an image reference: ${parsed.error}` });
  const { domain, path, tag, digest } = parsed.reference;
  const host = domain ?? 'docker.io';
  const reference = `${host}/${path}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
  const known = upstreamByLoginServer(host) ?? upstreamByAlias(host);
  if (!known && !options.extraHosts?.includes(host)) {
    return result(reference, '', {
      outcome: 'error',
      message: `${host} is not an upstream ACR can cache from, so it was not contacted. Check the rule's source.`,
    });
  }
  const endpoint = (options.endpointFor ?? defaultEndpoint)(known?.loginServer === 'docker.io' ? 'docker.io' : host).replace(/\/+$/, '');
  const base = allowedUrl(endpoint);
  if (!base) return result(reference, endpoint, { outcome: 'error', message: `${endpoint} is not an https address; the probe only talks https to upstreams.` });
  const doFetch = options.fetch ?? fetch;
  const signal = AbortSignal.timeout(options.timeoutMs ?? 15_000);
  const manifestUrl = `${base.origin}/v2/${path}/manifests/${digest ?? tag ?? 'latest'}`;

  const head = (authorization?: string) =>
    doFetch(manifestUrl, { method: 'HEAD', headers: { accept: MANIFEST_TYPES, ...(authorization ? { authorization } : {}) }, redirect: 'follow', signal });

  try {
    let response = await head();
    if (response.status === 401) {
      const bearer = parseWwwAuthenticate(response.headers.get('www-authenticate') ?? '').find((c) => c.scheme === 'bearer');
      const realm = bearer?.params['realm'] ? allowedUrl(bearer.params['realm']) : null;
      if (!bearer || !realm) {
        return result(reference, endpoint, {
          outcome: 'needs-credentials',
          status: 401,
          message: `${host} wants a login before it shows ${path}: the rule needs a credential set for ${host} (or the repository is private).`,
        });
      }
      if (bearer.params['service']) realm.searchParams.set('service', bearer.params['service']);
      realm.searchParams.set('scope', `repository:${path}:pull`);
      const tokenResponse = await doFetch(realm, { signal });
      if (!tokenResponse.ok) {
        return result(reference, endpoint, { outcome: 'needs-credentials', status: tokenResponse.status, message: `${host} gave no anonymous token for ${path} (HTTP ${tokenResponse.status}): the rule needs a credential set.` });
      }
      const body = (await tokenResponse.json()) as { token?: unknown; access_token?: unknown };
      const token = typeof body.token === 'string' ? body.token : typeof body.access_token === 'string' ? body.access_token : null;
      if (!token) return result(reference, endpoint, { outcome: 'error', message: `${host}'s token service answered without a token.` });
      response = await head(`Bearer ${token}`);
    }
    const limit = response.headers.get('ratelimit-limit');
    const remaining = response.headers.get('ratelimit-remaining');
    const rateLimit = limit && remaining ? { limit, remaining } : null;
    const common = { status: response.status, rateLimit };
    if (response.ok) {
      return result(reference, endpoint, {
        ...common,
        outcome: 'found',
        digest: response.headers.get('docker-content-digest'),
        mediaType: response.headers.get('content-type'),
        message: `${reference} exists upstream${response.headers.get('docker-content-digest') ? ` (${response.headers.get('docker-content-digest')})` : ''}.`,
      });
    }
    if (response.status === 404) {
      return result(reference, endpoint, { ...common, outcome: 'not-found', message: `${host} has no ${path}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}: check the tag and the rule's source path${host === 'docker.io' && !path.includes('/') ? '' : host === 'docker.io' && !path.startsWith('library/') ? ' (official Docker Hub images live under library/)' : ''}.` });
    }
    if (response.status === 401 || response.status === 403) {
      return result(reference, endpoint, { ...common, outcome: 'needs-credentials', message: `${host} refused an anonymous pull of ${path} (HTTP ${response.status}): the rule needs a credential set, or the repository is private.` });
    }
    if (response.status === 429) {
      return result(reference, endpoint, { ...common, outcome: 'rate-limited', message: `${host} is rate-limiting pulls from this machine${rateLimit ? ` (${rateLimit.remaining} of ${rateLimit.limit} left)` : ''}; try again later. ACR's own pulls use its credential set's quota.` });
    }
    return result(reference, endpoint, { ...common, outcome: 'error', message: `${host} answered HTTP ${response.status} for ${path}.` });
  } catch (error) {
    const reason = error instanceof Error ? (error.name === 'TimeoutError' ? 'no answer in time' : ((error.cause as Error | undefined)?.message ?? error.message)) : String(error);
    return result(reference, endpoint, { outcome: 'unreachable', message: `${endpoint} could not be reached (${reason}). Check the network or proxy of this machine.` });
  }
}
