// A rule's source as the editor shows it: an upstream picked from core's catalog, plus the path
// under it. The catalog decides what a host means (aliases, Google Artifact Registry's regional
// hosts); anything else is "another registry", kept as typed so validation can say it is not
// supported rather than the editor silently dropping it.
import { UPSTREAMS, upstreamByLoginServer, type Upstream } from '../../../../core/index.ts';

/** The `<select>` value for a registry that is not in the catalog. */
export const OTHER_UPSTREAM = 'other';

export interface SourceParts {
  /** An upstream's `loginServer` from the catalog, or `OTHER_UPSTREAM`. */
  readonly upstream: string;
  /** The host, when the upstream has many (regional hosts) or is not in the catalog. */
  readonly host: string;
  /** Everything after `<host>/`. */
  readonly path: string;
}

export function catalogUpstream(key: string): Upstream | undefined {
  return UPSTREAMS.find((u) => u.loginServer === key);
}

/** Whether the host has to be typed, because the choice names no single host. */
export function needsHost(key: string): boolean {
  if (key === OTHER_UPSTREAM) return true;
  const upstream = catalogUpstream(key);
  // a choice of many hosts: regional suffixes (GAR) or a host shape (another ACR, `<name>.azurecr.io`)
  return upstream?.hostSuffix !== undefined || upstream?.hostPattern !== undefined;
}

export function splitSource(source: string): SourceParts {
  const slash = source.indexOf('/');
  const host = slash < 0 ? source : source.slice(0, slash);
  const path = slash < 0 ? '' : source.slice(slash + 1);
  if (host === '') return { upstream: UPSTREAMS[0]?.loginServer ?? OTHER_UPSTREAM, host: '', path };
  // exact, lowercase catalog names only: `Docker.io` or `index.docker.io` stay as typed, so the
  // validator can point at them
  const upstream = host === host.toLowerCase() ? upstreamByLoginServer(host) : undefined;
  if (upstream === undefined) return { upstream: OTHER_UPSTREAM, host, path };
  if (upstream.hostSuffix !== undefined || upstream.hostPattern !== undefined) return { upstream: upstream.loginServer, host, path };
  if (upstream.loginServer !== host) return { upstream: OTHER_UPSTREAM, host, path };
  return { upstream: upstream.loginServer, host: '', path };
}

export function joinSource(parts: SourceParts): string {
  const host = needsHost(parts.upstream) ? parts.host.trim() : parts.upstream;
  return `${host}/${parts.path}`;
}

/** What the source input is prefixed with, e.g. `quay.io/`. */
export function sourcePrefix(parts: SourceParts): string {
  return needsHost(parts.upstream) ? '' : `${parts.upstream}/`;
}
