import { describe, expect, test, vi } from 'vitest';
import { createUpdateService, type Updater, type UpdateSettings, type UpdateStatus } from './update-service.ts';

/** electron-updater's autoUpdater, mocked: events are fired by the test. */
function fakeUpdater(check: () => Promise<unknown> = async () => null) {
  const listeners = new Map<string, (arg?: unknown) => void>();
  const updater = {
    autoDownload: false,
    allowPrerelease: false,
    channel: null as string | null,
    checkForUpdates: vi.fn(check),
    quitAndInstall: vi.fn(),
    on: (event: string, listener: (arg?: unknown) => void) => listeners.set(event, listener),
  };
  return { updater: updater as unknown as Updater & typeof updater, fire: (event: string, arg?: unknown) => listeners.get(event)!(arg) };
}

function service(updater: Updater | null, settings: UpdateSettings = { checkAtStart: true, channel: 'latest' }) {
  const statuses: UpdateStatus[] = [];
  const updates = createUpdateService({ updater, settings: () => settings, onStatus: (s) => statuses.push(s) });
  return { updates, statuses };
}

describe('updates', () => {
  test('a packaged app checks at start, downloads, and offers Restart to update once the download is in', async () => {
    const { updater, fire } = fakeUpdater();
    const { updates, statuses } = service(updater);
    await updates.start();
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(1);
    expect(updater.autoDownload).toBe(true);
    fire('checking-for-update');
    fire('update-available', { version: '0.2.0' });
    fire('download-progress', { percent: 41.6 });
    expect(updates.restart()).toBe(false);
    fire('update-downloaded', { version: '0.2.0' });
    expect(statuses.map((s) => s.state)).toEqual(['checking', 'downloading', 'downloading', 'ready']);
    expect(statuses[2]).toEqual({ state: 'downloading', version: '0.2.0', percent: 42 });
    expect(updates.restart()).toBe(true);
    expect(updater.quitAndInstall).toHaveBeenCalledTimes(1);
  });

  test('no check at start when the user turned it off; a check by hand still works, on the chosen channel', async () => {
    const { updater } = fakeUpdater();
    const settings: UpdateSettings = { checkAtStart: false, channel: 'beta' };
    const { updates } = service(updater, settings);
    await updates.start();
    expect(updater.checkForUpdates).not.toHaveBeenCalled();
    await updates.check();
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(1);
    expect(updater).toMatchObject({ channel: 'beta', allowPrerelease: true });
  });

  test('a failed check (offline) is a status with the reason, not a crash', async () => {
    const { updater, fire } = fakeUpdater(async () => {
      throw new Error('net::ERR_INTERNET_DISCONNECTED\n    at stack');
    });
    const { updates } = service(updater);
    expect(await updates.check()).toEqual({ state: 'error', message: 'Could not check for updates: net::ERR_INTERNET_DISCONNECTED' });
    fire('error', new Error('HttpError: 404 latest-linux.yml'));
    expect(updates.status()).toEqual({ state: 'error', message: 'Could not check for updates: HttpError: 404 latest-linux.yml' });
  });

  test('a development build says it does not update itself, and never restarts', async () => {
    const { updates } = service(null);
    await updates.start();
    expect(updates.status()).toMatchObject({ state: 'disabled', message: expect.stringMatching(/does not update itself/) });
    expect(updates.restart()).toBe(false);
  });
});
