import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryKeychain } from '../../test/emulators/memory-keychain.ts';
import { draftNameOfFile } from './service.ts';
import { openRecentFiles, RECENT_FILES_FILE, RECENT_FILES_LIMIT } from './recent-files.ts';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'acr-recent-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('recent files', () => {
  it('keeps the newest first, each path once, at most the limit, and survives a restart', async () => {
    const recent = await openRecentFiles(dir, { exists: async () => true });
    for (let i = 0; i < RECENT_FILES_LIMIT + 3; i++) await recent.add(`/files/${i}.yaml`, 'imported');
    await recent.add('/files/5.yaml', 'exported');
    const { files } = await recent.list();
    expect(files).toHaveLength(RECENT_FILES_LIMIT);
    expect(files[0]).toMatchObject({ path: '/files/5.yaml', kind: 'exported' });
    expect(files.filter((f) => f.path === '/files/5.yaml')).toHaveLength(1);
    expect(files.map((f) => f.path)).not.toContain('/files/0.yaml');
    const again = await openRecentFiles(dir, { exists: async () => true });
    expect((await again.list()).files).toEqual(files);
  });

  it('prunes files that are gone, says which, and writes the shorter list', async () => {
    const kept = join(dir, 'kept.yaml');
    await writeFile(kept, 'rules: []\n');
    const recent = await openRecentFiles(dir);
    await recent.add(join(dir, 'gone.yaml'), 'imported');
    await recent.add(kept, 'imported');
    expect(await recent.list()).toEqual({ files: [expect.objectContaining({ path: kept })], pruned: [join(dir, 'gone.yaml')] });
    expect(recent.has(join(dir, 'gone.yaml'))).toBe(false);
    const onDisk = JSON.parse(await readFile(join(dir, RECENT_FILES_FILE), 'utf8')) as { files: { path: string }[] };
    expect(onDisk.files.map((f) => f.path)).toEqual([kept]);
  });

  it('starts empty from a damaged file instead of failing', async () => {
    await writeFile(join(dir, RECENT_FILES_FILE), '{"files": [{"path": 3}]}');
    expect((await (await openRecentFiles(dir)).list()).files).toEqual([]);
  });

  it('tells listeners of every change (the File menu and the OS list follow it)', async () => {
    const recent = await openRecentFiles(dir, { exists: async () => true });
    const seen: string[][] = [];
    recent.onChange((files) => seen.push(files.map((f) => f.path)));
    await recent.add('/a.yaml', 'imported');
    await recent.add('/b.json', 'exported');
    expect(seen).toEqual([['/a.yaml'], ['/b.json', '/a.yaml']]);
  });
});

describe('a draft named after its file', () => {
  it('drops .acrcache.yaml as one suffix, and a plain extension otherwise', () => {
    expect(draftNameOfFile('/x/contoso-prod.acrcache.yaml')).toBe('contoso-prod');
    expect(draftNameOfFile('/x/contoso.ACRCACHE.yml')).toBe('contoso');
    expect(draftNameOfFile('/x/rules.json')).toBe('rules');
  });
});

describe('the app records what it imports and exports', () => {
  it('an import through the file dialog and an export both land at the top of the list', async () => {
    const { createMainServices } = await import('../services.ts');
    const source = join(dir, 'contoso.acrcache.yaml');
    const target = join(dir, 'out.json');
    await writeFile(source, 'registry: contoso.azurecr.io\nrules:\n  - name: hub\n    source: docker.io/library/*\n    target: hub/*\n');
    const services = await createMainServices({
      dataDir: join(dir, 'data'),
      runtime: { name: 'test', version: '0', versions: {}, platform: process.platform },
      openExternal: async () => {},
      dialogs: { openRuleSetFile: async () => source, saveRuleSetFile: async () => target, saveExportFile: async () => null },
      azure: { keychain: async () => createMemoryKeychain(), env: {}, log: () => {} },
    });
    try {
      const imported = (await services.router.invoke('drafts.importFile', [])) as { ok: true; value: { draft: { id: string; name: string } } };
      expect(imported.value.draft.name).toBe('contoso');
      expect(await services.router.invoke('drafts.exportFile', [imported.value.draft.id, 'json'])).toEqual({ ok: true, value: target });
      await expect.poll(() => services.recentFiles.list()).toEqual([
        { path: target, name: 'out.json' },
        { path: source, name: 'contoso.acrcache.yaml' },
      ]);
      // only the path and the name cross IPC, never when or how the file was used
      expect(await services.router.invoke('recent.list', [])).toEqual({ ok: true, value: services.recentFiles.list() });
    } finally {
      await services.dispose();
    }
  });
});
