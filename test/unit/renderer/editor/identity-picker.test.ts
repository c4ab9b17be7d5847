// The rule editor's identity picker (issue 10.4): shown for an ACR source, lists the identities of
// the linked registry's subscription, a pick fills the rule's identity, a pasted ID of another
// subscription stays, and the rule engine's problems show at the field.
import '@testing-library/jest-dom/vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, test, vi } from 'vitest';
import type { RuleSet } from '../../../../core/index.ts';
import type { DesktopApi, RegistryRef, UserAssignedIdentitySummary } from '../../../../preload/api.ts';
import { IdentityDirectory } from '../../../../renderer/src/lib/azure/identity-directory.svelte.ts';
import IdentityPicker from '../../../../renderer/src/lib/components/workspace/IdentityPicker.svelte';
import RuleEditor from '../../../../renderer/src/lib/components/workspace/RuleEditor.svelte';
import { DraftDocument } from '../../../../renderer/src/lib/documents/draft-document.svelte.ts';
import { Workspace } from '../../../../renderer/src/lib/drafts/workspace.svelte.ts';
import { draftState, fakeDraftsApi } from '../fake-drafts-api.ts';

const SUB = '3f2b6c1e-5d4a-4b8c-9e7f-000000000001';
const REGISTRY: RegistryRef = { accountId: 'AzureCloud|acc-1', tenantId: '72f988bf-0000-4000-8000-000000000001', registryId: `/subscriptions/${SUB}/resourceGroups/rg-cache/providers/Microsoft.ContainerRegistry/registries/contosocache` };
const uami = (name: string, rg = 'rg-identities', sub = SUB) => `/subscriptions/${sub}/resourcegroups/${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
const IDENTITIES: UserAssignedIdentitySummary[] = [
  { id: uami('app-reader'), name: 'app-reader', subscriptionId: SUB, resourceGroup: 'rg-identities', location: 'westeurope', principalId: 'p1', clientId: 'c1' },
  { id: uami('cache-puller'), name: 'cache-puller', subscriptionId: SUB, resourceGroup: 'rg-identities', location: 'westeurope', principalId: 'p2', clientId: 'c2' },
];
const SEED: RuleSet = {
  registry: 'contoso.azurecr.io',
  rules: [{ name: 'acr-app', source: 'upstream.azurecr.io/app', target: 'app', identity: uami('cache-puller') }],
  credentialSets: [],
};

function setup(editIndex: number | null) {
  const fake = fakeDraftsApi(SEED);
  const workspace = new Workspace(new DraftDocument(fake.api, draftState(SEED)), { notify: vi.fn() });
  if (editIndex === null) workspace.newRule();
  else workspace.editRule(editIndex);
  const form = workspace.ruleForm!;
  const listUserAssignedIdentities = vi.fn(async () => IDENTITIES);
  const directory = new IdentityDirectory({ azure: { listUserAssignedIdentities } } as unknown as DesktopApi, () => new Date());
  return { workspace, form, directory, listUserAssignedIdentities };
}

describe('IdentityPicker', () => {
  test('lists the identities of the linked registry subscription and marks the rule identity', async () => {
    const { form, directory, listUserAssignedIdentities } = setup(0);
    render(IdentityPicker, { form, sourceHost: 'upstream.azurecr.io', link: { registry: REGISTRY, loginServer: 'contoso.azurecr.io' }, directory });
    await vi.waitFor(() => expect(screen.getByTestId('rule-identity-status')).toHaveTextContent('2 user-assigned identities in subscription 3f2b6c1e…, read just now'));
    expect(listUserAssignedIdentities).toHaveBeenCalledWith({ accountId: REGISTRY.accountId, tenantId: REGISTRY.tenantId, subscriptionId: SUB });
    const select = screen.getByTestId('rule-identity') as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(['None', 'app-reader — rg-identities', 'cache-puller — rg-identities']);
    expect(select.value).toBe(uami('cache-puller'));

    await fireEvent.change(select, { target: { value: uami('app-reader') } });
    expect(form.candidate.identity).toBe(uami('app-reader'));
    expect((screen.getByTestId('rule-identity-id') as HTMLInputElement).value).toBe(uami('app-reader'));
    await fireEvent.change(select, { target: { value: '' } });
    expect(form.candidate.identity).toBeUndefined();
    // an ACR source without identity is an error at the field (core/validate 'identity-required')
    expect(document.getElementById('rule-identity-problems')).toHaveAttribute('data-severity', 'error');
  });

  test('keeps a pasted identity of another subscription and says it is not in the list', async () => {
    const { form, directory } = setup(0);
    render(IdentityPicker, { form, sourceHost: 'upstream.azurecr.io', link: { registry: REGISTRY, loginServer: 'contoso.azurecr.io' }, directory });
    const other = uami('shared-puller', 'rg-shared', '3f2b6c1e-5d4a-4b8c-9e7f-0000000000aa');
    await fireEvent.input(screen.getByTestId('rule-identity-id'), { target: { value: other } });
    await vi.waitFor(() => expect((screen.getByTestId('rule-identity') as HTMLSelectElement).value).toBe('__other__'));
    expect(screen.getByTestId('rule-identity')).toHaveTextContent('shared-puller (not in the list)');
    expect(form.candidate.identity).toBe(other);
    await fireEvent.input(screen.getByTestId('rule-identity-id'), { target: { value: 'cache-puller' } });
    expect(document.getElementById('rule-identity-problems')).toHaveTextContent('not the resource ID of a user-assigned managed identity');
  });

  test('without a linked registry it asks for a link or a pasted ID, and lists nothing', () => {
    const { form, directory, listUserAssignedIdentities } = setup(0);
    render(IdentityPicker, { form, sourceHost: 'upstream.azurecr.io', link: null, directory });
    expect(screen.getByTestId('rule-identity-status')).toHaveTextContent('Link the draft to a registry');
    expect(screen.getByTestId('rule-identity-refresh')).toBeDisabled();
    expect(listUserAssignedIdentities).not.toHaveBeenCalled();
  });

  test('says why the list could not be read', async () => {
    const { form } = setup(0);
    const failing = new IdentityDirectory({ azure: { listUserAssignedIdentities: vi.fn(async () => Promise.reject(new Error('Not allowed to list identities'))) } } as unknown as DesktopApi);
    render(IdentityPicker, { form, sourceHost: 'upstream.azurecr.io', link: { registry: REGISTRY, loginServer: 'contoso.azurecr.io' }, directory: failing });
    await vi.waitFor(() => expect(screen.getByTestId('rule-identity-status')).toHaveTextContent('Could not list identities: Not allowed to list identities'));
  });
});

describe('RuleEditor mounts the identity picker', () => {
  test('only for an ACR source (or a rule that has an identity)', async () => {
    const { workspace, form } = setup(null);
    render(RuleEditor, { workspace, form, onclose: vi.fn() });
    expect(screen.queryByTestId('rule-identity-field')).toBeNull();
    form.upstream = '<name>.azurecr.io';
    form.host = 'upstream.azurecr.io';
    await vi.waitFor(() => expect(screen.getByTestId('rule-identity-field')).toBeInTheDocument());
  });
});

describe('an ACR source in the editor', () => {
  test('"Another Azure container registry" takes a typed host and round-trips the source', async () => {
    const { splitSource, joinSource, needsHost } = await import('../../../../renderer/src/lib/editor/source-parts.ts');
    const parts = splitSource('upstream.azurecr.io/team/app');
    expect(parts).toEqual({ upstream: '<name>.azurecr.io', host: 'upstream.azurecr.io', path: 'team/app' });
    expect(needsHost(parts.upstream)).toBe(true);
    expect(joinSource(parts)).toBe('upstream.azurecr.io/team/app');
  });
});

describe('RuleDetails shows the settings the app keeps', () => {
  test('identity, sync mode, referrers, filters and unknown properties, each with its value', async () => {
    const RuleDetails = (await import('../../../../renderer/src/lib/components/workspace/RuleDetails.svelte')).default;
    const rules: RuleSet = {
      registry: 'contoso.azurecr.io',
      rules: [
        {
          name: 'mcr-cli-sync',
          source: 'mcr.microsoft.com/azure-cli',
          target: 'cached-mar/azure-cli',
          syncMode: 'ActiveSync',
          syncReferrers: 'Enabled',
          artifactSyncFilters: { tags: { type: 'KQL', query: "Tags | where Name startswith '2';" }, platforms: { type: 'array', values: ['linux/amd64', 'linux/arm64'] } },
          extraProperties: { futureSetting: { on: true } },
        },
        { name: 'acr-app', source: 'upstream.azurecr.io/app', target: 'app', identity: uami('cache-puller') },
        { name: 'plain-quay', source: 'quay.io/org/app', target: 'quay-app' },
      ],
      credentialSets: [],
    };
    const fake = fakeDraftsApi(rules);
    const workspace = new Workspace(new DraftDocument(fake.api, draftState(rules)), { notify: vi.fn() });
    workspace.select(0);
    const { unmount } = render(RuleDetails, { workspace, onedit: vi.fn(), ondelete: vi.fn(), onadd: vi.fn() });
    expect(screen.getByTestId('rule-setting-sync-mode')).toHaveTextContent('ActiveSync (Azure imports new tags on its own)');
    expect(screen.getByTestId('rule-setting-sync-referrers')).toHaveTextContent('Enabled');
    expect(screen.getByTestId('rule-setting-filters')).toHaveTextContent("tags KQL: Tags | where Name startswith '2';");
    expect(screen.getByTestId('rule-setting-filters')).toHaveTextContent('platforms array: linux/amd64, linux/arm64');
    expect(screen.getByTestId('rule-setting-extra')).toHaveTextContent('{"on":true}');
    unmount();
    workspace.select(1);
    const second = render(RuleDetails, { workspace, onedit: vi.fn(), ondelete: vi.fn(), onadd: vi.fn() });
    expect(screen.getByTestId('rule-setting-identity')).toHaveTextContent('cache-puller');
    expect(screen.getByTestId('rule-preview-settings')).toHaveTextContent(uami('cache-puller'));
    expect(screen.getByTestId('rule-details')).toHaveTextContent('None (the managed identity authenticates)');
    second.unmount();
    workspace.select(2);
    render(RuleDetails, { workspace, onedit: vi.fn(), ondelete: vi.fn(), onadd: vi.fn() });
    expect(screen.queryByTestId('rule-preview-settings')).toBeNull();
  });
});
