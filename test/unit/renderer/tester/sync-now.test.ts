// The warm-up list's "Sync now" state: per row, and "Sync selected" one after another in list
// order, stoppable between rows; a call that throws leaves its row with the error, not the others.
import { describe, expect, test } from 'vitest';
import type { DesktopApi, SyncNowResult, WarmImage } from '../../../../preload/api.ts';
import { SyncNow } from '../../../../renderer/src/lib/tester/sync-now.svelte.ts';

const ref = { accountId: 'a', tenantId: 't', registryId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/contoso' };
const images: WarmImage[] = ['v1', 'v2', 'v3'].map((tag) => ({ label: `contoso.azurecr.io/library/tiny:${tag}`, repository: 'library/tiny', reference: tag }));

function fakeApi(answer: (image: WarmImage) => Promise<SyncNowResult>): { api: DesktopApi; calls: string[] } {
  const calls: string[] = [];
  const api = { cache: { syncNow: async (_r: unknown, image: WarmImage) => (calls.push(image.reference), answer(image)) } } as unknown as DesktopApi;
  return { api, calls };
}
const synced = (image: WarmImage): SyncNowResult => ({ label: image.label, status: 'synced', message: null, code: null, digest: 'sha256:abc', lastUpdated: null });

describe('SyncNow', () => {
  test('one row: syncing while Azure works, then its result; the other rows untouched', async () => {
    let release: () => void = () => undefined;
    const { api } = fakeApi((image) => new Promise((resolve) => (release = () => resolve(synced(image)))));
    const sync = new SyncNow(api, ref);
    const running = sync.syncOne(1, images[1]!);
    expect(sync.rows.get(1)).toEqual({ state: 'syncing' });
    expect(sync.busy).toBe(true);
    release();
    await running;
    expect(sync.rows.get(1)).toMatchObject({ state: 'done', result: { status: 'synced' } });
    expect(sync.rows.has(0)).toBe(false);
    expect(sync.busy).toBe(false);
  });

  test('Sync selected goes in list order, counts what did not sync, and a thrown error stays on its row', async () => {
    const { api, calls } = fakeApi(async (image) => {
      if (image.reference === 'v2') throw Object.assign(new Error('the window lost the main process'), { code: 'ipc' });
      return synced(image);
    });
    const sync = new SyncNow(api, ref);
    sync.toggle(2, true);
    sync.toggle(0, true);
    sync.toggle(1, true);
    expect(await sync.syncSelected(images)).toEqual({ synced: 2, failed: 1, stopped: false });
    expect(calls).toEqual(['v1', 'v2', 'v3']);
    expect(sync.rows.get(1)).toMatchObject({ state: 'error' });
    expect(sync.rows.get(2)).toMatchObject({ state: 'done' });
    expect(sync.batch).toBeNull();
  });

  test('stop ends a Sync selected after the row in progress', async () => {
    let sync: SyncNow;
    const { api, calls } = fakeApi(async (image) => {
      if (image.reference === 'v1') sync.stop();
      return synced(image);
    });
    sync = new SyncNow(api, ref);
    sync.selectOnly([0, 1, 2]);
    expect(await sync.syncSelected(images)).toEqual({ synced: 1, failed: 0, stopped: true });
    expect(calls).toEqual(['v1']);
  });
});
