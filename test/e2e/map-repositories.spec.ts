// The registry's existing repositories on the overlap map (issue 13.4): a draft linked to a
// registry (Entra and ARM emulators, the real main-process services) draws the registry's
// repositories as blocks of their own, and shows which rule they block and why — the refusals
// ACR answers with TargetRepositoryPrefixMatchesExistingRegistries and
// TargetRepositoryAlreadyPresentInRegistry.
import { test as base, expect, type Page } from '@playwright/test';
import { startAzureTestEnvironment, type AzureTestEnvironment } from '../emulators/azure-environment.ts';
import { signInAndImport } from './azure-session.ts';
import { cspViolations, openApp, type OpenedApp } from './harness.ts';
import { screenshotPath } from './screenshot-path.ts';

const test = base.extend<{ env: AzureTestEnvironment; app: OpenedApp; pageErrors: string[] }>({
  pageErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await use(errors);
  },
  env: async ({}, use) => {
    const env = await startAzureTestEnvironment();
    env.registry.putRule({ name: 'mcr-dotnet', source: 'mcr.microsoft.com/dotnet/*', target: 'library/dotnet/*' });
    // one repository filled by the rule's own cache, two pushed directly
    env.registry.addRepositories('library/dotnet/sdk', 'teams/payments/api', 'teams/payments/worker');
    await use(env);
    await env.close();
  },
  app: async ({ page, env, pageErrors }, use) => {
    const app = await openApp(page, { services: { azure: env.options() } });
    await use(app);
    expect(await cspViolations(page).catch(() => [])).toEqual([]);
    expect(pageErrors).toEqual([]);
    await app.close();
  },
});

async function openLinkedDraft(page: Page, app: OpenedApp, env: AzureTestEnvironment): Promise<void> {
  await signInAndImport(app, env, 'contoso linked');
  await page.reload();
  await page.getByRole('button', { name: 'Open draft contoso linked' }).click();
  await expect(page.getByTestId('draft-title')).toHaveText('contoso linked');
}

const node = (page: Page, path: string) => page.locator(`[data-testid=map-node][data-path="${path}"]`);

test('a linked draft draws the registry\'s repositories and shows the rule they block and why', async ({ page, app, env }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openLinkedDraft(page, app, env);
  await page.getByRole('tab', { name: /Overlap map/ }).click();

  // the repositories are blocks of their own, in the namespace next to the rules
  const api = node(page, 'teams/payments/api');
  await expect(api).toBeVisible();
  await expect(api).toHaveClass(/repo/);
  await expect(api).toHaveAttribute('aria-label', /existing repository/);
  await expect(node(page, 'teams')).toContainText('2 repositories');
  // the imported rule's own cache is no fault: its repository is drawn, nothing is blocked
  await expect(node(page, 'library/dotnet/sdk')).toHaveClass(/repo/);
  await expect(node(page, 'library/dotnet/sdk')).not.toHaveClass(/blocking/);
  await expect(page.getByTestId('map-blocker')).toHaveCount(0);

  // a wildcard typed over them: blocked, and the repositories say by what
  await page.getByTestId('map-svg').focus();
  await page.keyboard.press('n');
  await page.getByTestId('rule-name').fill('payments-cache');
  await page.getByTestId('rule-upstream').selectOption('mcr.microsoft.com');
  await page.getByTestId('rule-source').fill('payments/*');
  await page.getByTestId('rule-target').fill('teams/*');
  await expect(node(page, 'teams')).toHaveClass(/blocked/);
  await expect(api).toHaveClass(/blocking/);
  await expect(node(page, 'teams/payments/worker')).toHaveClass(/blocking/);
  await expect(page.getByTestId('map-blocker')).toContainText(
    "payments-cache (being edited) is blocked: 'teams/*' covers 2 existing repositories ('teams/payments/api', 'teams/payments/worker'); ACR refuses a wildcard whose prefix matches existing repositories (TargetRepositoryPrefixMatchesExistingRegistries)",
  );
  await api.hover();
  const tip = page.getByTestId('map-tooltip');
  await expect(tip).toContainText(`teams/payments/api exists in ${env.registry.loginServer}`);
  await expect(tip).toContainText('It blocks payments-cache (being edited):');
  await expect(tip).toContainText('TargetRepositoryPrefixMatchesExistingRegistries');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: screenshotPath(`overlap-map-repositories-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });

  // a static target that is an existing repository
  await page.getByTestId('rule-target').fill('teams/payments/api');
  await expect(page.getByTestId('map-blocker')).toContainText("'teams/payments/api' already exists in the registry");
  await expect(page.getByTestId('map-blocker')).toContainText('(TargetRepositoryAlreadyPresentInRegistry)');
  await expect(api).toHaveClass(/blocking/);
  await expect(node(page, 'teams/payments/worker')).not.toHaveClass(/blocking/);

  // a free target: nothing blocked, the repositories stay drawn
  await page.getByTestId('rule-target').fill('payments/*');
  await expect(page.getByTestId('map-blocker')).toHaveCount(0);
  await expect(api).not.toHaveClass(/blocking/);
  await expect(api).toHaveClass(/repo/);
});
