// The application menu's template: built from the keymap, no development entries in a release,
// macOS conventions, and accelerators that are the keymap's own.
import { describe, expect, test } from 'vitest';
import { COMMANDS, electronAccelerator, type Platform } from '../../core/keymap.ts';
import { flattenMenu, menuTemplate, recentFileLabel, type MenuItemSpec } from './menu-template.ts';

const build = (platform: Platform, isPackaged: boolean) => menuTemplate({ platform, isPackaged, appName: 'ACR Cache Studio' });
const roles = (items: MenuItemSpec[]) => flattenMenu(items).flatMap((i) => (i.kind === 'role' ? [i.role] : []));
const titles = (items: MenuItemSpec[]) => items.map((i) => (i.kind === 'submenu' ? i.label : i.kind));
const menu = (items: MenuItemSpec[], label: string) => {
  const found = items.find((i) => i.kind === 'submenu' && i.label === label);
  if (!found || found.kind !== 'submenu') throw new Error(`no ${label} menu`);
  return found.items;
};
const commands = (items: MenuItemSpec[]) => flattenMenu(items).flatMap((i) => (i.kind === 'command' ? [i.command] : []));

describe('application menu template', () => {
  test.each(['mac', 'other'] as const)('a release build (%s) has no Reload, Force Reload or Toggle DevTools', (platform) => {
    const release = roles(build(platform, true));
    for (const role of ['reload', 'forceReload', 'toggleDevTools'] as const) expect(release).not.toContain(role);
    // development keeps them, in the View menu
    expect(roles(menu(build(platform, false), 'View'))).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']));
  });

  test.each(['mac', 'other'] as const)('every accelerator (%s) is the keymap one, and none is registered by the menu', (platform) => {
    const items = flattenMenu(build(platform, true)).filter((i): i is Extract<MenuItemSpec, { kind: 'command' }> => i.kind === 'command');
    expect(items.length).toBeGreaterThan(10);
    for (const item of items) {
      expect(item.registerAccelerator).toBe(false);
      const fromKeymap = electronAccelerator(item.command, platform)?.accelerator;
      // Help → About (elsewhere than macOS) repeats go.about without its key: one key, one place
      if (item.accelerator !== undefined) expect(item.accelerator).toBe(fromKeymap);
    }
    expect(items.find((i) => i.command === 'edit.undo')?.accelerator).toBe(platform === 'mac' ? 'Command+Z' : 'Control+Z');
    expect(items.find((i) => i.command === 'edit.redo')?.accelerator).toBe(platform === 'mac' ? 'Command+Shift+Z' : 'Control+Shift+Z');
    // an accelerator appears at most once in the whole menu
    const shown = items.flatMap((i) => (i.accelerator ? [i.accelerator] : []));
    expect(new Set(shown).size).toBe(shown.length);
  });

  test('every keymap command placed in a menu is in the menu, once, with the keymap label', () => {
    const template = build('other', true);
    const placed = COMMANDS.filter((c) => c.menu);
    const items = flattenMenu(template).filter((i): i is Extract<MenuItemSpec, { kind: 'command' }> => i.kind === 'command');
    for (const c of placed) expect(items.filter((i) => i.command === c.id && i.label === c.label)).toHaveLength(1);
    // and nothing else: every command item is one of the keymap's
    expect(items.every((i) => COMMANDS.some((c) => c.id === i.command))).toBe(true);
  });

  test('File, Edit, View, Window and Help hold what the issue asks for', () => {
    const template = build('other', true);
    expect(titles(template)).toEqual(['File', 'Edit', 'View', 'Go', 'Window', 'Help']);
    expect(commands(menu(template, 'File')).slice(0, 3)).toEqual(['draft.new', 'draft.import', 'draft.paste']);
    expect(commands(menu(template, 'File'))).toEqual(expect.arrayContaining(['draft.export-code', 'draft.export-yaml', 'draft.export-json']));
    const edit = menu(template, 'Edit');
    expect(commands(edit).slice(0, 2)).toEqual(['edit.undo', 'edit.redo']);
    expect(roles(edit)).toEqual(['cut', 'copy', 'paste', 'selectAll']);
    expect(roles(menu(template, 'View'))).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
    expect(commands(menu(template, 'View'))).toEqual(expect.arrayContaining(['view.rules-table', 'view.overlap-map', 'palette.open']));
    const help = flattenMenu(menu(template, 'Help'));
    expect(help.flatMap((i) => (i.kind === 'action' ? [i.action] : []))).toEqual(['open-documentation', 'open-data-folder', 'open-logs-folder', 'report-issue']);
    expect(commands(help)).toEqual(['help.shortcuts', 'go.about']);
    expect(roles(menu(template, 'File'))).toEqual(['quit']);
  });

  test('macOS: app menu first (About, Services, Hide, Quit), Window and Help roles', () => {
    const template = build('mac', true);
    expect(titles(template)).toEqual(['ACR Cache Studio', 'File', 'Edit', 'View', 'Go', 'Window', 'Help']);
    expect(roles(menu(template, 'ACR Cache Studio'))).toEqual(['about', 'services', 'hide', 'hideOthers', 'unhide', 'quit']);
    expect(roles(menu(template, 'File'))).toEqual(['close']);
    expect(template.find((i) => i.kind === 'submenu' && i.label === 'Window')).toMatchObject({ role: 'window' });
    expect(template.find((i) => i.kind === 'submenu' && i.label === 'Help')).toMatchObject({ role: 'help' });
    expect(roles(menu(template, 'Edit'))).toContain('pasteAndMatchStyle');
    // About lives in the app menu on macOS, not in Help
    expect(commands(menu(template, 'Help'))).toEqual(['help.shortcuts']);
  });

  test('no separator at the start or end of a menu, never two in a row', () => {
    for (const template of [build('mac', false), build('other', true)]) {
      for (const item of flattenMenu(template)) {
        if (item.kind !== 'submenu') continue;
        expect(item.items[0]?.kind).not.toBe('separator');
        expect(item.items.at(-1)?.kind).not.toBe('separator');
        item.items.forEach((child, i) => child.kind === 'separator' && expect(item.items[i + 1]?.kind).not.toBe('separator'));
      }
    }
  });
});

