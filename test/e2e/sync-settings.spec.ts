// Issue 16.4 in the real renderer against the emulators: a live registry's ActiveSync rule opened
// in the editor shows its sync settings as fields and Azure's estimate of the tags they select
// (updated as the filter is typed; the counts of acrcache's CheckCacheRuleArtifactSyncEstimate.json
// example), a changed tag filter reaches Azure as the KQL az writes (a PATCH that keeps the
// platforms and the other filters), and a plain rule turned to ActiveSync shows az's
// storage-cost warning first, and why its estimate is unavailable.
import type { Page } from '@playwright/test';
import { startAzureTestEnvironment, TEST_REGISTRY, type AzureTestEnvironment } from '../emulators/azure-environment.ts';
import { DEFAULT_TEST_USER } from '../emulators/entra.ts';
import { test, expect } from './fixtures.ts';
import { openApp, type OpenedApp } from './harness.ts';
import { expectCleanThenClose, signInAndImport } from './azure-session.ts';
import { screenshotsAtSizes } from './screenshot-path.ts';
import { UPSTREAM_TAGS } from '../fixtures/acrcache/check-sync-estimate-example.ts';

let env: AzureTestEnvironment | null = null;
let opened: OpenedApp | null = null;

test.afterEach(async ({ page, pageErrors }) => {
  await expectCleanThenClose(page, pageErrors, opened, env);
  opened = null;
  env = null;
});

const SIZES = [
  [1024, 700],
  [1440, 900],
] as const;
const IMAGE_TYPES = { type: 'include', values: ['application/vnd.oci.image.manifest.v1+json', 'application/vnd.oci.image.index.v1+json'] };

const ALL_SIZES = [[900, 560], ...SIZES] as const;

function shots(page: Page, name: string, visible: string, sizes: readonly (readonly [number, number])[] = SIZES): Promise<void> {
  return screenshotsAtSizes(page, name, page.getByTestId(visible), sizes);
}

