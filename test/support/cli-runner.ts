// Runs the `acr-cache` CLI as CI does: spawned through bin/acr-cache.mjs (the built bundle, or the
// sources through tsx when the bundle is missing or older than them)
// from a neutral working directory, so the bin cannot depend on being run from the repository.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CLI_BIN = resolve(import.meta.dirname, '../../bin/acr-cache.mjs');
const ROOT = resolve(import.meta.dirname, '../..');
const BUNDLE = join(ROOT, 'cli/dist/acr-cache.mjs');

function bundleIsCurrent(): boolean {
  if (!existsSync(BUNDLE)) return false;
  try {
    const built = statSync(BUNDLE).mtimeMs;
    const { inputs } = JSON.parse(readFileSync(join(ROOT, 'cli/dist/.sources.json'), 'utf8')) as { inputs: string[] };
    return inputs.every((path) => statSync(join(ROOT, path)).mtimeMs <= built);
  } catch {
    return false;
  }
}

/**
 * Builds the CLI bundle when it is missing or older than its sources, so the tests run what
 * ships (bin/acr-cache.mjs would otherwise fall back to the sources through tsx, correct but
 * several times slower to start).
 */
export function ensureCliBundle(): void {
  if (!bundleIsCurrent()) execFileSync(process.execPath, [join(ROOT, 'cli/build.mjs')], { cwd: ROOT, stdio: 'ignore' });
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliSandbox {
  /** The working directory the CLI runs in. */
  dir: string;
  /** Writes `text` to `name` in the sandbox and returns its path. */
  file(name: string, text: string): string;
  /** `env` replaces the environment (for the live commands' Azure settings). */
  run(args: string[], stdin?: string, env?: Record<string, string>): Promise<CliRun>;
}

export function cliSandbox(prefix: string): CliSandbox {
  ensureCliBundle();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    file(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    run(args, stdin = '', env) {
      return new Promise((done, fail) => {
        const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'], ...(env ? { env } : {}) });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('error', fail);
        child.on('close', (code) => done({ code, stdout, stderr }));
        child.stdin.end(stdin);
      });
    },
  };
}
