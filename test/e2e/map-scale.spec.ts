// The overlap map at ACR's limit: 1,000 rules with 60 refused conflicts, in a laptop window and a
// small one. After Fit every label is legible (≥ 11 px) and no two overlap; a search hit is
// unfolded and readable; clicking a conflict shows both of its rules on screen.
import AxeBuilder from '@axe-core/playwright';
import { stringify } from 'yaml';
import type { Locator, Page } from '@playwright/test';
import { scaleRuleSet } from '../support/scale-rule-set.ts';
import { screenshotPath } from './screenshot-path.ts';
import { expect, test } from './fixtures.ts';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
] as const;

async function openScaleMap(page: Page, app: { services: { router: { invoke(channel: string, args: unknown[]): Promise<{ ok: boolean }> } } }): Promise<void> {
  const imported = await app.services.router.invoke('drafts.importText', ['platform-1000', stringify(scaleRuleSet(1000))]);
  expect(imported.ok).toBe(true);
  await page.reload();
  await page.getByRole('button', { name: 'Open draft platform-1000' }).click();
  await expect(page.getByTestId('quota-meter')).toContainText('1,000 / 1,000 rules');
  await page.getByRole('tab', { name: /Overlap map/ }).click();
  await expect(page.getByTestId('map-node').first()).toBeVisible();
}

/** Clicks a toolbar button, through the "More" menu when the pane is too narrow to show it. */
async function mapAction(page: Page, name: string): Promise<void> {
  const button = page.getByTestId('map-toolbar').getByRole('button', { name, exact: true });
  if (!(await button.isVisible())) await page.getByTestId('map-more').click();
  await button.click();
}

async function boxesOf(locator: Locator): Promise<Box[]> {
  return locator.evaluateAll((elements) =>
    elements.map((e) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    }),
  );
}

function intersects(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function inside(inner: Box, outer: Box): boolean {
  return inner.x >= outer.x - 0.5 && inner.y >= outer.y - 0.5 && inner.x + inner.width <= outer.x + outer.width + 0.5 && inner.y + inner.height <= outer.y + outer.height + 0.5;
}

/** Every label in view is at least 11 px high and none overlaps another. */
async function expectLegibleLabels(page: Page): Promise<number> {
  const svg = (await page.getByTestId('map-svg').boundingBox()) as Box;
  const labels = (await boxesOf(page.getByTestId('map-label'))).filter((b) => intersects(b, svg));
  for (const label of labels) expect(label.height).toBeGreaterThanOrEqual(11);
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) expect(intersects(labels[i] as Box, labels[j] as Box), `labels ${i} and ${j} overlap`).toBe(false);
  }
  return labels.length;
}

for (const size of SIZES) {
  test(`1,000 rules at ${size.width}×${size.height}: legible after Fit, search unfolds and zooms, a conflict shows both sides`, async ({ page, app }) => {
    await page.setViewportSize(size);
    await openScaleMap(page, app);
    const svg = page.getByTestId('map-svg');

    // Fit the starting folds, then everything unfolded: labels stay legible and apart
    await page.getByTestId('map-fit').click();
    expect(await expectLegibleLabels(page)).toBeGreaterThan(5);
    await mapAction(page, 'Unfold all');
    await page.getByTestId('map-fit').click();
    expect(await expectLegibleLabels(page)).toBeGreaterThan(0);
    // the root block summarises what it stands for, in words that count right
    await expect(page.locator('[data-testid=map-node][data-path=""]')).toContainText('1,000 rules');
    await mapAction(page, 'Fold all');

    // a search hit deep in a folded namespace: unfolded, on screen, readable
    await page.getByTestId('map-search').fill('rule-514');
    await expect(page.getByTestId('map-matches')).toHaveText('1 / 1');
    const hit = page.locator('[data-testid=map-node][data-path="team34/app-514"]');
    await expect(hit).toHaveClass(/match/);
    await expect(page.locator('[data-testid=map-node][data-path="team34"]')).toHaveAttribute('aria-expanded', 'true');
    const hitLabel = (await hit.getByTestId('map-label').boundingBox()) as Box;
    expect(hitLabel.height).toBeGreaterThanOrEqual(11);
    expect(inside(hitLabel, (await svg.boundingBox()) as Box)).toBe(true);
    await expectLegibleLabels(page);
    if (size.width === 1440) await page.screenshot({ path: screenshotPath('overlap-map-1000-search.png') });
    await page.getByTestId('map-search').fill('');

    // the broad wildcard's conflicts are one group; a pair in it shows both rules on screen
    const group = page.getByTestId('map-conflict-group').filter({ hasText: 'ghcr-everything overlaps' });
    await expect(group).toContainText(/ghcr-everything overlaps 4\d rules/);
    await group.locator('summary').click();
    await group.getByTestId('map-conflict').filter({ hasText: 'rule-978' }).click();
    const area = (await svg.boundingBox()) as Box;
    for (const path of ['ghcr', 'ghcr/org-978']) {
      const node = (await page.locator(`[data-testid=map-node][data-path="${path}"] rect.block`).boundingBox()) as Box;
      expect(intersects(node, area), `${path} is in the viewport`).toBe(true);
    }
    await expect(page.locator('[data-testid=map-node][data-path="ghcr/org-978"] [data-testid=map-label]')).toBeVisible();
    await expectLegibleLabels(page);
    await page.mouse.move(5, 5);
    const name = `overlap-map-1000-${size.width}`;
    await page.screenshot({ path: screenshotPath(`${name}.png`) });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: screenshotPath(`${name}-dark.png`) });
    await page.emulateMedia({ colorScheme: 'light' });
  });
}

