// Issue 16.2 and 16.3 in the real renderer against the emulators: a live registry's "Cache
// contents" tab (read with progress and cancel, sort, Ctrl/Cmd+F search, CSV export, the data-plane
// refusal explained), and "Warm the cache" from the pull tester, pulling through a proxy-mode
// docker-registry standing in for ACR's cache, with one tag the upstream does not have.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { createPullThroughStandIn } from '../emulators/acr-pull-through.ts';
import { startAzureTestEnvironment, TEST_REGISTRY, type AzureTestEnvironment } from '../emulators/azure-environment.ts';
import { DEFAULT_TEST_USER } from '../emulators/entra.ts';
import { hasDockerRegistry, pushTinyImage, startLocalRegistry, type LocalRegistry } from '../support/local-registry.ts';
import { startProxyRegistry, type ProxyRegistry } from '../support/pull-through-registry.ts';
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
  [1280, 800],
  [1440, 900],
] as const;

function shots(page: Page, name: string, visible: string): Promise<void> {
  return screenshotsAtSizes(page, name, page.getByTestId(visible), SIZES);
}

async function openRegistry(page: Page) {
  await page.keyboard.press('Control+2');
  await page.getByTestId('account-menu-button').click();
  await page.getByTestId('sign-in-browser').click();
  await expect(page.getByTestId('status-account')).toContainText(`Signed in as ${DEFAULT_TEST_USER.username}`);
  await page.keyboard.press('Escape');
  await page.locator(`[data-testid=registry-row][data-name=${TEST_REGISTRY}]`).getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByTestId('registry-workspace')).toBeVisible();
}

const tag = (name: string, when: string) => ({ name, digest: `sha256:${'b'.repeat(64)}`, createdTime: when, lastUpdateTime: when });

