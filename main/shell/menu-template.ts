// The application menu as plain data, built from core/keymap.ts: every item that runs an app
// command takes its id, label and accelerator from the keymap (never a second definition of a
// shortcut), and a click only names that id; main/shell/app-menu.ts turns the template into
// Electron's menu and sends the id to the renderer, which runs it exactly as the key would.
// Pure and electron-free, so tests check the template itself.
import { electronAccelerator, menuEntries, type CommandId, type MenuName, type Platform } from '../../core/keymap.ts';

/** What main does itself (no renderer command): open a page or a folder. */
export type MainAction = 'open-documentation' | 'report-issue' | 'open-data-folder' | 'open-logs-folder' | 'clear-recent-files';

/** Electron's built-in menu roles this app uses (https://www.electronjs.org/docs/latest/api/menu-item#roles). */
export type MenuRole =
  | 'about'
  | 'services'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'quit'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'pasteAndMatchStyle'
  | 'delete'
  | 'selectAll'
  | 'reload'
  | 'forceReload'
  | 'toggleDevTools'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'minimize'
  | 'zoom'
  | 'close'
  | 'front';

export type MenuItemSpec =
  | { kind: 'command'; command: CommandId; label: string; accelerator?: string; registerAccelerator: false }
  | { kind: 'action'; action: MainAction; label: string; enabled?: false }
  /** File → Open Recent → a file: main asks the renderer to open that path. */
  | { kind: 'recent-file'; path: string; label: string }
  /** A disabled line that only says something ("No Recent Files"). */
  | { kind: 'note'; label: string }
  | { kind: 'role'; role: MenuRole; label?: string }
  /** `role` marks macOS's special submenus: Window (window list), Help (search field). */
  | { kind: 'submenu'; label: string; role?: 'window' | 'help'; items: MenuItemSpec[] }
  | { kind: 'separator' };

export interface MenuOptions {
  platform: Platform;
  /** `app.isPackaged`: a release has no Reload and no DevTools. */
  isPackaged: boolean;
  appName: string;
  /** File → Open Recent's files, newest first (the recent-files list's path and name). */
  recentFiles?: readonly { path: string; name: string }[];
  /** The user's home folder, shown as ~ in Open Recent's labels. */
  home?: string;
}

const separator: MenuItemSpec = { kind: 'separator' };

/** The keymap's items of one menu, with a separator between its groups. */
function commandItems(menu: MenuName, platform: Platform): MenuItemSpec[] {
  const items: MenuItemSpec[] = [];
  let group: number | null = null;
  for (const entry of menuEntries(menu, platform)) {
    if (group !== null && entry.group !== group) items.push(separator);
    group = entry.group;
    // The accelerator is shown, not registered: the renderer's key handler owns the keys (it knows
    // about open dialogs and text fields); a click sends the id instead.
    const accelerator = electronAccelerator(entry.id, platform);
    items.push({ kind: 'command', command: entry.id, label: entry.label, registerAccelerator: false, ...(accelerator ? { accelerator: accelerator.accelerator } : {}) });
  }
  return items;
}

const withSeparator = (items: MenuItemSpec[]): MenuItemSpec[] => (items.length ? [separator, ...items] : []);

const MAX_FOLDER_CHARS = 60;

/** "rules.yaml — ~/work/contoso": the name to find it by, the folder to tell two of them apart. */
export function recentFileLabel(file: { path: string; name: string }, options: Pick<MenuOptions, 'platform' | 'home'>): string {
  const sep = options.platform === 'mac' || !file.path.includes('\\') ? '/' : '\\';
  const cut = file.path.lastIndexOf(sep);
  let folder = cut > 0 ? file.path.slice(0, cut) : cut === 0 ? sep : '';
  const home = options.home?.replace(/[\\/]+$/, '');
  if (home && (folder === home || folder.startsWith(home + sep))) folder = `~${folder.slice(home.length)}`;
  // a long folder keeps its start (the drive, ~) and its end (the nearest folders)
  if (folder.length > MAX_FOLDER_CHARS) folder = `${folder.slice(0, 20)}…${folder.slice(folder.length - (MAX_FOLDER_CHARS - 21))}`;
  const label = folder ? `${file.name} — ${folder}` : file.name;
  // Electron reads a single & as an access-key mark and drops it, on macOS too (electron/electron
  // #9584, #9978): a file named "R&D.yaml" keeps its & only written twice
  return label.replaceAll('&', '&&');
}

