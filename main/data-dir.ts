// Where the app keeps its data. Electron's userData folder by default; tests and portable setups
// point it elsewhere with --data-dir=PATH or ACR_CACHE_STUDIO_DATA_DIR.
import { chmod, mkdir, readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';

export const DATA_DIR_ENV = 'ACR_CACHE_STUDIO_DATA_DIR';

export function dataDirOverride(argv: readonly string[], env: Record<string, string | undefined>): string | null {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--data-dir=')) return absolute(arg.slice('--data-dir='.length));
    if (arg === '--data-dir' && argv[i + 1]) return absolute(argv[i + 1]!);
  }
  const fromEnv = env[DATA_DIR_ENV];
  return fromEnv ? absolute(fromEnv) : null;
}

function absolute(path: string): string {
  return isAbsolute(path) ? path : resolve(path);
}

/** The data folder holds drafts, settings, the apply journal and the encrypted token cache: the user's alone. */
export const DATA_DIR_MODE = 0o700;
/** Every file the app writes there (atomic-file.ts). */
export const DATA_FILE_MODE = 0o600;

/**
 * Creates the data folder (and missing parents) as 0700, and tightens a folder that already
 * exists (made by Electron, an older version, or the user) plus the files directly in it, so
 * that nothing in it is readable by other users. No-op on Windows, whose ACLs mode bits don't
 * describe; the profile folder is already private there.
 */
export async function ensureDataDir(path: string, platform: NodeJS.Platform = process.platform): Promise<void> {
  await mkdir(path, { recursive: true, mode: DATA_DIR_MODE });
  if (platform === 'win32') return;
  const info = await stat(path);
  if ((info.mode & 0o777) !== DATA_DIR_MODE) await chmod(path, DATA_DIR_MODE);
  for (const entry of await readdir(path, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(path, entry.name);
    const mode = (await stat(file)).mode & 0o777;
    if (mode & 0o077) await chmod(file, mode & DATA_FILE_MODE);
  }
}
