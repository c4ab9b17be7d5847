// The window's copy of the recent files: it believes main's events only when they are a list of
// paths and names, or a request naming one path, and a request goes to the drafts area to open.
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { DesktopApi, RecentFileView } from '../../../../preload/api.ts';
import { folderOf, RecentFilesState } from '../../../../renderer/src/lib/drafts/recent-files.svelte.ts';
import { navigation } from '../../../../renderer/src/lib/navigation.svelte.ts';

type Listener = (payload: unknown) => void;

function fakeApi(initial: RecentFileView[]) {
  const listeners: { changed?: Listener; open?: Listener } = {};
  const calls: string[] = [];
  const api = {
    recent: {
      list: async () => initial,
      remove: async (path: string) => (calls.push(`remove ${path}`), true),
      clear: async () => void calls.push('clear'),
      onChanged: (callback: Listener) => ((listeners.changed = callback), () => delete listeners.changed),
      onOpenRequested: (callback: Listener) => ((listeners.open = callback), () => delete listeners.open),
    },
  } as unknown as DesktopApi;
  return { api, listeners, calls };
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
  navigation.takeRecentToOpen();
  vi.restoreAllMocks();
});

describe('recent files in the window', () => {
  test('loads the list, follows change events, and drops a malformed one with a warning', async () => {
    const { api, listeners } = fakeApi([{ path: '/w/a.yaml', name: 'a.yaml' }]);
    const state = new RecentFilesState();
    cleanups.push(state.connect(api));
    await vi.waitFor(() => expect(state.loaded).toBe(true));
    expect(state.files).toEqual([{ path: '/w/a.yaml', name: 'a.yaml' }]);

    listeners.changed!([{ path: '/w/b.json', name: 'b.json' }]);
    expect(state.files).toEqual([{ path: '/w/b.json', name: 'b.json' }]);

    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    for (const bad of [null, [{ path: '/w/c.yaml' }], [{ path: '/w/c.yaml', name: 'c.yaml', kind: 'imported' }], [{ path: '', name: 'x' }]]) listeners.changed!(bad);
    expect(state.files).toEqual([{ path: '/w/b.json', name: 'b.json' }]);
    expect(warn).toHaveBeenCalledTimes(4);
  });

  test("File → Open Recent's request goes to the drafts area; a malformed one does nothing", async () => {
    const { api, listeners } = fakeApi([]);
    const state = new RecentFilesState();
    cleanups.push(state.connect(api));
    navigation.go('settings');
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    listeners.open!({ path: '/w/a.yaml', extra: true });
    listeners.open!({ path: 42 });
    expect(navigation.recentToOpen).toBeNull();
    expect(navigation.current).toBe('settings');
    listeners.open!({ path: '/w/a.yaml' });
    expect(navigation.current).toBe('drafts');
    expect(navigation.takeRecentToOpen()).toBe('/w/a.yaml');
  });

  test('remove and clear change the list at once, without waiting for the event', async () => {
    const { api, calls } = fakeApi([
      { path: '/w/a.yaml', name: 'a.yaml' },
      { path: '/w/b.yaml', name: 'b.yaml' },
    ]);
    const state = new RecentFilesState();
    cleanups.push(state.connect(api));
    await vi.waitFor(() => expect(state.files).toHaveLength(2));
    await state.remove('/w/a.yaml');
    expect(state.files.map((f) => f.name)).toEqual(['b.yaml']);
    await state.clear();
    expect(state.files).toEqual([]);
    expect(calls).toEqual(['remove /w/a.yaml', 'clear']);
  });

  test('the folder shown under a name, for POSIX and Windows paths', () => {
    expect(folderOf('/home/ana/rules.yaml')).toBe('/home/ana');
    expect(folderOf('/rules.yaml')).toBe('/');
    expect(folderOf('C:\\Users\\ana\\rules.yaml')).toBe('C:\\Users\\ana');
    expect(folderOf('rules.yaml')).toBe('');
  });
});
