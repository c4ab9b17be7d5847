import { render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, test, vi } from 'vitest';
import AboutView from '../../../renderer/src/lib/components/AboutView.svelte';

function installApi(about: () => Promise<unknown>) {
  Object.defineProperty(globalThis, 'acr', { value: { app: { about, openExternal: vi.fn() } }, configurable: true });
}

afterEach(() => {
  delete (globalThis as { acr?: unknown }).acr;
});

describe('AboutView', () => {
  test('shows the versions the main process reports', async () => {
    installApi(async () => ({
      name: 'ACR Cache Studio',
      version: '0.1.0',
      electron: '45.4.1',
      chromium: '142.0.0.0',
      node: '22.20.0',
      platform: 'linux',
      dataDir: '/home/u/.config/ACR Cache Studio',
    }));
    render(AboutView);
    expect(await screen.findByTestId('about-electron')).toHaveTextContent('45.4.1');
    expect(screen.getByTestId('about-chromium')).toHaveTextContent('142.0.0.0');
    expect(screen.getByTestId('about-app')).toHaveTextContent('ACR Cache Studio 0.1.0');
  });

  test('says so when the call fails, with the reason', async () => {
    installApi(async () => Promise.reject({ name: 'ApiError', code: 'internal', message: 'app.about failed unexpectedly: disk' }));
    render(AboutView);
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not read the app\'s versions: app.about failed unexpectedly: disk');
  });
});
