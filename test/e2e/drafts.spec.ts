// The drafts list: create, rename, duplicate, delete (with confirmation), import from a file
// and from pasted text, export, and what happens when the drafts file on disk is unreadable.
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { test as base, expect } from '@playwright/test';
import { test } from './fixtures.ts';
import { createDraft } from './drafts-helpers.ts';
import { cspViolations, openApp } from './harness.ts';
import type { RuleSetFormat } from '../../preload/api.ts';

const RULE_SET_YAML = `registry: contoso.azurecr.io
rules:
  - name: hub-library
    source: docker.io/library/*
    target: hub/*
    credentialSet: dockerhub
  - name: mcr-all
    source: mcr.microsoft.com/*
    target: mcr/*
credentialSets:
  - name: dockerhub
    loginServer: docker.io
    usernameSecret: https://myvault.vault.azure.net/secrets/hub-user
    passwordSecret: https://myvault.vault.azure.net/secrets/hub-pass
`;

test('create, rename, duplicate and delete drafts (delete asks first)', async ({ page, app }) => {
  void app;
  await createDraft(page, 'staging');
  // an empty draft says what to do next, in the table, the inspector and on the map
  await expect(page.getByTestId('rules-empty')).toContainText('No rules in this draft yet');
  await expect(page.getByTestId('rule-none-selected')).toContainText('Start with a rule');
  await page.getByRole('tab', { name: /Overlap map/ }).click();
  await expect(page.getByTestId('map-empty')).toContainText('Nothing on the map yet');
  await page.getByRole('button', { name: 'Back to all drafts' }).click();
  const items = page.getByTestId('draft-item');
  await expect(items).toHaveCount(1);
  await expect(items).toContainText('contoso.azurecr.io');
  await expect(items).toContainText('0 rules');

  await page.getByRole('button', { name: 'Rename staging' }).click();
  await page.getByTestId('prompt-name').fill('staging-westeu');
  await page.getByTestId('prompt-name').press('Enter');
  await expect(items).toContainText('staging-westeu');

  await page.getByRole('button', { name: 'Duplicate staging-westeu' }).click();
  await expect(items).toHaveCount(2);
  await expect(page.getByRole('button', { name: 'Open draft staging-westeu copy' })).toBeVisible();

  // cancelling the confirmation keeps the draft
  await page.getByRole('button', { name: 'Delete staging-westeu copy' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete draft?' });
  await expect(confirm).toContainText('"staging-westeu copy" and its 0 rules will be deleted');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(items).toHaveCount(2);
  await page.getByRole('button', { name: 'Delete staging-westeu copy' }).click();
  await page.getByRole('dialog', { name: 'Delete draft?' }).getByRole('button', { name: 'Delete draft' }).click();
  await expect(items).toHaveCount(1);
  await expect(items).toContainText('staging-westeu');

  // a refused rename says why and keeps the dialog open
  await createDraft(page, 'prod');
  await page.getByRole('button', { name: 'Rename draft' }).click();
  await page.getByTestId('prompt-name').fill('staging-westeu');
  await page.getByRole('button', { name: 'Rename', exact: true }).click();
  const renameDialog = page.getByRole('dialog', { name: 'Rename draft' });
  await expect(renameDialog.getByRole('alert')).toContainText('Another draft is already called "staging-westeu"');
  await expect(renameDialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('draft-title')).toHaveText('prod');
});

test('paste a rule set as a new draft, and see what the import said', async ({ page, app }) => {
  void app;
  await page.getByRole('button', { name: 'Paste…' }).first().click();
  await page.getByTestId('paste-name').fill('from-git');
  await page.getByTestId('paste-text').fill(RULE_SET_YAML);
  await page.getByRole('button', { name: 'Import as draft' }).click();
  await expect(page.getByTestId('draft-title')).toHaveText('from-git');
  await expect(page.getByTestId('rule-row')).toHaveCount(2);
  await expect(page.getByTestId('notice')).toContainText('Imported "from-git" with 2 rules');
  // the classic library remap is a warning in the table, not a refusal
  await expect(page.getByTestId('draft-totals')).toContainText('1');
  await page.getByTestId('rules-show').selectOption('warnings');
  await expect(page.getByTestId('rule-row')).toHaveCount(1);
  await expect(page.getByTestId('rule-row')).toContainText('hub-library');

  // unreadable text is refused with the reader's words
  await page.getByRole('button', { name: 'Back to all drafts' }).click();
  await page.getByRole('button', { name: 'Paste…' }).first().click();
  await page.getByTestId('paste-text').fill('rules:\n  - name: x\n    target: 42\n');
  await page.getByRole('button', { name: 'Import as draft' }).click();
  const pasteDialog = page.getByRole('dialog', { name: 'Paste a rule set' });
  await expect(pasteDialog.getByRole('alert')).toContainText('could not be imported');
  await expect(pasteDialog).toBeVisible();
});

base('import a file and export YAML and JSON through the (injected) OS dialogs', async ({ page }) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'acs-e2e-io-'));
  const source = join(dataDir, 'contoso-rules.yaml');
  await writeFile(source, RULE_SET_YAML);
  const saved: { name: string; format: RuleSetFormat }[] = [];
  let nextOpen: string | null = source;
  const app = await openApp(page, {
    dataDir,
    services: {
      dialogs: {
        openRuleSetFile: async () => nextOpen,
        saveRuleSetFile: async (suggestedName, format) => {
          saved.push({ name: suggestedName, format });
          return join(dataDir, `exported.${format}`);
        },
        saveExportFile: async () => null,
      },
    },
  });
  try {
    // cancelling the dialog does nothing
    nextOpen = null;
    await page.getByRole('button', { name: 'Import file…' }).first().click();
    await expect(page.getByTestId('drafts-empty')).toBeVisible();
    nextOpen = source;
    await page.getByRole('button', { name: 'Import file…' }).first().click();
    await expect(page.getByTestId('draft-title')).toHaveText('contoso-rules');
    await expect(page.getByTestId('rule-row')).toHaveCount(2);

    await page.getByRole('button', { name: 'Export YAML' }).click();
    await expect(page.getByTestId('notice').last()).toContainText(`Exported to ${join(dataDir, 'exported.yaml')}`);
    const yaml = parse(await readFile(join(dataDir, 'exported.yaml'), 'utf8')) as { rules: { name: string }[] };
    expect(yaml.rules.map((r) => r.name)).toEqual(['hub-library', 'mcr-all']);
    await page.getByRole('button', { name: 'JSON', exact: true }).click();
    await expect(page.getByTestId('notice').last()).toContainText('exported.json');
    const json = JSON.parse(await readFile(join(dataDir, 'exported.json'), 'utf8')) as { credentialSets: { name: string }[] };
    expect(json.credentialSets.map((c) => c.name)).toEqual(['dockerhub']);
    expect(saved).toEqual([
      { name: 'contoso-rules.yaml', format: 'yaml' },
      { name: 'contoso-rules.json', format: 'json' },
    ]);
    expect(await cspViolations(page)).toEqual([]);
  } finally {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});