test('Cache contents: per rule with tags and last update, never-served and uncovered, sorted, searched with Ctrl+F, exported as CSV; cancel and a refused read explained', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const exportDir = await mkdtemp(join(tmpdir(), 'acs-csv-'));
  cleanups.push(() => rm(exportDir, { recursive: true, force: true }));
  env = await startAzureTestEnvironment();
  env.registry.putRule({ name: 'hub-library', source: 'docker.io/library/*', target: 'library/*' });
  env.registry.putRule({ name: 'k8s-mirror', source: 'registry.k8s.io/*', target: 'k8s/*' });
  env.registry.putRule({ name: 'never-pulled', source: 'ghcr.io/acme/tool', target: 'tools/acme' });
  env.registry.setTags('library/nginx', [tag('1.27', '2026-03-01T10:00:00Z'), tag('1.28', '2026-05-02T08:30:00Z')]);
  env.registry.setTags('library/python', [tag('3.12', '2026-04-01T00:00:00Z')]);
  env.registry.setTags('k8s/pause', [tag('3.10', '2026-01-15T00:00:00Z')]);
  env.registry.setTags('old-team/app', [tag('v1', '2025-11-01T00:00:00Z')]);
  opened = await openApp(page, {
    services: { azure: env.options(), dialogs: { openRuleSetFile: async () => null, saveRuleSetFile: async () => null, saveExportFile: async () => null, saveCsvFile: async (name) => join(exportDir, name) } },
  });
  await openRegistry(page);
  await page.getByRole('tab', { name: 'Cache contents' }).click();

  // a slow catalog read can be cancelled
  env.arm.faults.latency('dataplane.catalog', 1500);
  await page.getByTestId('contents-read').click();
  await expect(page.getByTestId('contents-progress')).toContainText('Reading the catalog');
  await page.getByTestId('contents-cancel').click();
  await expect(page.getByTestId('contents-cancelled')).toBeVisible();
  env.arm.faults.latency('dataplane.catalog', 0);

  await page.getByTestId('contents-read').click();
  const rows = page.getByTestId('contents-row');
  await expect(rows).toHaveCount(5);
  await expect(page.getByTestId('contents-summary')).toContainText('4 repositories');
  await expect(page.getByTestId('contents-summary')).toContainText('2 of 3 rules served');
  await expect(page.getByTestId('contents-summary')).toContainText('1 never served');
  await expect(page.getByTestId('contents-summary')).toContainText('1 with no rule');
  await expect(rows.filter({ hasText: 'library/nginx' })).toContainText('hub-library');
  await expect(rows.filter({ hasText: 'library/nginx' }).locator('td.tagCount')).toHaveText('2');
  await expect(rows.filter({ hasText: 'library/nginx' }).locator('.count')).toHaveText('2');
  await expect(rows.filter({ hasText: 'k8s/pause' }).locator('.count')).toHaveText('1');
  await expect(rows.filter({ hasText: 'never-pulled' })).toContainText('never served');
  await expect(rows.filter({ hasText: 'old-team/app' })).toContainText('no rule');

  // sort by last update: newest first, then flip
  await page.getByRole('button', { name: 'Last update' }).click();
  await expect(page.getByRole('columnheader', { name: /Last update/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(rows.first()).toContainText('library/nginx');
  await page.getByRole('button', { name: 'Last update' }).click();
  await expect(rows.first()).toContainText('never-pulled');
  await shots(page, 'cache-contents', 'contents-table');

  // Ctrl+F lands in the search of this tab
  await rows.first().click();
  await page.keyboard.press('Control+f');
  await expect(page.getByTestId('contents-filter')).toBeFocused();
  await page.keyboard.type('library');
  await expect(rows).toHaveCount(2);
  await page.getByTestId('contents-export').click();
  await expect(page.getByTestId('contents-export-note')).toContainText('2 rows written to');
  const csv = await readFile(join(exportDir, (await import('node:fs')).readdirSync(exportDir)[0]!), 'utf8');
  expect(csv.split('\r\n')[0]).toBe('rule,target,repository,tag_count,tags,last_updated');
  expect(csv).toContain('hub-library,library/*,library/nginx,2,1.27 1.28,2026-05-02T08:30:00Z');
  expect(csv.trim().split('\r\n')).toHaveLength(3);

  await page.getByLabel('No rule').check();
  await page.getByTestId('contents-filter').fill('');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('old-team/app');

  // a registry that refuses the catalog: the data-plane role is named
  env.registry.denyCatalog = true;
  await page.getByTestId('contents-read').click();
  await expect(page.getByTestId('contents-error')).toContainText(/data-plane role/);
});

test.describe('warm-up through a pull-through stand-in', () => {
  test.skip(!hasDockerRegistry && !process.env['CI'], 'needs Debian docker-registry (CI installs it)');

  test('Warm the cache from the pull tester: fetched now, one missing tag explained, then already cached', async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    const upstream: LocalRegistry = await startLocalRegistry();
    cleanups.push(() => upstream.stop());
    const proxy: ProxyRegistry = await startProxyRegistry(upstream.url);
    cleanups.push(() => proxy.stop());
    await pushTinyImage(upstream.url, 'library/tiny', 'v1');
    await pushTinyImage(upstream.url, 'library/other', '2.0');
    env = await startAzureTestEnvironment();
    env.registry.pullThrough = createPullThroughStandIn(proxy.url, proxy.storageDir);
    env.registry.putRule({ name: 'hub-library', source: 'docker.io/library/*', target: 'library/*' });
    opened = await openApp(page, { services: { azure: env.options() } });
    await openRegistry(page);
    await page.getByRole('tab', { name: /Pull tester/ }).click();
    const server = env.registry.loginServer;
    await page.getByTestId('tester-input').fill(`${server}/library/tiny:v1\n${server}/library/tiny:v9\n${server}/library/other:2.0\nquay.io/elsewhere/thing:1`);
    await page.getByTestId('warm-open').click();
    const dialog = page.getByRole('dialog', { name: 'Warm the cache' });
    await expect(dialog.getByTestId('warm-item')).toHaveCount(3);
    await expect(dialog).toContainText('1 not served by a rule is left out');
    await dialog.getByTestId('warm-start').click();
    await expect(dialog.getByTestId('warm-summary')).toContainText('2 fetched now');
    const items = dialog.getByTestId('warm-item');
    await expect(items.nth(0).getByTestId('warm-status')).toHaveText('fetched now');
    await expect(items.nth(1).getByTestId('warm-status')).toHaveText('failed');
    await expect(items.nth(1).getByTestId('warm-message')).toContainText('docker.io/library/tiny:v9 was not found upstream');
    await expect(items.nth(2).getByTestId('warm-status')).toHaveText('fetched now');
    await shots(page, 'warm-cache', 'warm-list');

    // a full warm-up now: what was fetched is already cached, its layers pulled
    await dialog.getByLabel(/Full pull/).check();
    await dialog.getByTestId('warm-start').click();
    await expect(dialog.getByTestId('warm-summary')).toContainText('2 already cached');
    await expect(dialog.getByTestId('warm-summary')).toContainText('of layers pulled');

    // slow pulls: the warm-up shows its progress and stops on Cancel, the rest reported as cancelled
    env.arm.faults.latency('dataplane.pull', 1000);
    await dialog.getByTestId('warm-start').click();
    await expect(dialog.getByTestId('warm-progress')).toContainText('of 3 references');
    await expect(items.nth(0).getByTestId('warm-status')).toHaveText('already cached');
    await dialog.getByTestId('warm-cancel').click();
    await expect(dialog.getByTestId('warm-summary')).toContainText('cancelled');
    await expect(items.nth(2).getByTestId('warm-status')).toHaveText('cancelled');
    env.arm.faults.latency('dataplane.pull', 0);

    const warmCalls = opened.calls.filter((c) => c.channel === 'cache.warm');
    expect(warmCalls).toHaveLength(3);
    expect((warmCalls[0]!.args[0] as { images: unknown[] }).images).toEqual([
      { label: `${server}/library/tiny:v1`, repository: 'library/tiny', reference: 'v1' },
      { label: `${server}/library/tiny:v9`, repository: 'library/tiny', reference: 'v9' },
      { label: `${server}/library/other:2.0`, repository: 'library/other', reference: '2.0' },
    ]);
  });
});
