// The CLI as a user installs it: cli/ is packed with `npm pack` (after building the bundle) and
// installed into an empty folder outside the repository, offline. `acr-cache --version` and
// `acr-cache lint` then run from that folder's node_modules/.bin, so nothing can come from the
// repository's sources or node_modules.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const exec = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
let work: string;
let installed: string;
let packed: string[];

async function npm(args: string[], cwd: string) {
  // --offline: the package has no dependencies, so installing must not need the registry.
  return exec('npm', [...args, '--offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd, env: { ...process.env, npm_config_update_notifier: 'false' } });
}

beforeAll(async () => {
  await exec(process.execPath, ['cli/build.mjs'], { cwd: root });
  work = await mkdtemp(join(tmpdir(), 'acr-cache-pack-'));
  const { stdout } = await npm(['pack', join(root, 'cli'), '--pack-destination', work, '--json'], root);
  const [info] = JSON.parse(stdout) as [{ filename: string; files: { path: string }[] }];
  packed = info.files.map((f) => f.path).sort();
  installed = join(work, 'project');
  await exec('mkdir', ['-p', installed]);
  await writeFile(join(installed, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  await npm(['install', join(work, info.filename)], installed);
}, 120_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

const bin = () => join(installed, 'node_modules/.bin/acr-cache');

describe('the acr-cache npm package', () => {
  test('ships the bundle and its manifest only, with no runtime dependencies', async () => {
    expect(packed.some((p) => p.startsWith('main/') || p.startsWith('core/') || p.endsWith('.ts'))).toBe(false);
    expect(packed).toContain('dist/acr-cache.mjs');
    expect(packed).toContain('package.json');
    const manifest = JSON.parse(await readFile(join(installed, 'node_modules/acr-cache/package.json'), 'utf8')) as { dependencies?: object };
    expect(Object.keys(manifest.dependencies ?? {})).toEqual([]);
    // nothing else was installed next to it
    expect((await readdir(join(installed, 'node_modules'))).filter((n) => !n.startsWith('.'))).toEqual(['acr-cache']);
  });

  test('acr-cache --version prints the app version', async () => {
    const app = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };
    const { stdout } = await exec(bin(), ['--version'], { cwd: installed });
    expect(stdout).toBe(`${app.version}\n`);
  });

  test('acr-cache lint reads a file and exits 1 on an error, 0 on a clean set', async () => {
    await writeFile(join(installed, 'clean.yaml'), 'registry: contoso.azurecr.io\nrules:\n  - name: dotnet-mcr\n    source: mcr.microsoft.com/dotnet/*\n    target: dotnet/*\n');
    await writeFile(join(installed, 'broken.yaml'), 'rules:\n  - name: hub\n    source: docker.io/library/*\n    target: library/*\n');
    const clean = await exec(bin(), ['lint', 'clean.yaml'], { cwd: installed });
    expect(clean.stdout).toMatch(/clean\.yaml: no problems/);
    const broken = await exec(bin(), ['lint', 'broken.yaml', '--json'], { cwd: installed }).then(
      () => ({ code: 0, stdout: '' }),
      (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
    );
    expect(broken.code).toBe(1);
    expect((JSON.parse(broken.stdout) as { problems: { code: string }[] }).problems.map((p) => p.code)).toContain('credentials-required');
  });
});
