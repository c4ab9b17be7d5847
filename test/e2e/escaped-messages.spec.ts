// Messages that quote rule fields show control characters and bidi marks escaped in the app, as
// the CLI prints them (issue 11.6): a pasted rule whose name holds U+202E (right-to-left override)
// and a newline. The rule's details list its problems with `\u202e` and `\n` written out, and the
// table's status tooltip says the same; neither holds the characters themselves.
import { test, expect } from './fixtures.ts';

// JSON escapes, so the pasted text itself is plain ASCII and the reader decodes them
const PASTED = JSON.stringify({ rules: [{ name: 'hub\u202Eevil\nx', source: 'docker.io/library/nginx', target: 'nginx' }] });

test('a rule name with a bidi override and a newline is shown escaped in its problems', async ({ page, app }) => {
  void app;
  await page.getByRole('button', { name: 'Paste…' }).first().click();
  await page.getByTestId('paste-name').fill('escapes');
  await page.getByTestId('paste-text').fill(PASTED);
  await page.getByRole('button', { name: 'Import as draft' }).click();
  await expect(page.getByTestId('draft-title')).toHaveText('escapes');
  await page.getByTestId('rule-row').first().click();
  const problems = page.getByTestId('rule-details').locator('.problems');
  await expect(problems).toContainText("Rule name 'hub\\u202eevil\\nx' contains '\\u202e', '\\n'");
  await expect(problems).toContainText("set it on rule 'hub\\u202eevil\\nx'");
  expect(await problems.innerText()).not.toMatch(/[\u202e]/);
  const title = await page.getByTestId('rule-row').first().locator('.cell.problems').getAttribute('title');
  expect(title).toContain("Rule name 'hub\\u202eevil\\nx'");
  expect(title).not.toContain('\u202e');
});
