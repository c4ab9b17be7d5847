// Recent files (issue 15.4): a file imported with File → Import… or dropped on the window is listed
// under Recent files; choosing it imports it again as a new draft (from the list, from File → Open
// Recent's event, from the palette's Open recent…); a file that is gone when chosen is taken off
// the list with a message naming it. The main side is the real one (recent-files.json on disk).
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { test, expect, type Page } from '@playwright/test';
import { cspViolations, openApp } from './harness.ts';
import { screenshotsAtSizes } from './screenshot-path.ts';

const RULES_YAML = `registry: contoso.azurecr.io
rules:
  - name: hub-library
    source: docker.io/library/*
    target: hub/*
  - name: mcr-all
    source: mcr.microsoft.com/*
    target: mcr/*
`;
const DROPPED_YAML = `registry: fabrikam.azurecr.io
rules:
  - name: quay-all
    source: quay.io/*
    target: quay/*
`;

/** axe's WCAG 2.1 A/AA and best-practice violations of the page, light and dark (as accessibility.spec.ts checks). */
async function axeViolations(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    found.push(...result.violations.map((v) => `[${scheme}] ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`));
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}

async function backToList(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Back to all drafts' }).click();
  await expect(page.getByRole('heading', { name: 'Drafts', level: 1 })).toBeVisible();
}

