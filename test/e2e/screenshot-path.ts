// `npm test` must never rewrite tracked files: screenshots land in .tmp/screenshots, and only
// `npm run screenshots` (UPDATE_SCREENSHOTS=1) writes the README's copies in docs/screenshots.
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';

const folder = process.env['UPDATE_SCREENSHOTS'] === '1' ? 'docs/screenshots' : '.tmp/screenshots';

/** Where the e2e run writes the screenshot called `name` (e.g. `editor.png`). */
export function screenshotPath(name: string): string {
  return join(folder, name);
}

/** A window size for screenshots: [width, height] in CSS pixels. */
export type ScreenSize = readonly [number, number];

/**
 * `<name>-<width>-<light|dark>.png` at each size in both themes, once `visible` is scrolled to and
 * inside the viewport (a screenshot of a view that has not drawn its subject proves nothing).
 * Ends in the light theme at `restore`, where the test goes on.
 */
export async function screenshotsAtSizes(page: Page, name: string, visible: Locator, sizes: readonly ScreenSize[], restore: ScreenSize = [1440, 900]): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [width, height] of sizes) {
      await page.setViewportSize({ width, height });
      await visible.scrollIntoViewIfNeeded();
      await expect(visible).toBeInViewport();
      await page.screenshot({ path: screenshotPath(`${name}-${width}-${scheme}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: restore[0], height: restore[1] });
}
