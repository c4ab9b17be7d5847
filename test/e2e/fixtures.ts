import { test as base, expect } from '@playwright/test';
import { cspViolations, openApp, type OpenedApp } from './harness.ts';

/** `app`: the renderer opened against fresh main-process services and a temporary data folder. */
export const test = base.extend<{ app: OpenedApp; pageErrors: string[] }>({
  pageErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await use(errors);
  },
  app: async ({ page, pageErrors }, use) => {
    const app = await openApp(page);
    await use(app);
    // every e2e test also proves the strict CSP holds and nothing failed in the page
    expect(await cspViolations(page).catch(() => [])).toEqual([]);
    expect(pageErrors).toEqual([]);
    await app.close();
  },
});

export { expect };
