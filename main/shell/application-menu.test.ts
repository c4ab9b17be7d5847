// The installed application menu with Electron's Menu faked: Open Recent follows the list, a
// click on a file brings the window up and asks the renderer to open it, Clear empties the list
// and the OS's; the OS list is used only where Electron has one.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createOpenRecent } from '../drafts/open-recent.ts';
import { openRecentFiles } from '../drafts/recent-files.ts';
import { createEventHub } from '../events.ts';
import type { ElectronMenuItem } from './app-menu.ts';
import { electronRecentDocuments, installApplicationMenu } from './application-menu.ts';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'acr-app-menu-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

function openRecentSubmenu(template: ElectronMenuItem[]): ElectronMenuItem[] {
  const file = template.find((i) => i.label === 'File')?.submenu ?? [];
  const recent = file.find((i) => i.label === 'Open Recent');
  if (!recent?.submenu) throw new Error('no File → Open Recent');
  return recent.submenu;
}

describe('the installed application menu', () => {
  test('is rebuilt when the recent files change; a file opens through the renderer, Clear empties both lists', async () => {
    const events = createEventHub();
    const sent: [string, unknown][] = [];
    events.subscribe((channel, payload) => sent.push([channel, payload]));
    const os = { added: [] as string[], cleared: 0 };
    const recent = createOpenRecent({
      recentFiles: await openRecentFiles(dir, { exists: async () => true }),
      importPath: () => Promise.reject(new Error('the menu never imports itself')),
      events,
      os: { add: (path) => void os.added.push(path), clear: () => void os.cleared++ },
    });
    const installed: ElectronMenuItem[][] = [];
    let shown = 0;
    let windowOpen = true;
    const openedWithoutWindow: string[] = [];
    const stop = installApplicationMenu(
      { buildFromTemplate: (template) => template, setApplicationMenu: (menu) => menu && installed.push(menu) },
      { platform: 'other', isPackaged: true, appName: 'ACR Cache Studio', home: '/home/ana' },
      {
        events,
        recent,
        showWindow: () => (shown++, windowOpen),
        openWithoutWindow: (path) => void openedWithoutWindow.push(path),
        onError: (what, error) => {
          throw new Error(`${what}: ${String(error)}`);
        },
        actions: { 'open-documentation': () => {}, 'report-issue': () => {}, 'open-data-folder': () => {}, 'open-logs-folder': () => {} },
      },
    );
    expect(openRecentSubmenu(installed.at(-1)!).map((i) => [i.label, i.enabled])).toEqual([
      ['No Recent Files', false],
      [undefined, undefined],
      ['Clear Recently Opened', false],
    ]);

    await recent.record('/home/ana/rules/prod.yaml', 'imported');
    await recent.record('/home/ana/rules/dev.yaml', 'exported');
    expect(installed).toHaveLength(3);
    const items = openRecentSubmenu(installed.at(-1)!);
    expect(items.map((i) => i.label)).toEqual(['dev.yaml — ~/rules', 'prod.yaml — ~/rules', undefined, 'Clear Recently Opened']);
    expect(os.added).toEqual(['/home/ana/rules/prod.yaml', '/home/ana/rules/dev.yaml']);

    items[1]!.click!();
    expect(shown).toBe(1);
    expect(sent.at(-1)).toEqual(['recent.onOpenRequested', { path: '/home/ana/rules/prod.yaml' }]);
    // macOS with every window closed: the request would reach no renderer, so the file is queued for the new window
    windowOpen = false;
    const before = sent.length;
    items[0]!.click!();
    expect(shown).toBe(2);
    expect(openedWithoutWindow).toEqual(['/home/ana/rules/dev.yaml']);
    expect(sent.slice(before).filter(([channel]) => channel === 'recent.onOpenRequested')).toEqual([]);

    items.at(-1)!.click!();
    await expect.poll(() => openRecentSubmenu(installed.at(-1)!)[0]?.label).toBe('No Recent Files');
    expect(os.cleared).toBe(1);
    expect(recent.list()).toEqual([]);

    stop();
    const count = installed.length;
    await recent.record('/home/ana/rules/after.yaml', 'imported');
    expect(installed).toHaveLength(count);
  });

  test('the OS recent documents are Electron’s on Windows and macOS only', () => {
    const calls: string[] = [];
    const app = { addRecentDocument: (path: string) => void calls.push(`add ${path}`), clearRecentDocuments: () => void calls.push('clear') };
    expect(electronRecentDocuments(app, 'linux')).toBeUndefined();
    expect(electronRecentDocuments({}, 'win32')).toBeUndefined();
    for (const platform of ['win32', 'darwin'] as const) {
      const os = electronRecentDocuments(app, platform)!;
      os.add('C:\\rules.yaml');
      os.clear();
    }
    expect(calls).toEqual(['add C:\\rules.yaml', 'clear', 'add C:\\rules.yaml', 'clear']);
  });
});
