// Windows high contrast (forced colours): the system replaces backgrounds and shadows, so the
// selected rule row (a tinted background and an inset bar in normal colours) must carry a
// visible outline, and the active view in the sidebar must keep the Highlight colour.
import { test, expect } from './fixtures.ts';

test('with forced colours the selected rule row and the current view stay distinguishable', async ({ page, app }) => {
  const call = async (channel: string, ...args: unknown[]) => {
    const result = await app.services.router.invoke(channel, args);
    if (!result.ok) throw new Error(result.error.message);
    return result.value as { draft: { id: string } };
  };
  const { draft } = await call('drafts.create', { name: 'contrast', registry: 'contoso.azurecr.io' });
  await call('drafts.saveRule', draft.id, { name: 'quay-all', source: 'quay.io/*', target: 'quay/*' }, null);
  await call('drafts.saveRule', draft.id, { name: 'dotnet-mcr', source: 'mcr.microsoft.com/dotnet/*', target: 'library/dotnet/*' }, null);
  await page.reload();
  await page.emulateMedia({ forcedColors: 'active' });
  await page.getByRole('button', { name: 'Open draft contrast' }).click();
  await page.getByTestId('rule-row').filter({ hasText: 'quay-all' }).click();

  const outline = (testId: string, text: string) =>
    page.getByTestId(testId).filter({ hasText: text }).evaluate((row) => getComputedStyle(row).outlineStyle);
  expect(await outline('rule-row', 'quay-all')).toBe('solid');
  expect(await outline('rule-row', 'dotnet-mcr')).toBe('none');

  const current = page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Drafts/ });
  const other = page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^About/ });
  const background = (button: typeof current) => button.evaluate((b) => getComputedStyle(b).backgroundColor);
  expect(await background(current)).not.toBe(await background(other));
});
