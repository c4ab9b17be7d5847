// The draft store on real disks that fail: a tmpfs that fills up, one remounted read-only, and a
// writer SIGKILLed mid-write. Mounting needs root (CI and these machines run as root); where the
// mount is refused the disk tests say so and are skipped, the kill test always runs.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, statfs, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { engineRuleChecker, engineRuleSetCodec } from '../../main/drafts/engine-adapters.ts';
import { createDraftService } from '../../main/drafts/service.ts';
import { openDraftStore } from '../../main/drafts/store.ts';
import { readStoreDocument } from '../../main/drafts/store-document.ts';

const noDialog = async () => null;
const service = async (dir: string) =>
  createDraftService({ store: await openDraftStore(dir), dialogs: { openRuleSetFile: noDialog, saveRuleSetFile: noDialog, saveExportFile: noDialog }, codec: engineRuleSetCodec, checker: engineRuleChecker });
const rules = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `rule-${i}`, source: `quay.io/org/repository-${i}`, target: `repository-${i}` }));

let mountPoint = '';
let mounted = false;
beforeAll(async () => {
  mountPoint = await mkdtemp(join(tmpdir(), 'acs-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', mountPoint], { stdio: 'ignore' });
    mounted = true;
  } catch {
    console.warn('drafts-disk: mounting a tmpfs was refused (not root?); the full and read-only disk tests are skipped');
  }
});
afterAll(async () => {
  if (mounted) execFileSync('umount', ['-l', mountPoint], { stdio: 'ignore' });
  await rm(mountPoint, { recursive: true, force: true });
});

describe('a real disk', () => {
  test('full: an edit fails with the disk named and is rolled back; deleting a draft still works', async (ctx) => {
    if (!mounted) ctx.skip();
    const dir = join(mountPoint, 'full');
    const drafts = await service(dir);
    const big = await drafts.importText('big', JSON.stringify({ rules: rules(400) }));
    const { draft } = await drafts.create({ name: 'small' });
    const { bavail, bsize } = await statfs(mountPoint);
    await writeFile(join(mountPoint, 'filler'), Buffer.alloc(Number(bavail) * Number(bsize))).catch(() => undefined);
    await expect(drafts.importText('third', JSON.stringify({ rules: rules(50) }))).rejects.toMatchObject({ code: 'save-failed', message: expect.stringContaining(`The disk that holds ${dir} is full`) });
    await expect(drafts.saveRule(draft.id, rules(401)[400]!, null)).rejects.toMatchObject({ code: 'save-failed' });
    expect(drafts.open(draft.id).draft.ruleSet.rules).toEqual([]);
    await drafts.remove(big.draft.id);
    const onDisk = readStoreDocument(await readFile(join(dir, 'drafts.json'), 'utf8'));
    expect(onDisk.ok && onDisk.document.drafts.map((d) => d.name)).toEqual(['small']);
    await rm(join(mountPoint, 'filler'));
    await drafts.saveRule(draft.id, rules(1)[0]!, null);
    expect((await service(dir)).open(draft.id).draft.ruleSet.rules).toHaveLength(1);
  });

  test('read-only: drafts load, the problem is reported at start, an edit is refused with the fix', async (ctx) => {
    if (!mounted) ctx.skip();
    const dir = join(mountPoint, 'ro');
    const { draft } = await (await service(dir)).create({ name: 'prod' });
    execFileSync('mount', ['-o', 'remount,ro', mountPoint]);
    try {
      const drafts = await service(dir);
      expect(drafts.list().map((d) => d.name)).toEqual(['prod']);
      expect(drafts.status().problem).toEqual({ kind: 'read-only', message: expect.stringContaining(`The folder ${dir} is on a read-only disk`) });
      await expect(drafts.saveRule(draft.id, rules(1)[0]!, null)).rejects.toMatchObject({ code: 'save-failed', message: expect.stringContaining('--data-dir=') });
      expect(drafts.open(draft.id).draft.ruleSet.rules).toEqual([]);
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', mountPoint]);
    }
  });
});

describe('SIGKILL', () => {
  test('a writer killed at random moments never leaves a drafts file that loses a draft', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'acs-kill-'));
    const child = resolve('test/support/draft-writer-child.ts');
    const KILLS = 8;
    try {
      for (let k = 0; k < KILLS; k++) {
        await new Promise<void>((done, fail) => {
          // node itself, with tsx as a loader: killing a tsx wrapper would leave its node child writing
          const proc = spawn(process.execPath, ['--import', 'tsx', child, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
          const timer = setTimeout(() => fail(new Error('the writer never got ready')), 15_000);
          proc.stdout.once('data', () => {
            setTimeout(() => proc.kill('SIGKILL'), 20 + Math.floor(Math.random() * 200));
          });
          proc.once('exit', () => {
            clearTimeout(timer);
            done();
          });
        });
        const drafts = await service(dir);
        expect(drafts.status()).toMatchObject({ recovered: null, setAside: null, repaired: null, problem: null });
        expect(drafts.list().map((d) => d.name)).toEqual(['victim']);
      }
      expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
