// Conformance, app side: the app's Azure layer (real SDK pipeline, the app's own mapping) is fed
// the EXACT bytes of real service responses (test/fixtures/azure-recorded, transcribed from
// Azure/azure-cli recordings) and must make exactly the recorded requests and read what Azure said.
import { readFileSync, existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveCloud } from '../../../main/auth/clouds.ts';
import { createAzureService, type AzureService } from '../../../main/azure/azure-service.ts';
import { createEventHub } from '../../../main/events.ts';
import type { RegistryRef } from '../../../preload/api.ts';
import { testCertificate } from '../../emulators/certs.ts';
import { fakeArmToken } from '../../emulators/jwt.ts';
import { catalogDenied, dataPlane, phases, REG_ID, REGISTRY_GET, type Script } from '../../fixtures/azure-recorded/recorded-exchanges.ts';
import { startReplayServer, type ReplayServer } from './replay-server.ts';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const KV = 'https://cliimportkv73021.vault.azure.net/secrets';
const MCR_SET = { name: 'test1', loginServer: 'mcr.microsoft.com', usernameSecret: `${KV}/SPusername`, passwordSecret: `${KV}/SPpassword` };
const RULE = { name: 'test1', source: 'mcr.microsoft.com/mcr/hello-world', target: 'hello-world', credentialSet: 'test1' };

