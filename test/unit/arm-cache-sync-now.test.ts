// The emulator's "sync this tag now" (importImage from a cache rule) on its own: what it takes
// from the body (the spec's ImportImageParameters), what it refuses before starting an operation,
// and the operation's failure for NoForce over an existing tag (the spec's wording).
import { describe, expect, test } from 'vitest';
import type { EmulatedCacheRule, RegistryHandle } from '../emulators/arm.ts';
import { answerImportImage, tagFilterAllows, type ImportImageContext } from '../emulators/arm-cache-sync-now.ts';

const REGISTRY_ID = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/contoso';
const rule = (extensions: EmulatedCacheRule['extensions']): EmulatedCacheRule => ({ name: 'hub-library', sourceRepository: 'docker.io/library/*', targetRepository: 'library/*', credentialSetResourceId: null, provisioningState: 'Succeeded', creationDate: '', createdBy: '', extensions });

function context(body: unknown, options: { apiVersion?: string; extensions?: EmulatedCacheRule['extensions']; held?: string[] } = {}) {
  const started: Array<{ code: string; status: number } | null> = [];
  const registry = {
    id: REGISTRY_ID,
    name: 'contoso',
    rule: (name: string) => (name === 'hub-library' ? rule(options.extensions ?? { syncMode: 'ActiveSync' }) : undefined),
    pullThrough: { proxyUrl: 'http://127.0.0.1:9', served: new Set<string>(), takeFailure: () => undefined },
    setTags: () => undefined,
  } as unknown as RegistryHandle;
  const ctx: ImportImageContext = {
    apiVersion: options.apiVersion ?? '2025-09-01-preview',
    body,
    registry,
    tagsOf: () => (options.held ?? []).map((name) => ({ name, digest: 'sha256:x', createdTime: '', lastUpdateTime: '' })),
    startOperation: (_effects, failure) => (started.push(failure), { location: 'https://emulator/op' }),
    injectedFailure: null,
  };
  return { ctx, started };
}
const sync = (tag: string, extra: Record<string, unknown> = {}) => ({ source: { sourceImage: `library/tiny:${tag}`, cacheRuleResourceId: `${REGISTRY_ID}/cacheRules/hub-library` }, targetTags: [`library/tiny:${tag}`], mode: 'Force', ...extra });

describe('the emulated importImage from a cache rule', () => {
  test("az's tag-filter forms are judged; another form is left to pass", () => {
    expect(tagFilterAllows('Tags', 'x')).toBe(true);
    expect(tagFilterAllows("Tags | where Name startswith 'V' and Name endswith '-alpine'", 'v1-alpine')).toBe(true);
    expect(tagFilterAllows("Tags | where Name == 'latest'", 'Latest')).toBe(false);
    expect(tagFilterAllows("Tags | where Name matches regex '^v'", 'v1')).toBeNull();
  });

  test('refused before any operation: no sourceImage, an import that is not from a cache rule, a stable api-version, an unknown or PassiveSync rule, a target or source the rule does not map, a tag outside the filter', async () => {
    const cases: Array<[unknown, Parameters<typeof context>[1], number, RegExp]> = [
      [{ source: {} }, {}, 400, /sourceImage' is required/],
      // the spec example ImportImageByTag.json: a registry-to-registry import, not emulated
      [{ source: { resourceId: REGISTRY_ID, sourceImage: 'sourceRepository:sourceTag' }, targetTags: ['targetRepository:targetTag'], mode: 'Force' }, {}, 400, /only from a cache rule/],
      [sync('v1'), { apiVersion: '2025-11-01' }, 400, /api-version 2025-11-01 has no source\.cacheRuleResourceId/],
      [sync('v1', { source: { sourceImage: 'library/tiny:v1', cacheRuleResourceId: `${REGISTRY_ID}/cacheRules/other-rule` } }), {}, 404, /was not found/],
      [sync('v1'), { extensions: { syncMode: 'PassiveSync' } }, 400, /Artifact sync is not enabled on cache rule 'hub-library'/],
      [sync('v1', { targetTags: ['elsewhere/tiny:v1'] }), {}, 400, /is not served by cache rule/],
      [sync('v1', { source: { sourceImage: 'acme/tiny:v1', cacheRuleResourceId: `${REGISTRY_ID}/cacheRules/hub-library` } }), {}, 400, /caches 'library\/tiny' from 'library\/tiny', not 'acme\/tiny'/],
      [sync('2.0'), { extensions: { syncMode: 'ActiveSync', artifactSyncFilters: { tags: { type: 'KQL', query: "Tags | where Name startswith 'v'" } } } }, 400, /not within the tag filter/],
    ];
    for (const [body, options, status, message] of cases) {
      const { ctx, started } = context(body, options);
      const answer = await answerImportImage(ctx);
      expect({ status: answer.status, message: (answer.body as { error: { message: string } }).error.message }).toMatchObject({ status, message: expect.stringMatching(message) });
      expect(started).toHaveLength(0);
    }
  });

  test('NoForce over a tag the registry holds: accepted, and the operation fails (spec: "any existing target tags will fail the operation")', async () => {
    const { ctx, started } = context(sync('v1', { mode: 'NoForce' }), { held: ['v1'] });
    const answer = await answerImportImage(ctx);
    expect(answer).toMatchObject({ status: 202, body: null, headers: { location: 'https://emulator/op' } });
    expect(started).toEqual([expect.objectContaining({ status: 409, code: 'Conflict' })]);
  });
});
