// Azure end to end: the real renderer in Chromium, answered by the real main-process services,
// signed in against the Entra emulator and talking to the ARM emulator (test/emulators).
import { screenshotPath } from './screenshot-path.ts';
import type { Page } from '@playwright/test';
import { startAzureTestEnvironment, TEST_REGISTRY, type AzureTestEnvironment } from '../emulators/azure-environment.ts';
import { DEFAULT_TEST_USER } from '../emulators/entra.ts';
import { fillNewRule } from './drafts-helpers.ts';
import { test, expect } from './fixtures.ts';
import { cspViolations, openApp, type OpenedApp } from './harness.ts';

let env: AzureTestEnvironment | null = null;
let opened: OpenedApp | null = null;

test.afterEach(async ({ page, pageErrors }) => {
  // like the shared fixture: the strict CSP held and nothing failed in the page
  expect(await cspViolations(page).catch(() => [])).toEqual([]);
  expect(pageErrors).toEqual([]);
  await opened?.close();
  await env?.close();
  opened = null;
  env = null;
});

async function start(page: Page): Promise<AzureTestEnvironment> {
  env = await startAzureTestEnvironment();
  env.registry.putCredentialSet({
    name: 'dockerhub',
    loginServer: 'docker.io',
    usernameSecret: 'https://contosokv.vault.azure.net/secrets/hub-user',
    passwordSecret: 'https://contosokv.vault.azure.net/secrets/hub-token',
    principalId: '9a7c51f2-3b64-4e0d-a1c8-5f2e7d4b6c90',
  });
  env.registry.setCredentialHealth('dockerhub', {
    status: 'Unhealthy',
    errorCode: 'AccessDenied',
    errorMessage: 'The credential set identity cannot read secret hub-token in vault contosokv.',
  });
  env.registry.putRule({ name: 'python-hub', source: 'docker.io/library/python/*', target: 'library/python/*', credentialSet: 'dockerhub' });
  env.registry.putRule({ name: 'dotnet-mcr', source: 'mcr.microsoft.com/dotnet/*', target: 'library/dotnet/*' });
  env.registry.addRepositories('team/app', 'library/python/3.12');
  opened = await openApp(page, { services: { azure: env.options() } });
  return env;
}

