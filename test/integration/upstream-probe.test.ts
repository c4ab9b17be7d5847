// The live upstream probe against a real OCI registry (Debian's docker-registry on loopback) and,
// for the anonymous bearer-token dance Docker Hub and GHCR use, a small in-process registry.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { probeUpstream } from '../../main/probe/upstream-probe.ts';
import { hasDockerRegistry, pushTinyImage, startLocalRegistry, type LocalRegistry } from '../support/local-registry.ts';

// CI installs docker-registry; on a developer machine without it these tests say so and skip.
describe.skipIf(!hasDockerRegistry && !process.env['CI'])('upstream probe against docker-registry (CNCF distribution)', () => {
  let plain: LocalRegistry;
  let basic: LocalRegistry;
  let digest: string;

  beforeAll(async () => {
    [plain, basic] = await Promise.all([startLocalRegistry(), startLocalRegistry({ basicAuth: true })]);
    digest = await pushTinyImage(plain.url, 'library/tiny', 'v1');
    await pushTinyImage(basic.url, 'contoso/private', 'v1', { username: 'probe', password: 'probe-pass' });
  }, 30_000);
  afterAll(async () => {
    await Promise.all([plain?.stop(), basic?.stop()]);
  });

  // the rule's upstream is Docker Hub; the test points Docker Hub at the local registry
  const viaLocal = (url: () => string) => ({ endpointFor: () => url(), allowLoopbackForTests: true });

  test('finds a tag that exists, with its digest, normalising Docker Hub names', async () => {
    const found = await probeUpstream('docker.io/tiny:v1', viaLocal(() => plain.url));
    expect(found).toMatchObject({ outcome: 'found', status: 200, digest, reference: 'docker.io/library/tiny:v1', mediaType: 'application/vnd.oci.image.manifest.v1+json' });
    expect((await probeUpstream(`docker.io/library/tiny@${digest}`, viaLocal(() => plain.url))).outcome).toBe('found');
  });

  test('reports a missing tag and a missing repository as not found, saying what to check', async () => {
    const tag = await probeUpstream('docker.io/library/tiny:v2', viaLocal(() => plain.url));
    expect(tag).toMatchObject({ outcome: 'not-found', status: 404 });
    expect(tag.message).toMatch(/has no library\/tiny:v2/);
    expect((await probeUpstream('docker.io/library/nothing-here', viaLocal(() => plain.url))).outcome).toBe('not-found');
  });

  test('an upstream that wants a login (basic auth) means the rule needs a credential set', async () => {
    const result = await probeUpstream('ghcr.io/contoso/private:v1', viaLocal(() => basic.url));
    expect(result).toMatchObject({ outcome: 'needs-credentials', status: 401 });
    expect(result.message).toMatch(/credential set/);
  });
});

describe('upstream probe: anonymous bearer tokens, refusals, limits', () => {
  let server: Server;
  let base = '';
  const seen: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', base);
      seen.push(`${req.method} ${url.pathname}${url.search} ${req.headers.authorization ?? ''}`.trim());
      if (url.pathname === '/token') {
        // like auth.docker.io: an anonymous token for pull scope
        const ok = url.searchParams.get('service') === 'registry.test' && url.searchParams.get('scope') === 'repository:library/nginx:pull';
        res.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' }).end(JSON.stringify(ok ? { token: 'anon-token' } : { error: 'bad scope' }));
        return;
      }
      if (url.pathname === '/v2/library/nginx/manifests/1.27') {
        if (req.headers.authorization !== 'Bearer anon-token') {
          res.writeHead(401, { 'www-authenticate': `Bearer realm="${base}/token",service="registry.test",scope="repository:library/nginx:pull"` }).end();
          return;
        }
        res.writeHead(200, { 'docker-content-digest': 'sha256:' + 'a'.repeat(64), 'content-type': 'application/vnd.oci.image.index.v1+json', 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '97;w=21600' }).end();
        return;
      }
      if (url.pathname.startsWith('/v2/library/busy/')) {
        res.writeHead(429, { 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '0;w=21600' }).end();
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  test('follows the bearer challenge with an anonymous token, by HEAD, and reads the pull quota', async () => {
    const result = await probeUpstream('nginx:1.27', { endpointFor: () => base, allowLoopbackForTests: true });
    expect(result).toMatchObject({ outcome: 'found', digest: 'sha256:' + 'a'.repeat(64), rateLimit: { limit: '100;w=21600', remaining: '97;w=21600' } });
    expect(seen).toEqual([
      'HEAD /v2/library/nginx/manifests/1.27',
      'GET /token?service=registry.test&scope=repository%3Alibrary%2Fnginx%3Apull',
      'HEAD /v2/library/nginx/manifests/1.27 Bearer anon-token',
    ]);
  });

  test('says when the upstream rate-limits this machine', async () => {
    expect(await probeUpstream('docker.io/library/busy:1', { endpointFor: () => base, allowLoopbackForTests: true })).toMatchObject({ outcome: 'rate-limited', status: 429 });
  });

  test('contacts only upstreams ACR can cache from, only over https (loopback only with the test option), and says when it cannot reach one', async () => {
    expect(await probeUpstream('evil.example.com/x:1', { endpointFor: () => base, allowLoopbackForTests: true })).toMatchObject({ outcome: 'error', message: expect.stringContaining('not an upstream ACR can cache from') });
    expect(await probeUpstream('quay.io/x:1', { endpointFor: () => 'http://quay.io' })).toMatchObject({ outcome: 'error', message: expect.stringContaining('https') });
    expect(await probeUpstream('not a reference!', {})).toMatchObject({ outcome: 'error' });
    const closed = await probeUpstream('quay.io/x:1', { endpointFor: () => 'http://127.0.0.1:9', allowLoopbackForTests: true });
    expect(closed).toMatchObject({ outcome: 'unreachable' });
  });
});
