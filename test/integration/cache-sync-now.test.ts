// "Sync this tag now" through the app's own path (cache service → Azure service → importImage at
// 2025-09-01-preview, polled to the end) against the ARM emulator, whose import reads the upstream
// through the same proxy-mode docker-registry the warm-up tests use. What a sync leaves behind is
// visible to the rest of the emulation: the warm-up then finds the tag already cached and the
// cache contents list it.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RegistryRef, WarmImage } from '../../preload/api.ts';
import { createCacheService, type CacheService } from '../../main/cache/cache-service.ts';
import { createEventHub } from '../../main/events.ts';
import { createPullThroughStandIn } from '../emulators/acr-pull-through.ts';
import { unsupportedApiVersionMessage } from '../emulators/arm-service-facts.ts';
import { startAzureTestEnvironment, TEST_TENANT, type AzureTestEnvironment } from '../emulators/azure-environment.ts';
import { hasDockerRegistry, pushTinyImage, startLocalRegistry, type LocalRegistry } from '../support/local-registry.ts';
import { startProxyRegistry, type ProxyRegistry } from '../support/pull-through-registry.ts';
import { startAzureApp, type AzureApp } from './azure-app.ts';

const KV = 'https://contosokv.vault.azure.net/secrets';
const ACTIVE = { syncMode: 'ActiveSync', artifactSyncFilters: { tags: { type: 'KQL', query: "Tags | where Name startswith 'v'" } } };

