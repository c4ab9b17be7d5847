// The drafts store and service under faults: bad drafts in the file, a full or read-only disk,
// files that are not files. Each case was a way to lose drafts or to show what the disk did not hold.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { CacheRule } from '../../core/model.ts';
import type { Draft, DraftLink } from '../../preload/api.ts';
import { faultFs, type FaultFs } from '../../test/support/fault-fs.ts';
import { engineRuleChecker, engineRuleSetCodec } from './engine-adapters.ts';
import { createDraftService, type FileDialogs } from './service.ts';
import { openDraftStore } from './store.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'acs-store-faults-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const noDialogs: FileDialogs = { openRuleSetFile: async () => null, saveRuleSetFile: async () => null, saveExportFile: async () => null };
const now = () => new Date('2026-12-02T10:00:00Z');

async function service(fs?: FaultFs) {
  const store = await openDraftStore(dir, { now, ...(fs ? { fs } : {}) });
  return createDraftService({ store, dialogs: noDialogs, codec: engineRuleSetCodec, checker: engineRuleChecker, now });
}

const rule = (i: number): CacheRule => ({ name: `rule-${String(i).padStart(4, '0')}`, source: `quay.io/org/repo-${i}`, target: `repo-${i}` });
const draftOf = (id: string, name: string, rules: CacheRule[]): Draft => ({
  id,
  name,
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  ruleSet: { rules, credentialSets: [] },
});
const onDisk = async () => JSON.parse(await readFile(join(dir, 'drafts.json'), 'utf8')) as { drafts: Draft[] };

describe('one bad draft never hides the others', () => {
  test('at start, a draft the schema refuses is set aside alone, reported, and the rest load', async () => {
    const bad = draftOf('bad-1', 'too-long-name', [{ ...rule(1), name: 'n'.repeat(201) }]);
    await writeFile(join(dir, 'drafts.json'), JSON.stringify({ version: 1, drafts: [draftOf('good-1', 'prod', [rule(1)]), bad, draftOf('good-2', 'test', [rule(2)])] }));
    const drafts = await service();
    expect(drafts.list().map((d) => d.name).sort()).toEqual(['prod', 'test']);
    const status = drafts.status();
    expect(status.recovered).toBeNull();
    expect(status.setAside).toEqual({
      movedTo: join(dir, 'drafts.set-aside-2026-12-02T10-00-00-000Z.json'),
      drafts: [{ id: 'bad-1', name: 'too-long-name', reason: 'ruleSet.rules[0].name: is 201 characters long; at most 200 are allowed' }],
    });
    const kept = JSON.parse(await readFile(status.setAside!.movedTo, 'utf8')) as { drafts: { draft: Draft }[] };
    expect(kept.drafts[0]!.draft).toEqual(bad);
    expect((await onDisk()).drafts.map((d) => d.id)).toEqual(['good-1', 'good-2']);
    // the next start finds nothing wrong
    expect((await service()).status().setAside).toBeNull();
  });

  test('a BOM at the start of the drafts file is skipped, as the CLI reader does', async () => {
    await writeFile(join(dir, 'drafts.json'), '\ufeff' + JSON.stringify({ version: 1, drafts: [draftOf('a', 'prod', [rule(1)])] }));
    const drafts = await service();
    expect(drafts.list().map((d) => d.name)).toEqual(['prod']);
    expect(drafts.status()).toMatchObject({ recovered: null, setAside: null, repaired: null });
  });

  test('a trailing comma in a hand-edited drafts file loses nothing: read, reported, original kept', async () => {
    const text = `{"version": 1, "drafts": [${JSON.stringify(draftOf('a', 'prod', [rule(1)]))}, ${JSON.stringify(draftOf('b', 'test', []))},]}`;
    await writeFile(join(dir, 'drafts.json'), text);
    const drafts = await service();
    expect(drafts.list().map((d) => d.name).sort()).toEqual(['prod', 'test']);
    const repaired = drafts.status().repaired!;
    expect(repaired.reason).toMatch(/not strict JSON/);
    expect(await readFile(repaired.movedTo, 'utf8')).toBe(text);
    expect((await onDisk()).drafts).toHaveLength(2);
  });

  test.each([
    ['a 201-character rule name', { rules: [{ ...rule(1), name: 'n'.repeat(201) }] }, 'rules[0].name: is 201 characters long; at most 200 are allowed'],
    ['a 1,001-character source', { rules: [{ ...rule(1), source: 'quay.io/' + 'a'.repeat(993) }] }, 'rules[0].source: is 1,001 characters long; at most 1,000 are allowed'],
    ['a 301-character registry', { registry: 'r'.repeat(301), rules: [] }, 'registry: is 301 characters long; at most 300 are allowed'],
  ])('an import with %s is refused, naming the field, and nothing is stored', async (_what, file, message) => {
    const drafts = await service();
    await expect(drafts.importText('imported', JSON.stringify(file))).rejects.toMatchObject({ code: 'import-failed', message: expect.stringContaining(message) });
    expect(drafts.list()).toEqual([]);
    expect((await service()).status().setAside).toBeNull();
  });

  test('an import of 100,001 rules is refused', async () => {
    const drafts = await service();
    const rules = Array.from({ length: 100_001 }, (_, i) => rule(i));
    await expect(drafts.importText('huge', JSON.stringify({ rules }))).rejects.toMatchObject({ message: expect.stringContaining('rules: has 100,001 entries; at most 100,000 are allowed') });
    expect(drafts.list()).toEqual([]);
  });

  test('the store checks a new draft with its own schema whatever the codec let through', async () => {
    const store = await openDraftStore(dir, { now });
    const lax = { parse: (text: string) => ({ ok: true as const, ruleSet: JSON.parse(text) }), serialize: () => '' };
    const drafts = createDraftService({ store, dialogs: noDialogs, codec: lax, checker: engineRuleChecker });
    await expect(drafts.importText('x', JSON.stringify({ rules: [{ ...rule(1), target: 't'.repeat(1001) }], credentialSets: [] }))).rejects.toMatchObject({
      message: expect.stringContaining('rules[0].target: is 1,001 characters long'),
    });
  });
});

