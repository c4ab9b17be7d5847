// Shortcuts under the plan sheet while an apply runs: Ctrl+1/2/3 used to switch the view and
// close the sheet in the middle of the apply. Against the Azure emulators, with an apply held
// by a long Retry-After so that it is certainly still running when the keys are pressed.
import { test as base, expect } from '@playwright/test';
import { startAzureTestEnvironment, type AzureTestEnvironment } from '../emulators/azure-environment.ts';
import { addRule } from './drafts-helpers.ts';
import { signInAndImport } from './azure-session.ts';
import { cspViolations, openApp, type OpenedApp } from './harness.ts';

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

test('Ctrl+1/2/3, Ctrl+K and ? do nothing while the plan sheet shows a running apply', async ({ page, app, env }) => {
  await signInAndImport(app, env, 'contoso live');
  await page.reload();
  await page.getByRole('button', { name: 'Open draft contoso live' }).click();
  await addRule(page, { name: 'ghcr-tools', upstream: 'ghcr.io', path: 'contoso/tools/*', target: 'tools/*' });
  env.arm.faults.throttle('cacheRules.create', { retryAfterSeconds: 3600 });

  await page.getByTestId('open-plan').click();
  await page.getByTestId('plan').click();
  await page.getByTestId('apply').click();
  await page.getByTestId('confirm-apply').click();
  await expect(page.getByTestId('apply-paused')).toContainText('asked to wait 3600 s');

  const sheet = page.getByTestId('sync-sheet');
  for (const chord of ['Control+1', 'Control+2', 'Control+3', 'Control+k', '?', 'F1', 'Control+z']) {
    await page.keyboard.press(chord);
    await expect(sheet).toBeVisible();
    await expect(page.getByTestId('apply-paused')).toBeVisible();
  }
  await expect(page.getByRole('navigation', { name: 'Main' }).locator('[aria-current=page]')).toHaveText(/Drafts/);
  await expect(page.getByTestId('command-palette')).toHaveCount(0);
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveCount(0);
  // the menu cannot switch the view under it either
  app.services.events.emit('app.onMenuCommand', { command: 'go.about' });
  await page.evaluate(() => 0);
  await expect(sheet).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).locator('[aria-current=page]')).toHaveText(/Drafts/);

  // the apply is still there to cancel, and nothing reached the registry
  await page.getByTestId('cancel-wait').click();
  await expect(page.getByTestId('apply-verdict')).toContainText('Apply cancelled');
  expect(env.registry.rule('ghcr-tools')).toBeUndefined();
});