test('the map at 1,000 rules passes axe, gives each block its position and count, and the keyboard reaches blocks off screen', async ({ page, app }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await openScaleMap(page, app);
  const svg = page.getByTestId('map-svg');

  // axe on the map view, closed and with the More menu and the legend open
  const axe = () => new AxeBuilder({ page }).include('[data-testid=overlap-map]').analyze();
  expect((await axe()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await page.getByTestId('map-more').click();
  await page.getByTestId('map-legend-toggle').click();
  await expect(page.getByTestId('map-legend')).toBeVisible();
  expect((await axe()).violations.map((v) => v.id)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('map-more')).toBeFocused();

  // every tree item says where it is among its siblings; counts agree with their nouns
  const items = page.locator('[role=treeitem]');
  const positions = await items.evaluateAll((elements) => elements.map((e) => [e.getAttribute('aria-level'), e.getAttribute('aria-posinset'), e.getAttribute('aria-setsize')]));
  expect(positions.length).toBeGreaterThan(5);
  for (const [level, pos, size] of positions) {
    expect(Number(level)).toBeGreaterThanOrEqual(1);
    expect(Number(pos)).toBeGreaterThanOrEqual(1);
    expect(Number(pos)).toBeLessThanOrEqual(Number(size));
  }
  const words = await page.getByTestId('overlap-map').evaluate((map) => [map.textContent ?? '', ...[...map.querySelectorAll('[aria-label]')].map((e) => e.getAttribute('aria-label') ?? '')].join('\n'));
  expect(words).not.toMatch(/\b1 (rules|conflicts|repositories|blocks)\b/);
  // a block in one refused overlap says so in the singular
  await page.getByTestId('map-search').fill('ghcr/org-28');
  await expect(page.locator('[data-testid=map-node][data-path="ghcr/org-28"]')).toHaveAttribute('aria-label', /, 1 conflict(,|$)/);
  await page.getByTestId('map-search').fill('');

  // the last block is off screen and folded away at first; End reaches it, on screen and focused
  await page.locator('[data-testid=map-node][data-path=""]').focus();
  await page.keyboard.press('End');
  const focused = page.locator('[data-testid=map-node]:focus');
  await expect(focused).toHaveCount(1);
  const area = (await svg.boundingBox()) as Box;
  const last = (await focused.locator('rect.block').boundingBox()) as Box;
  expect(intersects(last, area)).toBe(true);
  const lastPath = await focused.getAttribute('data-path');
  // and back up, block by block, each one focused in turn
  await page.keyboard.press('ArrowUp');
  await expect(page.locator('[data-testid=map-node]:focus')).not.toHaveAttribute('data-path', lastPath ?? '');
  await page.keyboard.press('Home');
  await expect(page.locator('[data-testid=map-node][data-path=""]')).toBeFocused();
});

test('the map toolbar keeps to one row with nothing cut off at 900, 1024, 1280 and 1440 px, light and dark', async ({ page, app }) => {
  await openScaleMap(page, app);
  for (const [width, height] of [[900, 560], [1024, 700], [1280, 800], [1440, 900]] as const) {
    await page.setViewportSize({ width, height });
    const toolbar = page.getByTestId('map-toolbar');
    await expect(toolbar).toBeVisible();
    const bar = (await toolbar.boundingBox()) as Box;
    const parts = await boxesOf(toolbar.locator(':scope > *'));
    const visible = parts.filter((b) => b.width > 0 && b.height > 0);
    expect(visible.length).toBeGreaterThanOrEqual(4);
    for (const part of visible) {
      // one row: every control is inside the toolbar's height and width
      expect(inside(part, bar), `a toolbar control at ${width} px sits at ${JSON.stringify(part)} outside ${JSON.stringify(bar)}`).toBe(true);
      expect(part.y - bar.y).toBeLessThan(16);
    }
    // folding and the filter are always reachable, inline or in the menu
    const fold = toolbar.getByRole('button', { name: 'Fold all', exact: true });
    if (!(await fold.isVisible())) await page.getByTestId('map-more').click();
    await expect(fold).toBeVisible();
    await expect(page.getByTestId('map-conflicts-only')).toBeVisible();
    await page.keyboard.press('Escape');
    await page.getByTestId('map-fit').click();
    await expectLegibleLabels(page);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.mouse.move(2, 2);
      await page.screenshot({ path: screenshotPath(`overlap-map-1000-toolbar-${width}-${scheme}.png`) });
    }
    await page.emulateMedia({ colorScheme: 'light' });
  }
});

test('the wheel zooms about the block under the pointer, also after the window resized and moved the map', async ({ page, app }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openScaleMap(page, app);
  // the map opens at a readable zoom; in, then (in the smaller window, whose header takes two rows) out
  for (const [size, deltaY] of [[{ width: 1440, height: 900 }, -120], [{ width: 1024, height: 700 }, 120]] as const) {
    await page.setViewportSize(size);
    // a block low in the drawing (a stale anchor is off by more there), the pointer on it
    const area = (await page.getByTestId('map-svg').boundingBox()) as Box;
    const blocks = await page.locator('[data-testid=map-node]').evaluateAll((nodes) =>
      nodes.map((n) => {
        const r = (n.querySelector(':scope > rect.block') as Element).getBoundingClientRect();
        return { path: n.getAttribute('data-path') ?? '', x: r.x, y: r.y, width: r.width, height: r.height };
      }),
    );
    const target = blocks
      .filter((b) => b.path !== '' && b.height >= 10 && b.height < area.height / 4 && b.x + b.width < area.x + area.width && b.y + b.height < area.y + area.height - 10)
      .sort((a, b) => b.y - a.y)[0];
    expect(target, `a block to point at among ${JSON.stringify(blocks.slice(0, 8))} in ${JSON.stringify(area)}`).toBeDefined();
    const { path, x: bx, y: by, width, height } = target as { path: string; x: number; y: number; width: number; height: number };
    const x = bx + width / 2;
    const y = by + height / 2;
    await page.mouse.move(x, y);
    const zoom = page.getByTestId('map-toolbar').locator('.zoom');
    const before = await zoom.textContent();
    for (let i = 0; i < 4; i++) {
      await page.mouse.wheel(0, deltaY);
      await page.waitForTimeout(50);
    }
    await expect(zoom).not.toHaveText(before ?? '');
    // still the same block under the pointer
    const under = await page.evaluate(([px, py]) => document.elementFromPoint(px as number, py as number)?.closest('[data-path]')?.getAttribute('data-path') ?? null, [x, y]);
    expect(under, `at ${size.width}×${size.height}`).toBe(path);
  }
});

test('a click on the minimap moves the view there, and a drag follows the pointer', async ({ page, app }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openScaleMap(page, app);
  const minimap = page.getByTestId('map-minimap');
  const box = (await minimap.boundingBox()) as Box;
  const frame = minimap.locator('.frame');
  const frameY = async () => Number(await frame.getAttribute('y'));
  const start = await frameY();
  // the frame (the part in view) centres on the click, as far as the tree allows
  await page.mouse.click(box.x + box.width / 2, box.y + box.height * 0.6);
  await expect.poll(frameY).toBeGreaterThan(start + box.height * 0.3);
  const clicked = await frameY();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.6);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.45, { steps: 4 });
  await page.mouse.up();
  await expect.poll(frameY).toBeLessThan(clicked - box.height * 0.1);
});
