// Everything by keyboard: the rules grid (arrows, Enter, Delete, N), undo/redo shortcuts with
// their labels, sorting and filtering, and the map's tree navigation with its tooltip on focus.
import { test, expect } from './fixtures.ts';
import { seedDraft } from './drafts-helpers.ts';

test('the rules grid: arrows select, Enter edits, Delete asks, N adds, Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y undo and redo', async ({ page, app }) => {
  void app;
  await seedDraft(page);
  const grid = page.getByTestId('rules-grid');
  const selected = page.locator('[data-testid=rule-row][aria-selected=true]');
  await grid.focus();
  await page.keyboard.press('Home');
  await expect(selected).toContainText('dotnet-mcr');
  await page.keyboard.press('ArrowDown');
  await expect(selected).toContainText('python-hub');
  await page.keyboard.press('End');
  await expect(selected).toContainText('dotnet-sdk-pin');
  await page.keyboard.press('ArrowUp');
  await expect(selected).toContainText('quay-all');
  await expect(grid).toHaveAttribute('aria-activedescendant', 'rule-row-3');

  // Enter edits the selected rule; Ctrl+Enter saves; focus comes back to the grid
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('rule-name')).toBeFocused();
  await expect(page.getByTestId('rule-target')).toHaveValue('quay/*');
  await page.getByTestId('rule-target').fill('mirror/quay/*');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('rule-editor')).toBeHidden();
  await expect(grid).toBeFocused();
  await expect(selected).toContainText('mirror/quay/*');
  await expect(page.getByTestId('undo')).toHaveAttribute('title', /^Undo: Edit rule quay-all \((Ctrl\+|⌘)Z\)$/);

  // Ctrl+Z inside a text field is the field's own undo, not the draft's
  await page.keyboard.press('Enter');
  await page.getByTestId('rule-name').press('Control+z');
  await expect(page.getByTestId('rule-editor')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('rule-editor')).toBeHidden();

  // Delete asks; Escape keeps the rule
  await grid.focus();
  await page.keyboard.press('Delete');
  const confirm = page.getByRole('dialog', { name: 'Delete rule?' });
  await expect(confirm).toContainText('Rule "quay-all" (mirror/quay/* → quay.io/*) will be removed');
  await page.keyboard.press('Escape');
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId('rule-row')).toHaveCount(5);
  await expect(grid).toBeFocused();
  // …confirming deletes it
  await page.keyboard.press('Delete');
  await confirm.getByRole('button', { name: 'Delete rule' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('rule-row')).toHaveCount(4);
  await expect(page.getByTestId('undo')).toHaveAttribute('aria-label', 'Undo Delete rule quay-all');

  await grid.focus();
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('rule-row')).toHaveCount(5);
  await expect(page.getByTestId('redo')).toHaveAttribute('aria-label', 'Redo Delete rule quay-all');
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('rule-row')).toHaveCount(4);
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('rule-row')).toHaveCount(5);
  await page.keyboard.press('Control+y');
  await expect(page.getByTestId('rule-row')).toHaveCount(4);
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('rule-row')).toHaveCount(5);

  // N adds a rule from anywhere outside a text field
  await page.keyboard.press('n');
  await expect(page.getByTestId('rule-editor')).toContainText('New rule');
  await expect(page.getByTestId('rule-name')).toBeFocused();
  await page.keyboard.press('Escape');
});

test('sorting and filtering the table; the quota meter', async ({ page, app }) => {
  void app;
  await seedDraft(page);
  await page.getByRole('columnheader', { name: /Name/ }).getByRole('button').click();
  await expect(page.getByRole('columnheader', { name: /Name/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect(page.getByTestId('rule-row').first()).toContainText('dotnet-mcr');
  await expect(page.getByTestId('rule-row').last()).toContainText('quay-all');
  await page.getByRole('columnheader', { name: /Name/ }).getByRole('button').click();
  await expect(page.getByTestId('rule-row').first()).toContainText('quay-all');

  await page.getByTestId('rules-filter').fill('mcr');
  await expect(page.getByTestId('rule-row')).toHaveCount(2);
  await page.getByTestId('rules-filter').fill('nothing-like-this');
  await expect(page.getByText('No rule matches')).toBeVisible();
  await page.getByRole('button', { name: 'Clear filter' }).click();
  await expect(page.getByTestId('rule-row')).toHaveCount(5);

  const meter = page.getByTestId('quota-meter');
  await expect(meter).toHaveAttribute('role', 'meter');
  await expect(meter).toHaveAttribute('aria-valuenow', '5');
  await expect(meter).toHaveAttribute('aria-valuemax', '1000');
});

test('the map by keyboard: tab into the tree, arrows move, the tooltip follows focus, Enter selects', async ({ page, app }) => {
  void app;
  await seedDraft(page);
  await page.getByRole('tab', { name: /^Rules/ }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: /Overlap map/ })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tab', { name: /Overlap map/ })).toBeFocused();

  const root = page.locator('[data-testid=map-node][data-path=""]');
  await root.focus();
  await expect(page.getByTestId('map-tooltip')).toContainText('contoso.azurecr.io (root)');
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('[data-testid=map-node][data-path="hello-world"]')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  const library = page.locator('[data-testid=map-node][data-path="library"]');
  await expect(library).toBeFocused();
  await page.keyboard.press('ArrowRight');
  const dotnet = page.locator('[data-testid=map-node][data-path="library/dotnet"]');
  await expect(dotnet).toBeFocused();
  await expect(page.getByTestId('map-tooltip')).toContainText('dotnet-mcr');
  await expect(page.getByTestId('map-tooltip')).toContainText("dotnet-sdk-pin sits under dotnet-mcr: 'library/dotnet/*' covers 'library/dotnet/sdk'");
  await expect(dotnet).toHaveAttribute('aria-describedby', 'map-tooltip');
  await page.keyboard.press('Enter');
  await expect(dotnet).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('rule-details')).toContainText('dotnet-mcr');

  // fold and unfold from the keyboard
  await page.keyboard.press('ArrowLeft');
  await expect(dotnet).toHaveAttribute('aria-expanded', 'false');
  await expect(page.locator('[data-testid=map-node][data-path="library/dotnet/sdk"]')).toHaveCount(0);
  await page.keyboard.press('ArrowRight');
  await expect(dotnet).toHaveAttribute('aria-expanded', 'true');

  // zoom by buttons, search by name
  const zoomLabel = page.locator('.zoom');
  const before = await zoomLabel.textContent();
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await expect(zoomLabel).not.toHaveText(before ?? '');
  // the wheel zooms around the pointer
  const afterButton = Number((await zoomLabel.textContent())?.replace('%', ''));
  await page.getByTestId('map-svg').hover();
  await page.mouse.wheel(0, 400);
  await expect.poll(async () => Number((await zoomLabel.textContent())?.replace('%', ''))).toBeLessThan(afterButton);
  await page.getByTestId('map-search').fill('hello');
  await expect(page.locator('[data-testid=map-node].match')).toHaveCount(1);
  await expect(page.getByText('1 / 1')).toBeVisible();
});
