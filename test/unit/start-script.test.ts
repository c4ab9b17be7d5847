// `npm start` on a machine without Electron's binary: one message of the app's own (what is
// missing, the ways to provide it), no @electron/get stack trace, no "delete node_modules/electron".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const cache = mkdtempSync(join(tmpdir(), 'acs-electron-cache-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));
// With the binary installed, bin/start.cjs would open the app: nothing to test then.
const installed = existsSync(join(root, 'node_modules/electron/path.txt'));

function start(env: Record<string, string>) {
  const { ELECTRON_OVERRIDE_DIST_PATH: _override, ELECTRON_MIRROR: _mirror, ...rest } = process.env;
  // a mirror that refuses at once and an empty download cache: a failed download, online or not
  const result = spawnSync(process.execPath, [join(root, 'bin/start.cjs')], {
    cwd: root,
    encoding: 'utf8',
    env: { ...rest, electron_config_cache: cache, ELECTRON_MIRROR: 'http://127.0.0.1:9/', ...env },
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function expectOnlyOwnMessage(output: string) {
  expect(output).toContain('ACR Cache Studio cannot start: Electron 45.4.1 is not installed here');
  expect(output).toContain('ELECTRON_MIRROR');
  expect(output).toContain('ELECTRON_OVERRIDE_DIST_PATH');
  // nothing from electron's index.js or @electron/get
  expect(output).not.toMatch(/^\s+at /m);
  expect(output).not.toMatch(/TypeError|RequestError|node:internal/);
  expect(output).not.toContain('Downloading Electron binary');
  expect(output).not.toContain('install-electron');
  expect(output).not.toMatch(/delete `?node_modules/);
}

describe.skipIf(installed)('npm start without the Electron binary', () => {
  test('a download that fails ends in the app’s own message and exit code 1', () => {
    const { status, output } = start({});
    expect(status).toBe(1);
    expectOnlyOwnMessage(output);
    expect(output).toMatch(/could not be downloaded \(.+\)/);
  });

  test('an ELECTRON_OVERRIDE_DIST_PATH without Electron in it is named in the message', () => {
    const { status, output } = start({ ELECTRON_OVERRIDE_DIST_PATH: join(cache, 'no-electron-here') });
    expect(status).toBe(1);
    expectOnlyOwnMessage(output);
    expect(output).toContain(join(cache, 'no-electron-here'));
  });
});
