// Issue 16.4's "sync this tag now" in the real renderer against the emulators: the warm-up list
// offers "Sync now" on the tags of an ActiveSync rule inside its tag filter (nothing on a
// pull-through rule's, a note on a tag outside the filter), per row and for the selected rows,
// by mouse and by keyboard; a tag the upstream lacks is explained; a warm-up afterwards finds the
// synced tags already cached. The emulator's import reads the upstream through a proxy-mode
// docker-registry standing in for ACR's cache.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { createPullThroughStandIn } from '../emulators/acr-pull-through.ts';
import { startAzureTestEnvironment, TEST_REGISTRY, type AzureTestEnvironment } from '../emulators/azure-environment.ts';
import { DEFAULT_TEST_USER } from '../emulators/entra.ts';
import { hasDockerRegistry, pushTinyImage, startLocalRegistry } from '../support/local-registry.ts';
import { startProxyRegistry } from '../support/pull-through-registry.ts';
import { test, expect } from './fixtures.ts';
import { openApp, type OpenedApp } from './harness.ts';
import { expectCleanThenClose } from './azure-session.ts';
import { screenshotsAtSizes } from './screenshot-path.ts';

let env: AzureTestEnvironment | null = null;
let opened: OpenedApp | null = null;
const cleanups: (() => Promise<unknown>)[] = [];

test.afterEach(async ({ page, pageErrors }) => {
  await expectCleanThenClose(page, pageErrors, opened, env);
  for (const cleanup of cleanups.splice(0)) await cleanup();
  opened = null;
  env = null;
});

const SIZES = [
  [900, 560],
  [1024, 700],
  [1440, 900],
] as const;

async function openRegistry(page: Page) {
  await page.keyboard.press('Control+2');
  await page.getByTestId('account-menu-button').click();
  await page.getByTestId('sign-in-browser').click();
  await expect(page.getByTestId('status-account')).toContainText(`Signed in as ${DEFAULT_TEST_USER.username}`);
  await page.keyboard.press('Escape');
  await page.locator(`[data-testid=registry-row][data-name=${TEST_REGISTRY}]`).getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByTestId('registry-workspace')).toBeVisible();
}

test.describe('sync now from the warm-up list', () => {
  test.skip(!hasDockerRegistry && !process.env['CI'], 'needs Debian docker-registry (CI installs it)');

  test('Sync now per row and for the selected rows (keyboard), a missing tag explained, then the warm-up finds them cached', async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    const upstream = await startLocalRegistry();
    cleanups.push(() => upstream.stop());
    const proxy = await startProxyRegistry(upstream.url);
    cleanups.push(() => proxy.stop());
    await pushTinyImage(upstream.url, 'library/tiny', 'v1');
    await pushTinyImage(upstream.url, 'library/other', 'v2');
    env = await startAzureTestEnvironment();
    env.registry.pullThrough = createPullThroughStandIn(proxy.url, proxy.storageDir);
    env.registry.putCredentialSet({ name: 'dockerhub', loginServer: 'docker.io', usernameSecret: 'https://contosokv.vault.azure.net/secrets/hub-user', passwordSecret: 'https://contosokv.vault.azure.net/secrets/hub-token' });
    env.registry.putRule({ name: 'hub-library', source: 'docker.io/library/*', target: 'library/*', credentialSet: 'dockerhub', extensions: { syncMode: 'ActiveSync', artifactSyncFilters: { tags: { type: 'KQL', query: "Tags | where Name startswith 'v'" } } } });
    env.registry.putRule({ name: 'ghcr-acme', source: 'ghcr.io/acme/*', target: 'acme/*' });
    opened = await openApp(page, { services: { azure: env.options() } });
    await openRegistry(page);
    await page.getByRole('tab', { name: /Pull tester/ }).click();
    const server = env.registry.loginServer;
    await page.getByTestId('tester-input').fill([`${server}/library/tiny:v1`, `${server}/library/tiny:v9`, `${server}/library/other:v2`, `${server}/library/other:2.0`, `${server}/acme/tool:1.0`].join('\n'));
    await page.getByTestId('warm-open').click();
    const dialog = page.getByRole('dialog', { name: 'Warm the cache' });
    const items = dialog.getByTestId('warm-item');
    await expect(items).toHaveCount(5);
    await expect(dialog.getByTestId('sync-lead')).toHaveText('3 tags of ActiveSync rules can also be synced from the upstream now (what az acr cache sync does).');
    // a pull-through rule's image has no Sync now; a tag outside the filter says why
    await expect(items.nth(4).getByTestId('sync-now')).toHaveCount(0);
    await expect(items.nth(3).getByTestId('sync-now')).toHaveCount(0);
    await expect(items.nth(3).getByTestId('sync-message')).toContainText('Tag 2.0 is outside the tag filter of rule "hub-library" (tags starting with v)');

    // one row by mouse
    await dialog.getByRole('button', { name: `Sync now: ${server}/library/tiny:v1` }).click();
    await expect(items.nth(0).getByTestId('sync-state')).toContainText('synced now');
    await expect(items.nth(0).getByTestId('sync-state')).toContainText('sha256:');

    // two rows by keyboard: pick them with Space, then Sync selected with Enter
    await dialog.getByRole('checkbox', { name: `Select ${server}/library/tiny:v9 to sync` }).focus();
    await page.keyboard.press('Space');
    await dialog.getByRole('checkbox', { name: `Select ${server}/library/other:v2 to sync` }).focus();
    await page.keyboard.press('Space');
    await expect(dialog.getByTestId('sync-selected')).toHaveText('Sync selected (2)');
    await dialog.getByTestId('sync-selected').focus();
    await page.keyboard.press('Enter');
    await expect(items.nth(2).getByTestId('sync-state')).toContainText('synced now');
    await expect(items.nth(1).getByTestId('sync-state')).toContainText('sync failed');
    await expect(items.nth(1).getByTestId('sync-message')).toContainText('library/tiny:v9 was not synced: the upstream has no docker.io/library/tiny:v9. Check the tag at the upstream. (Azure said: InvalidParameters: Image \'docker.io/library/tiny:v9\' not found upstream');
    await expect(dialog.getByTestId('sync-selected')).toBeEnabled();
    await screenshotsAtSizes(page, 'sync-now', dialog.getByTestId('warm-list'), SIZES);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
      expect(axe.violations.map((v) => `${scheme} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light' });

    const imports = env.arm.requests.filter((r) => r.op === 'registries.importImage');
    expect(imports.map((r) => (r.body as { targetTags: string[] }).targetTags[0])).toEqual(['library/tiny:v1', 'library/tiny:v9', 'library/other:v2']);
    expect(opened.calls.filter((c) => c.channel === 'cache.syncNow')).toHaveLength(3);

    // what was synced is already cached for the warm-up
    await dialog.getByTestId('warm-start').click();
    await expect(dialog.getByTestId('warm-summary')).toContainText('2 already cached');
    await expect(items.nth(0).getByTestId('warm-status')).toHaveText('already cached');
    await expect(items.nth(2).getByTestId('warm-status')).toHaveText('already cached');
  });
});
