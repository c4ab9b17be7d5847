import '@testing-library/jest-dom/vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { AzureState } from '../../../../renderer/src/lib/azure/azure.svelte.ts';
import AccountMenu from '../../../../renderer/src/lib/components/azure/AccountMenu.svelte';
import SignInSettings from '../../../../renderer/src/lib/components/shell/SignInSettings.svelte';
import { handleKeydown } from '../../../../renderer/src/lib/commands/commands.ts';
import { navigation } from '../../../../renderer/src/lib/navigation.svelte.ts';
import RegistriesView from '../../../../renderer/src/lib/components/azure/RegistriesView.svelte';
import RegistryPicker from '../../../../renderer/src/lib/components/azure/RegistryPicker.svelte';
import { ACCOUNT, fakeAzureApi, REGISTRY, status } from './fake-azure-api.ts';

beforeAll(() => {
  // the app's one key handler (App.svelte puts it on window)
  window.addEventListener('keydown', handleKeydown);
  // jsdom has no modal dialogs: open and close by the attribute, as the modal-dialog test does
  const proto = HTMLDialogElement.prototype as HTMLDialogElement & { showModal(): void; close(value?: string): void };
  proto.showModal = function showModal(this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  proto.close = function close(this: HTMLDialogElement, value?: string) {
    this.removeAttribute('open');
    if (value !== undefined) this.returnValue = value;
  };
});

async function started(fake: ReturnType<typeof fakeAzureApi>) {
  const azure = new AzureState(fake.api);
  await azure.start();
  return azure;
}

describe('AccountMenu', () => {
  test('lists accounts with tenant and cloud, and signs one out', async () => {
    const fake = fakeAzureApi({ accounts: [ACCOUNT] });
    const azure = await started(fake);
    render(AccountMenu, { azure });
    await fireEvent.click(screen.getByTestId('account-menu-button'));
    const account = screen.getByTestId('account');
    expect(account).toHaveTextContent('ada@contoso.example');
    expect(account).toHaveTextContent('tenant-1');
    expect(account).toHaveTextContent('Azure (global)');
    await fireEvent.click(screen.getByRole('button', { name: 'Sign out ada@contoso.example' }));
    expect(fake.auth.signOut).toHaveBeenCalledWith('acc-1');
    await vi.waitFor(() => expect(screen.getByTestId('account-menu-button')).toHaveTextContent('Not signed in'));
  });

  test('says plainly when tokens last only for the session', async () => {
    const fake = fakeAzureApi({ status: status({ persistence: { mode: 'session-only', message: 'No Secret Service is running.' } }) });
    render(AccountMenu, { azure: await started(fake) });
    await fireEvent.click(screen.getByTestId('account-menu-button'));
    expect(screen.getByTestId('token-persistence')).toHaveTextContent('Session only: No Secret Service is running. You will need to sign in again after quitting.');
  });

  test('links to the sign-in settings in the Settings view instead of holding them', async () => {
    const fake = fakeAzureApi();
    render(AccountMenu, { azure: await started(fake) });
    await fireEvent.click(screen.getByTestId('account-menu-button'));
    expect(screen.queryByTestId('setting-cloud')).toBeNull();
    await fireEvent.click(screen.getByTestId('sign-in-settings-link'));
    expect(navigation.current).toBe('settings');
    expect(screen.queryByTestId('account-menu')).toBeNull();
  });

  test('Escape (the keymap\'s list.close) closes the panel with focus in it, and gives focus back to the button', async () => {
    const fake = fakeAzureApi();
    render(AccountMenu, { azure: await started(fake) });
    const button = screen.getByTestId('account-menu-button');
    await fireEvent.click(button);
    const inside = screen.getByTestId('sign-in-device-code');
    inside.focus();
    const escape = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true });
    inside.dispatchEvent(escape);
    expect(escape.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(screen.queryByTestId('account-menu')).toBeNull());
    expect(document.activeElement).toBe(button);
    // shut, Escape is not the menu's: the key is left alone
    const again = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true });
    button.dispatchEvent(again);
    expect(again.defaultPrevented).toBe(false);
  });
});

