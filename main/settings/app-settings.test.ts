import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { APP_SETTINGS_FILE, appSettingsUpdateSchema, DEFAULT_APP_SETTINGS, openAppSettings } from './app-settings.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'acs-settings-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('app settings', () => {
  test('start with the defaults: system theme, a 15-minute repository cache, updates checked at start on the stable channel', async () => {
    const settings = await openAppSettings(dir);
    expect(settings.get()).toEqual({ theme: 'system', repositoryCacheMinutes: 15, updates: { checkAtStart: true, channel: 'latest' } });
    expect(DEFAULT_APP_SETTINGS).toEqual(settings.get());
  });

  test('an update is written before it takes effect and survives a restart; a partial update keeps the rest', async () => {
    const settings = await openAppSettings(dir);
    const seen: string[] = [];
    settings.onChange((s) => seen.push(s.theme));
    await settings.update({ theme: 'dark' });
    await settings.update({ updates: { checkAtStart: false } });
    expect((await openAppSettings(dir)).get()).toEqual({ theme: 'dark', repositoryCacheMinutes: 15, updates: { checkAtStart: false, channel: 'latest' } });
    expect(JSON.parse(await readFile(join(dir, APP_SETTINGS_FILE), 'utf8')).theme).toBe('dark');
    expect(seen).toEqual(['dark', 'dark']);
  });

  test('an unreadable or foreign file is a fresh start with the defaults', async () => {
    await writeFile(join(dir, APP_SETTINGS_FILE), '{"theme":"neon","extra":1}');
    expect((await openAppSettings(dir)).get()).toEqual(DEFAULT_APP_SETTINGS);
    await writeFile(join(dir, APP_SETTINGS_FILE), 'not json');
    expect((await openAppSettings(dir)).get()).toEqual(DEFAULT_APP_SETTINGS);
  });

  test('values the app cannot use are refused at the door', () => {
    expect(appSettingsUpdateSchema.safeParse({ theme: 'neon' }).success).toBe(false);
    expect(appSettingsUpdateSchema.safeParse({ repositoryCacheMinutes: -1 }).success).toBe(false);
    expect(appSettingsUpdateSchema.safeParse({ repositoryCacheMinutes: 2.5 }).success).toBe(false);
    expect(appSettingsUpdateSchema.safeParse({ updates: { channel: 'nightly' } }).success).toBe(false);
    expect(appSettingsUpdateSchema.safeParse({ dataDir: '/etc' }).success).toBe(false);
  });

  test('a failed write changes nothing and says where and what to do', async () => {
    // a data "folder" that is a file: no one, not even root, can write under it
    const notAFolder = join(dir, 'blocked');
    await writeFile(notAFolder, '');
    const settings = await openAppSettings(notAFolder);
    await expect(settings.update({ theme: 'light' })).rejects.toThrow(/settings were not saved \(ENOTDIR\) to .*blocked.*; nothing changed/);
    expect(settings.get().theme).toBe('system');
  });
});
