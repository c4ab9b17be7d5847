// Packs the app with electron-builder (`--linux dir`) against a stand-in Electron folder, since the
// real Electron zip cannot be downloaded here, then checks what ships in app.asar and that the
// security fuses were flipped in the executable.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { extractFile, listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
// Electron's fuse wire: a sentinel, the wire version, the fuse count, then one byte per fuse
// ('1' on, '0' off) in FuseV1Options order, set to Electron's shipped defaults.
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const DEFAULT_FUSES = '101100011';

let work: string;
let files: string[];
let unpacked: string;
const keytarBuild = join(root, 'node_modules/keytar/build/Release/keytar.node');
let keytarBefore: Buffer;

beforeAll(async () => {
  if (!existsSync(join(root, 'out/main/index.js')) || !existsSync(join(root, 'out/renderer/index.html'))) {
    throw new Error('out/ is missing: run `npm run build` before the packaging test (npm test does).');
  }
  work = await mkdtemp(join(tmpdir(), 'acs-pack-'));
  const electronDist = join(work, 'electron-stand-in');
  await mkdir(join(electronDist, 'resources'), { recursive: true });
  const binary = Buffer.concat([
    Buffer.from('#!/bin/sh\necho "stand-in for the Electron binary"\nexit 0\n# '),
    Buffer.from(SENTINEL),
    Buffer.from([1, DEFAULT_FUSES.length]),
    Buffer.from(DEFAULT_FUSES),
    Buffer.from('\n'),
  ]);
  await writeFile(join(electronDist, 'electron'), binary);
  await chmod(join(electronDist, 'electron'), 0o755);
  await writeFile(join(electronDist, 'version'), 'v45.4.1');
  const output = join(work, 'dist');
  keytarBefore = await readFile(keytarBuild);
  // Offline, and without this machine's `nodedir` npmrc (npm passes it on as npm_config_nodedir):
  // what a CI runner or a developer laptop without network has. A rebuild at pack time would
  // need Electron's headers from the network.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.toLowerCase() !== 'npm_config_nodedir'));
  await run(
    process.execPath,
    [join(root, 'node_modules/electron-builder/cli.js'), '--linux', 'dir', `-c.electronDist=${electronDist}`, `-c.directories.output=${output}`, '-c.electronVersion=45.4.1', '--publish', 'never'],
    { cwd: root, env: { ...env, CI: 'true' }, maxBuffer: 32 * 1024 * 1024 },
  );
  unpacked = join(output, 'linux-unpacked');
  files = listPackage(join(unpacked, 'resources/app.asar'), { isPack: false }).map((f) => f.replaceAll('\\', '/'));
}, 240_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('packaged app (electron-builder --linux dir)', () => {
  test('app.asar holds the built main, preload and renderer', () => {
    for (const file of ['/package.json', '/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html']) {
      expect(files).toContain(file);
    }
    expect(files.some((f) => /^\/out\/renderer\/assets\/index-.*\.js$/.test(f))).toBe(true);
    const pkg = JSON.parse(extractFile(join(unpacked, 'resources/app.asar'), 'package.json').toString()) as { main: string };
    expect(pkg.main).toBe('out/main/index.js');
  });

  test('ships no TypeScript sources, tests, source maps or dev tooling', () => {
    const ours = files.filter((f) => !f.startsWith('/node_modules/'));
    expect(ours.filter((f) => f.endsWith('.ts') || f.endsWith('.svelte'))).toEqual([]);
    expect(ours.filter((f) => /^\/(main|preload|renderer|core|test|docs|build|bin)\//.test(f))).toEqual([]);
    expect(files.filter((f) => /\.(test|spec)\.[cm]?[jt]s$/.test(f) || f.endsWith('.map'))).toEqual([]);
    // build-only packages (tsx and its esbuild, the renderer's bundled d3-hierarchy) stay out too
    for (const dev of ['electron', 'vitest', 'playwright-core', '@playwright/test', 'svelte-check', 'typescript', 'electron-builder', 'vite', 'tsx', 'esbuild', 'd3-hierarchy']) {
      expect(files).not.toContain(`/node_modules/${dev}/package.json`);
    }
    // the runtime dependencies do ship
    for (const dep of ['@azure/msal-node', 'keytar', 'lowdb', 'zod', 'yaml']) {
      expect(files).toContain(`/node_modules/${dep}/package.json`);
    }
  });

  test('ships no secrets: no keys, certificates, env files or token caches', async () => {
    expect(files.filter((f) => /\.(pem|key|crt|p12|pfx)$|\/\.env|\.npmrc$|token-cache|msal-cache/i.test(f))).toEqual([]);
    const mainBundle = extractFile(join(unpacked, 'resources/app.asar'), 'out/main/index.js').toString();
    expect(mainBundle).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
  });

  test('sets every fuse in the executable: asar integrity and app-from-asar on, node-ish entry points off', async () => {
    const wire = (await getCurrentFuseWire(join(unpacked, 'acr-cache-studio'))) as unknown as Record<number, number>;
    const expected: Record<FuseV1Options, boolean> = {
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    };
    const actual = Object.fromEntries(Object.keys(expected).map((i) => [i, wire[Number(i)] === 49])) as Record<FuseV1Options, boolean>;
    expect(actual).toEqual(expected);
    // every fuse this version of @electron/fuses knows is set above: a new one must be decided on
    expect(Object.keys(expected)).toHaveLength(Object.values(FuseV1Options).filter((v) => typeof v === 'number').length);
    const icon = await readFile(join(root, 'build/icon.png'));
    expect(icon.subarray(1, 4).toString()).toBe('PNG');
  });

  test("ships keytar's native build, unpacked from the asar, and leaves the working tree's build in place", async () => {
    const packed = join(unpacked, 'resources/app.asar.unpacked/node_modules/keytar/build/Release/keytar.node');
    expect(existsSync(packed)).toBe(true);
    expect((await readFile(packed)).equals(keytarBefore)).toBe(true);
    // an offline rebuild used to delete node_modules/keytar/build before failing
    expect(existsSync(keytarBuild)).toBe(true);
    expect((await readFile(keytarBuild)).equals(keytarBefore)).toBe(true);
  });
});
