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

/** A URL scheme pasted in front of a host (`https://`, `docker://`, `oci://`). */
const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

/** The scheme at the start of `text` (`https://`), if any, and the rest without it. */
export function splitScheme(text: string): { scheme: string; rest: string } | undefined {
  const match = SCHEME.exec(text);
  return match === null ? undefined : { scheme: match[0], rest: text.slice(match[0].length) };
}

/**
 * A host as an endpoint: lowercased, and without `:443`, the port HTTPS uses anyway
 * (`GHCR.io:443` is `ghcr.io`). Login servers and registry hosts compare with this everywhere.
 */
export function endpointOf(host: string): string {
  const lower = host.toLowerCase();
  return lower.endsWith(':443') ? lower.slice(0, -4) : lower;
}

/** Whether two hosts are one endpoint (case-insensitively, `:443` or not). */
export function sameEndpoint(a: string, b: string): boolean {
  return endpointOf(a) === endpointOf(b);
}

/** The login server a host means for ACR: an alias (`registry-1.docker.io`) as its upstream's. */
export function canonicalLoginServer(host: string): string {
  const endpoint = endpointOf(host);
  return upstreamByAlias(endpoint)?.loginServer ?? endpoint;
}

/**
 * The catalogued upstream a host with a port means (`ghcr.io:5000` → GitHub Container Registry):
 * ACR knows upstreams by their login server alone, so the fix is to drop the port.
 */
export function upstreamIgnoringPort(host: string): Upstream | undefined {
  const colon = host.lastIndexOf(':');
  if (colon < 0 || host.endsWith(']')) return undefined;
  const bare = host.slice(0, colon);
  return upstreamByLoginServer(bare) ?? upstreamByAlias(bare);
}

/** The DNS suffixes of ACR login servers: public cloud, US Government, China (21Vianet). */
export const ACR_SUFFIXES: readonly string[] = ['.azurecr.io', '.azurecr.us', '.azurecr.cn'];

export type LoginServerResult =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly error: string; readonly fix?: string; readonly replacement?: string };

/** Registry names are 5–50 letters and digits (ARM); the login server may add a `-<hash>` label. */
const REGISTRY_LABEL = /^[a-z0-9]{5,50}(?:-[a-z0-9]+)?$/;

/**
 * A registry's login server as a user writes it (rule-set file `registry:`, the CLI's
 * `--registry`, the import and plan target): `contoso.azurecr.io`, or the sovereign
 * `.azurecr.us` / `.azurecr.cn`. Returns it lowercased; a mistake comes with the corrected text.
 */
export function parseRegistryLoginServer(input: string): LoginServerResult {
  if (typeof input !== 'string' || input.trim() === '') return { ok: false, error: 'the registry login server is empty', fix: "write it as '<name>.azurecr.io'" };
  const text = input.trim();
  const scheme = splitScheme(text);
  if (scheme !== undefined) {
    const rest = scheme.rest.replace(/\/+$/, '');
    const inner = parseRegistryLoginServer(rest);
    const replacement = inner.ok ? inner.value : (inner.replacement ?? rest);
    return { ok: false, error: `the registry login server '${text}' starts with the scheme '${scheme.scheme}'; a login server is a host name`, fix: `drop the scheme: write '${replacement}'`, replacement };
  }
  if (text.includes('/')) {
    const host = text.slice(0, text.indexOf('/'));
    return { ok: false, error: `the registry login server '${text}' has a path; a login server is a host name`, fix: `write '${host.toLowerCase()}'`, replacement: host.toLowerCase() };
  }
  const endpoint = endpointOf(text);
  if (endpoint !== text.toLowerCase()) {
    return { ok: false, error: `the registry login server '${text}' has the port ':443'; a login server is written without one`, fix: `write '${endpoint}'`, replacement: endpoint };
  }
  const suffix = ACR_SUFFIXES.find((s) => endpoint.endsWith(s));
  if (suffix !== undefined && REGISTRY_LABEL.test(endpoint.slice(0, -suffix.length))) return { ok: true, value: endpoint };
  const suffixes = `'.azurecr.io' (or '.azurecr.us', '.azurecr.cn' in the US Government and China clouds)`;
  const label = endpoint.split('.')[0] ?? '';
  // `contoso`, `contoso.azurecr`, `contoso.azurecr.com`: a name with a missing or wrong suffix.
  if (REGISTRY_LABEL.test(label) && (endpoint === label || /^[a-z0-9-]+\.azurecr(?:\.[a-z]+)?$/.test(endpoint))) {
    const replacement = `${label}.azurecr.io`;
    return { ok: false, error: `'${text}' is not a registry login server; ACR login servers end in ${suffixes}`, fix: `write '${replacement}'`, replacement };
  }
  if (suffix !== undefined) {
    return { ok: false, error: `'${text}' is not a registry login server: the registry name '${endpoint.slice(0, -suffix.length)}' must be 5–50 lowercase letters and digits` };
  }
  return { ok: false, error: `'${text}' is not an Azure container registry login server; they end in ${suffixes}` };
}
