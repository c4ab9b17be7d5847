// Sync settings read from a rule and written back by an edit: what az allows (filters and
// referrers only with ActiveSync), filter kinds the editor does not offer kept unchanged.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applySyncEdit, splitPlatforms, syncViewOf, type SyncRuleFields } from './sync-settings.ts';

// CacheRuleCreateArtifactSync.json (acrcache 2025-09-01-preview)
const EXAMPLE: SyncRuleFields = {
  syncMode: 'ActiveSync',
  artifactSyncFilters: {
    tags: { type: 'KQL', query: "Tags | where Name startswith '2';" },
    platforms: { type: 'array', values: ['linux/amd64', 'linux/arm64'] },
    imageTypes: { type: 'include', values: ['application/vnd.oci.image.manifest.v1+json'] },
    artifactTypes: { type: 'include', values: ['application/vnd.cncf.notary.signature'] },
  },
};

describe('syncViewOf', () => {
  it('reads the preview example', () => {
    expect(syncViewOf(EXAMPLE)).toEqual({ active: true, tags: { kind: 'fields', fields: { startsWith: '2' } }, platforms: ['linux/amd64', 'linux/arm64'], referrers: false });
  });
  it('reads a plain rule as passive with no filter', () => {
    expect(syncViewOf({})).toEqual({ active: false, tags: null, platforms: [], referrers: false });
  });
  it('reads referrers Enabled whatever its case', () => {
    expect(syncViewOf({ syncMode: 'activeSync', syncReferrers: 'enabled' })).toMatchObject({ active: true, referrers: true });
  });
});

describe('applySyncEdit', () => {
  it('keeps the rule exactly when nothing was changed', () => {
    const view = syncViewOf(EXAMPLE);
    expect(applySyncEdit(EXAMPLE, { active: true, tags: 'unchanged', platforms: view.platforms, referrers: false })).toEqual(EXAMPLE);
  });
  it('writes the tag query az writes, keeping imageTypes and artifactTypes', () => {
    const out = applySyncEdit(EXAMPLE, { active: true, tags: { kind: 'fields', fields: { contains: 'mariner' } }, platforms: ['linux/amd64'], referrers: true });
    expect(out).toEqual({
      syncMode: 'ActiveSync',
      syncReferrers: 'Enabled',
      artifactSyncFilters: {
        tags: { type: 'KQL', query: "Tags | where Name contains 'mariner'" },
        platforms: { type: 'array', values: ['linux/amd64'] },
        imageTypes: EXAMPLE.artifactSyncFilters!['imageTypes'],
        artifactTypes: EXAMPLE.artifactSyncFilters!['artifactTypes'],
      },
    });
  });
  it('turns a plain rule into the CacheRuleCreateSyncReferrers.json shape', () => {
    expect(applySyncEdit({}, { active: true, tags: 'unchanged', platforms: [], referrers: true })).toEqual({ syncMode: 'ActiveSync', syncReferrers: 'Enabled' });
  });
  it('keeps a custom query verbatim', () => {
    const query = "Tags | where Name matches regex '^v[0-9]+$'";
    expect(applySyncEdit({}, { active: true, tags: { kind: 'custom', query }, platforms: [], referrers: false }).artifactSyncFilters).toEqual({ tags: { type: 'KQL', query } });
  });
  it('going passive drops the filters and referrers, as az refuses them without ActiveSync', () => {
    expect(applySyncEdit({ ...EXAMPLE, syncReferrers: 'Enabled' }, { active: false, tags: 'unchanged', platforms: ['linux/amd64'], referrers: true })).toEqual({ syncMode: 'PassiveSync', syncReferrers: 'Disabled' });
  });
  it('a new passive rule sends nothing new', () => {
    expect(applySyncEdit({}, { active: false, tags: 'unchanged', platforms: [], referrers: false })).toEqual({});
  });
  it('reading an edit back gives the edit', () => {
    const edit = fc.record({
      fields: fc.record({ startsWith: fc.stringMatching(/^[a-z0-9.-]{1,6}$/), contains: fc.stringMatching(/^[a-z0-9.-]{1,6}$/) }, { requiredKeys: [] }),
      platforms: fc.uniqueArray(fc.constantFrom('linux/amd64', 'linux/arm64', 'windows/amd64', 'linux/arm/v7'), { maxLength: 4 }),
      referrers: fc.boolean(),
    });
    fc.assert(
      fc.property(edit, ({ fields, platforms, referrers }) => {
        const out = applySyncEdit({}, { active: true, tags: { kind: 'fields', fields }, platforms, referrers });
        expect(syncViewOf(out)).toEqual({ active: true, tags: { kind: 'fields', fields }, platforms, referrers });
      }),
    );
  });
});

describe('splitPlatforms', () => {
  it('takes commas or blanks and drops repeats', () => {
    expect(splitPlatforms(' linux/amd64, linux/arm64  linux/amd64,,')).toEqual(['linux/amd64', 'linux/arm64']);
  });
});
