// The log file as electron-log writes it, configured as the app configures it (electron-log's
// node build: same file transport as in Electron's main process).
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import electronLog from 'electron-log/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configureFileLog, type FileLogger } from './app-log.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'acr-log-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function logger(options: { maxBytes?: number; keep?: number } = {}) {
  const log = electronLog.create({ logId: `test-${Math.random()}` });
  log.transports.console.level = false;
  const file = configureFileLog(log as unknown as FileLogger, { logsDir: join(dir, 'logs'), ...options });
  return { log, file };
}

describe('the app log file', () => {
  it('writes lines into logs/main.log, the folder 0700 and the file 0600', async () => {
    const { log, file } = logger();
    log.info('hello', { n: 1 });
    expect(file).toBe(join(dir, 'logs', 'main.log'));
    expect(await readFile(file, "utf8")).toMatch(/\[info\]\s+hello \{ n: 1 \}/);
    if (process.platform !== 'win32') {
      expect((await stat(join(dir, 'logs'))).mode & 0o777).toBe(0o700);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
    }
  });

  it('redacts what was passed in, strings, errors and objects alike', async () => {
    const { log, file } = logger();
    const token = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.sig';
    log.error('call failed', new Error(`401 with Authorization: Bearer ${token}`), { headers: { authorization: `Bearer ${token}` }, refresh_token: 'R-123-secret' });
    const text = await readFile(file, 'utf8');
    expect(text).toContain('call failed');
    expect(text).not.toContain(token);
    expect(text).not.toContain('R-123-secret');
  });

  it('rotates past the size limit and keeps only the newest files', async () => {
    const { log } = logger({ maxBytes: 2_000, keep: 2 });
    for (let i = 0; i < 200; i++) log.info(`line ${i} ${'x'.repeat(40)}`);
    const files = (await readdir(join(dir, 'logs'))).sort();
    expect(files).toEqual(['main.1.log', 'main.2.log', 'main.log']);
    expect(await readFile(join(dir, 'logs', 'main.log'), 'utf8')).toContain('line 199');
  });
});
