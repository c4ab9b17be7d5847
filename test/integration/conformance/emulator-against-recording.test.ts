// Conformance, emulator side: the requests of the real recordings (test/fixtures/azure-recorded,
// from Azure/azure-cli's test_acr_cache.yaml) are sent to the ARM emulator, in the recorded order,
// and its answers must agree with the service's: status, the fields that matter, body emptiness
// ('' vs the literal null), and the shapes of the long-running-operation headers.
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startArmEmulator, type ArmEmulator } from '../../emulators/arm.ts';
import { testCertificate, type TestCertificate } from '../../emulators/certs.ts';
import { fakeArmToken } from '../../emulators/jwt.ts';
import { catalogDenied, dataPlane, phases, REG, REG_ID, REGISTRY_GET, RG, SUB, type Recorded } from '../../fixtures/azure-recorded/recorded-exchanges.ts';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const KV = 'https://cliimportkv73021.vault.azure.net/secrets';
const CS = `${REG_ID}/credentialSets/test1`;
const CR = `${REG_ID}/cacheRules/test1`;
const V26 = '2026-01-01-preview';
const V23 = '2023-01-01-preview';

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The fields a client acts on; timestamps, principal IDs and operation IDs differ by nature. */
function essentials(text: string): unknown {
  if (text === '' || text === 'null') return text;
  const pick = (value: unknown): unknown => {
    if (!value || typeof value !== 'object') return value;
    const v = value as Record<string, any>;
    if (Array.isArray(v['value'])) return { value: v['value'].map(pick) };
    if (v['error']) return { error: { code: v['error'].code, message: v['error'].message } };
    const p = v['properties'] ?? {};
    return {
      status: v['status'],
      type: v['type'],
      id: v['id'],
      name: v['name'],
      identityType: v['identity']?.type,
      sku: v['sku']?.name,
      location: v['location'],
      loginServer: p.loginServer,
      sourceRepository: p.sourceRepository,
      targetRepository: p.targetRepository,
      credentialSetResourceId: p.credentialSetResourceId,
      provisioningState: p.provisioningState,
      authCredentials: p.authCredentials?.map((c: any) => ({ name: c.name, u: c.usernameSecretIdentifier, p: c.passwordSecretIdentifier, health: c.credentialHealth?.status, code: c.credentialHealth?.errorCode })),
    };
  };
  return pick(JSON.parse(text));
}

/** `…/operationStatuses/credentialsets-<guid>?api-version=V` → `…/operationStatuses/credentialsets-*?api-version=V`. */
function lroShape(url: string | undefined, withVersion = true): string | undefined {
  if (!url) return undefined;
  const u = new URL(url);
  const path = u.pathname.replace(/(cacherules|credentialsets)-[0-9a-f-]{36}$/, '$1-*');
  return withVersion ? `${path}?api-version=${u.searchParams.get('api-version')}` : path;
}

