// The pull tester's one online step: "Check upstream" asks the upstream registry (here Debian's
// docker-registry standing in for MCR) whether the image a rule would fetch exists.
import { test as base, expect } from '@playwright/test';
import { cspViolations, openApp } from './harness.ts';
import { addRule, createDraft } from './drafts-helpers.ts';
import { hasDockerRegistry, pushTinyImage, startLocalRegistry } from '../support/local-registry.ts';

base.skip(!hasDockerRegistry && !process.env['CI'], 'needs Debian docker-registry (CI installs it)');

base('Check upstream says whether the fetched image exists upstream', async ({ page }) => {
  const registry = await startLocalRegistry();
  const app = await openApp(page, { services: { probe: { endpointFor: () => registry.url, allowLoopbackForTests: true } } });
  try {
    const digest = await pushTinyImage(registry.url, 'dotnet/runtime', '8.0');
    await createDraft(page, 'probe');
    await addRule(page, { name: 'dotnet-mcr', upstream: 'mcr.microsoft.com', path: 'dotnet/*', target: 'mcr/dotnet/*' });
    await page.getByRole('tab', { name: /Pull tester/ }).click();

    await page.getByTestId('tester-input').fill('contoso.azurecr.io/mcr/dotnet/runtime:8.0');
    await expect(page.getByTestId('tester-upstream')).toHaveText('mcr.microsoft.com/dotnet/runtime:8.0');
    await page.getByRole('button', { name: 'Check upstream' }).click();
    await expect(page.getByTestId('probe-outcome')).toContainText('exists upstream');
    await expect(page.getByTestId('probe-outcome')).toContainText(digest);

    // another reference starts unchecked; a tag the upstream lacks is reported with what to check
    await page.getByTestId('tester-input').fill('contoso.azurecr.io/mcr/dotnet/runtime:9.9');
    await expect(page.getByRole('button', { name: 'Check upstream' })).toBeVisible();
    await page.getByRole('button', { name: 'Check upstream' }).click();
    await expect(page.getByTestId('probe-outcome')).toContainText('not found upstream');
    await expect(page.getByTestId('probe-outcome')).toContainText('has no dotnet/runtime:9.9');
    expect(app.calls.filter((c) => c.channel === 'probe.checkUpstream').map((c) => c.args)).toEqual([
      ['mcr.microsoft.com/dotnet/runtime:8.0'],
      ['mcr.microsoft.com/dotnet/runtime:9.9'],
    ]);
    expect(await cspViolations(page)).toEqual([]);
  } finally {
    await app.close();
    await registry.stop();
  }
});
