// Which URLs the live probe may request. Every hop is checked here: the first request, each
// redirect and the WWW-Authenticate token realm. A registry (or whoever answers for it) must not
// be able to steer the probe into this machine's network: no IP literals, no loopback, private
// or link-local targets, only https, only the hosts the upstream catalog lists for that upstream.
import { isIP } from 'node:net';
import type { Upstream } from '../../core/upstreams.ts';

export interface HopPolicy {
  /** The upstream being probed, for messages and its catalog host list. */
  upstream: Upstream;
  /** The host the rule names (e.g. `eu.gcr.io`, `contoso.azurecr.io`): always allowed. */
  probedHost: string;
  /**
   * Test-only: lets the probe talk plain http to loopback addresses (a local registry). Only the
   * tests and the e2e harness set it; the Electron entry never does.
   */
  allowLoopbackForTests?: boolean;
}

export type HopCheck = { ok: true; url: URL } | { ok: false; reason: string };

function ipv4Parts(host: string): number[] | null {
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return null;
  return host.split('.').map(Number);
}

/** What kind of address an IP literal is, in words, or null for a public one. */
export function specialAddressKind(host: string): string | null {
  const bare = host.startsWith('[') ? host.slice(1, -1).toLowerCase() : host;
  const v4 = ipv4Parts(bare) ?? ipv4Parts(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare)?.[1] ?? '');
  if (v4) {
    const [a, b] = v4 as [number, number];
    if (a === 127) return 'a loopback address';
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127)) return 'a private address';
    if (a === 169 && b === 254) return 'a link-local address (where cloud metadata services answer)';
    if (a === 0 || a >= 224) return 'a reserved address';
    return null;
  }
  if (bare === '::1') return 'a loopback address';
  if (bare === '::') return 'a reserved address';
  if (/^fe[89ab]/.test(bare)) return 'a link-local address';
  if (/^f[cd]/.test(bare)) return 'a private address';
  return null;
}

function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || specialAddressKind(host) === 'a loopback address';
}

/** Whether `host` is on the upstream's list (exact, or `*.suffix` for any subdomain). */
function listed(host: string, policy: HopPolicy): boolean {
  if (host === policy.probedHost.toLowerCase()) return true;
  return policy.upstream.probe.hosts.concat(policy.upstream.probe.endpoint ?? []).some((entry) =>
    entry.startsWith('*.') ? host.endsWith(entry.slice(1)) && host.length > entry.length - 1 : host === entry,
  );
}

/** The URL when the probe may request it, else why not (in words for the probe's message). */
export function checkHop(raw: string | URL, policy: HopPolicy, base?: URL): HopCheck {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return { ok: false, reason: `${String(raw).slice(0, 200)} is not a URL` };
  }
  if (url.username || url.password) return { ok: false, reason: `${url.host} was given with a user name or password, which the probe never sends` };
  const host = url.hostname.toLowerCase();
  if (policy.allowLoopbackForTests && isLoopbackHost(host) && (url.protocol === 'http:' || url.protocol === 'https:')) return { ok: true, url };
  if (url.protocol !== 'https:') return { ok: false, reason: `${url.origin} is not an https address; the probe only talks https to upstreams` };
  const kind = isIP(host.replace(/^\[|\]$/g, '')) ? (specialAddressKind(host) ?? 'an IP address') : host === 'localhost' || host.endsWith('.localhost') ? 'a loopback name' : null;
  if (kind) return { ok: false, reason: `${url.host} is ${kind}; the probe only contacts registries by their public host names` };
  if (url.port !== '' && url.port !== '443') return { ok: false, reason: `${url.host} uses port ${url.port}; the probe only uses https on port 443` };
  if (!listed(host, policy)) {
    const allowed = [policy.probedHost, ...policy.upstream.probe.hosts].join(', ');
    return { ok: false, reason: `${host} is not a host of ${policy.upstream.displayName} (the probe may contact ${allowed})` };
  }
  return { ok: true, url };
}
