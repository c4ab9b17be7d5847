import { describe, expect, test } from 'vitest';
import type { DraftState } from '../../../../preload/api.ts';
import { ageText, RepositoryCache } from '../../../../renderer/src/lib/azure/repository-cache.svelte.ts';
import { DraftDocument } from '../../../../renderer/src/lib/documents/draft-document.svelte.ts';
import { fakeAzureApi, REGISTRY } from './fake-azure-api.ts';

const REF = { accountId: 'acc-1', tenantId: 'tenant-1', registryId: REGISTRY.id };
const OTHER = { accountId: 'acc-1', tenantId: 'tenant-1', registryId: REGISTRY.id.replace('contosocache', 'fabrikam') };

function draftState(linked: boolean): DraftState {
  const draft = {
    id: 'd1',
    name: 'draft',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ruleSet: { registry: REGISTRY.loginServer, rules: [], credentialSets: [] },
    ...(linked ? { link: { registry: REF, loginServer: REGISTRY.loginServer, importedAt: '2026-01-01T00:00:00Z', baseline: { rules: {}, credentialSets: {} } } } : {}),
  };
  return { draft, undo: null, redo: null } as DraftState;
}

describe('RepositoryCache', () => {
  test('a list older than the cache setting is read again when asked for; a younger one is not', async () => {
    const fake = fakeAzureApi();
    let clock = new Date('2026-01-01T10:00:00Z');
    const cache = new RepositoryCache(fake.api, () => clock);
    cache.ensure(REF, 15);
    await expect.poll(() => cache.entry(REF)?.state).toBe('ready');
    clock = new Date('2026-01-01T10:14:00Z');
    cache.ensure(REF, 15);
    expect(fake.azure.listRepositories).toHaveBeenCalledTimes(1);
    clock = new Date('2026-01-01T10:15:00Z');
    cache.ensure(REF, 15);
    await expect.poll(() => fake.azure.listRepositories.mock.calls.length).toBe(2);
    await expect.poll(() => cache.entry(REF)?.readAt).toEqual(clock);
  });

  test('reads a registry once, keeps the time it was read, and reads again only on refresh', async () => {
    const fake = fakeAzureApi();
    let clock = new Date('2026-01-01T10:00:00Z');
    const cache = new RepositoryCache(fake.api, () => clock);
    cache.ensure(REF);
    cache.ensure(REF);
    expect(cache.entry(REF)?.state).toBe('loading');
    await expect.poll(() => cache.entry(REF)?.state).toBe('ready');
    expect(fake.azure.listRepositories).toHaveBeenCalledTimes(1);
    expect(cache.entry(REF)).toEqual({ state: 'ready', repositories: ['team/app'], truncated: false, readAt: new Date('2026-01-01T10:00:00Z') });

    fake.azure.listRepositories.mockResolvedValueOnce({ repositories: ['team/app', 'team/new'], truncated: true });
    clock = new Date('2026-01-01T10:05:00Z');
    await cache.refresh(REF);
    expect(fake.azure.listRepositories).toHaveBeenCalledTimes(2);
    expect(cache.entry(REF)).toEqual({ state: 'ready', repositories: ['team/app', 'team/new'], truncated: true, readAt: clock });
  });

  test('a failed read says why and keeps the age of the last good read', async () => {
    const fake = fakeAzureApi();
    const cache = new RepositoryCache(fake.api, () => new Date('2026-01-01T10:00:00Z'));
    await cache.refresh(REF);
    fake.azure.listRepositories.mockRejectedValueOnce({ name: 'ApiError', code: 'catalog-denied', message: 'No AcrPull role.' });
    await cache.refresh(REF);
    expect(cache.entry(REF)).toEqual({ state: 'failed', error: 'No AcrPull role.', readAt: new Date('2026-01-01T10:00:00Z') });
  });

  test('registries are kept apart', async () => {
    const fake = fakeAzureApi();
    const cache = new RepositoryCache(fake.api);
    await cache.refresh(REF);
    expect(cache.entry(OTHER)).toBeUndefined();
  });

  test('ages read as a person would say them', () => {
    const at = new Date('2026-01-01T10:00:00Z');
    const after = (seconds: number) => ageText(at, new Date(at.getTime() + seconds * 1000));
    expect(after(5)).toBe('just now');
    expect(after(4 * 60)).toBe('4 min ago');
    expect(after(3 * 3600)).toBe('3 h ago');
    expect(after(3 * 86400)).toBe('3 days ago');
  });
});

describe('DraftDocument repositories', () => {
  test('an unlinked draft checks no repositories and reads none', () => {
    const fake = fakeAzureApi();
    const document = new DraftDocument(fake.api, draftState(false), new RepositoryCache(fake.api));
    expect(document.repositoryLink).toBeNull();
    expect(document.existingRepositories).toBeNull();
    expect(fake.azure.listRepositories).not.toHaveBeenCalled();
  });

  test('a draft imported from a registry checks that registry\'s repositories', async () => {
    const fake = fakeAzureApi();
    const document = new DraftDocument(fake.api, draftState(true), new RepositoryCache(fake.api));
    expect(document.repositories?.state).toBe('loading');
    await expect.poll(() => document.existingRepositories).toEqual(['team/app']);
    expect(fake.azure.listRepositories).toHaveBeenCalledWith(REF);
  });

  test('a picked plan target replaces the registry the draft came from', async () => {
    const fake = fakeAzureApi();
    fake.azure.listRepositories.mockResolvedValue({ repositories: ['other/repo'], truncated: false });
    const document = new DraftDocument(fake.api, draftState(false), new RepositoryCache(fake.api));
    document.planTarget = { registry: OTHER, loginServer: 'fabrikam.azurecr.io' };
    expect(document.repositoryLink?.loginServer).toBe('fabrikam.azurecr.io');
    void document.repositories;
    await expect.poll(() => document.existingRepositories).toEqual(['other/repo']);
    expect(fake.azure.listRepositories).toHaveBeenCalledWith(OTHER);
    expect(fake.azure.listRepositories).not.toHaveBeenCalledWith(REF);
  });
});
