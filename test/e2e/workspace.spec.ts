// The working surface end to end: the real renderer in Chromium, answered by the real drafts
// service writing a real lowdb file in a temporary folder.
import { screenshotPath } from './screenshot-path.ts';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, expect } from './fixtures.ts';
import { fillNewRule, seedDraft, SEED_RULES } from './drafts-helpers.ts';

test('seed rules, an overlap seen on the map before saving, a refused save, pull tests, and the draft intact after a restart', async ({ page, app }) => {
  // the README screenshots are taken along the way, at a common laptop size
  await page.setViewportSize({ width: 1440, height: 900 });
  await expect(page.getByTestId('drafts-empty')).toContainText('No drafts yet');
  await seedDraft(page);
  await expect(page.getByTestId('quota-meter')).toContainText('5 / 1,000 rules');
  await expect(page.getByTestId('draft-totals')).toContainText('No errors');

  // a conflicting wildcard, typed but not saved
  await fillNewRule(page, { name: 'library-all', upstream: 'docker.io', path: 'library/*', target: 'library/*', credentialSet: 'dockerhub' });
  await page.getByRole('tab', { name: /Overlap map/ }).click();
  const conflicts = page.getByTestId('map-conflict');
  await expect(conflicts).toHaveCount(2);
  await expect(conflicts.filter({ hasText: "'library/*' covers everything under 'library/dotnet/*'" })).toContainText('library-all (being edited) overlaps dotnet-mcr');
  await expect(conflicts.filter({ hasText: "'library/*' covers everything under 'library/python/*'" })).toContainText('(if saved)');
  await expect(page.getByTestId('map-conflicts')).toContainText('2 from the rule being edited');
  // the saved rules it would overlap are lit on the map, and the reason shows on hover
  const dotnetNode = page.locator('[data-testid=map-node][data-path="library/dotnet"]');
  await expect(dotnetNode).toHaveClass(/live/);
  await dotnetNode.hover();
  await expect(page.getByTestId('map-tooltip')).toContainText("'library/*' covers everything under 'library/dotnet/*'");
  // nothing was saved: the draft file still has five rules
  const savedRules = async () => {
    const file = JSON.parse(await readFile(join(app.dataDir, 'drafts.json'), 'utf8')) as { drafts: { ruleSet: { rules: unknown[] } }[] };
    return file.drafts[0]?.ruleSet.rules.length;
  };
  expect(await savedRules()).toBe(5);
  await page.locator('[data-testid=map-node][data-path="library"]').hover();
  await expect(page.getByTestId('map-tooltip')).toContainText('library-all (being edited) overlaps python-hub');
  await page.screenshot({ path: screenshotPath('overlap-map.png') });
  await page.mouse.move(5, 5);

  // saving is refused, with the reason at the field and beside the button
  await expect(page.getByTestId('rule-save')).toBeDisabled();
  await expect(page.getByTestId('save-note')).toContainText('Saving is off until the 2 errors are fixed');
  await expect(page.locator('#rule-target-problems')).toContainText("overlaps wildcard rule 'python-hub'");
  await page.getByTestId('rule-target').press('Control+Enter');
  await expect(page.getByTestId('rule-editor')).toBeVisible();
  expect(await savedRules()).toBe(5);
  // and main refuses it too, with the engine's words, if asked directly
  const refusal = await page.evaluate(async () => {
    const acr = (window as unknown as { acr: import('../../preload/api.ts').DesktopApi }).acr;
    const [draft] = await acr.drafts.list();
    return acr.drafts
      .saveRule(draft!.id, { name: 'library-all', source: 'docker.io/library/*', target: 'library/*', credentialSet: 'dockerhub' }, null)
      .then(() => null, (error: { code: string; message: string }) => error);
  });
  expect(refusal?.code).toBe('rule-has-errors');
  expect(refusal?.message).toContain("'library/*' covers everything under 'library/dotnet/*'");

  // fixing the target clears the map before saving
  await page.getByTestId('rule-target').fill('hub/library/*');
  await expect(page.getByTestId('map-conflicts')).toContainText('No overlaps');
  await page.getByTestId('rule-target').fill('library/*');
  await page.getByRole('tab', { name: /^Rules/ }).click();
  await page.mouse.move(5, 5);
  await page.screenshot({ path: screenshotPath('editor.png') });
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('dialog', { name: 'Discard changes?' }).getByRole('button', { name: 'Discard' }).click();
  await expect(page.getByTestId('rule-editor')).toBeHidden();

  // one pull, then a pasted manifest
  await page.getByRole('tab', { name: /Pull tester/ }).click();
  await page.getByTestId('tester-input').fill('docker pull contoso.azurecr.io/library/python/app3:1.2');
  await expect(page.getByTestId('tester-result')).toHaveCount(1);
  await expect(page.getByTestId('tester-detail')).toContainText("wildcard rule 'python-hub'");
  await expect(page.getByTestId('tester-upstream')).toHaveText('docker.io/library/python/app3:1.2');
  await expect(page.getByTestId('tester-detail')).toContainText('dockerhub');

  const manifest = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      initContainers:
        - name: hello
          image: contoso.azurecr.io/hello-world
      containers:
        - name: api
          image: contoso.azurecr.io/library/dotnet/aspnet:8.0
        - name: sdk
          image: contoso.azurecr.io/library/dotnet/sdk:8.0
---
services:
  metrics:
    image: contoso.azurecr.io/quay/prometheus/node-exporter:v1.8.0
  worker:
    image: contoso.azurecr.io/library/python:3.12
`;
  await page.getByTestId('tester-input').fill(manifest);
  const results = page.getByTestId('tester-result');
  await expect(results).toHaveCount(5);
  await expect(page.getByTestId('tester-summary')).toContainText('5 from YAML');
  await expect(page.getByTestId('tester-summary')).toContainText('4 served');
  await expect(page.getByTestId('tester-summary')).toContainText('1 no rule');
  // static beats wildcard: the pinned sdk is served by its static rule
  await results.filter({ hasText: 'library/dotnet/sdk:8.0' }).click();
  await expect(page.getByTestId('tester-detail')).toContainText("static rule 'dotnet-sdk-pin' has exactly the target 'library/dotnet/sdk'; an exact static target beats wildcard rule 'dotnet-mcr'");
  await expect(page.getByTestId('tester-upstream')).toHaveText('mcr.microsoft.com/dotnet/sdk:8.0');
  // clicking a result highlights its rule in the table
  await expect(page.locator('[data-testid=rule-row][aria-selected=true]')).toContainText('dotnet-sdk-pin');
  await results.filter({ hasText: 'quay/prometheus' }).click();
  await expect(page.getByTestId('tester-upstream')).toHaveText('quay.io/prometheus/node-exporter:v1.8.0');
  await expect(page.locator('[data-testid=rule-row][aria-selected=true]')).toContainText('quay-all');
  // `library/python/*` does not cover `library/python` itself: no rule, with the near misses
  await results.filter({ hasText: 'library/python:3.12' }).click();
  await expect(page.getByTestId('tester-detail')).toContainText("covers the repositories under 'library/python/', not 'library/python' itself");
  await expect(page.getByTestId('tester-detail')).toContainText('Nearest rules');
  await results.filter({ hasText: 'hello-world' }).click();
  await expect(page.getByTestId('tester-upstream')).toHaveText('docker.io/library/hello-world:latest');
  // …and on the map
  await page.getByRole('button', { name: 'Show on map' }).click();
  await expect(page.locator('[data-testid=map-node][data-path="hello-world"]')).toHaveAttribute('aria-selected', 'true');
  await page.screenshot({ path: screenshotPath('pull-tester.png') });

  // a restart with the same data folder finds the draft as it was
  await app.restart();
  const item = page.getByTestId('draft-item');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('contoso-prod');
  await expect(item).toContainText('5 rules');
  await expect(item).toContainText('1 credential set');
  await item.getByRole('button', { name: 'Open draft contoso-prod' }).click();
  await expect(page.getByTestId('rule-row')).toHaveCount(5);
  for (const rule of SEED_RULES) await expect(page.getByTestId('rules-grid')).toContainText(rule.name);

  // "Test a pull" from a rule's details tries a reference it serves
  await page.getByTestId('rule-row').filter({ hasText: 'quay-all' }).click();
  await page.getByTestId('rule-details').getByRole('button', { name: 'Test a pull' }).click();
  await expect(page.getByTestId('tester-input')).toHaveValue('contoso.azurecr.io/quay/app:latest');
  await expect(page.getByTestId('tester-upstream')).toHaveText('quay.io/app:latest');
});

test('light and dark themes both render the workspace', async ({ page, app }) => {
  void app;
  await seedDraft(page, 'theme-check');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const colors = await page.evaluate(() => {
      const style = getComputedStyle(document.body);
      return { bg: style.backgroundColor, fg: style.color };
    });
    expect(colors.bg).not.toBe(colors.fg);
    if (scheme === 'dark') expect(colors.bg).toBe('rgb(23, 25, 30)');
    else expect(colors.bg).toBe('rgb(246, 247, 249)');
  }
  await page.getByRole('tab', { name: /Overlap map/ }).click();
  await page.screenshot({ path: screenshotPath('overlap-map-dark.png') });
});
