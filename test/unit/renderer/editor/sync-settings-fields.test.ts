// The rule editor's sync settings (issue 16.4): passive vs ActiveSync, the tag filter az builds,
// platforms, referrers, the storage warning; edits land in the draft rule, an untouched rule keeps
// its settings exactly, and a query the app cannot read is kept verbatim.
import '@testing-library/jest-dom/vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, test, vi } from 'vitest';
import type { CacheRule, RuleSet } from '../../../../core/index.ts';
import SyncSettingsFields from '../../../../renderer/src/lib/components/workspace/rule-editor/SyncSettingsFields.svelte';
import { DraftDocument } from '../../../../renderer/src/lib/documents/draft-document.svelte.ts';
import { Workspace } from '../../../../renderer/src/lib/drafts/workspace.svelte.ts';
import { draftState, fakeDraftsApi } from '../fake-drafts-api.ts';

// CacheRuleCreateArtifactSync.json (acrcache 2025-09-01-preview)
const SYNCED: CacheRule = {
  name: 'mcr-cli-sync',
  source: 'mcr.microsoft.com/azure-cli',
  target: 'cached-mar/azure-cli',
  syncMode: 'ActiveSync',
  artifactSyncFilters: {
    tags: { type: 'KQL', query: "Tags | where Name startswith '2';" },
    platforms: { type: 'array', values: ['linux/amd64', 'linux/arm64'] },
    imageTypes: { type: 'include', values: ['application/vnd.oci.image.manifest.v1+json'] },
  },
};
const CUSTOM_QUERY = "Tags | where Name matches regex '^v[0-9]+$'";
const SEED: RuleSet = {
  registry: 'contoso.azurecr.io',
  rules: [
    { name: 'mcr-dotnet', source: 'mcr.microsoft.com/dotnet/runtime', target: 'dotnet/runtime' },
    SYNCED,
    { name: 'ghcr-custom', source: 'ghcr.io/org/app', target: 'app', syncMode: 'ActiveSync', artifactSyncFilters: { tags: { type: 'KQL', query: CUSTOM_QUERY } } },
  ],
  credentialSets: [],
};

function setup(index: number) {
  const fake = fakeDraftsApi(SEED);
  const workspace = new Workspace(new DraftDocument(fake.api, draftState(SEED)), { notify: vi.fn() });
  workspace.editRule(index);
  const form = workspace.ruleForm!;
  render(SyncSettingsFields, { sync: form.sync });
  return { workspace, form, fake };
}

const input = (id: string, value: string) => fireEvent.input(screen.getByTestId(id), { target: { value } });

describe('SyncSettingsFields', () => {
  test('a plain rule turned to ActiveSync gets the KQL az writes, platforms and referrers, saved into the draft', async () => {
    const { workspace, form, fake } = setup(0);
    expect(screen.getByTestId('sync-summary')).toHaveTextContent('Pull-through');
    expect(screen.queryByTestId('sync-storage-warning')).toBeNull();
    await fireEvent.click(screen.getByTestId('sync-mode-active'));
    expect(screen.getByTestId('sync-storage-warning')).toHaveTextContent('This may incur additional storage charges. With no tag filter, every tag');
    await input('sync-starts-with', '1.2');
    await input('sync-contains', 'alpine');
    await input('sync-platforms', 'linux/amd64, linux/arm64');
    await fireEvent.click(screen.getByTestId('sync-referrers'));
    expect(screen.getByTestId('sync-tag-query')).toHaveTextContent("Tags | where Name startswith '1.2' and Name contains 'alpine'");
    expect(screen.getByTestId('sync-storage-warning')).not.toHaveTextContent('every tag');
    expect(form.dirty).toBe(true);
    expect(form.candidate).toEqual({
      name: 'mcr-dotnet',
      source: 'mcr.microsoft.com/dotnet/runtime',
      target: 'dotnet/runtime',
      syncMode: 'ActiveSync',
      syncReferrers: 'Enabled',
      artifactSyncFilters: { tags: { type: 'KQL', query: "Tags | where Name startswith '1.2' and Name contains 'alpine'" }, platforms: { type: 'array', values: ['linux/amd64', 'linux/arm64'] } },
    });
    const saved = await workspace.saveRule();
    expect(workspace.saveRefusal?.text ?? workspace.pendingSave?.question ?? '').toBe('');
    expect(saved).toBe(true);
    expect(fake.saveRule).toHaveBeenCalledWith('draft-1', form.candidate, 'mcr-dotnet');
    expect(workspace.ruleSet.rules[0]).toEqual(form.candidate);
  });

  test('an ActiveSync rule opened and left alone keeps its settings exactly (trailing semicolon, imageTypes)', () => {
    const { form } = setup(1);
    expect((screen.getByTestId('sync-starts-with') as HTMLInputElement).value).toBe('2');
    expect((screen.getByTestId('sync-platforms') as HTMLInputElement).value).toBe('linux/amd64, linux/arm64');
    expect(screen.getByTestId('sync-other-filters')).toHaveTextContent('imageTypes');
    expect(form.dirty).toBe(false);
    expect(form.candidate).toEqual(SYNCED);
  });

  test('editing the platforms of a rule with a custom query keeps the query verbatim', async () => {
    const { form } = setup(2);
    expect((screen.getByTestId('sync-custom-query') as HTMLTextAreaElement).value).toBe(CUSTOM_QUERY);
    await input('sync-platforms', 'linux/arm64');
    expect(form.candidate.artifactSyncFilters).toEqual({ tags: { type: 'KQL', query: CUSTOM_QUERY }, platforms: { type: 'array', values: ['linux/arm64'] } });
  });

  test('going back to pull-through drops the filters and turns referrers off, as az requires', async () => {
    const { form } = setup(1);
    await fireEvent.click(screen.getByTestId('sync-mode-passive'));
    expect(screen.queryByTestId('sync-platforms')).toBeNull();
    expect(form.candidate).toEqual({ name: SYNCED.name, source: SYNCED.source, target: SYNCED.target, syncMode: 'PassiveSync' });
  });
});
