// Runs the `acr-cache` CLI as CI does: spawned through bin/acr-cache.mjs (the built bundle, or the
// sources through tsx when the bundle is missing or older than them)
// from a neutral working directory, so the bin cannot depend on being run from the repository.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CLI_BIN = resolve(import.meta.dirname, '../../bin/acr-cache.mjs');

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
  run(args: string[], stdin?: string): Promise<CliRun>;
}

export function cliSandbox(prefix: string): CliSandbox {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    file(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    run(args, stdin = '') {
      return new Promise((done, fail) => {
        const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
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
