// Warming the cache through the app's own data-plane path (Entra token → ACR token exchange →
// bearer pulls) against the ARM emulator's token server, in front of a real Debian docker-registry
// in proxy mode standing in for ACR's cache, whose upstream is another docker-registry holding
// images this test pushes. What ACR does on the first pull — fetch from the upstream and keep it —
// the proxy really does here; only the metadata check and injected upstream refusals are emulated.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CacheProgressEvent, RegistryRef, WarmRequest } from '../../preload/api.ts';
import { createCacheService, type CacheService } from '../../main/cache/cache-service.ts';
import { createEventHub } from '../../main/events.ts';
import { createPullThroughStandIn } from '../emulators/acr-pull-through.ts';
import { startAzureTestEnvironment, TEST_TENANT, type AzureTestEnvironment } from '../emulators/azure-environment.ts';
import { hasDockerRegistry, pushTinyImage, startLocalRegistry, type LocalRegistry } from '../support/local-registry.ts';
import { pushMultiArch, startProxyRegistry, type ProxyRegistry } from '../support/pull-through-registry.ts';
import { startAzureApp, type AzureApp } from './azure-app.ts';

const KV = 'https://contosokv.vault.azure.net/secrets';

describe.skipIf(!hasDockerRegistry && !process.env['CI'])('warming the cache through a pull-through stand-in', () => {
  let env: AzureTestEnvironment;
  let upstream: LocalRegistry;
  let proxy: ProxyRegistry;
  let app: AzureApp;
  let cache: CacheService;
  let registry: RegistryRef;
  const progress: CacheProgressEvent[] = [];
  let tinyDigest = '';
  let multi: { digest: string; children: string[] };
  let jobs = 0;
  const request = (images: WarmRequest['images'], extra: Partial<WarmRequest> = {}): WarmRequest => ({
    jobId: `00000000-0000-4000-8000-${String(++jobs).padStart(12, '0')}`,
    registry,
    images,
    mode: 'manifest',
    platform: 'all',
    ...extra,
  });

  beforeAll(async () => {
    env = await startAzureTestEnvironment();
    upstream = await startLocalRegistry();
    proxy = await startProxyRegistry(upstream.url);
    env.registry.pullThrough = createPullThroughStandIn(proxy.url, proxy.storageDir);
    env.registry.putCredentialSet({ name: 'dockerhub', loginServer: 'docker.io', usernameSecret: `${KV}/hub-user`, passwordSecret: `${KV}/hub-token`, health: { status: 'Healthy' } });
    env.registry.putCredentialSet({ name: 'ghcr-creds', loginServer: 'ghcr.io', usernameSecret: `${KV}/gh-user`, passwordSecret: `${KV}/gh-token`, health: { status: 'Unhealthy', errorCode: 'Forbidden', errorMessage: 'access denied to the Key Vault secret' } });
    env.registry.putRule({ name: 'hub-library', source: 'docker.io/library/*', target: 'library/*', credentialSet: 'dockerhub' });
    env.registry.putRule({ name: 'ghcr-acme', source: 'ghcr.io/acme/*', target: 'acme/*', credentialSet: 'ghcr-creds' });
    tinyDigest = await pushTinyImage(upstream.url, 'library/tiny', 'v1');
    await pushTinyImage(upstream.url, 'library/other', '2.0');
    multi = await pushMultiArch(upstream.url, 'library/multi', '1.0', [
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm64', variant: 'v8' },
    ]);
    app = await startAzureApp(env);
    const account = await app.call('auth', 'signIn', { mode: 'device-code' });
    registry = { accountId: account.id, tenantId: TEST_TENANT, registryId: env.registry.id };
    const events = createEventHub();
    events.subscribe((channel, payload) => channel === 'cache.onProgress' && progress.push(payload as CacheProgressEvent));
    cache = createCacheService({ azure: app.integration.azure, events, tlsCa: env.cert.cert });
  }, 60_000);
  afterAll(async () => {
    await app?.dispose();
    await Promise.all([proxy?.stop(), upstream?.stop()]);
    await env?.close();
  });

  test('a warm-up with one missing tag: the others are fetched now, the missing one fails with the upstream explained, and a second run finds them cached', async () => {
    const first = await cache.warm(
      request([
        { label: 'contosocache.azurecr.io/library/tiny:v1', repository: 'library/tiny', reference: 'v1' },
        { label: 'contosocache.azurecr.io/library/tiny:v9', repository: 'library/tiny', reference: 'v9' },
        { label: 'contosocache.azurecr.io/library/other:2.0', repository: 'library/other', reference: '2.0' },
      ]),
    );
    expect(first.results.map((r) => r.status)).toEqual(['fetched', 'failed', 'fetched']);
    expect(first.results[0]!.digest).toBe(tinyDigest);
    expect(first.results[1]!.code).toBe('MANIFEST_UNKNOWN');
    expect(first.results[1]!.message).toMatch(/^docker\.io\/library\/tiny:v9 was not found upstream: docker\.io has no such tag/);
    // the stand-in really holds what was fetched: the registry now lists it
    expect([...env.registry.repositories]).toEqual(expect.arrayContaining(['library/tiny', 'library/other']));

    const second = await cache.warm(request([{ label: 'tiny', repository: 'library/tiny', reference: 'v1' }, { label: 'missing', repository: 'library/tiny', reference: 'v9' }]));
    expect(second.results.map((r) => r.status)).toEqual(['cached', 'failed']);
    expect(progress.filter((p) => p.kind === 'warm' && p.result).length).toBeGreaterThanOrEqual(5);
  });

  test('a full warm-up pulls every layer and counts its bytes; a digest reference works too', async () => {
    const outcome = await cache.warm(request([{ label: 'tiny by digest', repository: 'library/tiny', reference: tinyDigest }], { mode: 'full' }));
    expect(outcome.results[0]).toMatchObject({ status: 'cached', digest: tinyDigest });
    // config + one gzip layer of the tiny image
    expect(outcome.bytes).toBeGreaterThan(0);
    expect(outcome.results[0]!.bytes).toBe(outcome.bytes);
    const last = progress.filter((p): p is Extract<CacheProgressEvent, { kind: 'warm' }> => p.kind === 'warm').at(-1)!;
    expect(last.bytes).toBe(last.bytesTotal);
  });

  test('a multi-arch index warms every platform, or only the chosen one, and says when the platform is missing', async () => {
    const all = await cache.warm(request([{ label: 'multi', repository: 'library/multi', reference: '1.0' }]));
    expect(all.results[0]).toMatchObject({ status: 'fetched', digest: multi.digest, platforms: ['linux/amd64', 'linux/arm64/v8'] });
    const one = await cache.warm(request([{ label: 'multi', repository: 'library/multi', reference: '1.0' }], { platform: 'linux/arm64/v8', mode: 'full' }));
    expect(one.results[0]).toMatchObject({ status: 'cached', platforms: ['linux/arm64/v8'] });
    expect(one.bytes).toBeGreaterThan(0);
    const missing = await cache.warm(request([{ label: 'multi', repository: 'library/multi', reference: '1.0' }], { platform: 'windows/amd64' }));
    expect(missing.results[0]).toMatchObject({ status: 'failed', code: 'PLATFORM_UNKNOWN' });
    expect(missing.results[0]!.message).toMatch(/without windows\/amd64; it has linux\/amd64, linux\/arm64\/v8/);
  });

  test('Docker Hub rate limit and an unhealthy credential set are explained', async () => {
    env.registry.pullThrough!.failUpstream('library/busy', { status: 429, code: 'TOOMANYREQUESTS', message: 'You have reached your pull rate limit.' });
    env.registry.pullThrough!.failUpstream('acme/tool', { status: 401, code: 'UNAUTHORIZED', message: 'upstream authentication failed' });
    const outcome = await cache.warm(
      request([
        { label: 'busy', repository: 'library/busy', reference: 'latest' },
        { label: 'tool', repository: 'acme/tool', reference: '1.0' },
      ]),
    );
    expect(outcome.results.map((r) => r.code)).toEqual(['TOOMANYREQUESTS', 'UNAUTHORIZED']);
    expect(outcome.results[0]!.message).toMatch(/pull rate limit/);
    expect(outcome.results[0]!.message).toMatch(/credential set "dockerhub"/);
    expect(outcome.results[1]!.message).toMatch(/Credential set "ghcr-creds" is Unhealthy \(Forbidden\)/);
  });

  test('cancelling stops the warm-up: the images not reached are reported as cancelled', async () => {
    const images = Array.from({ length: 30 }, (_, i) => ({ label: `t${i}`, repository: 'library/tiny', reference: i % 2 ? 'v1' : `nope${i}` }));
    const warming = cache.warm(request(images));
    // cancel as soon as the first image has a result
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (progress.some((p) => p.kind === 'warm' && p.jobId.endsWith(String(jobs).padStart(12, '0')) && p.result)) {
          clearInterval(check);
          resolve();
        }
      }, 5);
    });
    expect(cache.cancel(`00000000-0000-4000-8000-${String(jobs).padStart(12, '0')}`)).toBe(true);
    const outcome = await warming;
    expect(outcome.cancelled).toBeGreaterThan(0);
    expect(outcome.results).toHaveLength(30);
    expect(outcome.results.at(-1)!.status).toBe('cancelled');
  });
});
