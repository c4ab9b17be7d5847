// Where a pull really goes, and registry checks while typing (issue 11): the real renderer in
// Chromium, answered by the real main-process services (drafts on lowdb; Azure through the
// Entra and ARM emulators for the linked draft).
import { test as base, expect, type Page } from '@playwright/test';
import { startAzureTestEnvironment, type AzureTestEnvironment } from '../emulators/azure-environment.ts';
import { seedDraft } from './drafts-helpers.ts';
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
    env.registry.addRepositories('teams/payments/api', 'library/dotnet/sdk');
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

async function newRuleTarget(page: Page, target: string): Promise<void> {
  await page.getByTestId('rule-target').fill(target);
}

test('a bare Docker Hub image is flagged as bypassing the cache, with the reference that goes through it', async ({ page, app }) => {
  void app;
  await page.setViewportSize({ width: 1280, height: 800 });
  await seedDraft(page);
  await page.getByRole('tab', { name: /Pull tester/ }).click();
  await page.getByTestId('tester-input').fill('docker pull hello-world\nghcr.io/owner/tool:1\ncontoso.azurecr.io/library/python/app3:1.2\nnginx:${TAG}');
  await expect(page.getByTestId('tester-result')).toHaveCount(4);
  const summary = page.getByTestId('tester-summary');
  await expect(summary).toContainText('1 served');
  await expect(summary).toContainText('2 bypass');
  await expect(summary).toContainText('1 unresolved');

  const results = page.getByTestId('tester-result');
  await results.filter({ hasText: 'hello-world' }).click();
  await expect(page.getByTestId('tester-outcome')).toHaveText('bypasses the cache');
  await expect(page.getByTestId('tester-detail')).toContainText("'docker.io/library/hello-world:latest' is pulled from Docker Hub directly, bypassing the cache");
  await expect(page.getByTestId('tester-through-cache')).toHaveText('contoso.azurecr.io/hello-world:latest');
  await page.screenshot({ path: screenshotPath('pull-tester-bypass.png') });
  // one click tests the pull through the cache
  await page.getByRole('button', { name: 'Test this pull' }).click();
  await expect(results).toHaveCount(5);
  await results.last().click();
  await expect(page.getByTestId('tester-outcome')).toHaveText('static rule');
  await expect(page.getByTestId('tester-upstream')).toHaveText('docker.io/library/hello-world:latest');

  // a GHCR image no rule's source covers: bypass, and nothing to offer
  await results.filter({ hasText: 'ghcr.io/owner/tool' }).click();
  await expect(page.getByTestId('tester-detail')).toContainText('no rule\'s source covers it');
  await expect(page.getByTestId('tester-through-cache')).toHaveCount(0);
  // an unset compose variable is unresolved, not an invalid tag
  await results.filter({ hasText: 'nginx:${TAG}' }).click();
  await expect(page.getByTestId('tester-outcome')).toHaveText('unresolved variable');
});

test('a large paste does not block typing: it is read off the keystroke path', async ({ page, app }) => {
  void app;
  await seedDraft(page);
  await page.getByRole('tab', { name: /Pull tester/ }).click();
  const manifest = Array.from({ length: 10_000 }, (_, i) => `kind: Pod\nmetadata: { name: p${i} }\nspec: { containers: [ { name: c, image: "contoso.azurecr.io/quay/app${i}:1" } ] }`).join('\n---\n');
  const input = page.getByTestId('tester-input');
  // a paste: the whole text arrives in one input event (Playwright's fill types it in pieces)
  await input.evaluate((element, text) => {
    const area = element as HTMLTextAreaElement;
    area.value = text;
    area.dispatchEvent(new Event('input', { bubbles: true }));
  }, manifest);
  // the text is still being read while the user goes on typing
  await expect(page.getByTestId('tester-pending')).toBeVisible();
  await input.press('End');
  await input.press('Control+End');
  await page.keyboard.type('\n---\nimage: nginx:1.27');
  await expect(page.getByTestId('tester-summary')).toContainText('10,001 from YAML', { timeout: 45_000 });
  await expect(page.getByTestId('tester-summary')).toContainText('10000 served');
  await expect(page.getByTestId('tester-summary')).toContainText('1 bypass');
  await expect(page.getByTestId('tester-pending')).toHaveCount(0);
});

test('a linked draft flags target-exists while typing, with the repository list\'s age and a refresh', async ({ page, app, env }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInAndImport(app, env, 'contoso linked');
  await page.reload();
  await page.getByRole('button', { name: 'Open draft contoso linked' }).click();
  await expect(page.getByTestId('draft-title')).toHaveText('contoso linked');
  await page.getByTestId('rules-grid').focus();
  await page.keyboard.press('n');
  await expect(page.getByTestId('rule-editor')).toBeVisible();
  const note = page.getByTestId('linked-repositories-note');
  await expect(note).toHaveText('Checked against 2 repositories, read just now');
  await expect(note).toHaveAttribute('title', `New targets are checked against ${env.registry.loginServer}'s repositories while you type`);
  await page.getByTestId('rule-name').fill('payments-cache');
  await page.getByTestId('rule-upstream').selectOption('mcr.microsoft.com');
  await page.getByTestId('rule-source').fill('payments/*');
  await newRuleTarget(page, 'teams/*');
  await expect(page.locator('#rule-target-problems')).toContainText("covers 1 existing repository ('teams/payments/api')");
  await expect(page.getByTestId('rule-save')).toBeDisabled();
  await newRuleTarget(page, 'payments/*');
  await expect(page.locator('#rule-target-problems')).not.toContainText('existing repositor');
  await expect(page.getByTestId('rule-save')).toBeEnabled();
  await page.screenshot({ path: screenshotPath('linked-draft-target-exists.png') });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [width, height] of [[900, 560], [1024, 700], [1280, 800], [1440, 900]] as const) {
      await page.setViewportSize({ width, height });
      await page.getByTestId('linked-repositories').scrollIntoViewIfNeeded();
      await expect(page.getByTestId('linked-repositories-refresh')).toBeInViewport();
      await page.screenshot({ path: screenshotPath(`linked-draft-target-exists-${width}-${scheme}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });

  // a repository pushed since is flagged after a refresh, not before
  env.registry.addRepositories('payments/ledger');
  await newRuleTarget(page, 'payments/*');
  await expect(page.getByTestId('rule-save')).toBeEnabled();
  await page.getByTestId('linked-repositories-refresh').click();
  await expect(note).toHaveText('Checked against 3 repositories, read just now');
  await expect(page.locator('#rule-target-problems')).toContainText("covers 1 existing repository ('payments/ledger')");
});
