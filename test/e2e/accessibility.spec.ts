// axe at every stop of the walk through the app (tour.ts), light and dark: WCAG 2.1 A and AA and
// axe's best practices, zero violations. A failure lists every violation at every stop at once,
// with the rule, the stop, the theme and the elements, so one run shows all that is left to fix.
import AxeBuilder from '@axe-core/playwright';
import { prepare, test, expect, tour } from './tour.ts';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

test('axe finds no WCAG 2.1 A/AA or best-practice violation in any view or dialog, light or dark', async ({ page, app, env }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await prepare(page, app, env);
  const found: string[] = [];
  let stops = 0;
  await tour(page, async (stop) => {
    stops++;
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
      for (const violation of result.violations) {
        const targets = violation.nodes.slice(0, 4).map((n) => `${n.target.join(' ')}${n.failureSummary ? ` (${n.failureSummary.split('\n').slice(1, 2).join('').trim()})` : ''}`);
        found.push(`${stop.name} [${scheme}] ${violation.id} ×${violation.nodes.length}: ${targets.join(' | ')}`);
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });
  expect(stops).toBeGreaterThan(20);
  expect(found).toEqual([]);
});
