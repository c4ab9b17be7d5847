// Dropping files on the window imports each rule set as a draft (issue 15.4), from any view:
// the app's YAML and `az acr cache list -o json` output; anything else is named and refused.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, expect } from './fixtures.ts';
import { screenshotPath } from './screenshot-path.ts';

const examples = join(import.meta.dirname, '../../examples');

test('dropping rule-set files on the window imports each as a draft; other files are named and refused', async ({ page, app }) => {
  void app;
  const files = [
    { name: 'rules.yaml', text: await readFile(join(examples, 'rules.yaml'), 'utf8') },
    { name: 'live.json', text: await readFile(join(examples, 'live.json'), 'utf8') },
    { name: 'notes.txt', text: 'not a rule set' },
  ];
  await page.getByRole('button', { name: /Registries/ }).first().click();
  const transfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([f.text], f.name));
    return dt;
  }, files);

  await page.dispatchEvent('main', 'dragenter', { dataTransfer: transfer });
  await expect(page.getByTestId('drop-target')).toContainText('Drop to import');
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.screenshot({ path: screenshotPath('drop-import-1024-light.png') });
  await page.dispatchEvent('main', 'drop', { dataTransfer: transfer });
  await expect(page.getByTestId('drop-target')).toBeHidden();

  // the window switched to the drafts and imported both rule sets, in order (the last one is open)
  await expect(page.getByTestId('draft-title')).toHaveText('live');
  await expect(page.getByTestId('rule-row')).toHaveCount(5);
  // the window's title names the open draft (the OS taskbar shows it), and only while it is open
  await expect(page).toHaveTitle('live — ACR Cache Studio');
  await expect(page.getByTestId('notice').filter({ hasText: "'notes.txt' is not a rule set" })).toBeVisible();
  await page.getByRole('button', { name: 'Back to all drafts' }).click();
  await expect(page.getByTestId('draft-item')).toHaveCount(2);
  await expect(page).toHaveTitle('ACR Cache Studio');
  await expect(page.getByTestId('draft-item').filter({ hasText: 'contoso.azurecr.io' })).toContainText('rules contoso.azurecr.io · 6 rules');
});

test('a drag without files (text from another app) does not show the drop target', async ({ page, app }) => {
  void app;
  const transfer = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.setData('text/plain', 'docker.io/library/nginx');
    return dt;
  });
  await page.dispatchEvent('main', 'dragenter', { dataTransfer: transfer });
  await expect(page.getByTestId('drop-target')).toHaveCount(0);
});
