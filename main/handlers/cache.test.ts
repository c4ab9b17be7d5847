// The cache area's payload checks: repository paths, tags and digests end up in data-plane URLs.
import { describe, expect, it } from 'vitest';
import { createIpcRouter, type HandlerTable } from '../ipc/router.ts';
import type { CacheService } from '../cache/cache-service.ts';
import { cacheHandlers } from './cache.ts';

const registry = {
  accountId: 'AzureCloud|00000000-0000-0000-0000-000000000001.72f988bf-86f1-41af-91ab-2d7cd011db47',
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  registryId: '/subscriptions/3f2b6c1e-5d4a-4b8c-9e7f-000000000001/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/contoso',
};
const jobId = '00000000-0000-4000-8000-000000000001';

function router() {
  const warmed: unknown[] = [];
  const service: CacheService = {
    readContents: async () => {
      throw new Error('not used');
    },
    saveContentsCsv: async () => null,
    warm: async (request) => {
      warmed.push(request);
      return { results: [], cached: 0, fetched: 0, failed: 0, cancelled: 0, bytes: 0 };
    },
    cancel: () => false,
    syncNow: async (_registry, image) => {
      warmed.push(image);
      return { label: image.label, status: 'synced', message: null, code: null, digest: null, lastUpdated: null };
    },
  };
  return { warmed, router: createIpcRouter({ cache: cacheHandlers(service) } as unknown as HandlerTable) };
}

const warm = (image: Record<string, string>, extra: Record<string, unknown> = {}) => [{ jobId, registry, images: [{ label: 'x', ...image }], mode: 'manifest', platform: 'all', ...extra }];

describe('cache.warm payloads', () => {
  it('takes a repository with a tag or a digest', async () => {
    const { router: r, warmed } = router();
    expect((await r.invoke('cache.warm', warm({ repository: 'library/nginx', reference: '1.27' }))).ok).toBe(true);
    expect((await r.invoke('cache.warm', warm({ repository: 'library/nginx', reference: `sha256:${'a'.repeat(64)}` }))).ok).toBe(true);
    expect(warmed).toHaveLength(2);
  });

  it('refuses paths and references that would leave the repository in a URL, and odd platforms', async () => {
    const { router: r, warmed } = router();
    for (const payload of [
      warm({ repository: '../oauth2/token', reference: 'v1' }),
      warm({ repository: 'Library/Nginx', reference: 'v1' }),
      warm({ repository: 'library/nginx', reference: 'v1/../../x' }),
      warm({ repository: 'library/nginx', reference: 'v1?x=1' }),
      warm({ repository: 'library/nginx', reference: 'v1' }, { platform: 'linux/amd64/../x' }),
      warm({ repository: 'library/nginx', reference: 'v1' }, { mode: 'everything' }),
    ]) {
      const answer = await r.invoke('cache.warm', payload);
      expect(answer.ok ? 'accepted' : answer.error.code).toBe('invalid-payload');
    }
    expect(warmed).toHaveLength(0);
  });

  it('asks the save dialog only for a .csv name', async () => {
    const { router: r } = router();
    expect((await r.invoke('cache.saveContentsCsv', ['contoso.csv', []])).ok).toBe(true);
    const bad = await r.invoke('cache.saveContentsCsv', ['../../etc/passwd', []]);
    expect(bad.ok ? 'accepted' : bad.error.code).toBe('invalid-payload');
  });
});

describe('cache.syncNow payloads', () => {
  it('takes a repository and a tag; refuses a digest (az acr cache sync takes a tag), a path escape and extra keys', async () => {
    const { router: r, warmed } = router();
    expect((await r.invoke('cache.syncNow', [registry, { label: 'x', repository: 'library/nginx', reference: '1.27' }])).ok).toBe(true);
    for (const image of [
      { label: 'x', repository: 'library/nginx', reference: `sha256:${'a'.repeat(64)}` },
      { label: 'x', repository: '../oauth2/token', reference: 'v1' },
      { label: 'x', repository: 'library/nginx', reference: 'v1', rule: 'other' },
    ]) {
      const answer = await r.invoke('cache.syncNow', [registry, image]);
      expect(answer.ok ? 'accepted' : answer.error.code).toBe('invalid-payload');
    }
    expect(warmed).toHaveLength(1);
  });
});
