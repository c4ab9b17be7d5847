// Issue 11 where the user types: the rule editor's one-click fixes, credential-set preselection and
// quiet blank form (11.3, 11.8), and a draft's registry login server checked (11.4): the real
// renderer in Chromium against the real main-process draft service.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { addCredentialSet, createDraft } from './drafts-helpers.ts';
import { expect, test } from './fixtures.ts';
import { screenshotPath } from './screenshot-path.ts';

async function openNewRule(page: Page): Promise<void> {
  await page.getByRole('tab', { name: /^Rules/ }).click();
  await page.getByTestId('rules-grid').focus();
  await page.keyboard.press('n');
  await expect(page.getByTestId('rule-editor')).toBeVisible();
}

test('a blank new rule shows no errors until a try to save; then every one shows and nothing is saved', async ({ page, app }) => {
  await createDraft(page, 'quiet form');
  await openNewRule(page);
  for (const id of ['rule-name-problems', 'rule-source-problems', 'rule-target-problems', 'rule-credential-set-problems']) {
    await expect(page.locator(`#${id}`)).toHaveAttribute('data-severity', 'none');
  }
  for (const id of ['rule-name', 'rule-source', 'rule-target']) await expect(page.getByTestId(id)).toHaveAttribute('aria-invalid', 'false');
  await expect(page.getByTestId('save-note')).toHaveText('Give the rule a name, a source, and a target to add it.');
  await expect(page.locator('.save-note.error')).toHaveCount(0);
  await page.screenshot({ path: screenshotPath('rule-editor-blank.png') });

  // Ctrl+Enter (the keymap's form.save) is a try: the errors show, the editor stays open
  await page.getByTestId('rule-name').press('Control+Enter');
  await expect(page.locator('#rule-target-problems')).toHaveAttribute('data-severity', 'error');
  await expect(page.locator('#rule-name-problems')).toContainText('is 0 characters long');
  await expect(page.getByTestId('save-note')).toContainText('Saving is off until the 3 errors are fixed');
  await expect(page.getByTestId('rule-save')).toBeDisabled();
  await expect(page.getByTestId('rule-editor')).toBeVisible();
  const file = JSON.parse(await readFile(join(app.dataDir, 'drafts.json'), 'utf8')) as { drafts: { ruleSet: { rules: unknown[] } }[] };
  expect(file.drafts[0]?.ruleSet.rules).toEqual([]);
});

test("a fix is one click at its field; the draft's only Docker Hub set is preselected", async ({ page, app }) => {
  void app;
  await createDraft(page, 'fixes');
  await addCredentialSet(page, 'dockerhub', 'docker.io');
  await openNewRule(page);
  // Docker Hub is the default upstream and needs a set: the draft's only one is chosen, and an
  // untouched form with it is still "no changes"
  await expect(page.getByTestId('rule-credential-set')).toHaveValue('dockerhub');
  await page.getByTestId('rule-upstream').selectOption('mcr.microsoft.com');
  await expect(page.getByTestId('rule-credential-set')).toHaveValue('');
  await page.getByTestId('rule-upstream').selectOption('docker.io');
  await expect(page.getByTestId('rule-credential-set')).toHaveValue('dockerhub');

  await page.getByTestId('rule-name').fill('python-hub');
  await page.getByTestId('rule-source').fill('Library/Python:3.12');
  await page.getByTestId('rule-target').fill('hub/python');
  const source = page.locator('#rule-source-problems');
  await expect(source).toContainText("write 'docker.io/library/python'");
  const apply = page.getByTestId('rule-source-problems-apply');
  await expect(apply).toBeVisible();
  await expect(page.getByTestId('rule-save')).toBeDisabled();
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [width, height] of [[900, 560], [1024, 700], [1280, 800], [1440, 900]] as const) {
      await page.setViewportSize({ width, height });
      await apply.scrollIntoViewIfNeeded();
      await expect(apply).toBeInViewport();
      await page.screenshot({ path: screenshotPath(`rule-editor-apply-${width}-${scheme}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 800 });

  await apply.click();
  await expect(page.getByTestId('rule-source')).toHaveValue('library/python');
  await expect(source).toHaveAttribute('data-severity', 'none');
  await expect(page.getByTestId('rule-save')).toBeEnabled();

  // a URL pasted into the path: Apply drops the scheme and moves the host into the upstream
  await page.getByTestId('rule-source').fill('https://ghcr.io/org/app');
  await expect(source).toContainText('drop the scheme');
  await page.getByTestId('rule-source-problems-apply').click();
  await expect(page.getByTestId('rule-upstream')).toHaveValue('ghcr.io');
  await expect(page.getByTestId('rule-source')).toHaveValue('org/app');
  // GHCR takes a set but needs none: the form's own pick is cleared with the upstream change
  await expect(page.getByTestId('rule-credential-set')).toHaveValue('');
  await page.getByTestId('rule-save').click();
  await expect(page.getByTestId('rule-editor')).toBeHidden();
  await expect(page.getByTestId('rule-row')).toHaveCount(1);
  await expect(page.getByTestId('rule-row').first()).toContainText('ghcr.io/org/app');
});

test('a mistyped registry login server is refused with its fix, in the New draft dialog and the draft bar', async ({ page, app }) => {
  await page.getByRole('button', { name: 'New draft' }).first().click();
  await page.getByTestId('prompt-name').fill('gov rules');
  await page.getByTestId('prompt-registry').fill('contoso.azurecr');
  await page.getByRole('button', { name: 'Create draft' }).click();
  await expect(page.getByRole('dialog').getByRole('alert')).toContainText("'contoso.azurecr' is not a registry login server");
  await expect(page.getByRole('dialog').getByRole('alert')).toContainText("write 'contoso.azurecr.io'");
  // a sovereign cloud's login server is one
  await page.getByTestId('prompt-registry').fill('Contoso.azurecr.us');
  await page.getByRole('button', { name: 'Create draft' }).click();
  await expect(page.getByTestId('draft-title')).toHaveText('gov rules');
  await expect(page.getByTestId('draft-registry')).toHaveValue('contoso.azurecr.us');

  await page.getByTestId('draft-registry').fill('https://contoso.azurecr.cn');
  await page.getByTestId('draft-registry').blur();
  await expect(page.getByTestId('notice').filter({ hasText: 'drop the scheme' })).toContainText("write 'contoso.azurecr.cn'");
  const file = JSON.parse(await readFile(join(app.dataDir, 'drafts.json'), 'utf8')) as { drafts: { ruleSet: { registry?: string } }[] };
  expect(file.drafts[0]?.ruleSet.registry).toBe('contoso.azurecr.us');
});
