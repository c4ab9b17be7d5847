// The live probe: does the upstream really have the image a rule would fetch? It asks the
// upstream registry over the OCI distribution API exactly as a pull starts — a manifest request,
// with an anonymous bearer token when the registry challenges — but with HEAD, which Docker Hub
// does not count as a pull. Only upstreams ACR can cache from are contacted, over https, and no
// credentials are ever sent. Redirects are not followed blindly: each hop and the token realm is
// checked against the upstream's hosts in the catalog (probe-hosts.ts) before it is requested.
import { parseReference } from '../../core/reference.ts';
import { upstreamByAlias, upstreamByLoginServer } from '../../core/upstreams.ts';
import { parseWwwAuthenticate } from '../../core/www-authenticate.ts';
import type { ProbeResult } from '../../preload/api.ts';
import { checkHop, type HopPolicy } from './probe-hosts.ts';

export interface ProbeOptions {
  /** Base URL of a registry host's API; from the catalog by default (Docker Hub: registry-1.docker.io). */
  endpointFor?: (host: string) => string;
  /**
   * Test-only: plain http and loopback addresses are allowed (a local registry stands in for the
   * upstream). The Electron entry never sets it; tests and the e2e harness do.
   */
  allowLoopbackForTests?: boolean;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** Redirects followed per request; registry.k8s.io needs one, nobody needs five. */
const MAX_HOPS = 5;
/** A token answer is a small JSON object; a bigger one is not read. */
const MAX_TOKEN_BYTES = 64 * 1024;

class HopRefused extends Error {}

function result(reference: string, endpoint: string, fields: Partial<ProbeResult> & Pick<ProbeResult, 'outcome' | 'message'>): ProbeResult {
  return { reference, endpoint, status: null, digest: null, mediaType: null, rateLimit: null, ...fields };
}

/**
 * A request with `redirect: 'manual'`: each Location is resolved, checked like the first URL and
 * only then requested. The Authorization header goes only to the host it was obtained for.
 */
async function requestChecked(doFetch: typeof fetch, start: URL, init: RequestInit & { headers: Record<string, string> }, policy: HopPolicy): Promise<Response> {
  let url = start;
  const authorizedHost = url.host;
  for (let hop = 0; ; hop++) {
    const { authorization, ...rest } = init.headers;
    const headers = url.host === authorizedHost && authorization ? { ...rest, authorization } : rest;
    const response = await doFetch(url, { ...init, headers, redirect: 'manual' });
    const location = response.status >= 300 && response.status < 400 ? response.headers.get('location') : null;
    if (location === null) return response;
    if (hop + 1 >= MAX_HOPS) throw new HopRefused(`${start.host} redirected more than ${MAX_HOPS - 1} times`);
    const next = checkHop(location, policy, url);
    if (!next.ok) throw new HopRefused(`${url.host} redirected the probe, which did not follow: ${next.reason}`);
    url = next.url;
  }
}

export async function probeUpstream(input: string, options: ProbeOptions = {}): Promise<ProbeResult> {
  const parsed = parseReference(input.trim());
  if (!parsed.ok) return result(input, '', { outcome: 'error', message: `"${input}" is not an image reference: ${parsed.error}` });
  const { domain, path, tag, digest } = parsed.reference;
  const host = domain ?? 'docker.io';
  const reference = `${host}/${path}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
  const known = upstreamByLoginServer(host) ?? upstreamByAlias(host);
  if (!known) {
    return result(reference, '', {
      outcome: 'error',
      message: `${host} is not an upstream ACR can cache from, so it was not contacted. Check the rule's source.`,
    });
  }
  const policy: HopPolicy = { upstream: known, probedHost: host, allowLoopbackForTests: options.allowLoopbackForTests === true };
  const endpoint = (options.endpointFor?.(known.loginServer === 'docker.io' ? 'docker.io' : host) ?? `https://${known.probe.endpoint ?? host}`).replace(/\/+$/, '');
  const first = checkHop(`${endpoint}/v2/${path}/manifests/${digest ?? tag ?? 'latest'}`, policy);
  if (!first.ok) return result(reference, endpoint, { outcome: 'error', message: `${first.reason}, so it was not contacted.` });
  const doFetch = options.fetch ?? fetch;
  const signal = AbortSignal.timeout(options.timeoutMs ?? 15_000);
  const head = (authorization?: string) =>
    requestChecked(doFetch, first.url, { method: 'HEAD', headers: { accept: MANIFEST_TYPES, ...(authorization ? { authorization } : {}) }, signal }, policy);

  try {
    let response = await head();
    if (response.status === 401) {
      const bearer = parseWwwAuthenticate(response.headers.get('www-authenticate') ?? '').find((c) => c.scheme === 'bearer');
      const rawRealm = bearer?.params['realm'];
      if (!bearer || !rawRealm) {
        return result(reference, endpoint, {
          outcome: 'needs-credentials',
          status: 401,
          message: `${host} wants a login before it shows ${path}: the rule needs a credential set for ${host} (or the repository is private).`,
        });
      }
      // The realm is the registry's say-so: it is checked like any hop before the probe goes there.
      const realm = checkHop(rawRealm, policy);
      if (!realm.ok) return result(reference, endpoint, { outcome: 'error', status: 401, message: `${host} sent its token service as ${rawRealm.slice(0, 200)}, which the probe did not contact: ${realm.reason}.` });
      if (bearer.params['service']) realm.url.searchParams.set('service', bearer.params['service']);
      realm.url.searchParams.set('scope', `repository:${path}:pull`);
      const tokenResponse = await requestChecked(doFetch, realm.url, { method: 'GET', headers: { accept: 'application/json' }, signal }, policy);
      if (!tokenResponse.ok) {
        return result(reference, endpoint, { outcome: 'needs-credentials', status: tokenResponse.status, message: `${host} gave no anonymous token for ${path} (HTTP ${tokenResponse.status}): the rule needs a credential set.` });
      }
      const text = await tokenResponse.text();
      if (text.length > MAX_TOKEN_BYTES) return result(reference, endpoint, { outcome: 'error', message: `${host}'s token service answered with ${text.length} bytes, far more than a token.` });
      let body: { token?: unknown; access_token?: unknown } = {};
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        // not JSON: reported as "without a token" below
      }
      const token = typeof body?.token === 'string' ? body.token : typeof body?.access_token === 'string' ? body.access_token : null;
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
    if (error instanceof HopRefused) return result(reference, endpoint, { outcome: 'error', message: `${error.message}.` });
    const reason = error instanceof Error ? (error.name === 'TimeoutError' ? 'no answer in time' : ((error.cause as Error | undefined)?.message ?? error.message)) : String(error);
    return result(reference, endpoint, { outcome: 'unreachable', message: `${endpoint} could not be reached (${reason}). Check the network or proxy of this machine.` });
  }
}
