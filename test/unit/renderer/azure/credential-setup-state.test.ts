// The credential setup dialog's state (renderer/src/lib/azure/credential-setup.svelte.ts): the
// username and password leave the renderer once, are cleared from the form before main answers,
// and what main reports back is shown as is.
import { describe, expect, test, vi } from 'vitest';
import type { CredentialSetupRequest, CredentialSetupView, DesktopApi, KeyVaultSummary, RegistryRef } from '../../../../preload/api.ts';
import { CredentialSetup, defaultSetName, NEW_VAULT } from '../../../../renderer/src/lib/azure/credential-setup.svelte.ts';
import { REGISTRY } from './fake-azure-api.ts';

const REF: RegistryRef = { accountId: 'acc-1', tenantId: 'tenant-1', registryId: REGISTRY.id };
const VAULT: KeyVaultSummary = { id: '/subscriptions/sub-1/resourceGroups/rg-cache/providers/Microsoft.KeyVault/vaults/contosokv', name: 'contosokv', resourceGroup: 'rg-cache', subscriptionId: 'sub-1', location: 'westeurope', vaultUri: 'https://contosokv.vault.azure.net/', permissionModel: 'rbac', purgeProtection: false };

function fakeApi() {
  let answer: (view: CredentialSetupView) => void = () => {};
  const sent: CredentialSetupRequest[] = [];
  const credentialSetup = {
    listKeyVaults: vi.fn(async () => ({ subscriptions: [{ subscriptionId: 'sub-1', displayName: 'Platform', vaults: [VAULT], error: null }], subscriptionsError: null })),
    start: vi.fn((request: CredentialSetupRequest) => {
      sent.push(structuredClone(request));
      return new Promise<CredentialSetupView>((resolve) => (answer = resolve));
    }),
    undo: vi.fn(),
    cancel: vi.fn(async () => true),
    onProgress: vi.fn(() => () => {}),
  };
  return { api: { credentialSetup } as unknown as DesktopApi, sent, answer: (view: CredentialSetupView) => answer(view) };
}

describe('credential setup state', () => {
  test('sends the credentials once and clears them from the form before main answers', async () => {
    const fake = fakeApi();
    const setup = new CredentialSetup(fake.api, REF, REGISTRY, 'docker.io');
    await setup.loadVaults();
    expect(setup.vaultChoice).toBe(VAULT.id);
    setup.username = 'octo';
    setup.password = 'dckr_pat_x';
    expect(setup.problems).toEqual({});
    const pending = setup.start();
    expect(setup.username).toBe('');
    expect(setup.password).toBe('');
    expect(fake.sent).toEqual([expect.objectContaining({ setName: 'docker-io-creds', usernameSecretName: 'docker-io-creds-username', passwordSecretName: 'docker-io-creds-password', username: 'octo', password: 'dckr_pat_x', vault: { kind: 'existing', id: VAULT.id } })]);
    const view = { flowId: 'f', registryId: REF.registryId, setName: 'docker-io-creds', vaultName: 'contosokv', state: 'succeeded', steps: [], created: [], health: null, credentialSet: null } satisfies CredentialSetupView;
    fake.answer(view);
    expect(await pending).toEqual(view);
    expect(setup.view).toEqual(view);
  });

  test('names its problems, and does not send a form with any', async () => {
    const fake = fakeApi();
    const setup = new CredentialSetup(fake.api, REF, REGISTRY, 'docker.io');
    setup.vaultChoice = NEW_VAULT;
    setup.newVaultName = '9bad';
    setup.renameSet('abc');
    expect(Object.keys(setup.problems).sort()).toEqual(['newVaultName', 'password', 'setName', 'username']);
    expect(await setup.start()).toBeNull();
    expect(fake.api.credentialSetup.start).not.toHaveBeenCalled();
  });

  test('derives a set name from the upstream host', () => {
    expect(defaultSetName('registry.k8s.io')).toBe('registry-k8s-io-creds');
  });
});
