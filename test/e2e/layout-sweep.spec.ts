// The layout sweep (issue 12, "done when"): the walk through every view and dialog (tour.ts) at
// each window size, asserting at every stop that
//   - the window never scrolls sideways (nothing is pushed off to the right),
//   - each primary action, once scrolled to as a user would, lies inside the viewport and is the
//     element a click at its centre lands on (elementFromPoint is it or inside it: nothing
//     covers it),
//   - no labelled text is clipped: buttons, tabs, menu items, labels, headings, chips and column
//     headers have scrollWidth <= clientWidth,
//   - a tab's or a chip's label stays on one line (a label broken over two lines reads as two),
//   - in a header bar, no two pieces of text or controls overlap (a long name running under the
//     "Live" chip is not clipped, so scrollWidth alone does not see it).
// 200% zoom is emulated the way Chromium zooms: a 1280×800 window at zoom 2 lays out in a
// 640×400 CSS-pixel viewport with two device pixels per CSS pixel (deviceScaleFactor 2), which
// is what Electron's webContents zoom factor does; CSS `zoom` would leave media queries and
// viewport units at 1280 px and so test less.
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { screenshotPath } from './screenshot-path.ts';
import { prepare, test, expect, tour, type TourStop } from './tour.ts';

/** Elements whose text names something: clipping them hides what a control does. */
const LABELLED = 'button, [role=tab], [role=menuitem], label, h1, h2, h3, .chip, a, summary, [role=columnheader], legend';