describe('File → Open Recent', () => {
  const files = [
    { path: '/home/ana/work/contoso/rules.yaml', name: 'rules.yaml' },
    { path: '/srv/shared/R&D rules.json', name: 'R&D rules.json' },
  ];
  const openRecent = (platform: Platform, recentFiles = files) => {
    const file = menu(menuTemplate({ platform, isPackaged: true, appName: 'ACR Cache Studio', recentFiles, home: '/home/ana' }), 'File');
    const found = file.find((i) => i.kind === 'submenu' && i.label === 'Open Recent');
    if (!found || found.kind !== 'submenu') throw new Error('no Open Recent submenu');
    return { file, items: found.items, at: file.indexOf(found) };
  };

  test.each(['mac', 'other'] as const)('(%s) sits after New draft…, Import… and Paste…, lists the files newest first, then Clear Recently Opened', (platform) => {
    const { file, items, at } = openRecent(platform);
    expect(file.slice(0, at).map((i) => (i.kind === 'command' ? i.command : i.kind))).toEqual(['draft.new', 'draft.import', 'draft.paste']);
    expect(file[at + 1]?.kind).toBe('separator');
    expect(items.map((i) => i.kind)).toEqual(['recent-file', 'recent-file', 'separator', 'action']);
    expect(items.flatMap((i) => (i.kind === 'recent-file' ? [i.path] : []))).toEqual(files.map((f) => f.path));
    expect(items.at(-1)).toEqual({ kind: 'action', action: 'clear-recent-files', label: 'Clear Recently Opened' });
  });

  test('labels name the file, then its folder with ~ for home; an & is written twice (a single one marks an access key and is not shown)', () => {
    const labels = (platform: Platform) => openRecent(platform).items.flatMap((i) => (i.kind === 'recent-file' ? [i.label] : []));
    expect(labels('other')).toEqual(['rules.yaml — ~/work/contoso', 'R&&D rules.json — /srv/shared']);
    expect(labels('mac')).toEqual(['rules.yaml — ~/work/contoso', 'R&&D rules.json — /srv/shared']);
    expect(recentFileLabel({ path: 'C:\\Users\\ana\\rules\\prod.acrcache.yaml', name: 'prod.acrcache.yaml' }, { platform: 'other', home: 'C:\\Users\\ana' })).toBe('prod.acrcache.yaml — ~\\rules');
    const deep = recentFileLabel({ path: `/data/${'nested/'.repeat(20)}rules.yaml`, name: 'rules.yaml' }, { platform: 'other' });
    expect(deep).toMatch(/^rules\.yaml — \/data\/nested\/nested\/….*\/nested$/);
    expect(deep.length).toBeLessThan('rules.yaml — '.length + 62);
  });

  test('with no recent files it says so, and Clear Recently Opened is disabled', () => {
    const { items } = openRecent('other', []);
    expect(items).toEqual([{ kind: 'note', label: 'No Recent Files' }, { kind: 'separator' }, { kind: 'action', action: 'clear-recent-files', label: 'Clear Recently Opened', enabled: false }]);
  });
});