test('sync settings of a live rule are edited as fields and reach Azure as the KQL az writes', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.setViewportSize({ width: 1440, height: 900 });
  env = await startAzureTestEnvironment();
  const azure = env;
  azure.registry.putRule({
    name: 'mcr-cli-sync',
    source: 'mcr.microsoft.com/azure-cli',
    target: 'cached-mar/azure-cli',
    extensions: { syncMode: 'ActiveSync', artifactSyncFilters: { tags: { type: 'KQL', query: "Tags | where Name startswith '2';" }, platforms: { type: 'array', values: ['linux/amd64', 'linux/arm64'] }, imageTypes: IMAGE_TYPES } },
  });
  azure.registry.putRule({ name: 'mcr-dotnet', source: 'mcr.microsoft.com/dotnet/runtime', target: 'dotnet/runtime' });
  // the upstream's 189 tags of the example (six contain 'mariner'); dotnet/runtime has none known
  azure.arm.upstreamTags.set('mcr.microsoft.com/azure-cli', UPSTREAM_TAGS);
  opened = await openApp(page, { services: { azure: azure.options() } });
  await page.keyboard.press('Control+2');
  await page.getByTestId('account-menu-button').click();
  await page.getByTestId('sign-in-browser').click();
  await expect(page.getByTestId('status-account')).toContainText(`Signed in as ${DEFAULT_TEST_USER.username}`);
  await page.keyboard.press('Escape');
  await page.locator(`[data-testid=registry-row][data-name=${TEST_REGISTRY}]`).getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByTestId('rule-row')).toHaveCount(2);

  // the ActiveSync rule: its filter read back into fields
  await page.getByTestId('rule-row').filter({ hasText: 'mcr-cli-sync' }).click();
  const details = page.getByTestId('rule-details');
  await details.getByRole('button', { name: 'Edit' }).click();
  const sync = page.getByTestId('sync-settings');
  await expect(sync.getByTestId('sync-mode-active')).toBeChecked();
  await expect(sync.getByTestId('sync-starts-with')).toHaveValue('2');
  await expect(sync.getByTestId('sync-platforms')).toHaveValue('linux/amd64, linux/arm64');
  await expect(sync.getByTestId('sync-other-filters')).toHaveText('Kept as they are: imageTypes.');
  // Azure's estimate for the rule's own filter, then for the example's, as it is typed
  await expect(sync.getByTestId('sync-estimate-count')).toHaveText('186 of 189 tags would sync');
  await sync.getByTestId('sync-starts-with').fill('');
  await sync.getByTestId('sync-contains').fill('mariner');
  await expect(sync.getByTestId('sync-estimate-count')).toHaveText('6 of 189 tags would sync');
  await expect(sync.getByTestId('sync-estimate')).toContainText('e.g. 2.54.0-cbl-mariner2.0, 2.54.0-cbl-mariner2.0-amd64,');
  const asked = azure.arm.requests.filter((r) => r.op === 'registries.checkSyncEstimate');
  expect(asked.at(-1)).toMatchObject({ status: 200, body: { properties: { sourceRepository: 'mcr.microsoft.com/azure-cli', syncMode: 'ActiveSync', artifactSyncFilters: { tags: { type: 'KQL', query: "Tags | where Name contains 'mariner'" } } } } });
  await shots(page, 'rule-editor-sync-estimate', 'sync-estimate', ALL_SIZES);
  await sync.getByTestId('sync-starts-with').fill('2.6');
  await sync.getByTestId('sync-contains').fill('mariner');
  await sync.getByTestId('sync-referrers').check();
  await expect(sync.getByTestId('sync-tag-query')).toHaveText("Tags | where Name startswith '2.6' and Name contains 'mariner'");
  await expect(sync.getByTestId('sync-estimate-count')).toHaveText('0 of 189 tags would sync');
  await shots(page, 'rule-editor-sync', 'sync-settings');
  await page.getByTestId('rule-save').click();
  await expect(page.getByTestId('rule-editor')).toBeHidden();
  await expect
    .poll(() => azure.registry.rule('mcr-cli-sync')?.extensions)
    .toEqual({
      syncMode: 'ActiveSync',
      syncReferrers: 'Enabled',
      artifactSyncFilters: { tags: { type: 'KQL', query: "Tags | where Name startswith '2.6' and Name contains 'mariner'" }, platforms: { type: 'array', values: ['linux/amd64', 'linux/arm64'] }, imageTypes: IMAGE_TYPES },
    });
  expect(azure.arm.requests.filter((r) => r.op === 'cacheRules.delete')).toEqual([]);
  await expect(details.getByTestId('rule-setting-filters')).toContainText("KQL: Tags | where Name startswith '2.6' and Name contains 'mariner'");

  // a pull-through rule turned to ActiveSync: az's storage warning, every tag without a filter
  await page.getByTestId('rule-row').filter({ hasText: 'mcr-dotnet' }).click();
  await details.getByRole('button', { name: 'Edit' }).click();
  await expect(sync.getByTestId('sync-summary')).toHaveText('Pull-through: fetched on first pull');
  await sync.locator('summary').click();
  await sync.getByTestId('sync-mode-active').check();
  await expect(sync.getByTestId('sync-storage-warning')).toContainText('This may incur additional storage charges. With no tag filter, every tag of the upstream repository is imported.');
  await shots(page, 'rule-editor-sync-warning', 'sync-storage-warning');
  // no tags known for that upstream: the estimate says why, and editing goes on
  await expect(sync.getByTestId('sync-estimate-error')).toHaveText("estimate unavailable: Azure answered: The upstream repository 'mcr.microsoft.com/dotnet/runtime' was not found. (NotFound)");
  await shots(page, 'rule-editor-sync-estimate-error', 'sync-estimate', ALL_SIZES);
  await sync.getByTestId('sync-equals').fill('8.0');
  await expect(sync.getByTestId('sync-tag-query')).toHaveText("Tags | where Name == '8.0'");
});

test('a draft linked to the registry (imported from it) gets the estimate too', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.setViewportSize({ width: 1440, height: 900 });
  env = await startAzureTestEnvironment();
  const azure = env;
  azure.registry.putRule({
    name: 'mcr-cli-sync',
    source: 'mcr.microsoft.com/azure-cli',
    target: 'cached-mar/azure-cli',
    extensions: { syncMode: 'ActiveSync', artifactSyncFilters: { tags: { type: 'KQL', query: "Tags | where Name contains 'mariner'" } } },
  });
  azure.arm.upstreamTags.set('mcr.microsoft.com/azure-cli', UPSTREAM_TAGS);
  opened = await openApp(page, { services: { azure: azure.options() } });
  await signInAndImport(opened, azure, 'contoso linked');
  await page.reload();
  await page.getByRole('button', { name: 'Open draft contoso linked' }).click();
  await page.getByTestId('rule-row').filter({ hasText: 'mcr-cli-sync' }).click();
  await page.getByTestId('rule-details').getByRole('button', { name: 'Edit' }).click();
  const sync = page.getByTestId('sync-settings');
  await expect(sync.getByTestId('sync-estimate-count')).toHaveText('6 of 189 tags would sync');
  await sync.getByTestId('sync-ends-with').fill('arm64');
  await expect(sync.getByTestId('sync-estimate-count')).toHaveText('2 of 189 tags would sync');
  // the draft's registry was asked; nothing was written to it
  expect(azure.arm.requests.filter((r) => r.op === 'registries.checkSyncEstimate').at(-1)).toMatchObject({ status: 200, body: { properties: { artifactSyncFilters: { tags: { query: "Tags | where Name endswith 'arm64' and Name contains 'mariner'" } } } } });
  expect(azure.arm.requests.filter((r) => r.op.startsWith('cacheRules.') && r.method !== 'GET')).toEqual([]);
});
