import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, test, vi } from 'vitest';
import type { RuleSet } from '../../../../core/index.ts';
import CredentialSets from '../../../../renderer/src/lib/components/workspace/CredentialSets.svelte';
import { DraftDocument } from '../../../../renderer/src/lib/documents/draft-document.svelte.ts';
import { Workspace } from '../../../../renderer/src/lib/drafts/workspace.svelte.ts';
import { draftState, fakeDraftsApi } from '../fake-drafts-api.ts';

const SET: RuleSet = {
  rules: [{ name: 'python-hub', source: 'docker.io/library/python/*', target: 'library/python/*', credentialSet: 'dockerhub' }],
  credentialSets: [
    { name: 'dockerhub', loginServer: 'docker.io', usernameSecret: 'https://contosokv.vault.azure.net/secrets/u', passwordSecret: 'https://contosokv.vault.azure.net/secrets/p' },
  ],
};

function setup() {
  const fake = fakeDraftsApi(SET);
  const workspace = new Workspace(new DraftDocument(fake.api, draftState(SET)), { notify: vi.fn() });
  render(CredentialSets, { workspace });
  return { fake, workspace };
}

const input = (id: string) => screen.getByTestId(id) as HTMLInputElement;

describe('CredentialSets', () => {
  test('lists the sets with their use', () => {
    setup();
    expect(screen.getByText('dockerhub')).toBeInTheDocument();
    expect(screen.getByText('used by 1 rule')).toBeInTheDocument();
  });

  test('secret URIs are checked for the Key Vault shape as you type; save only when valid', async () => {
    const { fake, workspace } = setup();
    await fireEvent.click(screen.getByRole('button', { name: '+ New set' }));
    await fireEvent.input(input('cred-name'), { target: { value: 'ghcr-token' } });
    await fireEvent.change(input('cred-login-server'), { target: { value: 'ghcr.io' } });
    await fireEvent.input(input('cred-username'), { target: { value: 'http://contosokv.vault.azure.net/secrets/gh-user' } });
    expect(document.getElementById('cred-user-problems')).toHaveTextContent('uses http://; Key Vault identifiers use https://');
    expect(document.getElementById('cred-user-problems')).toHaveTextContent("write 'https://contosokv.vault.azure.net/secrets/gh-user'");
    await fireEvent.input(input('cred-password'), { target: { value: 'https://contosokv.blob.core.windows.net/secrets/x' } });
    expect(document.getElementById('cred-pass-problems')).toHaveTextContent('is not a Key Vault');
    expect(screen.getByTestId('cred-save')).toBeDisabled();

    await fireEvent.input(input('cred-username'), { target: { value: 'https://contosokv.vault.azure.net/secrets/gh-user' } });
    await fireEvent.input(input('cred-password'), { target: { value: 'https://contosokv.vault.azure.net/secrets/gh-token/not-a-version' } });
    // a version that is not 32 hex digits is allowed, with a warning
    expect(document.getElementById('cred-pass-problems')).toHaveAttribute('data-severity', 'warning');
    expect(screen.getByTestId('cred-save')).toBeEnabled();
    await fireEvent.click(screen.getByTestId('cred-save'));
    await vi.waitFor(() => expect(workspace.credentialForm).toBeNull());
    expect(fake.saveCredentialSet).toHaveBeenCalledWith(
      'draft-1',
      { name: 'ghcr-token', loginServer: 'ghcr.io', usernameSecret: 'https://contosokv.vault.azure.net/secrets/gh-user', passwordSecret: 'https://contosokv.vault.azure.net/secrets/gh-token/not-a-version' },
      null,
    );
    expect(await screen.findByText('ghcr-token')).toBeInTheDocument();
  });

  test("a set's login server cannot change once it exists", async () => {
    setup();
    await fireEvent.click(screen.getByRole('button', { name: 'Edit credential set dockerhub' }));
    expect(input('cred-login-server')).toBeDisabled();
    expect(screen.getByText(/keeps its login server/)).toBeInTheDocument();
  });
});
