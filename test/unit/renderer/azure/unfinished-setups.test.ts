// The credential-sets tab's offer for setups that left something in Azure
// (renderer/src/lib/azure/unfinished-setups.svelte.ts): only this registry's, Undo drops the
// offer once everything is removed and keeps it with the notes when not, Keep drops it.
import { describe, expect, test, vi } from 'vitest';
import type { CredentialSetupView, DesktopApi } from '../../../../preload/api.ts';
import { UnfinishedSetups } from '../../../../renderer/src/lib/azure/unfinished-setups.svelte.ts';

const REGISTRY = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/contosocache';
const view = (flowId: string, registryId: string, state: CredentialSetupView['state'] = 'failed'): CredentialSetupView => ({
  flowId,
  registryId,
  setName: `set-${flowId}`,
  vaultName: 'kv',
  state,
  steps: [],
  created: [{ kind: 'secret', label: 'Secret u in kv', id: 'https://kv.vault.azure.net/secrets/u', state: state === 'undone' ? 'removed' : 'present', note: state === 'undo-failed' ? 'refused' : null }],
  health: null,
  credentialSet: null,
});

function fakeApi(undoState: CredentialSetupView['state']) {
  const credentialSetup = {
    unfinished: vi.fn(async () => [view('a', REGISTRY.toUpperCase()), view('b', '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/other')]),
    undo: vi.fn(async (flowId: string) => view(flowId, REGISTRY, undoState)),
    keep: vi.fn(async () => true),
    onProgress: vi.fn(() => () => {}),
  };
  return { credentialSetup } as unknown as DesktopApi;
}

describe('unfinished credential setups', () => {
  test('lists this registry’s only (IDs compared without case), and a full undo drops the offer', async () => {
    const api = fakeApi('undone');
    const setups = new UnfinishedSetups(api, REGISTRY);
    await setups.load();
    expect(setups.items.map((v) => v.flowId)).toEqual(['a']);
    await setups.undo('a');
    expect(api.credentialSetup.undo).toHaveBeenCalledWith('a');
    expect(setups.items).toEqual([]);
    expect(setups.done).toBe('Removed what the setup of "set-a" made.');
  });

  test('an undo that could not remove everything stays offered, with the notes', async () => {
    const setups = new UnfinishedSetups(fakeApi('undo-failed'), REGISTRY);
    await setups.load();
    await setups.undo('a');
    expect(setups.items.map((v) => [v.state, v.created[0]!.note])).toEqual([['undo-failed', 'refused']]);
    expect(setups.done).toBeNull();
  });

  test('Keep drops the offer and asks main to forget it', async () => {
    const api = fakeApi('undone');
    const setups = new UnfinishedSetups(api, REGISTRY);
    await setups.load();
    await setups.keep('a');
    expect(api.credentialSetup.keep).toHaveBeenCalledWith('a');
    expect(setups.items).toEqual([]);
  });
});
