// Issue 11.6, the CLI part: no input over 16 MB is read, whether a file (refused by its size), a
// FIFO or standard input (read until the bound, then stopped), and a FIFO within the bound is read
// like a file. Spawned, since the bound is in the real process I/O.
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CLI_BIN, cliSandbox } from '../../test/support/cli-runner.ts';
import { MAX_INPUT_BYTES } from './cli-io.ts';

const { dir, run } = cliSandbox('acr-cache-bound-');
const RULES = 'rules:\n  - name: dotnet-mcr\n    source: mcr.microsoft.com/dotnet/*\n    target: dotnet/*\n';

function fifo(name: string): string {
  const path = join(dir, name);
  execFileSync('mkfifo', [path]);
  return path;
}

/** Runs `lint PATH` while writing `bytes` (repeating `chunk`) into the FIFO at PATH. */
function lintFifo(path: string, chunk: Buffer, bytes: number): Promise<{ code: number | null; stderr: string; written: number }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI_BIN, 'lint', path], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let written = 0;
    const writer = createWriteStream(path);
    writer.on('error', () => {}); // EPIPE once the CLI stops reading: the point of the bound
    const pump = () => {
      while (written < bytes) {
        const piece = chunk.subarray(0, Math.min(chunk.length, bytes - written));
        written += piece.length;
        if (!writer.write(piece)) return void writer.once('drain', pump);
      }
      writer.end();
    };
    writer.once('open', pump);
    child.on('error', fail);
    child.on('close', (code) => {
      writer.destroy();
      done({ code, stderr, written });
    });
  });
}

describe('input size bound (16 MB)', () => {
  test('a regular file over the bound is refused by its size, with the bound in the message', async () => {
    const big = join(dir, 'big.yaml');
    writeFileSync(big, RULES);
    truncateSync(big, MAX_INPUT_BYTES + 1); // sparse: nothing is written, the size says it all
    const r = await run(['lint', big]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read rule-set file '.*big\.yaml': it is larger than the 16 MB \(16,777,216 bytes\) the CLI reads from one input \(16\.0 MB\)/);
  });

  test('a FIFO fed without end stops at the bound (exit 2), instead of growing', async () => {
    const path = fifo('endless.yaml');
    const r = await lintFifo(path, Buffer.alloc(1024 * 1024, '#'), 64 * 1024 * 1024);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/it is larger than the 16 MB/);
    // the writer was cut off well before its 64 MB: the CLI stopped reading
    expect(r.written).toBeLessThan(40 * 1024 * 1024);
  }, 60_000);

  test('a FIFO within the bound is read like a file', async () => {
    const path = fifo('small.yaml');
    const r = await lintFifo(path, Buffer.from(RULES), RULES.length);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  test('standard input over the bound is refused the same way', async () => {
    const r = await run(['lint', '-'], '#'.repeat(MAX_INPUT_BYTES + 10));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read rule-set file '<stdin>': it is larger than the 16 MB/);
  }, 60_000);
});