describe('the app reads real recorded Azure responses (replayed byte for byte)', () => {
  let replay: ReplayServer;
  let azure: AzureService;
  const ref: RegistryRef = { accountId: 'AzureCloud|conformance', tenantId: TENANT, registryId: REG_ID };

  beforeAll(async () => {
    const cert = await testCertificate();
    replay = await startReplayServer(cert);
    azure = createAzureService({
      auth: {
        credential: () => ({ getToken: async () => ({ token: fakeArmToken({ tid: TENANT }), expiresOnTimestamp: Date.now() + 3_600_000 }) }),
        cloudOf: async () => resolveCloud('AzureCloud', { AzureCloud: { armEndpoint: replay.url } }),
      },
      events: createEventHub(),
      tlsCa: cert.cert,
      pollIntervalMs: 0,
      retryOptions: { maxRetries: 0 },
      registryEndpoint: () => replay.url,
    });
  });
  afterAll(() => replay.close());

  /** Plays `script`, runs `work`, and checks the app asked for every recorded exchange and nothing else. */
  async function against<T>(script: Script, work: () => Promise<T>): Promise<T> {
    replay.play(script);
    const result = await work();
    expect(replay.unmatched, 'requests the recording has no answer for').toEqual([]);
    expect(replay.unasked(), 'recorded exchanges the app never asked for').toEqual([]);
    return result;
  }

  it('keeps the vendored recording identical to the shared one', () => {
    const shared = new URL('../../../../../shared/data/azure-recorded/recorded-exchanges.ts', import.meta.url);
    if (!existsSync(shared)) return; // outside the workshop tree only the vendored copy exists
    const vendored = readFileSync(new URL('../../fixtures/azure-recorded/recorded-exchanges.ts', import.meta.url), 'utf8');
    expect(vendored.split('\n').slice(2).join('\n')).toBe(readFileSync(shared, 'utf8'));
  });

  it('creates a credential set (201 Creating → poll Succeeded → GET) and reports it Unhealthy/Forbidden with systemAssigned', async () => {
    const created = await against(phases['createCredentialSet']!, () => azure.createCredentialSet(ref, MCR_SET));
    expect(created).toMatchObject({ name: 'test1', loginServer: 'mcr.microsoft.com', provisioningState: 'Succeeded', identityType: 'systemAssigned', principalId: '6f1c6b55-bd08-4dc1-bbe2-fa12de5ab340' });
    expect(created.health).toMatchObject({ status: 'Unhealthy', errorCode: 'Forbidden', errorMessage: expect.stringContaining('does not have secrets get permission') });
  });

  it('lists credential sets', async () => {
    const sets = await against(phases['listCredentialSets']!, () => azure.listCredentialSets(ref));
    expect(sets.map((s) => [s.name, s.usernameSecret, s.passwordSecret])).toEqual([['test1', `${KV}/SPusername`, `${KV}/SPpassword`]]);
  });

  it('updates a credential set the way az acr credential-set update does (GET, PATCH 201 Updating, poll, GET)', async () => {
    const updated = await against(phases['updateCredentialSet']!, () => azure.updateCredentialSet(ref, 'test1', { passwordSecret: `${KV}/SPusername` }));
    expect(updated).toMatchObject({ passwordSecret: `${KV}/SPusername`, provisioningState: 'Succeeded' });
  });

  it('creates a cache rule through polls answering "Creating" then "Succeeded"', async () => {
    const rule = await against(phases['createCacheRule']!, () => azure.createCacheRule(ref, RULE));
    expect(rule).toMatchObject({ ...RULE, provisioningState: 'Succeeded', credentialSetResourceId: `${REG_ID}/credentialSets/test1` });
  });

  it('lists cache rules', async () => {
    const rules = await against(phases['listCacheRules']!, () => azure.listCacheRules(ref));
    expect(rules.map((r) => [r.name, r.source, r.target, r.credentialSet])).toEqual([['test1', RULE.source, RULE.target, 'test1']]);
  });

  it('reports what the 2026 service kept after PATCH credentialSetResourceId:null: the credential set is still there', async () => {
    const after = await against(phases['detachCredentialSetR26']!, () => azure.updateCacheRuleCredentials(ref, 'test1', null));
    expect(after.credentialSet).toBe('test1');
  });

  it('reports the 2023 service clearing the credential set on the same PATCH', async () => {
    const after = await against(phases['detachCredentialSetR23']!, () => azure.updateCacheRuleCredentials(ref, 'test1', null));
    expect(after).not.toHaveProperty('credentialSet');
    expect(after.credentialSetResourceId).toBeNull();
  });

  it('deletes a cache rule: 202 + location-scoped operationResults, poll 200 with an empty body', async () => {
    await expect(against(phases['deleteCacheRule']!, () => azure.deleteCacheRule(ref, 'test1'))).resolves.toBeUndefined();
  });

  it('deletes a credential set whose 202 body is the literal null', async () => {
    await expect(against(phases['deleteCredentialSet']!, () => azure.deleteCredentialSet(ref, 'test1'))).resolves.toBeUndefined();
  });

  it('explains the real EnforceDockerAuthentication body', async () => {
    const error = await against(phases['errEnforceDockerAuth']!, () => azure.createCacheRule(ref, { name: 'hub-rule', source: 'docker.io/library/nginx', target: 'nginx' }).catch((e: unknown) => e));
    expect(error).toMatchObject({ code: 'docker-hub-needs-credentials', message: expect.stringContaining('EnforceDockerAuthentication') });
  });

  it('explains the real CannotSetResourceIdentity body with a fix', async () => {
    const error = await against(phases['errCannotSetIdentity']!, () => azure.createCredentialSet(ref, { ...MCR_SET, name: 'uami-set' }).catch((e: unknown) => e));
    expect(error).toMatchObject({ code: 'identity-not-supported', message: expect.stringMatching(/system-assigned/i) });
  });

  it('lists repositories through the documented token exchange and Link paging (with &orderby=)', async () => {
    const script: Script = { [`GET ${REG_ID}`]: [REGISTRY_GET], ...dataPlane };
    const listing = await against(script, () => azure.listRepositories(ref, { pageSize: 2 }));
    expect(listing.repositories).toEqual(['alpine', 'contoso-marketing', 'hello-world', 'node']);
  });

  it('explains the documented 401 catalog challenge', async () => {
    const script: Script = { [`GET ${REG_ID}`]: [REGISTRY_GET], 'POST /oauth2/exchange': dataPlane['POST /oauth2/exchange']!, 'POST /oauth2/token': dataPlane['POST /oauth2/token']!, 'GET /v2/_catalog': [catalogDenied] };
    const error = await against(script, () => azure.listRepositories(ref).catch((e: unknown) => e));
    expect(error).toMatchObject({ message: expect.stringMatching(/repositories/i) });
  });
});
