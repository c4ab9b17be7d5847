// The renderer at 1,000 rules, measured in Chromium on the built renderer (`out/renderer`, built
// first), with the real preload bridge answered by the real main-process services (the e2e
// harness), so a draft is opened exactly as in the app:
//  - first render of a 1,000-rule draft: click "Open" → rules grid drawn and laid out (target
//    < 500 ms; the cold open is the measured value, warm re-opens are the baseline column);
//  - first draw of the overlap map at 1,000 rules with 60 conflicts (tab switch → cells laid
//    out, target < 200 ms), a pan/zoom frame (a wheel event → the cells in view redrawn, target
//    p95 < 16 ms) and search-to-visible (a query typed → the hit unfolded, zoomed and labelled,
//    target < 100 ms);
//  - a keystroke in the rule editor's target field → core's check, the field's problems, the map
//    model, its layout and the visible SVG updated, then a forced style + layout (target < 16 ms,
//    one frame; median and p95 over a typed target);
//  - the pull tester reading and resolving a pasted batch of 1,000 references.
// Times are taken with performance.now() inside the page. Svelte applies state changes in a
// microtask, so each measurement waits for that microtask and then reads layout, which makes
// the browser do style and layout synchronously; painting is not included.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { preview } from 'vite';
import { stringify } from 'yaml';
import { scaleRuleSet } from '../support/scale-rule-set.ts';
import { openApp } from '../e2e/harness.ts';
import type { BenchRow } from './bench-row.ts';
import { traceMainThread } from './main-thread-cpu.ts';

const RULES = 1000;
const SUITE = 'renderer';

/** Launch options as in playwright.config.ts. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number;
}

// The in-page parts are plain source text: tsx (esbuild) wraps named functions in a `__name`
// helper that exists only in Node, so a function handed to page.evaluate would fail in the page.

/** In the page: run `act`, then time until `done` holds, measured after DOM updates and a forced layout. */
const TIME_UNTIL = `(act, done) => new Promise((resolve, reject) => {
  const isDone = new Function('return (' + done + ')');
  const observer = new MutationObserver(() => {
    if (!isDone()) return;
    observer.disconnect();
    void document.body.getBoundingClientRect();
    resolve(performance.now() - start);
  });
  observer.observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
  setTimeout(() => { observer.disconnect(); reject(new Error('timed out waiting for: ' + done)); }, 20000);
  const start = performance.now();
  new Function(act)();
})`;

/** In the page: type `typed` into the target field one character at a time; each keystroke's time. */
const TYPE_TARGET = `async (typed, base) => {
  const input = document.querySelector('[data-testid=rule-target]');
  if (!input) throw new Error('the rule editor is not open');
  const times = [];
  for (let i = 1; i <= typed.length; i++) {
    input.value = typed.slice(0, i);
    performance.mark('key:' + (base + i - 1) + ':start');
    const start = performance.now();
    input.dispatchEvent(new Event('input', { bubbles: true }));
    // Svelte flushes its updates in a microtask queued during the event; this one runs after it
    await Promise.resolve();
    void document.body.getBoundingClientRect();
    times.push(performance.now() - start);
    performance.mark('key:' + (base + i - 1) + ':end');
    // let the frame go by, as between a person's keystrokes
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  }
  return times;
}`;

/** In the page: `count` wheel events over the map, one a frame, zooming in then out and scrolling; each one's time to redrawn cells and layout. */
const WHEEL_FRAMES = `async (count) => {
  const svg = document.querySelector('[data-testid=map-svg]');
  if (!svg) throw new Error('the map is not shown');
  const rect = svg.getBoundingClientRect();
  const times = [];
  for (let i = 0; i < count; i++) {
    const phase = Math.floor(i / 20) % 3;
    const event = new WheelEvent('wheel', {
      bubbles: true, cancelable: true, clientX: rect.left + rect.width / 3, clientY: rect.top + rect.height * (0.3 + (i % 7) / 20),
      deltaY: phase === 0 ? -120 : phase === 1 ? 60 : 80, shiftKey: phase === 2,
    });
    await new Promise((r) => requestAnimationFrame(r));
    performance.mark('wheel:' + i + ':start');
    const start = performance.now();
    svg.dispatchEvent(event);
    await Promise.resolve();
    void document.body.getBoundingClientRect();
    times.push(performance.now() - start);
    performance.mark('wheel:' + i + ':end');
  }
  return times;
}`;

/** Clicks a map toolbar button, through the "More" menu when the pane is too narrow to show it. */
async function mapAction(page: Page, name: string): Promise<void> {
  const button = page.getByTestId('map-toolbar').getByRole('button', { name, exact: true });
  if (!(await button.isVisible())) await page.getByTestId('map-more').click();
  await button.click();
}

async function timeInPage(page: Page, act: string, done: string): Promise<number> {
  return (await page.evaluate(`(${TIME_UNTIL})(${JSON.stringify(act)}, ${JSON.stringify(done)})`)) as number;
}

