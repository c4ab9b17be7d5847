// The probe's hops with a scripted fetch: every request uses redirect 'manual', and each redirect
// and token realm is checked against the upstream's hosts in core/upstream-catalog.json before
// it is requested. (The real-registry flows are in test/integration/upstream-probe.test.ts.)
import { describe, expect, test, vi } from 'vitest';
import { upstreamByLoginServer } from '../../core/upstreams.ts';
import { checkHop, specialAddressKind } from './probe-hosts.ts';
import { probeUpstream } from './upstream-probe.ts';

type Reply = { status: number; headers?: Record<string, string>; body?: string };

/** A fetch that answers by URL (without query) and records what it was asked. */
function scripted(routes: Record<string, Reply | ((headers: Headers) => Reply)>) {
  const calls: Array<{ url: string; redirect: RequestRedirect | undefined; authorization: string | null }> = [];
  const fetch = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const headers = new Headers(init?.headers);
    calls.push({ url: url.href, redirect: init?.redirect, authorization: headers.get('authorization') });
    const route = routes[url.origin + url.pathname];
    const reply = typeof route === 'function' ? route(headers) : (route ?? { status: 404 });
    return new Response(reply.body ?? null, { status: reply.status, headers: reply.headers });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

const FOUND: Reply = { status: 200, headers: { 'docker-content-digest': 'sha256:' + 'b'.repeat(64), 'content-type': 'application/vnd.oci.image.index.v1+json' } };

describe('live probe hops', () => {
  test('Docker Hub: the catalog endpoint and token realm (auth.docker.io) are used, every request with redirect manual', async () => {
    const { fetch, calls } = scripted({
      'https://registry-1.docker.io/v2/library/nginx/manifests/1.27': (h) =>
        h.get('authorization') === 'Bearer t0k'
          ? FOUND
          : { status: 401, headers: { 'www-authenticate': 'Bearer realm="https://auth.docker.io/token",service="registry.docker.io"' } },
      'https://auth.docker.io/token': { status: 200, body: '{"token":"t0k"}' },
    });
    const result = await probeUpstream('nginx:1.27', { fetch });
    expect(result).toMatchObject({ outcome: 'found', endpoint: 'https://registry-1.docker.io' });
    expect(calls.map((c) => c.url)).toEqual([
      'https://registry-1.docker.io/v2/library/nginx/manifests/1.27',
      'https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Fnginx%3Apull',
      'https://registry-1.docker.io/v2/library/nginx/manifests/1.27',
    ]);
    expect(calls.every((c) => c.redirect === 'manual')).toBe(true);
  });

  test('a redirect to a host of the same upstream is followed (registry.k8s.io → Artifact Registry), without the token', async () => {
    const { fetch, calls } = scripted({
      'https://registry.k8s.io/v2/pause/manifests/3.10': { status: 307, headers: { location: 'https://us-west1-docker.pkg.dev/v2/k8s-artifacts-prod/images/pause/manifests/3.10' } },
      'https://us-west1-docker.pkg.dev/v2/k8s-artifacts-prod/images/pause/manifests/3.10': FOUND,
    });
    expect(await probeUpstream('registry.k8s.io/pause:3.10', { fetch })).toMatchObject({ outcome: 'found' });
    expect(calls).toHaveLength(2);
    expect(calls.every((c) => c.redirect === 'manual' && c.authorization === null)).toBe(true);
  });

  test.each([
    ['another host', 'https://evil.example/v2/x', /evil\.example is not a host of GitHub Container Registry/],
    ['a link-local address', 'https://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is a link-local address/],
    ['a private address', 'https://10.0.0.7/v2/', /10\.0\.0\.7 is a private address/],
    ['a loopback address', 'https://127.0.0.1/v2/', /127\.0\.0\.1 is a loopback address/],
    ['an IPv6 loopback', 'https://[::1]/v2/', /\[::1\] is a loopback address/],
    ['a public IP literal', 'https://8.8.8.8/v2/', /8\.8\.8\.8 is an IP address/],
    ['localhost', 'https://localhost/v2/', /localhost is a loopback name/],
    ['plain http on the same host', 'http://ghcr.io/v2/x', /not an https address/],
    ['another port', 'https://ghcr.io:8443/v2/x', /uses port 8443/],
    ['userinfo', 'https://user:pw@ghcr.io/v2/x', /user name or password/],
  ])('a redirect to %s is not followed, and says so', async (_what, location, reason) => {
    const { fetch, calls } = scripted({ 'https://ghcr.io/v2/contoso/app/manifests/v1': { status: 302, headers: { location } } });
    const result = await probeUpstream('ghcr.io/contoso/app:v1', { fetch });
    expect(result.outcome).toBe('error');
    expect(result.message).toMatch(/ghcr\.io redirected the probe, which did not follow/);
    expect(result.message).toMatch(reason);
    expect(calls).toHaveLength(1);
  });

  test('a token realm on a foreign host, on http or on an internal address is never contacted', async () => {
    for (const realm of ['https://attacker.example/token', 'http://ghcr.io/token', 'https://169.254.169.254/token']) {
      const { fetch, calls } = scripted({
        'https://ghcr.io/v2/contoso/app/manifests/v1': { status: 401, headers: { 'www-authenticate': `Bearer realm="${realm}",service="ghcr.io"` } },
      });
      const result = await probeUpstream('ghcr.io/contoso/app:v1', { fetch });
      expect(result).toMatchObject({ outcome: 'error', status: 401 });
      expect(result.message).toContain('which the probe did not contact');
      expect(calls).toHaveLength(1);
    }
  });

  test('the token request re-validates its own redirects too', async () => {
    const { fetch, calls } = scripted({
      'https://quay.io/v2/org/app/manifests/1': { status: 401, headers: { 'www-authenticate': 'Bearer realm="https://quay.io/v2/auth",service="quay.io"' } },
      'https://quay.io/v2/auth': { status: 301, headers: { location: 'https://192.168.1.1/steal' } },
    });
    const result = await probeUpstream('quay.io/org/app:1', { fetch });
    expect(result.message).toMatch(/192\.168\.1\.1 is a private address/);
    expect(calls.map((c) => new URL(c.url).host)).toEqual(['quay.io', 'quay.io']);
  });

  test('a redirect loop stops after a few hops', async () => {
    const { fetch, calls } = scripted({
      'https://quay.io/v2/org/app/manifests/1': { status: 302, headers: { location: '/v2/org/app/manifests/1?again' } },
    });
    expect((await probeUpstream('quay.io/org/app:1', { fetch })).message).toMatch(/redirected more than 4 times/);
    expect(calls).toHaveLength(5);
  });

  test('loopback and plain http only with the test-only option, which the app never sets', async () => {
    const { fetch, calls } = scripted({ 'http://127.0.0.1:5000/v2/org/app/manifests/1': FOUND });
    const refused = await probeUpstream('quay.io/org/app:1', { fetch, endpointFor: () => 'http://127.0.0.1:5000' });
    expect(refused).toMatchObject({ outcome: 'error', message: expect.stringContaining('not an https address') });
    expect(calls).toHaveLength(0);
    expect(await probeUpstream('quay.io/org/app:1', { fetch, endpointFor: () => 'http://127.0.0.1:5000', allowLoopbackForTests: true })).toMatchObject({ outcome: 'found' });
    // even then, only loopback: a private address stays refused
    const privateHop = await probeUpstream('quay.io/org/app:1', { fetch, endpointFor: () => 'http://10.1.2.3:5000', allowLoopbackForTests: true });
    expect(privateHop.outcome).toBe('error');
  });
});

describe('probe host rules', () => {
  test('address kinds', () => {
    expect(specialAddressKind('127.0.0.5')).toBe('a loopback address');
    expect(specialAddressKind('172.20.0.1')).toBe('a private address');
    expect(specialAddressKind('[::ffff:169.254.169.254]')).toMatch(/link-local/);
    expect(specialAddressKind('[fe80::1]')).toMatch(/link-local/);
    expect(specialAddressKind('[fd00::1]')).toBe('a private address');
    expect(specialAddressKind('20.1.2.3')).toBeNull();
  });

  test('numeric host spellings are normalised by the URL parser before the check', () => {
    const quay = upstreamByLoginServer('quay.io')!;
    for (const url of ['https://2130706433/', 'https://0x7f.1/', 'https://[0:0:0:0:0:0:0:1]/']) {
      const check = checkHop(url, { upstream: quay, probedHost: 'quay.io' });
      expect(check.ok).toBe(false);
    }
  });

  test('*.pkg.dev matches subdomains only, not look-alikes', () => {
    const k8s = upstreamByLoginServer('registry.k8s.io')!;
    const policy = { upstream: k8s, probedHost: 'registry.k8s.io' };
    expect(checkHop('https://europe-docker.pkg.dev/v2/', policy).ok).toBe(true);
    expect(checkHop('https://evilpkg.dev/v2/', policy).ok).toBe(false);
    expect(checkHop('https://pkg.dev.evil.example/v2/', policy).ok).toBe(false);
  });
});
