#!/usr/bin/env node
// `npm start`: build and open the app in Electron.
// Electron 45 downloads its binary the first time `require('electron')` runs, and when that fails
// it prints @electron/get's stack trace and advice that does not apply ("delete node_modules/
// electron"). So this script runs Electron's installer itself with its output captured, and on
// failure prints one message of its own: what is missing and the three ways to provide it. The
// binary's path then goes to electron-vite explicitly (it only looks for it, "Electron uninstall").
const { spawnSync } = require('node:child_process');
const { existsSync, readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

const electronDir = dirname(require.resolve('electron/package.json'));
const { version } = require('electron/package.json');

function fail(reason) {
  process.stderr.write(
    [
      `ACR Cache Studio cannot start: Electron ${version} is not installed here, ${reason}.`,
      'npm start needs one of:',
      "  - a network that reaches Electron's release downloads (github.com), or a mirror in ELECTRON_MIRROR",
      `  - an unpacked Electron ${version} folder in ELECTRON_OVERRIDE_DIST_PATH`,
      'npm test, npm run build and the acr-cache CLI work without Electron.',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

/** The binary electron's own index.js would return, if it is there. */
function installedBinary() {
  const pathFile = join(electronDir, 'path.txt');
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) return join(override, name || 'electron');
  return name && existsSync(join(electronDir, 'dist', name)) ? join(electronDir, 'dist', name) : null;
}

/** The last line of the installer's output that says what went wrong, without stack frames. */
function reasonOf(output) {
  const lines = output.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('at ') && !/^Downloading Electron/i.test(l));
  const cause = lines.find((l) => /ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|certificate|HTTPError|404|checksum/i.test(l)) ?? lines.find((l) => /error/i.test(l));
  return cause ? cause.replace(/^(\w*Error|RequestError): /, '').slice(0, 200) : `the installer exited with ${output ? 'an error' : 'no output'}`;
}

let executable = installedBinary();
if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
  if (!executable || !existsSync(executable)) fail(`and ELECTRON_OVERRIDE_DIST_PATH has no ${executable ? executable.split(/[\\/]/).pop() : 'electron'} (${process.env.ELECTRON_OVERRIDE_DIST_PATH})`);
} else if (!executable) {
  process.stdout.write(`Getting Electron ${version} (first start only)…\n`);
  const install = spawnSync(process.execPath, [join(electronDir, 'install.js')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  executable = install.status === 0 ? installedBinary() : null;
  if (!executable) fail(`and it could not be downloaded (${reasonOf(`${install.stderr ?? ''}\n${install.stdout ?? ''}`)})`);
}

const electronVite = join(__dirname, '..', 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
const result = spawnSync(process.execPath, [electronVite, 'preview', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, ELECTRON_EXEC_PATH: executable },
});
process.exit(result.status ?? 1);
