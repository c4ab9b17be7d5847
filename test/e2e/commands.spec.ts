// The one keyboard map at work: the shortcut help sheet, the command palette, the application
// menu's command event, Ctrl+F, shortcuts switched off under a modal, and focus going back to
// the control that opened each dialog.
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { createDraft, seedDraft } from './drafts-helpers.ts';
import { screenshotPath } from './screenshot-path.ts';

/** Screenshots at the four window sizes, light and dark; the page ends at 1280×800, light. */
async function shootEverySize(page: Page, name: string): Promise<void> {
  await page.mouse.move(5, 5);
  for (const [width, height] of [[900, 560], [1024, 700], [1280, 800], [1440, 900]] as const) {
    await page.setViewportSize({ width, height });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: screenshotPath(`${name}-${width}-${scheme}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 800 });
}

const currentView = (page: Page) => page.getByRole('navigation', { name: 'Main' }).locator('[aria-current=page]');

test('? and F1 open the shortcut help: grouped by where keys apply, this platform’s keys, searchable; focus goes back on close', async ({ page, app }) => {
  void app;
  await seedDraft(page);
  const grid = page.getByTestId('rules-grid');
  await grid.focus();
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(page.getByTestId('shortcuts-search')).toBeFocused();
  for (const group of ['Anywhere', 'In a draft', 'In the rules table', 'In a rule or credential-set form', 'On the overlap map']) {
    await expect(help.getByRole('heading', { level: 3, name: group, exact: true })).toBeVisible();
  }
  // Linux: Ctrl, and every chord of a command (redo has two)
  await expect(help.locator('[data-command="edit.redo"]')).toContainText('Ctrl+Shift+Z');
  await expect(help.locator('[data-command="edit.redo"]')).toContainText('Ctrl+Y');
  await expect(help.locator('[data-command="palette.open"]')).toContainText('Ctrl+K');
  await expect(help.locator('[data-command="map.zoom-in"]')).toContainText('+');
  await expect(help).not.toContainText('⌘');

  await shootEverySize(page, 'shortcut-help');

  // by what it does…
  await page.getByTestId('shortcuts-search').fill('zoom');
  const rows = help.getByTestId('shortcut-row');
  await expect(rows).toHaveCount(4);
  for (const row of await rows.all()) await expect(row).toContainText(/zoom/i);
  await expect(help.getByRole('heading', { name: 'Anywhere' })).toHaveCount(0);
  // …or by the key
  await page.getByTestId('shortcuts-search').fill('ctrl+k');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Command palette');
  await page.getByTestId('shortcuts-search').fill('nothing like this');
  await expect(page.getByTestId('shortcuts-none')).toBeVisible();

  // Escape in the search field clears it first (the browser's search field), then closes
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcuts-search')).toHaveValue('');
  await expect(help).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await expect(grid).toBeFocused();

  // F1 too, from a button; Close gives focus back to that button
  const undo = page.getByTestId('undo');
  await undo.focus();
  await page.keyboard.press('F1');
  await expect(help).toBeVisible();
  await help.getByRole('button', { name: 'Close' }).click();
  await expect(help).toBeHidden();
  await expect(undo).toBeFocused();
});

test('Ctrl+K: a combobox over every command that applies here, fuzzy by name, with its shortcut; Enter runs it, Escape closes', async ({ page, app }) => {
  void app;
  await seedDraft(page);
  const grid = page.getByTestId('rules-grid');
  await grid.focus();
  await page.keyboard.press('Control+k');
  const palette = page.getByTestId('command-palette');
  await expect(palette).toBeVisible();
  const input = page.getByRole('combobox', { name: 'Run a command' });
  await expect(input).toBeFocused();
  await expect(input).toHaveAttribute('aria-expanded', 'true');
  await expect(input).toHaveAttribute('aria-autocomplete', 'list');
  const listbox = page.getByRole('listbox', { name: 'Commands' });
  await expect(input).toHaveAttribute('aria-controls', (await listbox.getAttribute('id')) ?? 'missing');

  // every command that can run with focus on the rules table of a draft (form commands need
  // focus in a form)
  const options = page.getByTestId('palette-option');
  expect(await options.evaluateAll((els) => els.map((e) => e.getAttribute('data-command')))).toEqual([
    'go.drafts',
    'go.registries',
    'go.about',
    'go.settings',
    'help.shortcuts',
    'find',
    'view.toggle-sidebar',
    'view.toggle-inspector',
    'view.rules-table',
    'view.overlap-map',
    'view.rule-inspector',
    'view.credential-sets',
    'view.pull-tester',
    'edit.undo',
    'edit.redo',
    'rule.new',
    'rule.edit',
    'rule.delete',
    'draft.new',
    'draft.back',
    'draft.rename',
    'draft.plan',
    'draft.compare',
    'draft.export-code',
    'draft.export-yaml',
    'draft.export-json',
    'draft.import',
    'draft.paste',
    'draft.open-recent',
  ]);

  // the active option is announced through aria-activedescendant and moves with the arrows
  const first = await options.nth(0).getAttribute('id');
  await expect(input).toHaveAttribute('aria-activedescendant', first ?? 'missing');
  await page.keyboard.press('ArrowDown');
  await expect(input).toHaveAttribute('aria-activedescendant', (await options.nth(1).getAttribute('id')) ?? 'missing');
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(options.last()).toHaveAttribute('aria-selected', 'true');

  // shortcuts are shown the platform's way
  await input.fill('undo');
  await expect(options.first()).toHaveAttribute('data-command', 'edit.undo');
  await expect(options.first()).toContainText('Ctrl+Z');

  // the whole list, then a fuzzy query with its matched letters marked
  await input.fill('');
  await shootEverySize(page, 'command-palette');
  await input.fill('shw');
  await shootEverySize(page, 'command-palette-search');

  // scattered letters find the command; Enter runs it where focus was
  await input.fill('ovmap');
  await expect(options.first()).toHaveAttribute('data-command', 'view.overlap-map');
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  await expect(page.getByRole('tab', { name: /Overlap map/ })).toHaveAttribute('aria-selected', 'true');

  // a command that opens a dialog: the dialog gives focus back to where the palette was opened
  const mapTab = page.getByRole('tab', { name: /Overlap map/ });
  await expect(mapTab).toBeFocused();
  await page.keyboard.press('Control+k');
  await input.fill('rename');
  await options.first().click();
  const rename = page.getByRole('dialog', { name: 'Rename draft' });
  await expect(rename).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(rename).toBeHidden();
  await expect(mapTab).toBeFocused();

  // nothing found says so; Escape closes and focus is back
  await page.keyboard.press('Control+k');
  await input.fill('qqqq');
  await expect(page.getByTestId('palette-empty')).toContainText('No command matches “qqqq”');
  await page.keyboard.press('Escape');
  await expect(palette).toBeHidden();
  await expect(mapTab).toBeFocused();

  // "New draft…" from inside a draft: back to the list with the dialog open
  await page.keyboard.press('Control+k');
  await input.fill('new draft');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'New draft' })).toBeVisible();
  await expect(page.getByTestId('prompt-name')).toBeFocused();
});

test('shortcuts do nothing under a modal: Ctrl+1/2/3 and Ctrl+K leave the New draft dialog and its typed name alone', async ({ page, app }) => {
  void app;
  await page.getByRole('button', { name: 'New draft' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New draft' });
  await page.getByTestId('prompt-name').fill('half-typed');
  for (const chord of ['Control+1', 'Control+2', 'Control+3', 'Control+k', 'F1']) {
    await page.keyboard.press(chord);
    await expect(dialog).toBeVisible();
    await expect(page.getByTestId('prompt-name')).toHaveValue('half-typed');
    await expect(currentView(page)).toHaveText(/Drafts/);
  }
  await expect(page.getByTestId('command-palette')).toHaveCount(0);
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveCount(0);
  // and without the dialog the same key does switch
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+3');
  await expect(currentView(page)).toHaveText(/About/);
});

test('Ctrl+F focuses the filter of the rules table, or the map search when the map is shown', async ({ page, app }) => {
  void app;
  await seedDraft(page);
  await page.getByTestId('rules-grid').focus();
  await page.keyboard.press('Control+f');
  await expect(page.getByTestId('rules-filter')).toBeFocused();
  await page.getByRole('tab', { name: /Overlap map/ }).click();
  await page.keyboard.press('Control+f');
  await expect(page.getByTestId('map-search')).toBeFocused();
  // from inside another text field too
  await page.getByTestId('draft-registry').focus();
  await page.keyboard.press('Control+f');
  await expect(page.getByTestId('map-search')).toBeFocused();
});

test('the map’s letter keys come from the keymap too: c, +, /, and Enter in the map search', async ({ page, app }) => {
  void app;
  // wide enough that the map's toolbar shows Conflicts only itself (narrower, it is in More)
  await page.setViewportSize({ width: 2560, height: 1000 });
  await seedDraft(page);
  await page.getByRole('tab', { name: /Overlap map/ }).click();
  const root = page.locator('[data-testid=map-node][data-path=""]');
  await root.focus();
  await page.keyboard.press('c');
  await expect(page.getByTestId('map-conflicts-only')).toBeChecked();
  await page.keyboard.press('c');
  await expect(page.getByTestId('map-conflicts-only')).not.toBeChecked();
  const zoom = page.locator('.zoom');
  const before = await zoom.textContent();
  await page.keyboard.press('+');
  await expect(zoom).not.toHaveText(before ?? '');
  await page.keyboard.press('/');
  const search = page.getByTestId('map-search');
  await expect(search).toBeFocused();
  // typing a map key into the search is typing, not a command
  await search.pressSequentially('c');
  await expect(search).toHaveValue('c');
  await expect(page.getByTestId('map-conflicts-only')).not.toBeChecked();
  await search.fill('dotnet');
  await expect(page.getByTestId('map-matches')).toHaveText(/^1 \/ [2-9]/);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('map-matches')).toHaveText(/^2 \/ [2-9]/);
  await page.keyboard.press('Shift+Enter');
  await expect(page.getByTestId('map-matches')).toHaveText(/^1 \/ [2-9]/);
});

test('the application menu’s command event runs the command; a malformed one is dropped; none runs under a modal', async ({ page, app }) => {
  await expect(page.getByRole('heading', { name: 'Drafts', level: 1 })).toBeVisible();
  const emit = async (payload: unknown) => {
    app.services.events.emit('app.onMenuCommand', payload);
    // the harness delivers events with page.evaluate, in order: one more evaluation has waited for it
    await page.evaluate(() => 0);
  };
  await emit({ command: 'help.shortcuts' });
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  // under a modal the menu does nothing either
  await emit({ command: 'go.about' });
  await expect(currentView(page)).toHaveText(/Drafts/);
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  // not a command id, extra fields, no payload: dropped; the valid event after them still runs
  await emit({ command: 'app.quit' });
  await emit({ command: 'go.about', extra: true });
  await emit(null);
  await expect(currentView(page)).toHaveText(/Drafts/);
  await emit({ command: 'go.registries' });
  await expect(currentView(page)).toHaveText(/Registries/);
  await expect(help).toBeHidden();
});

test('a rule’s Delete confirmation gives focus back to the Delete button that asked, or to the table after deleting', async ({ page, app }) => {
  void app;
  await seedDraft(page);
  await page.getByTestId('rule-row').filter({ hasText: 'quay-all' }).click();
  const remove = page.getByTestId('rule-details').getByRole('button', { name: 'Delete' });
  await remove.click();
  const confirm = page.getByRole('dialog', { name: 'Delete rule?' });
  await page.keyboard.press('Escape');
  await expect(confirm).toBeHidden();
  await expect(remove).toBeFocused();
  await remove.click();
  await confirm.getByRole('button', { name: 'Delete rule' }).click();
  await expect(page.getByTestId('rule-row')).toHaveCount(4);
  await expect(page.getByTestId('rules-grid')).toBeFocused();
});

test('focus returns to the control that opened each dialog, by Escape too', async ({ page, app }) => {
  void app;
  // New draft, dismissed with Escape
  const newDraft = page.getByRole('button', { name: 'New draft' }).first();
  await newDraft.click();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'New draft' })).toBeHidden();
  await expect(newDraft).toBeFocused();

  // after creating a draft the button is gone: focus lands on the new draft's title
  await createDraft(page, 'contoso-prod');
  await expect(page.getByTestId('draft-title')).toBeFocused();

  // Rename in the workspace, by Escape and by Cancel
  const pencil = page.getByRole('button', { name: 'Rename draft' });
  await pencil.click();
  await page.keyboard.press('Escape');
  await expect(pencil).toBeFocused();
  await pencil.click();
  await page.getByRole('dialog', { name: 'Rename draft' }).getByRole('button', { name: 'Cancel' }).click();
  await expect(pencil).toBeFocused();

  // Export as code, from the "⋯" menu (whose item is gone once chosen): back to the menu button
  const more = page.getByTestId('sync-more');
  await more.click();
  await page.getByTestId('open-export').click();
  const exportDialog = page.getByRole('dialog', { name: /Export contoso-prod as code/ });
  await expect(exportDialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(exportDialog).toBeHidden();
  await expect(more).toBeFocused();

  // the plan sheet, closed with Escape: back to Plan & apply
  await page.getByTestId('open-plan').click();
  await expect(page.getByTestId('sync-sheet')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('sync-sheet')).toBeHidden();
  await expect(page.getByTestId('open-plan')).toBeFocused();

  // saving a credential set: back to "+ New set", and to the set's Edit button after an edit
  await page.getByRole('tab', { name: /Credential sets/ }).click();
  await page.getByRole('button', { name: '+ New set' }).click();
  await page.getByTestId('cred-name').fill('dockerhub');
  await page.getByTestId('cred-login-server').selectOption('docker.io');
  await page.getByTestId('cred-username').fill('https://contosokv.vault.azure.net/secrets/hub-user');
  await page.getByTestId('cred-password').fill('https://contosokv.vault.azure.net/secrets/hub-token');
  await page.getByTestId('cred-save').click();
  await expect(page.getByTestId('credential-form')).toBeHidden();
  await expect(page.getByRole('button', { name: '+ New set' })).toBeFocused();
  const edit = page.getByRole('button', { name: 'Edit credential set dockerhub', exact: true });
  await edit.click();
  await page.getByTestId('cred-password').fill('https://contosokv.vault.azure.net/secrets/hub-token2');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('credential-form')).toBeHidden();
  await expect(edit).toBeFocused();

  // "← Drafts": focus on the draft's own row in the list
  await page.getByRole('button', { name: 'Back to all drafts' }).click();
  const row = page.getByRole('button', { name: 'Open draft contoso-prod' });
  await expect(row).toBeFocused();

  // Rename and Delete in the list, dismissed with Escape; Rename done: the row's button again
  const renameInList = page.getByRole('button', { name: 'Rename contoso-prod' });
  await renameInList.click();
  await page.keyboard.press('Escape');
  await expect(renameInList).toBeFocused();
  await renameInList.click();
  await page.getByTestId('prompt-name').fill('contoso-main');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Rename draft' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Rename contoso-main' })).toBeFocused();
  const remove = page.getByRole('button', { name: 'Delete contoso-main' });
  await remove.click();
  await expect(page.getByRole('dialog', { name: 'Delete draft?' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(remove).toBeFocused();
  // deleting it: the row is gone, focus goes to the list's heading rather than <body>
  await remove.click();
  await page.getByRole('dialog', { name: 'Delete draft?' }).getByRole('button', { name: 'Delete draft' }).click();
  await expect(page.getByRole('heading', { name: 'Drafts', level: 1 })).toBeFocused();
});

test('Ctrl+B shows and hides the sidebar, Ctrl+Shift+B the inspector', async ({ page, app }) => {
  void app;
  await page.setViewportSize({ width: 1280, height: 800 });
  await seedDraft(page);
  const sidebar = page.getByTestId('sidebar-toggle');
  await expect(sidebar).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('Control+b');
  await expect(sidebar).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('Control+b');
  await expect(sidebar).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByTestId('inspector-toggle')).toHaveAttribute('aria-label', 'Hide the inspector');
  await page.keyboard.press('Control+Shift+B');
  await expect(page.getByTestId('inspector-toggle')).toHaveAttribute('aria-label', 'Show the inspector');
  await page.keyboard.press('Control+Shift+B');
  await expect(page.getByTestId('inspector-toggle')).toHaveAttribute('aria-label', 'Hide the inspector');
});
