// File → Import… and Paste… (issue 15.1/15.4): the keymap commands draft.import and draft.paste run
// the drafts area's real flows, from the command palette and from the application menu's event,
// whichever view or draft is shown; and recently imported/exported files come back under Open Recent.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { createDraft } from './drafts-helpers.ts';
import { cspViolations, openApp } from './harness.ts';
import { screenshotPath } from './screenshot-path.ts';

const RULES_YAML = `registry: contoso.azurecr.io
rules:
  - name: hub-library
    source: docker.io/library/*
    target: hub/*
  - name: mcr-all
    source: mcr.microsoft.com/*
    target: mcr/*
`;

async function runFromPalette(page: Page, query: string, command: string): Promise<void> {
  await page.keyboard.press('Control+k');
  await page.getByRole('combobox', { name: 'Run a command' }).fill(query);
  const first = page.getByTestId('palette-option').first();
  await expect(first).toHaveAttribute('data-command', command);
  await page.keyboard.press('Enter');
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.mouse.move(5, 5);
  for (const [width, height] of [[900, 560], [1280, 800]] as const) {
    await page.setViewportSize({ width, height });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: screenshotPath(`${name}-${width}-${scheme}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 800 });
}

base('File → Import… and Paste… from the palette and the menu run the real import and paste, from inside another draft too', async ({ page }) => {
  const dir = await mkdtemp(join(tmpdir(), 'acs-e2e-file-'));
  const source = join(dir, 'contoso-rules.yaml');
  await writeFile(source, RULES_YAML);
  let opens = 0;
  const app = await openApp(page, {
    dataDir: join(dir, 'data'),
    services: {
      dialogs: {
        openRuleSetFile: async () => (opens++, source),
        saveRuleSetFile: async () => null,
        saveExportFile: async () => null,
      },
    },
  });
  try {
    // from another draft: the import opens the new draft in its place
    await createDraft(page, 'scratch');
    await expect(page.getByTestId('draft-title')).toHaveText('scratch');
    await runFromPalette(page, 'import', 'draft.import');
    await expect(page.getByTestId('draft-title')).toHaveText('contoso-rules');
    await expect(page.getByTestId('rule-row')).toHaveCount(2);
    expect(opens).toBe(1);

    // Paste… from a draft: back to the list with the paste dialog open; pasting imports
    await runFromPalette(page, 'paste', 'draft.paste');
    const paste = page.getByRole('dialog', { name: 'Paste a rule set' });
    await expect(paste).toBeVisible();
    await shoot(page, 'file-paste');
    await page.getByTestId('paste-name').fill('pasted');
    await page.getByTestId('paste-text').fill(RULES_YAML);
    await paste.getByRole('button', { name: /Import/ }).click();
    await expect(page.getByTestId('draft-title')).toHaveText('pasted');

    // the application menu's items send the same ids (main/shell/app-menu.ts); from Settings too
    await page.keyboard.press('Control+,');
    app.services.events.emit('app.onMenuCommand', { command: 'draft.import' });
    // a second import of the same file is a second draft, named apart from the first
    await expect(page.getByTestId('draft-title')).toHaveText('contoso-rules (2)');
    expect(opens).toBe(2);
    app.services.events.emit('app.onMenuCommand', { command: 'draft.paste' });
    await expect(paste).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(paste).toBeHidden();
    expect(await cspViolations(page)).toEqual([]);
  } finally {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  }
});