describe.skipIf(!hasDockerRegistry && !process.env['CI'])('syncing a tag now (az acr cache sync) from the warm-up list', () => {
  let env: AzureTestEnvironment;
  let upstream: LocalRegistry;
  let proxy: ProxyRegistry;
  let app: AzureApp;
  let cache: CacheService;
  let registry: RegistryRef;
  let tinyDigest = '';
  let jobs = 0;
  const image = (repository: string, reference: string): WarmImage => ({ label: `${env.registry.loginServer}/${repository}:${reference}`, repository, reference });
  const imports = () => env.arm.requests.filter((r) => r.op === 'registries.importImage');

  beforeAll(async () => {
    env = await startAzureTestEnvironment();
    upstream = await startLocalRegistry();
    proxy = await startProxyRegistry(upstream.url);
    env.registry.pullThrough = createPullThroughStandIn(proxy.url, proxy.storageDir);
    env.registry.putCredentialSet({ name: 'dockerhub', loginServer: 'docker.io', usernameSecret: `${KV}/hub-user`, passwordSecret: `${KV}/hub-token`, health: { status: 'Healthy' } });
    env.registry.putRule({ name: 'hub-library', source: 'docker.io/library/*', target: 'library/*', credentialSet: 'dockerhub', extensions: ACTIVE });
    env.registry.putRule({ name: 'ghcr-acme', source: 'ghcr.io/acme/*', target: 'acme/*' });
    tinyDigest = await pushTinyImage(upstream.url, 'library/tiny', 'v1');
    await pushTinyImage(upstream.url, 'library/other', 'v2');
    await pushTinyImage(upstream.url, 'library/other', '2.0');
    app = await startAzureApp(env);
    const account = await app.call('auth', 'signIn', { mode: 'device-code' });
    registry = { accountId: account.id, tenantId: TEST_TENANT, registryId: env.registry.id };
    cache = createCacheService({ azure: app.integration.azure, events: createEventHub(), tlsCa: env.cert.cert });
  }, 60_000);
  afterAll(async () => {
    await app?.dispose();
    await Promise.all([proxy?.stop(), upstream?.stop()]);
    await env?.close();
  });

  test('a tag of an ActiveSync rule is imported from its rule, polled to the end and read back; the warm-up then finds it cached and the cache contents list it', async () => {
    env.arm.clearRequests();
    const result = await cache.syncNow(registry, image('library/tiny', 'v1'));
    expect(result).toMatchObject({ status: 'synced', code: null, message: null, digest: tinyDigest });
    expect(result.lastUpdated).toMatch(/^\d{4}-\d\d-\d\dT/);
    // the request az acr cache sync sends, at the preview api-version that has cacheRuleResourceId
    expect(imports()).toHaveLength(1);
    expect(imports()[0]).toMatchObject({ method: 'POST', status: 202, query: { 'api-version': '2025-09-01-preview' } });
    expect(imports()[0]!.body).toEqual({ source: { sourceImage: 'library/tiny:v1', cacheRuleResourceId: `${env.registry.id}/cacheRules/hub-library` }, targetTags: ['library/tiny:v1'], mode: 'Force' });
    const polls = env.arm.requests.filter((r) => r.op === 'operations.get');
    expect(polls.at(-1)).toMatchObject({ status: 200 });
    expect(polls.at(-1)!.path).toMatch(/\/locations\/WESTEUROPE\/operationResults\/registries-[0-9a-f-]{36}$/);

    const warmed = await cache.warm({ jobId: `00000000-0000-4000-8000-${String(++jobs).padStart(12, '0')}`, registry, images: [image('library/tiny', 'v1')], mode: 'manifest', platform: 'all' });
    expect(warmed.results[0]).toMatchObject({ status: 'cached', digest: tinyDigest });
    const contents = await cache.readContents(registry, `00000000-0000-4000-8000-${String(++jobs).padStart(12, '0')}`);
    expect(contents.rows.find((r) => r.repository === 'library/tiny')).toMatchObject({ rule: 'hub-library', tags: 'v1' });
  });

  test('a tag the upstream does not have: the operation fails and the message names the upstream image', async () => {
    const result = await cache.syncNow(registry, image('library/tiny', 'v9'));
    expect(result.status).toBe('failed');
    expect(result.code).toBe('operation-failed');
    expect(result.message).toBe("library/tiny:v9 was not synced: the upstream has no docker.io/library/tiny:v9. Check the tag at the upstream. (Azure said: InvalidParameters: Image 'docker.io/library/tiny:v9' not found upstream (HTTP 404).)");
  });

  test('a PassiveSync rule and a tag outside the filter are refused before any request; a rule switched off in between is refused by Azure and explained', async () => {
    const before = imports().length;
    const passive = await cache.syncNow(registry, image('acme/tool', 'v1'));
    expect(passive).toMatchObject({ status: 'refused', code: 'passive' });
    expect(passive.message).toMatch(/Rule "ghcr-acme" is a pull-through \(PassiveSync\) rule/);
    const outside = await cache.syncNow(registry, image('library/other', '2.0'));
    expect(outside).toMatchObject({ status: 'refused', code: 'outside-filter' });
    expect(outside.message).toMatch(/Tag 2\.0 is outside the tag filter of rule "hub-library" \(tags starting with v\)/);
    expect(imports()).toHaveLength(before);

    // someone turns ActiveSync off between the app's read of the rules and its import
    env.arm.faults.beforeNext('registries.importImage', (arm) => arm.registry(env.registry.name).putRule({ name: 'hub-library', source: 'docker.io/library/*', target: 'library/*', credentialSet: 'dockerhub' }));
    const switched = await cache.syncNow(registry, image('library/other', 'v2'));
    env.registry.putRule({ name: 'hub-library', source: 'docker.io/library/*', target: 'library/*', credentialSet: 'dockerhub', extensions: ACTIVE });
    expect(switched).toMatchObject({ status: 'failed', code: 'invalid-request' });
    expect(switched.message).toMatch(/^library\/other:v2 was not synced: Azure says artifact sync is not on for rule "hub-library"\. Turn on ActiveSync/);
    expect(imports().at(-1)).toMatchObject({ status: 400, errorCode: 'InvalidParameters' });
  });

  test('an api-version the region does not serve and a missing import permission are explained with what to do', async () => {
    env.arm.faults.fail('registries.importImage', { status: 400, code: 'NoRegisteredProviderFound', message: unsupportedApiVersionMessage('2025-09-01-preview', 'registries') });
    const unsupported = await cache.syncNow(registry, image('library/other', 'v2'));
    expect(unsupported).toMatchObject({ status: 'failed', code: 'api-version-unsupported' });
    expect(unsupported.message).toMatch(/does not serve the preview API that syncs a tag from a cache rule\. Run az acr cache sync -r contosocache -n hub-library --image v2/);

    env.arm.faults.fail('registries.importImage', { status: 403, code: 'AuthorizationFailed', message: "The client does not have authorization to perform action 'Microsoft.ContainerRegistry/registries/importImage/action'." });
    const denied = await cache.syncNow(registry, image('library/other', 'v2'));
    expect(denied).toMatchObject({ status: 'failed', code: 'not-authorized' });
    expect(denied.message).toMatch(/^Not allowed to sync library\/other:v2: syncing a tag imports it, which needs Microsoft\.ContainerRegistry\/registries\/importImage\/action on contosocache/);

    // and with nothing in the way it works
    expect(await cache.syncNow(registry, image('library/other', 'v2'))).toMatchObject({ status: 'synced' });
  });

  test("the spec's other answer, 200 (done at once), is taken as done: no poll, and the read-back says what the registry holds", async () => {
    env.arm.clearRequests();
    env.arm.faults.inject({ match: { op: 'registries.importImage' }, respond: { status: 200 } });
    const result = await cache.syncNow(registry, image('library/tiny', 'v2'));
    expect(env.arm.requests.filter((r) => r.op === 'operations.get')).toHaveLength(0);
    // nothing was imported (the fault answered for Azure), so the registry has no such tag to read back
    expect(result).toMatchObject({ status: 'synced', digest: null, message: 'Azure reports library/tiny:v2 synced; reading it back answered HTTP 404.' });
  });
});