describe('a failed save is not saved later', () => {
  test('on a full disk the edit is rolled back, undo does not record it, and the message says what to do', async () => {
    const fs = faultFs();
    const drafts = await service(fs);
    const { draft } = await drafts.create({ name: 'prod' });
    await drafts.saveRule(draft.id, rule(1), null);
    fs.capacity = fs.used();
    fs.fill();
    const error = await drafts.saveRule(draft.id, rule(2), null).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'save-failed' });
    expect((error as Error).message).toBe(`The change was not saved, and the draft is as it was. The disk that holds ${dir} is full. Free some space there (deleting a draft you no longer need also helps), then try again.`);
    const state = drafts.open(draft.id);
    expect(state.draft.ruleSet.rules).toEqual([rule(1)]);
    expect(state.undo).toBe('Add rule rule-0001');
    // room again: the next save writes only what the user sees
    fs.free(Infinity);
    fs.capacity = Infinity;
    await drafts.saveRule(draft.id, rule(3), null);
    expect((await onDisk()).drafts[0]!.ruleSet.rules).toEqual([rule(1), rule(3)]);
    expect((await drafts.undo(draft.id)).draft.ruleSet.rules).toEqual([rule(1)]);
  });

  test('a failed undo keeps the history where it was', async () => {
    const fs = faultFs();
    const drafts = await service(fs);
    const { draft } = await drafts.create({ name: 'prod' });
    await drafts.saveRule(draft.id, rule(1), null);
    fs.failWritesWith = 'EROFS';
    await expect(drafts.undo(draft.id)).rejects.toMatchObject({ code: 'save-failed', message: expect.stringContaining(`The folder ${dir} is on a read-only disk. Make it writable, or start the app with --data-dir=`) });
    expect(drafts.open(draft.id)).toMatchObject({ undo: 'Add rule rule-0001', redo: null, draft: { ruleSet: { rules: [rule(1)] } } });
    fs.failWritesWith = null;
    expect((await drafts.undo(draft.id)).draft.ruleSet.rules).toEqual([]);
  });

  test('rename, create, import and delete roll back too, and the disk equals what the app shows', async () => {
    const fs = faultFs();
    const drafts = await service(fs);
    const { draft } = await drafts.create({ name: 'prod' });
    fs.failWritesWith = 'EACCES';
    await expect(drafts.rename(draft.id, 'renamed')).rejects.toMatchObject({ message: expect.stringContaining('may not be written by this user') });
    await expect(drafts.create({ name: 'second' })).rejects.toMatchObject({ code: 'save-failed' });
    await expect(drafts.importText('third', JSON.stringify({ rules: [rule(1)] }))).rejects.toMatchObject({ code: 'save-failed' });
    await expect(drafts.remove(draft.id)).rejects.toMatchObject({ code: 'save-failed' });
    expect(drafts.list().map((d) => d.name)).toEqual(['prod']);
    expect((await onDisk()).drafts.map((d) => d.name)).toEqual(['prod']);
  });

  test('deleting a draft frees space even when the disk is full', async () => {
    const fs = faultFs();
    const drafts = await service(fs);
    const big = await drafts.importText('big', JSON.stringify({ rules: Array.from({ length: 300 }, (_, i) => rule(i)) }));
    await drafts.create({ name: 'small' });
    fs.capacity = fs.used();
    fs.fill();
    await expect(drafts.create({ name: 'another' })).rejects.toMatchObject({ code: 'save-failed' });
    await drafts.remove(big.draft.id);
    expect(drafts.list().map((d) => d.name)).toEqual(['small']);
    expect((await onDisk()).drafts.map((d) => d.name)).toEqual(['small']);
  });

  test('concurrent edits on a failing disk leave memory equal to the disk', async () => {
    const fs = faultFs();
    const drafts = await service(fs);
    const { draft } = await drafts.create({ name: 'prod' });
    const first = drafts.saveRule(draft.id, rule(1), null);
    fs.failWritesWith = 'ENOSPC';
    const results = await Promise.allSettled([first, drafts.saveRule(draft.id, rule(2), null), drafts.saveRule(draft.id, rule(3), null)]);
    const saved = results.filter((r) => r.status === 'fulfilled').length;
    fs.failWritesWith = null;
    expect(drafts.open(draft.id).draft.ruleSet.rules).toEqual((await onDisk()).drafts[0]!.ruleSet.rules);
    expect(drafts.open(draft.id).draft.ruleSet.rules).toHaveLength(saved);
  });
});

