// What the window says when the drafts file holds a bad draft or cannot be read at all: one bad
// draft is set aside and named while the others load; a FIFO as the drafts file neither hangs
// the start nor hides why nothing can be saved.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { cspViolations, openApp } from './harness.ts';
import { screenshotPath } from './screenshot-path.ts';

const draft = (id: string, name: string, ruleName: string) => ({
  id,
  name,
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  ruleSet: { rules: [{ name: ruleName, source: 'quay.io/org/app', target: 'app' }], credentialSets: [] },
});

test('a draft the schema refuses is set aside and named; the other drafts load and open', async ({ page }) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'acs-e2e-set-aside-'));
  const bad = draft('bad-one', 'legacy-import', 'n'.repeat(201));
  await writeFile(join(dataDir, 'drafts.json'), JSON.stringify({ version: 1, drafts: [draft('good-one', 'contoso-prod', 'quay-app'), bad] }));
  const app = await openApp(page, { dataDir });
  try {
    const notices = page.getByTestId('store-notices');
    await expect(notices).toContainText('One draft could not be read and was set aside; the others loaded.');
    await expect(page.getByTestId('store-set-aside')).toContainText('legacy-import: ruleSet.rules[0].name: is 201 characters long; at most 200 are allowed');
    const path = (await page.getByTestId('store-set-aside-path').textContent()) ?? '';
    expect(JSON.parse(await readFile(path, 'utf8')).drafts[0].draft).toEqual(bad);
    await expect(page.getByTestId('draft-item')).toHaveCount(1);
    await expect(page.getByTestId('draft-item')).toContainText('contoso-prod');
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const [width, height] of [[900, 560], [1280, 800]] as const) {
        await page.setViewportSize({ width, height });
        await page.screenshot({ path: screenshotPath(`drafts-set-aside-${width}-${scheme}.png`) });
      }
    }
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await expect(notices).toBeHidden();
    expect(await cspViolations(page)).toEqual([]);
  } finally {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('drafts.json that is a FIFO: the window opens, says what is wrong and what to do', async ({ page }) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'acs-e2e-fifo-'));
  execFileSync('mkfifo', [join(dataDir, 'drafts.json')]);
  const app = await openApp(page, { dataDir });
  try {
    await expect(page.getByTestId('store-problem')).toHaveText('Drafts cannot be loaded or saved.');
    await expect(page.getByTestId('store-problem-message')).toContainText(`${join(dataDir, 'drafts.json')} is not a regular file (a named pipe). Move it away, then restart the app.`);
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.screenshot({ path: screenshotPath('drafts-unavailable-1024.png') });
  } finally {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});
