// Cache contents read from the emulated data plane: catalog, batched metadata_read tokens,
// /acr/v1/<name>/_tags with paging, grouping under the registry's rules, the tag-read cap.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CacheRule } from '../../core/model.ts';
import { RegistryCatalogClient, type CatalogRequest } from '../../main/azure/registry-catalog.ts';
import { readCacheContents, type ContentsProgress } from '../../main/azure/registry-contents.ts';
import { startAzureTestEnvironment, TEST_TENANT, type AzureTestEnvironment } from '../emulators/azure-environment.ts';
import { fakeArmToken } from '../emulators/jwt.ts';

const RULES: CacheRule[] = [
  { name: 'hub-library', source: 'docker.io/library/*', target: 'library/*', credentialSet: 'dockerhub' },
  { name: 'ubuntu-pin', source: 'docker.io/library/ubuntu', target: 'library/ubuntu', credentialSet: 'dockerhub' },
  { name: 'k8s-mirror', source: 'registry.k8s.io/*', target: 'k8s/*' },
  { name: 'never-pulled', source: 'ghcr.io/acme/tool', target: 'tools/acme' },
];

const tag = (name: string, when: string) => ({ name, digest: `sha256:${'a'.repeat(64)}`, createdTime: when, lastUpdateTime: when });

describe('reading what the cache holds from the data plane', () => {
  let env: AzureTestEnvironment;
  let client: RegistryCatalogClient;
  let request: CatalogRequest;

  beforeEach(async () => {
    env = await startAzureTestEnvironment();
    client = new RegistryCatalogClient({ tlsCa: env.cert.cert, retryOptions: { maxRetries: 0 } });
    const loginServer = env.registry.loginServer;
    request = {
      credential: { getToken: async () => ({ token: fakeArmToken({ tid: TEST_TENANT, aud: 'https://management.azure.com/' }), expiresOnTimestamp: Date.now() + 3_600_000 }) },
      scope: 'https://management.azure.com/.default',
      tenantId: TEST_TENANT,
      loginServer,
      endpoint: env.arm.dataPlaneUrl(loginServer),
      pageSize: 2,
    };
    // 150 tags on nginx: the tag list is read over two pages of 100.
    env.registry.setTags('library/nginx', Array.from({ length: 150 }, (_, i) => tag(`1.${String(i).padStart(3, '0')}`, `2026-0${1 + (i % 9)}-01T00:00:00Z`)));
    env.registry.setTags('library/ubuntu', [tag('22.04', '2026-02-01T00:00:00Z'), tag('24.04', '2026-04-02T08:00:00Z')]);
    env.registry.setTags('k8s/pause', [tag('3.10', '2026-03-03T00:00:00Z')]);
    env.registry.setTags('my-app', [tag('v1', '2026-01-05T00:00:00Z')]);
  });
  afterEach(async () => env.close());

  it('assigns repositories to rules with their tags and newest update, and lists never-served rules and uncovered repositories', async () => {
    const progress: ContentsProgress[] = [];
    const report = await readCacheContents(client, request, RULES, { onProgress: (p) => progress.push(p) });
    const byRule = Object.fromEntries(report.contents.rules.map((g) => [g.rule.name, g.repositories.map((r) => r.name)]));
    expect(byRule).toEqual({ 'hub-library': ['library/nginx'], 'ubuntu-pin': ['library/ubuntu'], 'k8s-mirror': ['k8s/pause'], 'never-pulled': [] });
    expect(report.contents.neverServed.map((r) => r.name)).toEqual(['never-pulled']);
    expect(report.contents.uncovered.map((r) => r.name)).toEqual(['my-app']);
    const nginx = report.contents.rules[0]!.repositories[0]!;
    expect(nginx.tags).toHaveLength(150);
    expect(nginx.lastUpdated).toBe('2026-09-01T00:00:00Z');
    expect(report.contents.rules[1]!.repositories[0]!.lastUpdated).toBe('2026-04-02T08:00:00Z');
    expect(report.tagsNotRead).toBe(0);
    expect(progress.at(-1)).toEqual({ phase: 'tags', done: 4, total: 4 });
    const ops = env.arm.requests.map((r) => r.op).filter((op) => op.startsWith('dataplane.'));
    // One token for the catalog, one for the batch of four repositories; nginx's tags take two pages.
    expect(ops.filter((op) => op === 'dataplane.token')).toHaveLength(2);
    expect(ops.filter((op) => op === 'dataplane.tags')).toHaveLength(5);
  });

  it('reads tags of at most the cap and says how many were left unread', async () => {
    const report = await readCacheContents(client, request, RULES, { tagReadCap: 2 });
    expect(report.repositoryCount).toBe(4);
    expect(report.tagsNotRead).toBe(2);
    const unread = [...report.contents.rules.flatMap((g) => g.repositories), ...report.contents.uncovered].filter((r) => r.tags === null).map((r) => r.name);
    expect(unread.sort()).toEqual(['library/ubuntu', 'my-app']);
  });

  it('stops when cancelled', async () => {
    const abort = new AbortController();
    abort.abort();
    await expect(readCacheContents(client, { ...request, abortSignal: abort.signal }, RULES)).rejects.toThrow();
  });
});
