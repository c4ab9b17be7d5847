#!/usr/bin/env node
// `npm test`: build, type-check, unit + integration (vitest), packaging, e2e (Playwright in
// Debian's Chromium), and the suites that need a real Secret Service (under dbus-run-session).
// Prints each suite's counts and a final `N passed, N failed` line; exits non-zero on any failure.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const tmp = join(root, '.tmp');
mkdirSync(tmp, { recursive: true });
const only = process.argv.slice(2);

function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', (error) => {
      console.error(`could not start ${command}: ${error.message}`);
      resolve(127);
    });
  });
}

const bin = (name) => join(root, 'node_modules/.bin', name);

/** Each suite returns { passed, failed } (a step that is not a test runner counts as one check). */
const suites = [
  {
    name: 'build',
    async run() {
      const code = await run(bin('electron-vite'), ['build', '--logLevel', 'warn']);
      // the CLI bundle (cli/dist/), as `npm run build` makes it
      const cli = await run(process.execPath, ['cli/build.mjs']);
      return { passed: (code === 0 ? 1 : 0) + (cli === 0 ? 1 : 0), failed: (code === 0 ? 0 : 1) + (cli === 0 ? 0 : 1) };
    },
  },
  {
    name: 'typecheck',
    async run() {
      let passed = 0;
      let failed = 0;
      for (const [command, args] of [
        [bin('tsc'), ['-p', 'tsconfig.core.json']],
        [bin('tsc'), ['-p', 'tsconfig.node.json']],
        [bin('svelte-check'), ['--tsconfig', './tsconfig.json', '--fail-on-warnings', '--output', 'human']],
      ]) {
        const code = await run(command, args);
        if (code === 0) passed++;
        else failed++;
      }
      return { passed, failed };
    },
  },
  {
    name: 'vitest',
    async run() {
      const report = join(tmp, 'vitest.json');
      rmSync(report, { force: true });
      const code = await run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
      return vitestCounts(report, code);
    },
  },
  {
    name: 'keychain (gnome-keyring under dbus-run-session)',
    optionalFile: 'test/keyring/with-keyring.sh',
    async run() {
      const report = join(tmp, 'vitest-keyring.json');
      rmSync(report, { force: true });
      const code = await run('bash', [
        'test/keyring/with-keyring.sh',
        bin('vitest'),
        'run',
        '--project',
        'node',
        'test/integration/keychain-real.test.ts',
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${report}`,
      ]);
      return vitestCounts(report, code);
    },
  },
  {
    name: 'e2e (Playwright + Chromium)',
    async run() {
      const report = join(tmp, 'playwright.json');
      rmSync(report, { force: true });
      const code = await run(bin('playwright'), ['test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: report });
      if (!existsSync(report)) return { passed: 0, failed: 1 };
      const { stats } = JSON.parse(readFileSync(report, 'utf8'));
      const failed = stats.unexpected + (code !== 0 && stats.unexpected === 0 ? 1 : 0);
      return { passed: stats.expected + stats.flaky, failed, skipped: stats.skipped };
    },
  },
];

function vitestCounts(report, code) {
  if (!existsSync(report)) return { passed: 0, failed: 1 };
  const result = JSON.parse(readFileSync(report, 'utf8'));
  const failed = result.numFailedTests + (code !== 0 && result.numFailedTests === 0 ? 1 : 0);
  return { passed: result.numPassedTests, failed, skipped: result.numPendingTests + result.numTodoTests };
}

const rows = [];
for (const suite of suites) {
  if (only.length && !only.some((o) => suite.name.startsWith(o))) continue;
  if (suite.optionalFile && !existsSync(join(root, suite.optionalFile))) continue;
  console.log(`\n=== ${suite.name} ===`);
  const started = Date.now();
  const counts = await suite.run();
  rows.push({ name: suite.name, ...counts, seconds: (Date.now() - started) / 1000 });
}

console.log('\n=== summary ===');
for (const row of rows) {
  const skipped = row.skipped ? `, ${row.skipped} skipped` : '';
  console.log(`${row.name.padEnd(50)} ${String(row.passed).padStart(5)} passed, ${row.failed} failed${skipped}  (${row.seconds.toFixed(1)} s)`);
}
const passed = rows.reduce((n, r) => n + r.passed, 0);
const failed = rows.reduce((n, r) => n + r.failed, 0);
const skipped = rows.reduce((n, r) => n + (r.skipped ?? 0), 0);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || rows.length === 0 ? 1 : 0);
