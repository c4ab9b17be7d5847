// The upstream registries ACR artifact cache can pull from, loaded from the data file
// upstream-catalog.json (each entry: host or pattern, auth modes, source, date checked). The
// service's list moves faster than any release, so a host missing here is a warning
// (core/validate.ts), never a refusal. This module is the catalog's one reader: a small, stable
// API (`UPSTREAMS`, `upstreamByLoginServer`, `upstreamByAlias`, `isAcrLoginServer`, `CATALOG_CHECKED`).
import catalog from './upstream-catalog.json' with { type: 'json' };
import { DOCKER_HUB, DOCKER_HUB_ALIASES } from './reference.ts';

/** How a rule for this upstream may authenticate. */
export type AuthMode = 'anonymous' | 'credential-set' | 'managed-identity';

/** Whether a cache rule for this upstream needs, may have, or must not have a credential set. */
export type CredentialSupport = 'required' | 'optional' | 'not-supported';

/** Where a rule for this upstream can be created. */
export type ConfigurableIn = 'portal' | 'cli';

export interface Upstream {
  /** The login server as written in a rule's source and a credential set, e.g. `docker.io`. */
  readonly loginServer: string;
  readonly displayName: string;
  readonly auth: readonly AuthMode[];
  /** Derived from `auth`, for the credential-set checks. */
  readonly credentials: CredentialSupport;
  readonly configurableIn: readonly ConfigurableIn[];
  /** Other host names people write for the same registry; ACR wants `loginServer`. */
  readonly aliases: readonly string[];
  /**
   * For registries with many hosts (Google Artifact Registry `<region>-docker.pkg.dev`, another
   * ACR): what every host ends with / matches. `loginServer` then is only a display pattern.
   */
  readonly hostSuffix?: string;
  readonly hostPattern?: RegExp;
  readonly notes: readonly string[];
  /** What the live upstream probe may contact for this upstream (main/probe/). */
  readonly probe: ProbeHosts;
  /** Where the entry comes from, and when that source was last checked (YYYY-MM-DD). */
  readonly source: string;
  readonly checked: string;
}

export interface ProbeHosts {
  /** The registry API host, when it is not the login server itself (Docker Hub: registry-1.docker.io). */
  readonly endpoint?: string;
  /** Hosts besides the probed one that a redirect or token realm may point to; `*.x` = any subdomain of x. */
  readonly hosts: readonly string[];
}

interface CatalogEntry {
  loginServer: string;
  displayName: string;
  auth: string[];
  availability: string[];
  aliases: string[];
  hostSuffix?: string;
  hostPattern?: string;
  notes: string[];
  probe?: { endpoint?: string; hosts: string[]; note?: string };
  source: string;
  checked: string;
}

const AUTH_MODES: readonly AuthMode[] = ['anonymous', 'credential-set', 'managed-identity'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PROBE_HOST = /^(?:\*\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;

function credentialSupport(auth: readonly AuthMode[]): CredentialSupport {
  if (!auth.includes('credential-set')) return 'not-supported';
  return auth.includes('anonymous') ? 'optional' : 'required';
}

/** Checks one entry of the data file; a broken catalog is a build-time bug, so it throws. */
function load(entry: CatalogEntry): Upstream {
  const where = `upstream-catalog.json entry ${JSON.stringify(entry.loginServer)}`;
  const auth = entry.auth.map((mode) => {
    if (!(AUTH_MODES as readonly string[]).includes(mode)) throw new Error(`${where}: unknown auth mode ${JSON.stringify(mode)}`);
    return mode as AuthMode;
  });
  if (!auth.length) throw new Error(`${where}: no auth mode`);
  if (!DATE.test(entry.checked) || !entry.source) throw new Error(`${where}: needs a source and a YYYY-MM-DD checked date`);
  const configurableIn = entry.availability.filter((a): a is ConfigurableIn => a === 'portal' || a === 'cli');
  // reference.ts normalises Docker Hub references with its own alias list: the two must agree.
  if (entry.loginServer === DOCKER_HUB && [...entry.aliases].sort().join() !== [...DOCKER_HUB_ALIASES].sort().join()) {
    throw new Error(`${where}: aliases differ from reference.ts DOCKER_HUB_ALIASES`);
  }
  const aliases = entry.aliases;
  const probeHosts = [...(entry.probe?.endpoint ? [entry.probe.endpoint] : []), ...(entry.probe?.hosts ?? [])];
  const badHost = probeHosts.find((h) => !PROBE_HOST.test(h));
  if (badHost !== undefined) throw new Error(`${where}: probe host ${JSON.stringify(badHost)} is not a lower-case host name or *.domain`);
  return {
    loginServer: entry.loginServer,
    displayName: entry.displayName,
    auth,
    credentials: credentialSupport(auth),
    configurableIn,
    aliases,
    ...(entry.hostSuffix ? { hostSuffix: entry.hostSuffix } : {}),
    ...(entry.hostPattern ? { hostPattern: new RegExp(entry.hostPattern, 'i') } : {}),
    notes: entry.notes,
    probe: { ...(entry.probe?.endpoint ? { endpoint: entry.probe.endpoint } : {}), hosts: entry.probe?.hosts ?? [] },
    source: entry.source,
    checked: entry.checked,
  };
}

export const UPSTREAMS: readonly Upstream[] = (catalog.upstreams as CatalogEntry[]).map(load);

/** The date the catalog as a whole was last checked against its sources. */
export const CATALOG_CHECKED: string = catalog.checked;

const BY_LOGIN_SERVER = new Map<string, Upstream>(UPSTREAMS.filter((u) => u.hostSuffix === undefined && u.hostPattern === undefined).map((u) => [u.loginServer, u]));
const BY_ALIAS = new Map<string, Upstream>(UPSTREAMS.flatMap((u) => u.aliases.map((a) => [a, u] as const)));
const BY_SHAPE = UPSTREAMS.filter((u) => u.hostSuffix !== undefined || u.hostPattern !== undefined);

/** The upstream a cache rule's source or a credential set names, compared case-insensitively. */
export function upstreamByLoginServer(loginServer: string): Upstream | undefined {
  const host = loginServer.toLowerCase();
  const exact = BY_LOGIN_SERVER.get(host);
  if (exact !== undefined) return exact;
  for (const upstream of BY_SHAPE) {
    if (host.includes('/')) continue;
    if (upstream.hostPattern?.test(host)) return upstream;
    const suffix = upstream.hostSuffix;
    if (suffix !== undefined && host.length > suffix.length && host.endsWith(suffix)) return upstream;
  }
  return undefined;
}

/** The upstream whose alias `host` is (e.g. `index.docker.io`), for a "did you mean" fix. */
export function upstreamByAlias(host: string): Upstream | undefined {
  return BY_ALIAS.get(host.toLowerCase());
}

const ACR_LOGIN_SERVER = /^[a-z0-9]+(?:-[a-z0-9]+)?\.azurecr\.(?:io|cn|us|de)$/i;

/** Whether `host` is an Azure Container Registry login server (any cloud). */
export function isAcrLoginServer(host: string): boolean {
  return ACR_LOGIN_SERVER.test(host);
}
