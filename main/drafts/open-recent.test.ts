// Open Recent through the real router and services: what the renderer may call, what it gets
// back, the prune message, the OS list, and a dropped file recorded only with its own text.
import { mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryKeychain } from '../../test/emulators/memory-keychain.ts';
import { createEventHub } from '../events.ts';
import { createMainServices, type MainServices } from '../services.ts';
import { createOpenRecent } from './open-recent.ts';
import { openRecentFiles, RECENT_FILES_FILE } from './recent-files.ts';

const RULES = 'registry: contoso.azurecr.io\nrules:\n  - name: hub\n    source: docker.io/library/*\n    target: hub/*\n';

let dir: string;
let services: MainServices;
let picked: string | null;
const os = { added: [] as string[], cleared: 0 };
const events: [string, unknown][] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'acr-open-recent-'));
  picked = null;
  os.added = [];
  os.cleared = 0;
  events.length = 0;
  services = await createMainServices({
    dataDir: join(dir, 'data'),
    runtime: { name: 'test', version: '0', versions: {}, platform: process.platform },
    openExternal: async () => {},
    dialogs: { openRuleSetFile: async () => picked, saveRuleSetFile: async () => join(dir, 'exported.yaml'), saveExportFile: async () => null },
    azure: { keychain: async () => createMemoryKeychain(), env: {}, log: () => {} },
    osRecentDocuments: { add: (path) => void os.added.push(path), clear: () => void os.cleared++ },
  });
  services.events.subscribe((channel, payload) => channel.startsWith('recent.') && events.push([channel, payload]));
});
afterEach(async () => {
  await services.dispose();
  await rm(dir, { recursive: true, force: true });
});

async function importThroughDialog(name: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, RULES);
  picked = path;
  expect(await services.router.invoke('drafts.importFile', [])).toMatchObject({ ok: true });
  await expect.poll(() => services.recentFiles.list()[0]?.path).toBe(path);
  return path;
}

const invoke = (channel: string, ...args: unknown[]) => services.router.invoke(channel, args);

