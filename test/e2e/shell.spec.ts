import { screenshotPath } from './screenshot-path.ts';
import { test, expect } from './fixtures.ts';

test('the app shell shows its areas and the About view reads versions over IPC', async ({ page, app }) => {
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await page.getByRole('button', { name: /About/ }).click();
  await expect(page.getByRole('heading', { name: 'About ACR Cache Studio' })).toBeVisible();
  await expect(page.getByTestId('about-app')).toHaveText('ACR Cache Studio 0.1.0');
  await expect(page.getByTestId('about-node')).toHaveText(process.versions.node);
  // honest about where it runs: the harness is plain Node, not Electron
  await expect(page.getByTestId('about-electron')).toHaveText('not running in Electron');
  expect(app.calls.map((c) => c.channel)).toContain('app.about');
  await page.screenshot({ path: screenshotPath('about.png') });
});

test('areas switch from the keyboard; Registries asks to sign in first', async ({ page, app }) => {
  void app;
  await page.keyboard.press('Control+2');
  await expect(page.getByRole('button', { name: /Registries/ })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('registries-signed-out')).toContainText('Sign in to see your registries');
  await page.keyboard.press('Control+3');
  await expect(page.getByRole('heading', { name: 'About ACR Cache Studio' })).toBeVisible();
  // Tab reaches the sidebar's collapse toggle, then the navigation buttons
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('sidebar-toggle')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: /Drafts/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: /Drafts/ })).toHaveAttribute('aria-current', 'page');
});

test('the renderer has no Node, no Electron and no raw IPC, only the acr API', async ({ page, app }) => {
  void app;
  const globals = await page.evaluate(() => ({
    require: typeof (window as unknown as { require?: unknown }).require,
    process: typeof (window as unknown as { process?: unknown }).process,
    ipcRenderer: typeof (window as unknown as { ipcRenderer?: unknown }).ipcRenderer,
    areas: Object.keys((window as unknown as { acr: object }).acr),
  }));
  expect(globals).toMatchObject({ require: 'undefined', process: 'undefined', ipcRenderer: 'undefined' });
  expect(globals.areas).toContain('app');
  const refused = await page.evaluate(() =>
    (window as unknown as { acr: { app: { openExternal(u: string): Promise<void> } } }).acr.app
      .openExternal('file:///etc/passwd')
      .then(() => 'opened', (e: { code: string }) => e.code),
  );
  expect(refused).toBe('link-not-allowed');
  expect(app.externalLinks).toEqual([]);
});
