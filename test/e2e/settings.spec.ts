// The Settings view (15.2): Ctrl+, opens it; theme, repository-list cache and update settings are
// written by main (settings.json) and survive a restart of the app; a source build says it does
// not update itself; the data folder is shown.
import { readFile, stat } from 'node:fs/promises';
import { test as base } from '@playwright/test';
import { openApp } from './harness.ts';
import { join } from 'node:path';
import { test, expect } from './fixtures.ts';
import { screenshotPath } from './screenshot-path.ts';

test('settings: open with Ctrl+, , change theme, cache and update checks; they are saved by main and come back after a restart', async ({ page, app }) => {
  await page.keyboard.press('Control+,');
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await expect(page.getByTestId('settings-data-folder')).toHaveText(app.dataDir);
  await expect(page.getByTestId('update-status')).toContainText('does not update itself');

  await page.getByRole('radio', { name: 'Dark' }).check();
  await page.getByTestId('setting-cache-minutes').fill('45');
  await page.getByTestId('setting-cache-minutes').press('Tab');
  await page.getByTestId('setting-check-at-start').uncheck();
  await expect.poll(async () => JSON.parse(await readFile(join(app.dataDir, 'settings.json'), 'utf8').catch(() => 'null'))).toEqual({
    theme: 'dark',
    repositoryCacheMinutes: 45,
    updates: { checkAtStart: false, channel: 'latest' },
  });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [width, height] of [[900, 560], [1024, 700], [1280, 800], [1440, 900]] as const) {
      await page.setViewportSize({ width, height });
      await page.screenshot({ path: screenshotPath(`settings-${width}-${scheme}.png`) });
    }
  }

  await app.restart();
  await page.keyboard.press('Control+,');
  await expect(page.getByRole('radio', { name: 'Dark' })).toBeChecked();
  await expect(page.getByTestId('setting-cache-minutes')).toHaveValue('45');
  await expect(page.getByTestId('setting-check-at-start')).not.toBeChecked();
});

base('settings: "Open logs folder" opens the data folder\'s logs folder through main (the same command as Help → Open Logs Folder)', async ({ page }) => {
  const opened: string[] = [];
  const app = await openApp(page, { services: { openPath: async (path) => void opened.push(path) } });
  try {
    await page.keyboard.press('Control+,');
    await page.getByTestId('open-logs-folder').click();
    await expect.poll(() => opened).toEqual([join(app.dataDir, 'logs')]);
    expect((await stat(join(app.dataDir, 'logs'))).isDirectory()).toBe(true);
    await expect(page.getByTestId('settings-error')).toHaveCount(0);
  } finally {
    await app.close();
  }
});