base('a corrupt drafts file is moved aside, kept, and reported with its new path; the app still works', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const dataDir = await mkdtemp(join(tmpdir(), 'acs-e2e-corrupt-'));
  await writeFile(join(dataDir, 'drafts.json'), '{"version":1,"drafts":[{"id": tru');
  const app = await openApp(page, { dataDir });
  try {
    const notice = page.getByTestId('store-recovered');
    await expect(notice).toContainText('The drafts file could not be read');
    await expect(notice).toContainText('not valid JSON');
    const movedTo = (await page.getByTestId('store-recovered-path').textContent()) ?? '';
    expect(movedTo.startsWith(join(dataDir, 'drafts.unreadable-'))).toBe(true);
    // the garbage is kept byte for byte where the notice says
    expect(await readFile(movedTo, 'utf8')).toBe('{"version":1,"drafts":[{"id": tru');
    expect((await readdir(dataDir)).sort()).toContain('drafts.json');
    await expect(page.getByTestId('drafts-empty')).toBeVisible();

    // and the app works: a new draft is saved to a fresh file
    await createDraft(page, 'after-recovery');
    await page.getByRole('button', { name: 'Back to all drafts' }).click();
    await expect(page.getByTestId('draft-item')).toContainText('after-recovery');
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await expect(notice).toBeHidden();
    expect(await cspViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});