/** File → Open Recent: the files (newest first), then Clear Recently Opened. */
function openRecentMenu(options: MenuOptions): MenuItemSpec {
  const files = options.recentFiles ?? [];
  const items: MenuItemSpec[] = files.length
    ? files.map((file) => ({ kind: 'recent-file', path: file.path, label: recentFileLabel(file, options) }) as const)
    : [{ kind: 'note', label: 'No Recent Files' }];
  items.push(separator, { kind: 'action', action: 'clear-recent-files', label: 'Clear Recently Opened', ...(files.length ? {} : { enabled: false as const }) });
  return { kind: 'submenu', label: 'Open Recent', items };
}

export function menuTemplate(options: MenuOptions): MenuItemSpec[] {
  const mac = options.platform === 'mac';
  const template: MenuItemSpec[] = [];
  if (mac) {
    // macOS: the first menu is the app's own, titled with its name (About, Services, Hide, Quit).
    template.push({
      kind: 'submenu',
      label: options.appName,
      items: [
        { kind: 'role', role: 'about', label: `About ${options.appName}` },
        separator,
        { kind: 'role', role: 'services' },
        separator,
        { kind: 'role', role: 'hide' },
        { kind: 'role', role: 'hideOthers' },
        { kind: 'role', role: 'unhide' },
        separator,
        { kind: 'role', role: 'quit' },
      ],
    });
  }
  const file = commandItems('file', options.platform);
  // Open Recent follows the first group (New draft…, Import…, Paste…), as Open… and Open Recent
  // sit together in every desktop app
  const firstBreak = file.findIndex((i) => i.kind === 'separator');
  file.splice(firstBreak < 0 ? file.length : firstBreak, 0, openRecentMenu(options));
  template.push({ kind: 'submenu', label: 'File', items: [...file, separator, mac ? { kind: 'role', role: 'close' } : { kind: 'role', role: 'quit', label: 'Exit' }] });

  // Edit: the draft's own undo/redo (keymap) first, then the standard text-editing roles.
  const edit = commandItems('edit', options.platform);
  const undoRedo = edit.filter((i) => i.kind === 'command' && (i.command === 'edit.undo' || i.command === 'edit.redo'));
  const rest = edit.filter((i) => !undoRedo.includes(i));
  while (rest[0]?.kind === 'separator') rest.shift();
  template.push({
    kind: 'submenu',
    label: 'Edit',
    items: [
      ...undoRedo,
      separator,
      { kind: 'role', role: 'cut' },
      { kind: 'role', role: 'copy' },
      { kind: 'role', role: 'paste' },
      ...(mac ? [{ kind: 'role', role: 'pasteAndMatchStyle' } as const] : []),
      { kind: 'role', role: 'selectAll' },
      ...withSeparator(rest),
    ],
  });

  template.push({
    kind: 'submenu',
    label: 'View',
    items: [
      ...commandItems('view', options.platform),
      separator,
      { kind: 'role', role: 'resetZoom' },
      { kind: 'role', role: 'zoomIn' },
      { kind: 'role', role: 'zoomOut' },
      separator,
      { kind: 'role', role: 'togglefullscreen' },
      // Development only: in a release, Reload would drop unsaved UI state and DevTools would
      // open a console into the signed-in app.
      ...(options.isPackaged ? [] : [separator, { kind: 'role', role: 'reload' } as const, { kind: 'role', role: 'forceReload' } as const, { kind: 'role', role: 'toggleDevTools' } as const]),
    ],
  });

  const go = commandItems('go', options.platform);
  if (go.length) template.push({ kind: 'submenu', label: 'Go', items: go });

  template.push({
    kind: 'submenu',
    label: 'Window',
    role: 'window',
    items: mac
      ? [{ kind: 'role', role: 'minimize' }, { kind: 'role', role: 'zoom' }, separator, { kind: 'role', role: 'front' }]
      : [{ kind: 'role', role: 'minimize' }, { kind: 'role', role: 'close' }],
  });

  template.push({
    kind: 'submenu',
    label: 'Help',
    role: 'help',
    items: [
      { kind: 'action', action: 'open-documentation', label: 'Documentation' },
      ...commandItems('help', options.platform),
      separator,
      { kind: 'action', action: 'open-data-folder', label: 'Open Data Folder' },
      { kind: 'action', action: 'open-logs-folder', label: 'Open Logs Folder' },
      { kind: 'action', action: 'report-issue', label: 'Report an Issue…' },
      // macOS has About in the app menu; elsewhere Help ends with it (the app's About view).
      ...(mac ? [] : [separator, { kind: 'command', command: 'go.about', label: `About ${options.appName}`, registerAccelerator: false } as const]),
    ],
  });
  return template;
}

/** Every item of a template, submenus included, in order. */
export function flattenMenu(items: readonly MenuItemSpec[]): MenuItemSpec[] {
  return items.flatMap((item) => (item.kind === 'submenu' ? [item, ...flattenMenu(item.items)] : [item]));
}