describe('the ARM emulator answers the recorded requests like the real service', () => {
  let cert: TestCertificate;
  let arm: ArmEmulator;
  const token = fakeArmToken({ tid: TENANT });

  beforeAll(async () => {
    cert = await testCertificate();
    arm = await startArmEmulator({ cert });
    arm.addTenant({ tenantId: TENANT });
    arm.addSubscription({ subscriptionId: SUB, displayName: 'recorded', tenantId: TENANT });
    arm.addRegistry({ subscriptionId: SUB, resourceGroup: RG, name: REG, location: 'westus', sku: 'Standard' });
  });
  afterAll(() => arm.close());

  function send(method: string, pathOrUrl: string, options: { apiVersion?: string; body?: unknown; form?: string; auth?: string } = {}): Promise<Answer> {
    const url = new URL(pathOrUrl, arm.url);
    if (options.apiVersion && !url.searchParams.has('api-version')) url.searchParams.set('api-version', options.apiVersion);
    const payload = options.form ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    return new Promise((resolve, reject) => {
      const req = request(url, { method, ca: cert.cert, headers: { authorization: options.auth ?? `Bearer ${token}`, ...(payload ? { 'content-type': options.form ? 'application/x-www-form-urlencoded' : 'application/json' } : {}) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  // The R23 exchanges were transcribed with R26's helper, so their LRO URLs say 2026-01-01-preview.
  let compareLroVersion = true;

  function agree(actual: Answer, recorded: Recorded, what: string, poll = false): void {
    expect(actual.status, `${what}: status (${actual.body})`).toBe(recorded.status);
    expect(essentials(actual.body), `${what}: body`).toEqual(essentials(recorded.body));
    for (const header of ['azure-asyncoperation', 'location'] as const) {
      const want = recorded.headers?.[header];
      const got = actual.headers[header];
      // Polls repeat Azure-AsyncOperation only sometimes (R26 did on one of two): not compared.
      if (poll) continue;
      if (want) expect(lroShape(got, compareLroVersion), `${what}: ${header}`).toBe(lroShape(want, compareLroVersion));
      else if (recorded.status !== 200 || header !== 'azure-asyncoperation') expect(got, `${what}: no ${header}`).toBeUndefined();
    }
  }

  /** A write, every recorded poll of its operation (the emulator told how many are in progress), and the final GET. */
  async function writeAndPoll(phase: string, write: { method: string; path: string; body?: unknown }, apiVersion: string, pollKey: string, getAnswer?: Recorded): Promise<void> {
    const script = phases[phase]!;
    const polls = script[pollKey]!;
    arm.setAsyncPolls(polls.length - 1);
    const first = await send(write.method, write.path, { apiVersion, ...(write.body !== undefined ? { body: write.body } : {}) });
    agree(first, script[`${write.method} ${write.path}`]![0]!, `${phase} ${write.method}`);
    const monitor = first.headers['azure-asyncoperation'] ?? first.headers['location']!;
    for (const [i, recorded] of polls.entries()) agree(await send('GET', monitor), recorded, `${phase} poll ${i + 1}`, true);
    if (getAnswer) agree(await send('GET', write.path, { apiVersion }), getAnswer, `${phase} GET`);
  }

  const credentialBody = (password: string) => ({ identity: { type: 'SystemAssigned' }, properties: { loginServer: 'mcr.microsoft.com', authCredentials: [{ name: 'Credential1', usernameSecretIdentifier: `${KV}/SPusername`, passwordSecretIdentifier: password }] } });

  // The phases depend on each other (as in the CLI test): one emulator, in the recorded order.
  it('GET registry', async () => agree(await send('GET', REG_ID, { apiVersion: V26 }), REGISTRY_GET, 'registry'));

  it('create credential set: 201 Creating + Azure-AsyncOperation, Succeeded, then Unhealthy/Forbidden with systemAssigned', async () => {
    await writeAndPoll('createCredentialSet', { method: 'PUT', path: CS, body: credentialBody(`${KV}/SPpassword`) }, V26, `GET ${CS}/operationStatuses/credentialsets-60775e7c-d620-4996-8f41-2be1e8590e45`, phases['createCredentialSet']![`GET ${CS}`]![0]);
  });

  it('list credential sets', async () => agree(await send('GET', `${REG_ID}/credentialSets`, { apiVersion: V26 }), phases['listCredentialSets']![`GET ${REG_ID}/credentialSets`]![0]!, 'list sets'));

  it('update credential set: GET, PATCH 201 Updating, poll, GET', async () => {
    const script = phases['updateCredentialSet']!;
    agree(await send('GET', CS, { apiVersion: V26 }), script[`GET ${CS}`]![0]!, 'update: first GET');
    await writeAndPoll('updateCredentialSet', { method: 'PATCH', path: CS, body: { properties: { authCredentials: credentialBody(`${KV}/SPusername`).properties.authCredentials } } }, V26, `GET ${CS}/operationStatuses/credentialsets-095b1062-6042-4586-94a6-255e134c4935`, script[`GET ${CS}`]![1]);
  });

  it('create cache rule: polls answer Creating, then Succeeded', async () => {
    await writeAndPoll('createCacheRule', { method: 'PUT', path: CR, body: { properties: { sourceRepository: 'mcr.microsoft.com/mcr/hello-world', targetRepository: 'hello-world', credentialSetResourceId: CS } } }, V26, `GET ${CR}/operationStatuses/cacherules-4f74cbb7-639a-4859-97c5-b6a25014d5dc`, phases['createCacheRule']![`GET ${CR}`]![0]);
  });

  it('list cache rules', async () => agree(await send('GET', `${REG_ID}/cacheRules`, { apiVersion: V26 }), phases['listCacheRules']![`GET ${REG_ID}/cacheRules`]![0]!, 'list rules'));

  it('PATCH credentialSetResourceId:null on today\'s service: Updating, Succeeded, and the rule keeps its set (R26)', async () => {
    await writeAndPoll('detachCredentialSetR26', { method: 'PATCH', path: CR, body: { properties: { credentialSetResourceId: null } } }, V26, `GET ${CR}/operationStatuses/cacherules-87b5d14c-fe73-40be-a04f-c1c4960f5719`, phases['detachCredentialSetR26']![`GET ${CR}`]![0]);
  });

  it('the same PATCH with the 2023 behaviour removes the set (R23)', async () => {
    arm.setDetachCredentialSet('clears');
    compareLroVersion = false;
    try {
      await writeAndPoll('detachCredentialSetR23', { method: 'PATCH', path: CR, body: { properties: { credentialSetResourceId: null } } }, V23, `GET ${CR}/operationStatuses/cacherules-84042c34-c3a8-4e6d-97f2-fefb109c3bb7`, phases['detachCredentialSetR23']![`GET ${CR}`]![0]);
    } finally {
      arm.setDetachCredentialSet('ignored');
      compareLroVersion = true;
    }
  });

  it('DELETE cache rule: 202, empty body, location-scoped operationResults; its poll answers 200 with an empty body', async () => {
    await writeAndPoll('deleteCacheRule', { method: 'DELETE', path: CR }, V26, `GET /subscriptions/${SUB}/providers/Microsoft.ContainerRegistry/locations/WESTUS/operationResults/cacherules-c0635647-bdac-47e7-9a70-92d611e1e31f`);
  });

  it('DELETE credential set: 202 with the body null; its poll answers 200 with an empty body', async () => {
    await writeAndPoll('deleteCredentialSet', { method: 'DELETE', path: CS }, V26, `GET /subscriptions/${SUB}/providers/Microsoft.ContainerRegistry/locations/WESTUS/operationResults/credentialsets-d201b13a-728a-420b-b56f-10378992d21d`);
  });

  it('refuses a Docker Hub rule without credentials with the real EnforceDockerAuthentication body', async () => {
    const key = `PUT ${REG_ID}/cacheRules/hub-rule`;
    agree(await send('PUT', `${REG_ID}/cacheRules/hub-rule`, { apiVersion: V26, body: { properties: { sourceRepository: 'docker.io/library/hello-world', targetRepository: 'hub-hello' } } }), phases['errEnforceDockerAuth']![key]![0]!, 'docker hub');
  });

  it('refuses a user-assigned credential-set identity with the real CannotSetResourceIdentity body', async () => {
    const path = `${REG_ID}/credentialSets/uami-set`;
    const body = { ...credentialBody(`${KV}/SPpassword`), identity: { type: 'UserAssigned', userAssignedIdentities: { [`/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uami`]: {} } } };
    agree(await send('PUT', path, { apiVersion: V26, body }), phases['errCannotSetIdentity']![`PUT ${path}`]![0]!, 'uami');
  });

  it('answers the data-plane token exchange and catalog like AAD-OAuth.md (Link paging), and the documented 401 challenge', async () => {
    arm.registry(REG).addRepositories('alpine', 'contoso-marketing', 'hello-world', 'node');
    const dp = `${arm.dataPlaneUrl('clireg000002.azurecr.io')}`;
    const exchange = await send('POST', `${dp}/oauth2/exchange`, { form: new URLSearchParams({ grant_type: 'access_token', service: 'clireg000002.azurecr.io', tenant: TENANT, access_token: token }).toString() });
    expect([exchange.status, Object.keys(JSON.parse(exchange.body))]).toEqual([dataPlane['POST /oauth2/exchange']![0]!.status, Object.keys(JSON.parse(dataPlane['POST /oauth2/exchange']![0]!.body))]);
    const refresh = JSON.parse(exchange.body).refresh_token as string;
    const tokenAnswer = await send('POST', `${dp}/oauth2/token`, { form: new URLSearchParams({ grant_type: 'refresh_token', service: 'clireg000002.azurecr.io', scope: 'registry:catalog:*', refresh_token: refresh }).toString() });
    expect([tokenAnswer.status, Object.keys(JSON.parse(tokenAnswer.body))]).toEqual([200, ['access_token']]);
    const access = JSON.parse(tokenAnswer.body).access_token as string;
    const [page1, page2] = dataPlane['GET /v2/_catalog']!;
    const first = await send('GET', `${dp}/v2/_catalog?n=2`, { auth: `Bearer ${access}` });
    expect([first.status, JSON.parse(first.body)]).toEqual([page1!.status, JSON.parse(page1!.body)]);
    const nextOf = (link: string | undefined) => {
      const m = /^<([^>]+)>;\s*rel="next"$/.exec(link ?? '');
      const u = m ? new URL(m[1]!, 'https://x') : null;
      return u ? { path: u.pathname, last: u.searchParams.get('last'), n: u.searchParams.get('n') } : null;
    };
    expect(nextOf(first.headers['link'])).toEqual(nextOf(page1!.headers!['link']));
    const second = await send('GET', `${dp}${new URL(/^<([^>]+)>/.exec(first.headers['link']!)![1]!, 'https://x').pathname}?last=contoso-marketing&n=2`, { auth: `Bearer ${access}` });
    expect([second.status, JSON.parse(second.body), second.headers['link']]).toEqual([page2!.status, JSON.parse(page2!.body), undefined]);

    arm.registry(REG).denyCatalog = true;
    const deniedToken = JSON.parse((await send('POST', `${dp}/oauth2/token`, { form: new URLSearchParams({ grant_type: 'refresh_token', service: 'clireg000002.azurecr.io', scope: 'registry:catalog:*', refresh_token: refresh }).toString() })).body).access_token as string;
    const denied = await send('GET', `${dp}/v2/_catalog`, { auth: `Bearer ${deniedToken}` });
    expect(denied.status).toBe(catalogDenied.status);
    expect(denied.headers['www-authenticate']).toBe(catalogDenied.headers!['www-authenticate']!.replaceAll('contosoregistry.azurecr.io', 'clireg000002.azurecr.io'));
    expect(JSON.parse(denied.body).errors[0].code).toBe(JSON.parse(catalogDenied.body).errors[0].code);
  });

  it('refuses an api-version the provider does not serve (ARM NoRegisteredProviderFound; not in the recordings)', async () => {
    const answer = await send('GET', `${REG_ID}/cacheRules`, { apiVersion: '2099-01-01' });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error.code).toBe('NoRegisteredProviderFound');
  });

  it('answers unauthorized_client for a new set at 2023-01-01-preview (R23), and Healthy once the identity is granted', async () => {
    const path = `${REG_ID}/credentialSets/older1`;
    const created = await send('PUT', path, { apiVersion: V23, body: credentialBody(`${KV}/SPpassword`) });
    const health = JSON.parse(created.body).properties.authCredentials[0].credentialHealth;
    expect([health.status, health.errorCode, health.errorMessage]).toEqual(['Unhealthy', 'unauthorized_client', expect.stringContaining('AADSTS700016')]);
    arm.registry(REG).grantSecretsAccess('older1');
    const after = JSON.parse((await send('GET', path, { apiVersion: V26 })).body);
    expect(after.properties.authCredentials[0].credentialHealth).toEqual({ status: 'Healthy' });
  });
});