test('imported and dropped files are listed under Recent files, open again as drafts, and a file that is gone is removed with a message', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
  const dir = await mkdtemp(join(tmpdir(), 'acs-e2e-recent-'));
  // a deep folder, as real ones are: the list cuts it at its start, where it matters least
  const deep = join(dir, 'customers', 'contoso', 'platform-team', 'registries', 'production-west-europe');
  await mkdir(deep, { recursive: true });
  const imported = join(deep, 'contoso-rules.yaml');
  const dropped = join(dir, 'fabrikam.acrcache.yaml');
  await writeFile(imported, RULES_YAML);
  await writeFile(dropped, DROPPED_YAML);
  const app = await openApp(page, {
    dataDir: join(dir, 'data'),
    services: { dialogs: { openRuleSetFile: async () => imported, saveRuleSetFile: async () => null, saveExportFile: async () => null } },
  });
  try {
    const recent = page.getByRole('region', { name: 'Recent files' });
    const rows = recent.getByTestId('recent-file');
    // nothing imported yet: no empty list to look at
    await expect(page.getByTestId('drafts-empty')).toBeVisible();
    await expect(recent).toHaveCount(0);

    // File → Import… (the empty state's button): the file is on the list once back at the drafts
    await page.getByRole('button', { name: 'Import file…' }).first().click();
    await expect(page.getByTestId('draft-title')).toHaveText('contoso-rules');
    await backToList(page);
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('contoso-rules.yaml');
    await expect(rows.first()).toContainText(dir);

    // a file dropped on the window: the preload names its path, main checks the text and records it
    await page.evaluate(([name, path]) => ((window as unknown as { __acrFilePaths: Record<string, string> }).__acrFilePaths = { [name]: path }), ['fabrikam.acrcache.yaml', dropped] as const);
    const transfer = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'fabrikam.acrcache.yaml'));
      return dt;
    }, DROPPED_YAML);
    await page.dispatchEvent('main', 'dragenter', { dataTransfer: transfer });
    await page.dispatchEvent('main', 'drop', { dataTransfer: transfer });
    await expect(page.getByTestId('draft-title')).toHaveText('fabrikam');
    await backToList(page);
    await expect(rows).toHaveCount(2);
    await expect(rows.first()).toContainText('fabrikam.acrcache.yaml');

    // the list is on disk in the data folder, newest first, 0600 like every other store
    const onDisk = JSON.parse(await readFile(join(app.dataDir, 'recent-files.json'), 'utf8')) as { files: { path: string }[] };
    expect(onDisk.files.map((f) => f.path)).toEqual([dropped, imported]);

    // each row says what it does to a screen reader: the file and its folder
    const again = page.getByRole('button', { name: `Import contoso-rules.yaml again, from ${deep}` });
    await expect(again).toBeVisible();
    await screenshotsAtSizes(page, 'recent-files', recent, [[900, 560], [1024, 700], [1440, 900]]);
    expect(await axeViolations(page)).toEqual([]);

    // choosing it (with the keyboard) imports it again as a new draft, and puts it back on top
    await again.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('draft-title')).toHaveText('contoso-rules (2)');
    await expect(page.getByTestId('rule-row')).toHaveCount(2);
    await backToList(page);
    await expect(rows.first()).toContainText('contoso-rules.yaml');

    // File → Open Recent → the dropped file, after it was deleted: off the list, and the notice says so
    await rm(dropped);
    app.services.events.emit('recent.onOpenRequested', { path: dropped });
    await expect(page.getByTestId('notice').filter({ hasText: `${dropped} no longer exists; removed from Open Recent.` })).toBeVisible();
    await expect(rows).toHaveCount(1);
    await expect(page.getByTestId('draft-item')).toHaveCount(3);
    await screenshotsAtSizes(page, 'recent-files-pruned', page.getByTestId('notice').first(), [[1024, 700]]);

    // the palette's Open recent…: a picker of the recent files, found by a few letters
    await page.keyboard.press('Control+k');
    await page.getByRole('combobox', { name: 'Run a command' }).fill('open recent');
    await expect(page.getByTestId('palette-option').first()).toHaveAttribute('data-command', 'draft.open-recent');
    await page.keyboard.press('Enter');
    const picker = page.getByRole('dialog', { name: 'Open a recent file' });
    await expect(picker).toBeVisible();
    await page.getByRole('combobox', { name: 'Find a recent file' }).fill('contoso');
    await expect(picker.getByRole('option')).toHaveCount(1);
    await expect(picker.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
    await screenshotsAtSizes(page, 'recent-picker', picker, [[1024, 700]]);
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Enter');
    await expect(picker).toBeHidden();
    await expect(page.getByTestId('draft-title')).toHaveText('contoso-rules (3)');
    await backToList(page);

    // Remove takes one file off; then the list (and its heading) is gone, and so is the file on disk
    await page.getByRole('button', { name: 'Remove contoso-rules.yaml from recent files' }).click();
    await expect(recent).toHaveCount(0);
    expect(app.services.recentFiles.list()).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('Clear empties the list, and a path the renderer was never given is refused', async ({ page }) => {
  const dir = await mkdtemp(join(tmpdir(), 'acs-e2e-recent-'));
  const file = join(dir, 'rules.yaml');
  await writeFile(file, RULES_YAML);
  const app = await openApp(page, {
    dataDir: join(dir, 'data'),
    services: { dialogs: { openRuleSetFile: async () => file, saveRuleSetFile: async () => null, saveExportFile: async () => null } },
  });
  try {
    await page.getByRole('button', { name: 'Import file…' }).first().click();
    await backToList(page);
    const recent = page.getByRole('region', { name: 'Recent files' });
    await expect(recent.getByTestId('recent-file')).toHaveCount(1);
    // with no draft left, the empty state still offers the file
    await page.getByRole('button', { name: 'Delete rules' }).click();
    await page.getByRole('button', { name: 'Delete draft' }).click();
    await expect(page.getByTestId('drafts-empty')).toBeVisible();
    await expect(recent.getByTestId('recent-file')).toHaveCount(1);
    await screenshotsAtSizes(page, 'recent-files-empty-state', recent, [[900, 560], [1440, 900]]);
    // a renderer asking for another file than the list's gets nothing read
    const refused = await page.evaluate((path) => window.acr.recent.open(path).then(() => 'opened', (error: { code: string }) => error.code), join(dir, 'data', 'drafts.json'));
    expect(refused).toBe('not-recent');
    await recent.getByRole('button', { name: 'Clear recent files' }).click();
    await expect(recent).toHaveCount(0);
    // focus is not lost with the button: it is on the view's heading
    await expect(page.getByRole('heading', { name: 'Drafts', level: 1 })).toBeFocused();
    expect(JSON.parse(await readFile(join(app.dataDir, 'recent-files.json'), 'utf8'))).toEqual({ files: [] });
  } finally {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  }
});
