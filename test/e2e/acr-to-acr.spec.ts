// Issue 10.3/10.4/10.7 in the real renderer against the emulators: a live registry's ActiveSync and
// ACR-to-ACR rules show every setting the app keeps, the rule editor's identity picker lists the
// subscription's user-assigned identities and a pick reaches Azure as a PATCH, and an unhealthy
// credential set (the 2026 recording's Forbidden) is explained with its fix.
import type { Page } from '@playwright/test';
import { startAzureTestEnvironment, TEST_REGISTRY, TEST_SUBSCRIPTION, type AzureTestEnvironment } from '../emulators/azure-environment.ts';
import { DEFAULT_TEST_USER } from '../emulators/entra.ts';
import { test, expect } from './fixtures.ts';
import { openApp, type OpenedApp } from './harness.ts';
import { expectCleanThenClose } from './azure-session.ts';
import { screenshotsAtSizes } from './screenshot-path.ts';

let env: AzureTestEnvironment | null = null;
let opened: OpenedApp | null = null;

test.afterEach(async ({ page, pageErrors }) => {
  await expectCleanThenClose(page, pageErrors, opened, env);
  opened = null;
  env = null;
});

const SIZES = [
  [900, 560],
  [1024, 700],
  [1280, 800],
  [1440, 900],
] as const;
const PRINCIPAL = '6f1c6b55-bd08-4dc1-bbe2-fa12de5ab340';
// R26 (shared/data/azure-recorded): a fresh credential set whose identity may not read the vault yet
const FORBIDDEN =
  "The user, group or application 'name=microsoft.containerregistry/registries;oid=6f1c6b55-bd08-4dc1-bbe2-fa12de5ab340;iss=https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/' does not have secrets get permission on key vault 'contosokv;location=westus'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287";

async function start(page: Page): Promise<AzureTestEnvironment> {
  env = await startAzureTestEnvironment();
  const puller = env.arm.addUserAssignedIdentity({ subscriptionId: TEST_SUBSCRIPTION, resourceGroup: 'rg-identities', name: 'cache-puller' });
  env.arm.addUserAssignedIdentity({ subscriptionId: TEST_SUBSCRIPTION, resourceGroup: 'rg-identities', name: 'app-reader' });
  env.registry.putRule({ name: 'acr-app', source: 'upstream.azurecr.io/team/app', target: 'team-app', extensions: { userAssignedIdentities: [puller.id] } });
  env.registry.putRule({
    name: 'mcr-cli-sync',
    source: 'mcr.microsoft.com/azure-cli',
    target: 'cached-mar/azure-cli',
    extensions: { syncMode: 'ActiveSync', syncReferrers: 'Enabled', artifactSyncFilters: { tags: { type: 'KQL', query: "Tags | where Name startswith '2';" }, platforms: { type: 'array', values: ['linux/amd64', 'linux/arm64'] } } },
  });
  env.registry.putCredentialSet({ name: 'ghcr-set', loginServer: 'ghcr.io', usernameSecret: 'https://contosokv.vault.azure.net/secrets/gh-user', passwordSecret: 'https://contosokv.vault.azure.net/secrets/gh-token', principalId: PRINCIPAL });
  env.registry.setCredentialHealth('ghcr-set', { status: 'Unhealthy', errorCode: 'Forbidden', errorMessage: FORBIDDEN });
  opened = await openApp(page, { services: { azure: env.options() } });
  return env;
}

function shots(page: Page, name: string, visible: string): Promise<void> {
  return screenshotsAtSizes(page, name, page.getByTestId(visible), SIZES);
}

test('a live registry shows the kept settings, picks an identity for an ACR rule, and explains a Forbidden credential set', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.setViewportSize({ width: 1440, height: 900 });
  const azure = await start(page);
  await page.keyboard.press('Control+2');
  await page.getByTestId('account-menu-button').click();
  await page.getByTestId('sign-in-browser').click();
  await expect(page.getByTestId('status-account')).toContainText(`Signed in as ${DEFAULT_TEST_USER.username}`);
  await page.keyboard.press('Escape');
  await page.locator(`[data-testid=registry-row][data-name=${TEST_REGISTRY}]`).getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByTestId('rule-row')).toHaveCount(2);

  // the ActiveSync rule: every setting, as Azure holds it
  await page.getByTestId('rule-row').filter({ hasText: 'mcr-cli-sync' }).click();
  const details = page.getByTestId('rule-details');
  await expect(details.getByTestId('rule-setting-sync-mode')).toHaveText('ActiveSync (Azure imports new tags on its own)');
  await expect(details.getByTestId('rule-setting-sync-referrers')).toHaveText('Enabled');
  await expect(details.getByTestId('rule-setting-filters')).toContainText("KQL: Tags | where Name startswith '2';");
  await shots(page, 'rule-details-sync', 'rule-preview-settings');

  // the ACR-to-ACR rule: its identity, and no credential set needed
  await page.getByTestId('rule-row').filter({ hasText: 'acr-app' }).click();
  await expect(details.getByTestId('rule-setting-identity')).toHaveText('cache-puller');
  await expect(details).toContainText('None (the managed identity authenticates)');

  // pick another identity in the editor: it is listed from the subscription and PATCHed
  await details.getByRole('button', { name: 'Edit' }).click();
  const picker = page.getByTestId('rule-identity');
  await expect(page.getByTestId('rule-identity-status')).toContainText('2 user-assigned identities in subscription');
  await expect(picker).toHaveValue(/userAssignedIdentities\/cache-puller$/);
  await picker.selectOption({ label: 'app-reader — rg-identities' });
  await expect(page.getByTestId('rule-identity-id')).toHaveValue(/userAssignedIdentities\/app-reader$/);
  await shots(page, 'rule-editor-identity', 'rule-identity-field');
  await page.getByTestId('rule-save').click();
  await expect(page.getByTestId('rule-editor')).toBeHidden();
  await expect.poll(() => azure.registry.rule('acr-app')?.extensions.userAssignedIdentities).toEqual([expect.stringMatching(/userAssignedIdentities\/app-reader$/)]);
  expect(azure.arm.requests.filter((r) => r.op === 'cacheRules.delete')).toEqual([]);
  await expect(details.getByTestId('rule-setting-identity')).toHaveText('app-reader');

  // the unhealthy credential set: what Forbidden means and the fix, then Azure's words
  await page.getByRole('tab', { name: /Credential sets/ }).click();
  const note = page.locator('[data-testid=live-credential-set][data-name=ghcr-set]').getByTestId('credential-health-note');
  await expect(note).toContainText('The identity cannot read the Key Vault secrets');
  await expect(note).toContainText(`az keyvault set-policy --name <vault> --object-id ${PRINCIPAL} --secret-permissions get`);
  await expect(note.getByTestId('credential-health-said')).toContainText('Forbidden: The user, group or application');
  await shots(page, 'credential-health-forbidden', 'credential-health-note');
});