describe('SignInSettings (the Settings view)', () => {
  test('the cloud is saved on change; an emptied tenant goes back to the default; each setting says what it means', async () => {
    const fake = fakeAzureApi();
    render(SignInSettings, { azure: await started(fake) });
    expect(screen.getByTestId('setting-client-id')).toHaveAccessibleDescription(/app registration/);
    expect(screen.getByTestId('setting-tenant')).toHaveAccessibleDescription(/Entra directory/);
    await fireEvent.change(screen.getByTestId('setting-cloud'), { target: { value: 'AzureUSGovernment' } });
    expect(fake.auth.updateSettings).toHaveBeenCalledWith({ cloud: 'AzureUSGovernment' });
    await fireEvent.change(screen.getByTestId('setting-tenant'), { target: { value: '' } });
    expect(fake.auth.updateSettings).toHaveBeenCalledWith({ tenant: null });
  });

  test('a device-code sign-in shows the code and the link, and can be cancelled', async () => {
    const fake = fakeAzureApi();
    let finish: (value: typeof ACCOUNT) => void = () => {};
    fake.auth.signIn.mockImplementation(() => new Promise((resolve) => (finish = resolve)));
    const azure = await started(fake);
    render(AccountMenu, { azure });
    await fireEvent.click(screen.getByTestId('account-menu-button'));
    await fireEvent.click(screen.getByTestId('sign-in-device-code'));
    expect(fake.auth.signIn).toHaveBeenCalledWith({ mode: 'device-code' });
    fake.emitDeviceCode({ signInId: 's1', userCode: 'ABCD-1234', verificationUri: 'https://microsoft.com/devicelogin', message: '…', expiresAt: new Date(Date.now() + 900_000).toISOString() });
    expect(await screen.findByTestId('device-code')).toHaveTextContent('ABCD-1234');
    expect(screen.getByTestId('device-code-link')).toHaveTextContent('https://microsoft.com/devicelogin');
    await fireEvent.click(screen.getByTestId('cancel-sign-in'));
    expect(fake.auth.cancelSignIn).toHaveBeenCalled();
    finish(ACCOUNT);
  });
});

describe('RegistriesView', () => {
  test('not signed in: a way to sign in, nothing listed', async () => {
    const fake = fakeAzureApi();
    render(RegistriesView, { azure: await started(fake) });
    expect(screen.getByTestId('registries-signed-out')).toHaveTextContent('Sign in to see your registries');
    await fireEvent.click(screen.getByRole('button', { name: 'Sign in with browser' }));
    expect(fake.auth.signIn).toHaveBeenCalledWith({ mode: 'browser' });
  });

  test('subscriptions → registries with their details; a tenant needing another sign-in offers it', async () => {
    const fake = fakeAzureApi({
      accounts: [ACCOUNT],
      listing: {
        subscriptions: [{ subscriptionId: 'sub-1', displayName: 'Contoso Platform', tenantId: 'tenant-1', state: 'Enabled' }],
        unavailableTenants: [{ tenantId: 'tenant-mfa', displayName: 'Fabrikam', code: 'sign-in-required', message: 'Fabrikam requires multi-factor sign-in.' }],
      },
    });
    render(RegistriesView, { azure: await started(fake) });
    const row = await screen.findByTestId('registry-row');
    for (const text of ['contosocache', 'contosocache.azurecr.io', 'Premium', 'westeurope', 'rg-cache']) expect(row).toHaveTextContent(text);
    expect(screen.getByTestId('unavailable-tenant')).toHaveTextContent('Fabrikam requires multi-factor sign-in.');
    await fireEvent.click(screen.getByRole('button', { name: 'Sign in again' }));
    expect(fake.auth.signIn).toHaveBeenCalledWith({ mode: 'browser', tenant: 'tenant-mfa', loginHint: 'ada@contoso.example', cloud: 'AzureCloud' });
  });

  test('a subscription without registries says so; the filter says when nothing matches', async () => {
    const fake = fakeAzureApi({ accounts: [ACCOUNT], registries: [] });
    render(RegistriesView, { azure: await started(fake) });
    expect(await screen.findByText('No container registries in this subscription.')).toBeInTheDocument();
  });
});

describe('RegistryPicker', () => {
  test('offers every registry grouped by subscription and hands back the entry picked', async () => {
    const fake = fakeAzureApi({ accounts: [ACCOUNT] });
    const onpick = vi.fn();
    render(RegistryPicker, { azure: await started(fake), onpick });
    const select = (await screen.findByTestId('registry-picker-select')) as HTMLSelectElement;
    await vi.waitFor(() => expect(select).toBeEnabled());
    const option = screen.getByRole('option', { name: 'contosocache — contosocache.azurecr.io' }) as HTMLOptionElement;
    expect(option.parentElement).toHaveAttribute('label', 'Contoso Platform · ada@contoso.example');
    await fireEvent.change(select, { target: { value: option.value } });
    expect(onpick).toHaveBeenCalledWith(expect.objectContaining({ registry: REGISTRY, ref: { accountId: 'acc-1', tenantId: 'tenant-1', registryId: REGISTRY.id } }));
  });
});