async function openDraftMs(page: Page): Promise<number> {
  const ms = await timeInPage(
    page,
    `document.querySelector('[aria-label="Open draft bench-1000"]').click()`,
    `document.querySelectorAll('[data-testid=rule-row]').length > 0 && document.querySelector('[data-testid=quota-meter]')?.getAttribute('aria-valuenow') === '${RULES}'`,
  );
  return ms;
}

async function keystrokes(page: Page, text: string, base = 0): Promise<number[]> {
  return (await page.evaluate(`(${TYPE_TARGET})(${JSON.stringify(text)}, ${base})`)) as number[];
}

/** The four targets typed one after the other: new paths, statics, wildcards, and last an overlap. */
const TYPED = ['team7/new-app', 'hub/*', 'mirror-33/tools', 'mirror-17/*'];

async function typeTargets(page: Page): Promise<number[]> {
  const times: number[] = [];
  for (const typed of TYPED) times.push(...(await keystrokes(page, typed, times.length)));
  return times;
}

export default async function rendererBench(): Promise<BenchRow[]> {
  execFileSync('npx', ['electron-vite', 'build'], { stdio: 'ignore' });
  const server = await preview({
    configFile: false,
    logLevel: 'silent',
    build: { outDir: 'out/renderer' },
    preview: { host: '127.0.0.1', port: 4391, strictPort: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report its address');
  const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
  const dataDir = await mkdtemp(join(tmpdir(), 'acs-bench-'));
  const rows: BenchRow[] = [];
  // wall-clock rows include waits for a core: the machine's load says how much to read into them
  const loadBefore = loadavg()[0] as number;
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const app = await openApp(page, { dataDir, path: url });
    const imported = await app.services.router.invoke('drafts.importText', ['bench-1000', stringify(scaleRuleSet(RULES))]);
    if (!imported.ok) throw new Error(`could not create the bench draft: ${imported.error.message}`);
    await page.reload();
    await page.getByRole('button', { name: 'Open draft bench-1000' }).waitFor();

    // 1. first render of the draft, then warm re-opens
    const cold = await openDraftMs(page);
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) {
      await page.getByRole('button', { name: 'Back to all drafts' }).click();
      await page.getByRole('button', { name: 'Open draft bench-1000' }).waitFor();
      warm.push(await openDraftMs(page));
    }
    rows.push({ suite: SUITE, case: `first render of a ${RULES.toLocaleString('en-US')}-rule draft (baseline: warm re-open)`, value: cold, unit: 'ms', baseline: median(warm), target: '< 500 ms', pass: cold < 500 });

    // 2. the overlap map's first draw at 1,000 rules
    const mapMs = await timeInPage(page, `document.getElementById('left-tab-map').click()`, `document.querySelectorAll('[data-testid=map-node]').length > 0`);
    const mapNodes = await page.locator('[data-testid=map-node]').count();
    rows.push({ suite: SUITE, case: `overlap map first draw, ${RULES.toLocaleString('en-US')} rules (${mapNodes} nodes in view)`, value: mapMs, unit: 'ms', target: '< 200 ms', pass: mapMs < 200 });

    // 2b. pan and zoom: wheel events over the map, one per frame, after Fit and unfolding everything
    await mapAction(page, 'Unfold all');
    await page.getByTestId('map-fit').click();
    const frames = (await page.evaluate(`(${WHEEL_FRAMES})(120)`)) as number[];
    rows.push({ suite: SUITE, case: `overlap map pan/zoom frame, ${RULES.toLocaleString('en-US')} rules unfolded (p95 of ${frames.length})`, value: percentile(frames, 0.95), unit: 'ms', baseline: median(frames), target: '< 16 ms', pass: percentile(frames, 0.95) < 16 });
    // the same frames again under a trace: the main thread's CPU time in each, without the waits for a core
    await page.getByTestId('map-fit').click();
    const wheelTrace = await traceMainThread(page, async () => void (await page.evaluate(`(${WHEEL_FRAMES})(120)`)));
    const wheelCpu = wheelTrace.cpuMs('wheel');
    rows.push({ suite: SUITE, case: `overlap map pan/zoom frame, main-thread CPU (p95 of ${wheelCpu.length}; baseline: median)`, value: percentile(wheelCpu, 0.95), unit: 'ms', baseline: median(wheelCpu), target: '< 16 ms', pass: percentile(wheelCpu, 0.95) < 16 });

    // 2c. search: typed query → the hit unfolded (from "Fold all"), zoomed to a readable size and labelled
    const searches: number[] = [];
    for (const [query, path] of [['rule-514', 'team34/app-514'], ['rule-222', 'team22/app-222'], ['org-978', 'ghcr/org-978'], ['img-986', 'hub/img-986'], ['rule-755', 'team35/app-755'], ['app-43', 'team3/app-43']] as const) {
      await mapAction(page, 'Fold all');
      searches.push(
        await timeInPage(
          page,
          `const s = document.querySelector('[data-testid=map-search]'); s.value = ${JSON.stringify(query)}; s.dispatchEvent(new Event('input', { bubbles: true }));`,
          `document.querySelector('[data-testid=map-node][data-path="${path}"] [data-testid=map-label]') !== null`,
        ),
      );
    }
    await page.getByTestId('map-search').fill('');
    rows.push({ suite: SUITE, case: `overlap map search → hit unfolded and readable (worst of ${searches.length}; baseline: median)`, value: Math.max(...searches), unit: 'ms', baseline: median(searches), target: '< 100 ms', pass: Math.max(...searches) < 100 });

    // 3. keystrokes in the editor with the map in view
    await page.getByTestId('map-svg').focus();
    await page.keyboard.press('n');
    await page.getByTestId('rule-target').waitFor();
    await page.getByTestId('rule-name').fill('bench-edit');
    await page.getByTestId('rule-upstream').selectOption('ghcr.io');
    await page.getByTestId('rule-source').fill('org-x/*');
    await page.getByTestId('rule-target').focus();
    const times = await typeTargets(page);
    // the last keystroke made a wildcard that overlaps mirror-17/*: check the UI says so
    const conflicts = await page.getByTestId('map-conflict').count();
    const fieldText = (await page.locator('#rule-target-problems').textContent()) ?? '';
    if (conflicts < 1 || !fieldText.includes("rule-17")) throw new Error(`the editor did not show the overlap it was typed into (${conflicts} conflicts; "${fieldText}")`);
    const keyMedian = median(times);
    const keyP95 = percentile(times, 0.95);
    rows.push({ suite: SUITE, case: `keystroke → problems + map updated, ${RULES.toLocaleString('en-US')} rules (median of ${times.length})`, value: keyMedian, unit: 'ms', target: '< 16 ms', pass: keyMedian < 16 });
    rows.push({ suite: SUITE, case: `keystroke → problems + map updated, ${RULES.toLocaleString('en-US')} rules (p95)`, value: keyP95, unit: 'ms', target: '< 16 ms', pass: keyP95 < 16 });
    rows.push({ suite: SUITE, case: `keystroke → problems + map updated, ${RULES.toLocaleString('en-US')} rules (worst)`, value: Math.max(...times), unit: 'ms' });
    const keyTrace = await traceMainThread(page, async () => void (await typeTargets(page)));
    const keyCpu = keyTrace.cpuMs('key');
    rows.push({ suite: SUITE, case: `keystroke → problems + map updated, main-thread CPU (p95 of ${keyCpu.length}; baseline: median)`, value: percentile(keyCpu, 0.95), unit: 'ms', baseline: median(keyCpu), target: '< 16 ms', pass: percentile(keyCpu, 0.95) < 16 });

    // 4. a pasted batch of 1,000 references in the pull tester
    await page.getByTestId('rule-target').press('Escape');
    await page.getByRole('dialog', { name: 'Discard changes?' }).getByRole('button', { name: 'Discard' }).click();
    await page.getByRole('tab', { name: /Pull tester/ }).click();
    const batch = Array.from({ length: RULES }, (_, i) =>
      i % 3 === 0 ? `docker pull contoso.azurecr.io/team${i % 40}/app-${i - (i % 10)}:1.${i}` : i % 3 === 1 ? `contoso.azurecr.io/mirror-${(i % 100) * 10 + 7}/tool/${i}:v${i}` : `contoso.azurecr.io/nothing/${i}`,
    ).join('\n');
    const batchTimes: number[] = [];
    for (let round = 0; round < 4; round++) {
      const text = `${batch}\n# round ${round}`;
      batchTimes.push(
        await timeInPage(
          page,
          `const t = document.querySelector('[data-testid=tester-input]'); t.value = ${JSON.stringify(text)}; t.dispatchEvent(new Event('input', { bubbles: true }));`,
          `document.querySelector('[data-testid=tester-summary]')?.textContent.includes('${RULES.toLocaleString('en-US')} references') || document.querySelector('[data-testid=tester-summary]')?.textContent.includes('${RULES} references')`,
        ),
      );
      await page.getByTestId('tester-input').fill('');
    }
    rows.push({ suite: SUITE, case: `pull tester: paste ${RULES.toLocaleString('en-US')} references → results shown (baseline: first paste)`, value: median(batchTimes.slice(1)), unit: 'ms', baseline: batchTimes[0] as number });
    rows.push({ suite: SUITE, case: 'machine load average (1 min) before the rows above', value: loadBefore, unit: '' });
    rows.push({ suite: SUITE, case: 'machine load average (1 min) after them', value: loadavg()[0] as number, unit: '' });
    await app.close();
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    await rm(dataDir, { recursive: true, force: true });
  }
  return rows;
}