test('sign in with the browser, browse to a registry, create a rule (one refusal explained), delete it, sign out', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.setViewportSize({ width: 1440, height: 900 });
  const azure = await start(page);

  await page.keyboard.press('Control+2');
  await expect(page.getByTestId('registries-signed-out')).toContainText('Sign in to see your registries');
  await expect(page.getByTestId('status-account')).toHaveText('Not signed in to Azure');

  // the emulator's test browser completes the loopback sign-in by itself
  await page.getByTestId('account-menu-button').click();
  await page.getByTestId('sign-in-browser').click();
  await expect(page.getByTestId('status-account')).toContainText(`Signed in as ${DEFAULT_TEST_USER.username}`);
  expect(azure.browser.opened.length).toBe(1);
  await page.getByTestId('account-menu-button').click();
  const account = page.getByTestId('account');
  await expect(account).toContainText(DEFAULT_TEST_USER.username);
  await expect(account).toContainText(DEFAULT_TEST_USER.tenantId);
  await expect(account).toContainText('Azure (global)');
  await expect(page.getByTestId('token-persistence')).toContainText('encrypted');
  await page.screenshot({ path: screenshotPath('sign-in.png') });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('account-menu')).toBeHidden();

  // subscriptions → registries, with a filter
  const row = page.locator(`[data-testid=registry-row][data-name=${TEST_REGISTRY}]`);
  await expect(row).toContainText('contosocache.azurecr.io');
  await expect(row).toContainText('Premium');
  await expect(row).toContainText('westeurope');
  await expect(row).toContainText('rg-cache');
  await expect(page.getByTestId('subscription')).toContainText('Contoso Platform');
  await page.getByTestId('registry-filter').fill('nothing-like-it');
  await expect(page.getByText('No registry here matches')).toBeVisible();
  await page.getByTestId('registry-filter').fill('westeu');
  await expect(row).toBeVisible();
  await page.screenshot({ path: screenshotPath('registries.png') });

  // the live registry in the drafts' working surface
  await row.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByTestId('registry-title')).toHaveText(TEST_REGISTRY);
  await expect(page.getByTestId('rule-row')).toHaveCount(2);
  await expect(page.getByTestId('repositories-note')).toHaveText('2 repositories checked');
  await page.getByRole('tab', { name: /Overlap map/ }).click();
  await expect(page.locator('[data-testid=map-node][data-path="library/python"]')).toBeVisible();
  await page.getByRole('tab', { name: /^Rules/ }).click();

  // a target that already exists in the registry is caught while typing
  await fillNewRule(page, { name: 'quay-team', upstream: 'quay.io', path: 'team/app', target: 'team/app' });
  await expect(page.locator('#rule-target-problems')).toContainText('already exists in the registry');
  await expect(page.getByTestId('rule-save')).toBeDisabled();
  await page.getByTestId('rule-target').fill('quay/team/app');
  await expect(page.getByTestId('rule-save')).toBeEnabled();

  // a refusal the local engine cannot foresee: explained at the form, with its fix
  azure.arm.faults.fail('cacheRules.create', { status: 403, code: 'AuthorizationFailed', message: "The client 'ada@contoso.example' does not have authorization to perform action 'Microsoft.ContainerRegistry/registries/cacheRules/write'." }, 1);
  await page.getByTestId('rule-save').click();
  await expect(page.getByTestId('save-note')).toContainText('does not have permission');
  await expect(page.getByTestId('azure-activity')).toContainText('Could not create cache rule "quay-team"');
  await expect(page.getByTestId('rule-editor')).toBeVisible();
  expect(azure.registry.rules().map((r) => r.name)).not.toContain('quay-team');

  // the second try goes through, with its progress shown
  await page.getByTestId('rule-save').click();
  await expect(page.getByTestId('rule-editor')).toBeHidden();
  await expect(page.getByTestId('azure-activity')).toContainText('Created rule "quay-team" in Azure.');
  await expect(page.getByTestId('rule-row')).toHaveCount(3);
  expect(azure.registry.rules().find((r) => r.name === 'quay-team')).toMatchObject({ sourceRepository: 'quay.io/team/app', targetRepository: 'quay/team/app' });
  await page.getByTestId('rule-row').filter({ hasText: 'quay-team' }).click();
  await page.screenshot({ path: screenshotPath('live-registry.png') });

  // credential sets: health, identity, grant commands
  await page.getByRole('tab', { name: /Credential sets/ }).click();
  const set = page.locator('[data-testid=live-credential-set][data-name=dockerhub]');
  await expect(set.getByTestId('credential-health')).toHaveText('Unhealthy');
  await expect(set).toContainText('AccessDenied');
  await expect(set.getByTestId('principal-id')).toHaveText('9a7c51f2-3b64-4e0d-a1c8-5f2e7d4b6c90');
  await expect(set.locator('pre').first()).toContainText('az keyvault set-policy');
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await set.getByTestId('copy-access-policy').click();
  await expect(set.getByTestId('copy-access-policy')).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('az keyvault set-policy');
  await page.screenshot({ path: screenshotPath('credential-sets.png') });

  // delete the rule in Azure
  await page.getByRole('tab', { name: /^Rule$/ }).click();
  await page.getByTestId('rule-details').getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog', { name: 'Delete rule in Azure?' }).getByRole('button', { name: 'Delete rule' }).click();
  await expect(page.getByTestId('rule-row')).toHaveCount(2);
  await expect(page.getByTestId('azure-activity')).toContainText('Deleted rule "quay-team" in Azure.');
  expect(azure.registry.rules().map((r) => r.name).sort()).toEqual(['dotnet-mcr', 'python-hub']);

  // sign out: the account and its registries are gone
  await page.getByRole('button', { name: 'Back to all registries' }).click();
  await page.getByTestId('account-menu-button').click();
  await page.getByRole('button', { name: `Sign out ${DEFAULT_TEST_USER.username}` }).click();
  await expect(page.getByTestId('status-account')).toHaveText('Not signed in to Azure');
  await expect(page.getByTestId('registries-signed-out')).toBeVisible();
});

test('device code sign-in: the code is shown big and copyable, and approving it signs in', async ({ page, pageErrors }) => {
  void pageErrors;
  const azure = await start(page);
  await page.getByTestId('account-menu-button').click();
  await page.getByTestId('sign-in-device-code').click();
  const code = page.getByTestId('device-code');
  await expect(code).toHaveText(/\S+/);
  const userCode = (await code.textContent())!.trim();
  await expect(page.getByTestId('device-code-link')).toHaveText(/\/devicelogin$/);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByTestId('copy-device-code').click();
  await expect(page.getByTestId('copy-device-code')).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(userCode);
  await page.screenshot({ path: screenshotPath('sign-in-device-code.png') });

  azure.entra.approveDeviceCode(userCode);
  await expect(page.getByTestId('sign-in-dialog')).toBeHidden();
  await expect(page.getByTestId('status-account')).toContainText(`Signed in as ${DEFAULT_TEST_USER.username}`);
});

test('a sign-in can be cancelled', async ({ page, pageErrors }) => {
  void pageErrors;
  const azure = await start(page);
  azure.browser.behaviour = 'abandon';
  await page.getByTestId('account-menu-button').click();
  await page.getByTestId('sign-in-browser').click();
  await expect(page.getByTestId('sign-in-dialog')).toContainText('Finish signing in there');
  await page.getByTestId('cancel-sign-in').click();
  await expect(page.getByTestId('sign-in-dialog')).toBeHidden();
  await expect(page.getByTestId('sign-in-error')).toContainText('cancelled');
  await expect(page.getByTestId('status-account')).toHaveText('Not signed in to Azure');
});
