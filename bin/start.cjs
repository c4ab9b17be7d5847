// `npm start`: build and open the app in Electron.
// Electron 45 downloads its binary the first time `require('electron')` runs in Node, while
// electron-vite only looks for it (and says "Electron uninstall" when it is missing). So the
// binary is resolved here (downloading it if needed) and handed to electron-vite explicitly,
// which also makes ELECTRON_MIRROR and ELECTRON_OVERRIDE_DIST_PATH work.
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

let executable;
try {
  executable = require('electron');
} catch (error) {
  console.error(
    `Electron's binary is not installed and could not be downloaded (${error instanceof Error ? error.message.split('\n')[0] : error}).\n` +
      "npm start needs a machine that can reach Electron's release downloads, a mirror (ELECTRON_MIRROR), " +
      'or an unpacked Electron of version 45 in ELECTRON_OVERRIDE_DIST_PATH.',
  );
  process.exit(1);
}

const electronVite = join(__dirname, '..', 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
const result = spawnSync(process.execPath, [electronVite, 'preview', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, ELECTRON_EXEC_PATH: executable },
});
process.exit(result.status ?? 1);
