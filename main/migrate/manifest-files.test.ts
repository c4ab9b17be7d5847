import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createManifestFiles, isManifestName, MAX_MANIFEST_BYTES } from './manifest-files.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'acs-manifests-'));
});
afterEach(async () => {
  await chmod(dir, 0o700).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

const picked = (paths: string[] | null) => createManifestFiles({ openManifests: async () => paths });

describe('reading manifests the user picked', () => {
  test('a folder is read recursively for YAML and Dockerfiles, skipping dependencies, VCS folders and other files', async () => {
    await mkdir(join(dir, 'k8s/base'), { recursive: true });
    await mkdir(join(dir, 'node_modules/pkg'), { recursive: true });
    await mkdir(join(dir, '.git'), { recursive: true });
    await writeFile(join(dir, 'k8s/base/deploy.yaml'), 'image: nginx:1.27\n');
    await writeFile(join(dir, 'compose.yml'), 'services: {}\n');
    await writeFile(join(dir, 'Dockerfile'), 'FROM node:20\n');
    await writeFile(join(dir, 'api.Dockerfile'), 'FROM python:3.12\n');
    await writeFile(join(dir, 'README.md'), '# not a manifest\n');
    await writeFile(join(dir, 'node_modules/pkg/values.yaml'), 'image: x\n');
    await writeFile(join(dir, '.git/config.yaml'), 'x: y\n');
    const selection = await picked([dir]).open('folder');
    expect(selection?.files.map((f) => f.name).sort()).toEqual(['Dockerfile', 'api.Dockerfile', 'compose.yml', join('k8s', 'base', 'deploy.yaml')].sort());
    expect(selection?.files.find((f) => f.name === 'Dockerfile')?.content).toBe('FROM node:20\n');
  });

  test('a file over the size limit and a binary file are named with the reason, the rest are read', async () => {
    await writeFile(join(dir, 'huge.yaml'), Buffer.alloc(MAX_MANIFEST_BYTES + 1, 'a'));
    await writeFile(join(dir, 'blob.yaml'), Buffer.from([0x69, 0x00, 0x01]));
    await writeFile(join(dir, 'ok.yaml'), '\uFEFFimage: nginx\n');
    const selection = await picked([join(dir, 'huge.yaml'), join(dir, 'blob.yaml'), join(dir, 'ok.yaml')]).open('files');
    expect(selection?.files.map((f) => [f.name, f.content])).toEqual([['ok.yaml', 'image: nginx\n']]);
    expect(selection?.skipped).toEqual([
      { name: 'huge.yaml', reason: expect.stringMatching(/over the 2 MB/) },
      { name: 'blob.yaml', reason: expect.stringMatching(/binary/) },
    ]);
  });

  test('a cancelled dialog gives null', async () => {
    expect(await picked(null).open('files')).toBeNull();
  });
});

describe('saving rewritten manifests', () => {
  test('writes the new content over the file it was read from and keeps its permissions', async () => {
    const path = join(dir, 'deploy.yaml');
    await writeFile(path, 'image: nginx:1.27\n', { mode: 0o644 });
    const files = picked([path]);
    const [file] = (await files.open('files'))!.files;
    const results = await files.save([{ handle: file!.handle, content: 'image: contoso.azurecr.io/library/nginx:1.27\n' }]);
    expect(results).toEqual([{ handle: file!.handle, name: 'deploy.yaml', ok: true }]);
    expect(await readFile(path, 'utf8')).toBe('image: contoso.azurecr.io/library/nginx:1.27\n');
    expect((await stat(path)).mode & 0o777).toBe(0o644);
  });

  test('refuses a file someone changed on disk since it was opened, and leaves it as they wrote it', async () => {
    const path = join(dir, 'deploy.yaml');
    await writeFile(path, 'image: nginx:1.27\n');
    const files = picked([path]);
    const [file] = (await files.open('files'))!.files;
    await writeFile(path, 'image: nginx:1.28\n');
    const [result] = await files.save([{ handle: file!.handle, content: 'image: contoso.azurecr.io/library/nginx:1.27\n' }]);
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/changed on disk since it was opened; nothing was written/) });
    expect(await readFile(path, 'utf8')).toBe('image: nginx:1.28\n');
  });

  test('a file deleted since it was opened is reported, not re-created', async () => {
    const path = join(dir, 'gone.yaml');
    await writeFile(path, 'image: a\n');
    const files = picked([path]);
    const [file] = (await files.open('files'))!.files;
    await rm(path);
    const [result] = await files.save([{ handle: file!.handle, content: 'image: b\n' }]);
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/not saved: .*moved or deleted/) });
    await expect(stat(path)).rejects.toThrow();
  });

  // root writes through directory permissions, so this case can only be seen as another user
  test.skipIf(process.getuid?.() === 0)('a folder that is not writable is reported with the file left unchanged', async () => {
    const path = join(dir, 'deploy.yaml');
    await writeFile(path, 'image: a\n');
    const files = picked([path]);
    const [file] = (await files.open('files'))!.files;
    await chmod(dir, 0o500);
    const [result] = await files.save([{ handle: file!.handle, content: 'image: b\n' }]);
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/not writable/) });
    expect(await readFile(path, 'utf8')).toBe('image: a\n');
  });

  test('a handle that was never opened is refused: the renderer cannot name a file of its own', async () => {
    await expect(picked([]).save([{ handle: '00000000-0000-4000-8000-000000000000', content: 'x' }])).rejects.toThrow(/not opened in this session/);
  });
});

test('manifest names: YAML and Dockerfiles/Containerfiles, nothing else', () => {
  expect(['a.yaml', 'b.YML', 'Dockerfile', 'Dockerfile.prod', 'app.dockerfile', 'Containerfile'].every(isManifestName)).toBe(true);
  expect(['a.json', 'README.md', 'dockerfiles.txt'].some(isManifestName)).toBe(false);
});