describe('Open Recent', () => {
  it('lists what was imported with its path and name only, tells the OS, and reopens it as a new draft', async () => {
    const path = await importThroughDialog('contoso.acrcache.yaml');
    expect(await invoke('recent.list')).toEqual({ ok: true, value: [{ path, name: 'contoso.acrcache.yaml' }] });
    expect(os.added).toEqual([path]);
    expect(events).toContainEqual(['recent.onChanged', [{ path, name: 'contoso.acrcache.yaml' }]]);

    const reopened = (await invoke('recent.open', path)) as { ok: true; value: { draft: { name: string; ruleSet: { rules: unknown[] } } } };
    expect(reopened.ok).toBe(true);
    // a second draft of the same file, named apart from the first
    expect(reopened.value.draft.name).toBe('contoso (2)');
    expect(reopened.value.draft.ruleSet.rules).toHaveLength(1);
    await expect.poll(() => os.added).toEqual([path, path]);
  });

  it('a file that is gone when chosen is taken off the list, with a message naming it', async () => {
    const kept = await importThroughDialog('kept.yaml');
    const gone = await importThroughDialog('gone.yaml');
    await rm(gone);
    expect(await invoke('recent.open', gone)).toEqual({ ok: false, error: { code: 'recent-file-gone', message: `${gone} no longer exists; removed from Open Recent.` } });
    expect(services.recentFiles.list()).toEqual([{ path: kept, name: 'kept.yaml' }]);
    // and on disk: the next start does not offer it again
    const onDisk = JSON.parse(await readFile(join(dir, 'data', RECENT_FILES_FILE), 'utf8')) as { files: { path: string }[] };
    expect(onDisk.files.map((f) => f.path)).toEqual([kept]);
    expect((await stat(join(dir, 'data', RECENT_FILES_FILE))).mode & 0o777).toBe(0o600);
    expect(events.at(-1)).toEqual(['recent.onChanged', [{ path: kept, name: 'kept.yaml' }]]);
  });

  it('refuses a path that is not on the list, and any payload that is not one path', async () => {
    await importThroughDialog('rules.yaml');
    const secret = join(dir, 'secret.json');
    await writeFile(secret, '{"rules": []}');
    expect(await invoke('recent.open', secret)).toEqual({ ok: false, error: { code: 'not-recent', message: `${secret} is not in Open Recent any more. Import it with File → Import… instead.` } });
    for (const args of [[], [42], [''], ['x'.repeat(4097)], [secret, 'extra']]) {
      expect(await services.router.invoke('recent.open', args)).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    }
    expect(await invoke('recent.remove', { path: secret })).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(await invoke('recent.clear', 'all')).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
  });

  it('an export is recorded too; remove takes one file off, clear empties the list and the OS list', async () => {
    const imported = await importThroughDialog('rules.yaml');
    const draft = (services.router.invoke('drafts.list', []) as Promise<{ ok: true; value: { id: string }[] }>).then((r) => r.value[0]!.id);
    expect(await invoke('drafts.exportFile', await draft, 'yaml')).toEqual({ ok: true, value: join(dir, 'exported.yaml') });
    await expect.poll(() => services.recentFiles.list().map((f) => f.name)).toEqual(['exported.yaml', 'rules.yaml']);
    expect(await invoke('recent.remove', join(dir, 'exported.yaml'))).toEqual({ ok: true, value: true });
    expect(await invoke('recent.remove', join(dir, 'exported.yaml'))).toEqual({ ok: true, value: false });
    expect(services.recentFiles.list()).toEqual([{ path: imported, name: 'rules.yaml' }]);
    expect(await invoke('recent.clear')).toEqual({ ok: true, value: undefined });
    expect(services.recentFiles.list()).toEqual([]);
    expect(os.cleared).toBe(1);
  });

  it('the same file reached through a symlink is one entry, under its real path', async () => {
    const real = await importThroughDialog('real.yaml');
    await mkdir(join(dir, 'links'));
    const link = join(dir, 'links', 'alias.yaml');
    await symlink(real, link);
    picked = link;
    expect(await invoke('drafts.importFile')).toMatchObject({ ok: true });
    await expect.poll(() => os.added.length).toBe(2);
    expect(services.recentFiles.list()).toEqual([{ path: real, name: 'real.yaml' }]);
  });

  it('a dropped file is recorded only when the file at that path holds the text that was imported', async () => {
    const dropped = join(dir, 'dropped.yaml');
    await writeFile(dropped, RULES);
    expect(await invoke('recent.recordDropped', dropped, 'rules: []\n')).toEqual({ ok: true, value: false });
    expect(await invoke('recent.recordDropped', join(dir, 'missing.yaml'), RULES)).toEqual({ ok: true, value: false });
    expect(await invoke('recent.recordDropped', 'dropped.yaml', RULES)).toEqual({ ok: true, value: false });
    const notes = join(dir, 'notes.txt');
    await writeFile(notes, RULES);
    expect(await invoke('recent.recordDropped', notes, RULES)).toEqual({ ok: true, value: false });
    expect(services.recentFiles.list()).toEqual([]);
    expect(await invoke('recent.recordDropped', dropped, RULES)).toEqual({ ok: true, value: true });
    expect(services.recentFiles.list()).toEqual([{ path: dropped, name: 'dropped.yaml' }]);
    expect(os.added).toEqual([dropped]);
    expect(await invoke('recent.recordDropped', dropped, 'x'.repeat(20_000_001))).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
  });
});

describe('a file that can no longer be read', () => {
  it('a folder now where the file was is "no longer a file" (the real check)', async () => {
    const file = await importThroughDialog('became-a-folder.yaml');
    await rm(file);
    await mkdir(file);
    expect(await invoke('recent.open', file)).toEqual({ ok: false, error: { code: 'recent-file-gone', message: `${file} is no longer a file; removed from Open Recent.` } });
    expect(services.recentFiles.list()).toEqual([]);
  });

  it('is pruned with a message that names it and says why', async () => {
    const data = await mkdtemp(join(tmpdir(), 'acr-open-recent-unreadable-'));
    try {
      const file = join(data, 'locked.yaml');
      await writeFile(file, RULES);
      const recentFiles = await openRecentFiles(data);
      await recentFiles.add(file, 'imported');
      let imported = 0;
      const recent = createOpenRecent({
        recentFiles,
        importPath: async () => {
          imported++;
          throw new Error('not reached');
        },
        events: createEventHub(),
        // root reads every file whatever its mode, so the check is the one thing replaced here
        checkFile: async () => 'can no longer be read (EACCES)',
      });
      await expect(recent.open(file)).rejects.toMatchObject({ code: 'recent-file-gone', message: `${file} can no longer be read (EACCES); removed from Open Recent.` });
      expect(imported).toBe(0);
      expect(recent.list()).toEqual([]);
    } finally {
      await rm(data, { recursive: true, force: true });
    }
  });
});
