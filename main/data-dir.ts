// Where the app keeps its data. Electron's userData folder by default; tests and portable setups
// point it elsewhere with --data-dir=PATH or ACR_CACHE_STUDIO_DATA_DIR.
import { isAbsolute, resolve } from 'node:path';

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