async function problemsAt(page: Page, stop: TourStop): Promise<string[]> {
  const found: string[] = [];
  const overflow = await page.evaluate(() => {
    const root = document.documentElement;
    const main = document.querySelector('main');
    // the innermost elements that reach past the right edge: what a failure should name
    const past = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 0.5 && e.checkVisibility() && ![...e.children].some((c) => c.getBoundingClientRect().right > root.clientWidth + 0.5))
      .slice(0, 3)
      .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} "${(e.textContent ?? '').trim().slice(0, 30)}"`);
    return { page: root.scrollWidth - root.clientWidth, main: main ? main.scrollWidth - main.clientWidth : 0, past: past.join(', ') };
  });
  if (overflow.page > 0) found.push(`the window scrolls sideways by ${overflow.page} px (${overflow.past})`);
  if (overflow.main > 0) found.push(`the main area scrolls sideways by ${overflow.main} px (${overflow.past})`);

  for (const action of stop.primary) {
    const count = await action.count();
    if (count !== 1) {
      found.push(`${action.toString()} matches ${count} elements`);
      continue;
    }
    await action.scrollIntoViewIfNeeded();
    const verdict = await action.evaluate((node) => {
      const r = node.getBoundingClientRect();
      const inside = r.width > 0 && r.height > 0 && r.left >= -0.5 && r.top >= -0.5 && r.right <= window.innerWidth + 0.5 && r.bottom <= window.innerHeight + 0.5;
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      const clickable = hit !== null && (hit === node || node.contains(hit));
      const name = (node.getAttribute('aria-label') ?? node.textContent ?? '').trim().slice(0, 40);
      return { inside, clickable, name, rect: `${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}×${Math.round(r.height)}`, hit: hit ? hit.outerHTML.slice(0, 90) : 'nothing' };
    });
    if (!verdict.inside) found.push(`"${verdict.name}" is not inside the viewport (${verdict.rect})`);
    else if (!verdict.clickable) found.push(`"${verdict.name}" is covered by ${verdict.hit}`);
  }

  const clipped = await page.evaluate((selector) => {
    // under a modal dialog the page is inert: only the dialog counts
    const scope: ParentNode = document.querySelector('dialog[open]') ?? document;
    const out: string[] = [];
    for (const element of scope.querySelectorAll<HTMLElement>(selector)) {
      if (!element.checkVisibility() || element.clientWidth === 0) continue;
      // the overlap map fits its own labels into cells (overlap-map's area), and a visually hidden label is meant to be 1 px
      if (element.closest('[data-testid="overlap-map"] svg, .visually-hidden')) continue;
      if (element.scrollWidth > element.clientWidth + 1) {
        out.push(`"${(element.getAttribute('aria-label') ?? element.textContent ?? '').trim().slice(0, 50)}" (${element.tagName.toLowerCase()}.${[...element.classList].join('.')}) is clipped: ${element.scrollWidth} > ${element.clientWidth}`);
      }
    }
    return out;
  }, LABELLED);
  found.push(...clipped);

  const misplaced = await page.evaluate(() => {
    const scope: ParentNode = document.querySelector('dialog[open]') ?? document;
    const out: string[] = [];
    const textRects = (element: Element): DOMRect[] => {
      const rects: DOMRect[] = [];
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent?.trim() || node.parentElement?.closest('.visually-hidden')) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        rects.push(...[...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0));
      }
      return rects;
    };
    const label = (e: Element) => `"${(e.getAttribute('aria-label') ?? e.textContent ?? '').trim().slice(0, 40)}" (${e.tagName.toLowerCase()}.${[...e.classList].join('.')})`;
    for (const element of scope.querySelectorAll<HTMLElement>('[role=tab], .chip')) {
      if (!element.checkVisibility() || element.closest('.visually-hidden')) continue;
      // lines: text boxes that do not share any height are on different lines
      const rects = textRects(element).sort((a, b) => a.top - b.top);
      let lines = rects.length ? 1 : 0;
      for (let i = 1, bottom = rects[0]?.bottom ?? 0; i < rects.length; i++) {
        if (rects[i]!.top >= bottom - 1) lines++;
        bottom = Math.max(bottom, rects[i]!.bottom);
      }
      if (lines > 1) out.push(`${label(element)} wraps to ${lines} lines`);
    }
    for (const header of scope.querySelectorAll<HTMLElement>('header')) {
      if (!header.checkVisibility()) continue;
      // what is drawn in the header: its headings' and names' text as laid out (overflow too), and controls and chips as boxes
      const pieces = [...header.querySelectorAll<HTMLElement>('h1, h2, .mono, .muted, .chip, button, input, select')]
        .filter((e) => e.checkVisibility() && !e.closest('.visually-hidden') && !e.parentElement?.closest('.chip, button'))
        .map((e) => ({ e, rects: e.matches('h1, h2, .mono, .muted') ? textRects(e) : [e.getBoundingClientRect()] }));
      for (let i = 0; i < pieces.length; i++) {
        for (let j = i + 1; j < pieces.length; j++) {
          const a = pieces[i]!;
          const b = pieces[j]!;
          if (a.e.contains(b.e) || b.e.contains(a.e)) continue;
          const hit = a.rects.some((r) => b.rects.some((q) => Math.min(r.right, q.right) - Math.max(r.left, q.left) > 1 && Math.min(r.bottom, q.bottom) - Math.max(r.top, q.top) > 1));
          if (hit) out.push(`${label(a.e)} overlaps ${label(b.e)} in the header`);
        }
      }
    }
    return out;
  });
  found.push(...misplaced);
  return found.map((p) => `${stop.name}: ${p}`);
}

interface Size {
  label: string;
  width: number;
  height: number;
  zoom: number;
}

const SIZES: Size[] = [
  { label: '900x560', width: 900, height: 560, zoom: 1 },
  { label: '1024x700', width: 1024, height: 700, zoom: 1 },
  { label: '1280x800', width: 1280, height: 800, zoom: 1 },
  { label: '1440x900', width: 1440, height: 900, zoom: 1 },
  { label: '2560x1440', width: 2560, height: 1440, zoom: 1 },
  { label: '3840x2160', width: 3840, height: 2160, zoom: 1 },
  // a 1280×800 window at 200% zoom
  { label: '1280x800-zoom200', width: 640, height: 400, zoom: 2 },
];

/** The stops whose pictures the README shows at a 1024 px window. */
const README_AT_1024 = new Set(['workspace/rule-editor', 'workspace/pull-tester']);

for (const size of SIZES) {
  test.describe(`at ${size.label}`, () => {
    test.use({ viewport: { width: size.width, height: size.height }, deviceScaleFactor: size.zoom });

    test(`every view and dialog at ${size.label}: primary actions on screen and clickable, no labelled text clipped`, async ({ page, app, env }) => {
      test.setTimeout(180_000);
      await prepare(page, app, env);
      const folder = `.tmp/screenshots/sweep/${size.label}`;
      mkdirSync(folder, { recursive: true });
      const found: string[] = [];
      let stops = 0;
      await tour(page, async (stop) => {
        stops++;
        found.push(...(await problemsAt(page, stop)));
        await page.screenshot({ path: `${folder}/${stop.name.replace('/', '-')}.png` });
        if (size.label === '1024x700' && README_AT_1024.has(stop.name)) {
          await page.screenshot({ path: screenshotPath(`${stop.name.replace('workspace/', '')}-1024.png`) });
        }
      });
      expect(stops).toBeGreaterThan(20);
      expect(found).toEqual([]);
    });
  });
}
