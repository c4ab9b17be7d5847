// The composition root under a broken data folder: it still starts, and the drafts status that the
// window shows says what is wrong (9.10). A FIFO as the drafts file must not hang the start.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { createMainServices, type MainServices } from '../../main/services.ts';
import type { DraftStoreStatus } from '../../preload/api.ts';

let dir: string;
let services: MainServices | null = null;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'acs-startup-'));
});
afterEach(async () => {
  await services?.dispose();
  services = null;
  await rm(dir, { recursive: true, force: true });
});

async function start(dataDir: string) {
  services = await createMainServices({ dataDir, runtime: { name: 'ACR Cache Studio', version: '0', versions: {}, platform: 'linux' }, openExternal: async () => {} });
  const status = await services.router.invoke('drafts.status', []);
  if (!status.ok) throw new Error(status.error.message);
  return status.value as DraftStoreStatus;
}

test.each([
  ['a FIFO', async (file: string) => void execFileSync('mkfifo', [file]), /is not a regular file \(a named pipe\)/],
  ['a folder', async (file: string) => void (await mkdir(file)), /is a folder, not the drafts file/],
])('drafts.json that is %s: the services start and drafts.status says what is wrong', async (_what, make, message) => {
  await make(join(dir, 'drafts.json'));
  const status = await start(dir);
  expect(status.problem).toEqual({ kind: 'unavailable', message: expect.stringMatching(message) });
  const created = await services!.router.invoke('drafts.create', [{ name: 'x' }]);
  expect(created).toMatchObject({ ok: false, error: { code: 'drafts-unavailable' } });
});

test('a data folder that cannot be created: the services start and say so', async () => {
  await writeFile(join(dir, 'file'), 'x');
  const status = await start(join(dir, 'file', 'data'));
  expect(status.problem?.kind).toBe('unavailable');
});
