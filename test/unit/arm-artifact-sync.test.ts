// The emulated sync estimate (test/emulators/arm-artifact-sync.ts) against the acrcache example,
// and the parts of it that are the emulator's own guesses, so a change to them is deliberate.
import { describe, expect, it } from 'vitest';
import { answerSyncEstimate, createUpstreamTagStore, parseEmulatedKql, selectTags, SAMPLE_SIZE } from '../emulators/arm-artifact-sync.ts';
import { EXAMPLE_API_VERSION, EXAMPLE_REQUEST, EXAMPLE_RESPONSE, UPSTREAM_TAGS } from '../fixtures/acrcache/check-sync-estimate-example.ts';

function storeWith(source: string, tags: readonly string[]) {
  const store = createUpstreamTagStore();
  store.set(source, tags);
  return store;
}

describe('emulated Registries_CheckCacheRuleArtifactSyncEstimate', () => {
  it('answers the example request with the example response (CheckCacheRuleArtifactSyncEstimate.json)', () => {
    expect(UPSTREAM_TAGS).toHaveLength(189);
    const answer = answerSyncEstimate(storeWith('mcr.microsoft.com/azure-cli', UPSTREAM_TAGS), EXAMPLE_API_VERSION, EXAMPLE_REQUEST);
    expect(answer).toEqual({ status: 200, body: EXAMPLE_RESPONSE });
  });

  it('reads the queries az writes: every tag, startswith/endswith/contains joined by and, ==', () => {
    const tags = ['2.6.0', '2.6.0-alpine', '2.7.0', 'latest', 'Latest'];
    const select = (query: string) => selectTags(parseEmulatedKql(query)!, tags);
    expect(select('Tags')).toEqual(tags);
    expect(select("Tags | where Name startswith '2.6';")).toEqual(['2.6.0', '2.6.0-alpine']);
    expect(select("Tags | where Name startswith '2' and Name endswith 'alpine'")).toEqual(['2.6.0-alpine']);
    expect(select("Tags | Where Name contains 'ALPINE'")).toEqual(['2.6.0-alpine']);
    // KQL: == and != compare with case, =~ without; or binds looser than and
    expect(select("Tags | where Name == 'latest'")).toEqual(['latest']);
    expect(select("Tags | where Name =~ 'latest'")).toEqual(['latest', 'Latest']);
    expect(select("Tags | where Name startswith '2.7' or Name == 'latest' and Name !contains 'x'")).toEqual(['2.7.0', 'latest']);
    expect(select("Tags | where Name startswith_cs 'L'")).toEqual(['Latest']);
  });

  it('counts every tag without a tag filter, and samples at most SAMPLE_SIZE names in name order', () => {
    const many = Array.from({ length: SAMPLE_SIZE + 5 }, (_, i) => `v${String(i).padStart(3, '0')}`).reverse();
    const answer = answerSyncEstimate(storeWith('docker.io/library/nginx', many), EXAMPLE_API_VERSION, { properties: { sourceRepository: 'docker.io/library/nginx', targetRepository: 'nginx', syncMode: 'ActiveSync' } });
    const body = answer.body as typeof EXAMPLE_RESPONSE;
    expect(answer.status).toBe(200);
    expect(body).toMatchObject({ name: 'library/nginx', totalCount: SAMPLE_SIZE + 5, filteredCount: SAMPLE_SIZE + 5 });
    expect(body.results).toHaveLength(SAMPLE_SIZE);
    expect(body.results[0]).toEqual({ name: 'v000' });
  });

  it('refuses what it cannot estimate, as ARM errors (texts and codes are the emulator\'s guesses)', () => {
    const store = storeWith('mcr.microsoft.com/azure-cli', UPSTREAM_TAGS);
    const query = (q: string) => ({ properties: { ...EXAMPLE_REQUEST.properties, artifactSyncFilters: { tags: { type: 'KQL', query: q } } } });
    expect(answerSyncEstimate(store, '2025-11-01', EXAMPLE_REQUEST)).toMatchObject({ status: 400, errorCode: 'NoRegisteredProviderFound' });
    expect(answerSyncEstimate(store, EXAMPLE_API_VERSION, query('Tags | take 3'))).toMatchObject({ status: 400, errorCode: 'InvalidParameter', body: { error: { message: expect.stringContaining('Tags | take 3') } } });
    expect(answerSyncEstimate(store, EXAMPLE_API_VERSION, { properties: { ...EXAMPLE_REQUEST.properties, sourceRepository: 'mcr.microsoft.com/missing' } })).toMatchObject({ status: 404, errorCode: 'NotFound' });
    expect(answerSyncEstimate(store, EXAMPLE_API_VERSION, { properties: { ...EXAMPLE_REQUEST.properties, sourceRepository: 'mcr.microsoft.com/*' } })).toMatchObject({ status: 400, errorCode: 'InvalidParameter' });
    expect(answerSyncEstimate(store, EXAMPLE_API_VERSION, {})).toMatchObject({ status: 400, errorCode: 'InvalidRequestContent' });
  });
});
