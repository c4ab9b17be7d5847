// The data folder is the user's alone: created 0700, every file in it 0600, also when the folder
// existed before (made by Electron or an older version) with looser modes. POSIX only.
import { chmod, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { writeFileAtomic } from '../../main/atomic-file.ts';
import { ensureDataDir } from '../../main/data-dir.ts';
import { createMainServices, type MainServices } from '../../main/services.ts';
import { createMemoryKeychain } from '../emulators/memory-keychain.ts';

let root: string;
let services: MainServices | null = null;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'acs-modes-'));
});
afterEach(async () => {
  await services?.dispose();
  services = null;
  await rm(root, { recursive: true, force: true });
});

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

/** Every folder and file under `dir` with its mode, as `path 0700`. */
async function modes(dir: string): Promise<string[]> {
  const out = [`. 0${(await modeOf(dir)).toString(8)}`];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    out.push(`${path.slice(dir.length + 1)} 0${(await modeOf(path)).toString(8)}`);
  }
  return out;
}

describe.skipIf(process.platform === 'win32')('data folder modes', () => {
  test('a fresh data folder (and its missing parent) is 0700, drafts and settings written in it are 0600', async () => {
    const dataDir = join(root, 'not-yet', 'ACR Cache Studio');
    services = await createMainServices({
      dataDir,
      runtime: { name: 'ACR Cache Studio', version: '0', versions: {}, platform: 'linux' },
      openExternal: async () => {},
      azure: { keychain: async () => createMemoryKeychain(), env: {}, log: () => {} },
    });
    expect(await services.router.invoke('drafts.create', [{ name: 'team' }])).toMatchObject({ ok: true });
    expect(await services.router.invoke('auth.updateSettings', [{ tenant: 'organizations' }])).toMatchObject({ ok: true });
    await services.dispose();
    services = null;
    const found = await modes(dataDir);
    expect(found.filter((line) => line.startsWith('drafts.json ') || line.includes('settings'))).toHaveLength(2);
    for (const line of found) {
      const isDir = line.startsWith('. ') || (await stat(join(dataDir, line.split(' ')[0]!))).isDirectory();
      expect(line).toMatch(isDir ? / 0700$/ : / 0600$/);
    }
    expect(await modeOf(join(root, 'not-yet'))).toBe(0o700);
  });

  test('an existing 0755 folder and a 0644 file in it are tightened at start', async () => {
    const dataDir = join(root, 'data');
    await mkdir(dataDir);
    await chmod(dataDir, 0o755);
    await writeFile(join(dataDir, 'auth-settings.json'), '{}\n');
    await chmod(join(dataDir, 'auth-settings.json'), 0o644);
    await writeFile(join(dataDir, 'script.sh'), '');
    await chmod(join(dataDir, 'script.sh'), 0o775);
    await ensureDataDir(dataDir);
    expect(await modeOf(dataDir)).toBe(0o700);
    expect(await modeOf(join(dataDir, 'auth-settings.json'))).toBe(0o600);
    expect(await modeOf(join(dataDir, 'script.sh'))).toBe(0o600);
  });

  test('an atomic replace of a 0644 file leaves it 0600', async () => {
    const file = join(root, 'settings.json');
    await writeFile(file, 'old');
    await chmod(file, 0o644);
    await writeFileAtomic(file, 'new');
    expect(await modeOf(file)).toBe(0o600);
    expect(await readdir(root)).toEqual(['settings.json']);
  });
});
