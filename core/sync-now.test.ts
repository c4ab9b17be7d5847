import { describe, expect, test } from 'vitest';
import { planSyncNow, tagPassesFields } from './sync-now.ts';

const active = (query?: string) => ({ name: 'hub-library', syncMode: 'ActiveSync', ...(query ? { artifactSyncFilters: { tags: { type: 'KQL', query } } } : {}) });

describe('planSyncNow: what az acr cache sync sends, and when it cannot', () => {
  test('a tag of an ActiveSync rule: the upstream path without its host, the target repository, the same tag', () => {
    expect(planSyncNow(active(), 'library/nginx', '1.27', 'docker.io/library/nginx:1.27')).toEqual({ ok: true, rule: 'hub-library', sourceImage: 'library/nginx:1.27', targetTag: 'library/nginx:1.27', tag: '1.27' });
    // a wildcard rule whose target differs from its source path
    expect(planSyncNow(active(), 'k8s/pause', '3.10', 'registry.k8s.io/pause:3.10')).toMatchObject({ ok: true, sourceImage: 'pause:3.10', targetTag: 'k8s/pause:3.10' });
  });

  test('refused: a digest, a PassiveSync or unset mode, a tag outside the filter; a filter the app cannot read is left to Azure', () => {
    expect(planSyncNow(active(), 'library/nginx', `sha256:${'a'.repeat(64)}`, 'docker.io/library/nginx@sha256:…')).toMatchObject({ ok: false, reason: 'digest' });
    expect(planSyncNow({ name: 'p', syncMode: 'PassiveSync' }, 'library/nginx', '1', 'docker.io/library/nginx:1')).toMatchObject({ ok: false, reason: 'passive' });
    expect(planSyncNow({ name: 'p' }, 'library/nginx', '1', 'docker.io/library/nginx:1')).toMatchObject({ ok: false, reason: 'passive' });
    const outside = planSyncNow(active("Tags | where Name startswith 'v' and Name contains 'alpine'"), 'library/nginx', 'v1-slim', 'docker.io/library/nginx:v1-slim');
    expect(outside).toMatchObject({ ok: false, reason: 'outside-filter' });
    expect(outside.ok ? '' : outside.message).toContain('tags starting with v and containing alpine');
    expect(planSyncNow(active("Tags | where Name matches regex '^v'"), 'library/nginx', '1', 'docker.io/library/nginx:1')).toMatchObject({ ok: true });
    expect(planSyncNow(active(), 'library/nginx', '1', null)).toMatchObject({ ok: false, reason: 'no-upstream' });
  });

  test('tag conditions: startswith/endswith/contains ignore case (KQL), == does not', () => {
    expect(tagPassesFields({ startsWith: 'V', endsWith: '-ALPINE' }, 'v1.2-alpine')).toBe(true);
    expect(tagPassesFields({ contains: 'rc' }, '1.0')).toBe(false);
    expect(tagPassesFields({ equals: 'Latest' }, 'latest')).toBe(false);
    expect(tagPassesFields({}, 'anything')).toBe(true);
  });
});
