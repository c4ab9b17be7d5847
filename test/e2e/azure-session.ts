// What the e2e specs that meet the Azure emulators share: calling the real main-process services
// over their IPC router, and signing in (a device code the emulator approves) before importing
// the seeded registry into a draft.
import type { DraftState, RegistryRef } from '../../preload/api.ts';
import { TEST_TENANT, type AzureTestEnvironment } from '../emulators/azure-environment.ts';
import { expect, type Page } from '@playwright/test';
import { cspViolations, type OpenedApp } from './harness.ts';

/** One call through the app's IPC router, as the renderer makes it; a refusal throws with its code. */
export async function invoke<T>(app: OpenedApp, channel: string, ...args: unknown[]): Promise<T> {
  const result = await app.services.router.invoke(channel, args);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

/** Signs in with a device code approved as the emulator's user, then imports the seeded registry. */
export async function signInAndImport(app: OpenedApp, env: AzureTestEnvironment, name: string): Promise<DraftState> {
  const stop = app.services.events.subscribe((channel, payload) => {
    if (channel === 'auth.onDeviceCode') env.entra.approveDeviceCode((payload as { userCode: string }).userCode);
  });
  const account = await invoke<{ id: string }>(app, 'auth.signIn', { mode: 'device-code' });
  stop();
  const registry: RegistryRef = { accountId: account.id, tenantId: TEST_TENANT, registryId: env.registry.id };
  return invoke<DraftState>(app, 'sync.importRegistry', registry, env.registry.loginServer, name);
}

/**
 * The end of a spec that opened the app against the emulators: the page met no CSP violation and
 * threw nothing, then the app and the emulators close (in that order: the app may still poll).
 */
export async function expectCleanThenClose(page: Page, pageErrors: readonly unknown[], opened: OpenedApp | null, env: AzureTestEnvironment | null): Promise<void> {
  expect(await cspViolations(page).catch(() => [])).toEqual([]);
  expect(pageErrors).toEqual([]);
  await opened?.close();
  await env?.close();
}