describe("an apply's result that the disk has no room for is written when it has", () => {
  const link = (fingerprint: string, more = 0): DraftLink => ({
    registry: { accountId: 'AzureCloud|me', tenantId: '00000000-0000-0000-0000-000000000001', registryId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/contoso' },
    loginServer: 'contoso.azurecr.io',
    importedAt: '2026-12-01T00:00:00.000Z',
    baseline: { rules: Object.fromEntries([['rule-0001', fingerprint], ...Array.from({ length: more }, (_, i) => [`other-${i}`, fingerprint])]), credentialSets: {} },
  });

  test('the baseline stays in effect, is reported unsaved, and is written once there is room', async () => {
    const fs = faultFs();
    const drafts = await service(fs);
    const { draft } = await drafts.create({ name: 'prod' });
    await drafts.setLink(draft.id, link('fnv1a64:0000000000000001'));
    fs.capacity = fs.used();
    fs.fill();
    // the apply created rules: the baseline grows, beyond what the space reserve keeps for deletes
    const outcome = await drafts.setLink(draft.id, link('fnv1a64:0000000000000002', 50));
    expect(outcome).toEqual({ saved: false, message: expect.stringContaining('is full') });
    expect(drafts.open(draft.id).draft.link?.baseline.rules['rule-0001']).toBe('fnv1a64:0000000000000002');
    expect(drafts.status().unsaved).toEqual([{ draftId: draft.id, name: 'prod', message: expect.stringContaining('is full') }]);
    expect((await onDisk()).drafts[0]!.link?.baseline.rules['rule-0001']).toBe('fnv1a64:0000000000000001');
    expect(await drafts.retryUnsaved()).toBe(false);
    fs.free(Infinity);
    fs.capacity = Infinity;
    expect(await drafts.retryUnsaved()).toBe(true);
    expect(drafts.status().unsaved).toEqual([]);
    expect((await onDisk()).drafts[0]!.link?.baseline.rules['rule-0001']).toBe('fnv1a64:0000000000000002');
    drafts.dispose();
  });

  test('an edit that fails meanwhile does not take the unsaved baseline with it', async () => {
    const fs = faultFs();
    const drafts = await service(fs);
    const { draft } = await drafts.create({ name: 'prod' });
    fs.failWritesWith = 'ENOSPC';
    await drafts.setLink(draft.id, link('fnv1a64:0000000000000003'));
    await expect(drafts.saveRule(draft.id, rule(1), null)).rejects.toMatchObject({ code: 'save-failed' });
    expect(drafts.open(draft.id).draft.link?.baseline.rules['rule-0001']).toBe('fnv1a64:0000000000000003');
    fs.failWritesWith = null;
    await drafts.saveRule(draft.id, rule(2), null);
    expect(drafts.status().unsaved).toEqual([]);
    expect((await onDisk()).drafts[0]!.link?.baseline.rules['rule-0001']).toBe('fnv1a64:0000000000000003');
    drafts.dispose();
  });
});

describe('startup never fails silently', () => {
  test('drafts.json that is a folder: the store opens empty, says what is wrong, and refuses writes', async () => {
    await mkdir(join(dir, 'drafts.json'));
    await writeFile(join(dir, 'drafts.json', 'keep.txt'), 'x');
    const drafts = await service();
    expect(drafts.status().problem).toEqual({ kind: 'unavailable', message: expect.stringContaining(`${join(dir, 'drafts.json')} is a folder, not the drafts file. Move it away`) });
    await expect(drafts.create({ name: 'x' })).rejects.toMatchObject({ code: 'drafts-unavailable' });
    expect(await readdir(join(dir, 'drafts.json'))).toEqual(['keep.txt']);
  });

  test('drafts.json that is a FIFO: no hang, the problem is named', async () => {
    execFileSync('mkfifo', [join(dir, 'drafts.json')]);
    const drafts = await service();
    expect(drafts.status().problem?.message).toMatch(/is not a regular file \(a named pipe\)\. Move it away/);
    expect(drafts.list()).toEqual([]);
  });

  test('an unreadable drafts file is not overwritten, and the fix is named', async () => {
    await writeFile(join(dir, 'drafts.json'), JSON.stringify({ version: 1, drafts: [draftOf('a', 'prod', [])] }));
    const fs = faultFs();
    fs.readFile = async (path) => {
      throw Object.assign(new Error('EACCES: simulated'), { code: 'EACCES', path });
    };
    const drafts = await service(fs);
    expect(drafts.status().problem?.message).toMatch(/may not be read by this user\. Give yourself read and write access/);
    await expect(drafts.create({ name: 'x' })).rejects.toMatchObject({ code: 'drafts-unavailable' });
    expect((await onDisk()).drafts.map((d) => d.name)).toEqual(['prod']);
  });

  test('a read-only data folder: drafts load, the problem is shown, edits are refused plainly', async () => {
    await writeFile(join(dir, 'drafts.json'), JSON.stringify({ version: 1, drafts: [draftOf('a', 'prod', [])] }));
    const fs = faultFs();
    fs.failWritesWith = 'EROFS';
    const drafts = await service(fs);
    expect(drafts.list().map((d) => d.name)).toEqual(['prod']);
    expect(drafts.status().problem).toEqual({ kind: 'read-only', message: expect.stringContaining(`The folder ${dir} is on a read-only disk`) });
    await expect(drafts.saveRule('a', rule(1), null)).rejects.toMatchObject({ code: 'save-failed' });
    expect(drafts.open('a').draft.ruleSet.rules).toEqual([]);
  });

  test('a data folder that cannot be created is reported, not thrown', async () => {
    await writeFile(join(dir, 'not-a-folder'), 'x');
    const store = await openDraftStore(join(dir, 'not-a-folder', 'data'), { now });
    expect(store.problem?.kind).toBe('unavailable');
  });
});
