// The one keyboard map of the app, as data: every command that has a name (and most have a key)
// is listed here once, with its keys per platform, where it applies, its label and where it
// sits in the application menu. The renderer's single key handler, the shortcut help sheet, the
// command palette and the main process's menu accelerators are all read from this table, so a
// key can never mean two things or be shown as one thing and do another.
//
// Chords are written in the WAI-ARIA `aria-keyshortcuts` notation ("Control+Shift+Z", "Meta+K",
// "Shift+?"), one notation that maps directly to KeyboardEvent fields, to Electron accelerators
// and to what screen readers announce. Pure: no DOM, no Electron; events arrive as plain objects.

import { chordMatches, displayChord, parseChord, sameChord, type KeyPress, type Platform } from './keymap-chords.ts';

export { chordCaps, chordMatches, displayChord, type KeyPress, type Platform } from './keymap-chords.ts';

/**
 * Where a command applies. `app`: anywhere; `workspace`: a rule set (draft or live registry) is
 * open; `draft`: a draft is open. The others follow focus: `rules-grid`: the rules table;
 * `editor`: inside a rule or credential-set form; `map`: a block of the overlap map;
 * `map-search`: the map's search field; `list`: a list box or menu (the palette's list, the
 * pull tester's results, the "⋯" menu); `tabs`: a row of tabs.
 */
export type Scope = 'app' | 'workspace' | 'draft' | 'rules-grid' | 'editor' | 'map' | 'map-search' | 'list' | 'tabs';

/**
 * Scopes that follow focus. Focus is in at most one of them, so they never apply together; and
 * they keep working inside a modal dialog (its own list or tabs), where every other scope stops.
 */
export const FOCUS_SCOPES: ReadonlySet<Scope> = new Set(['rules-grid', 'editor', 'map', 'map-search', 'list', 'tabs']);

export type MenuName = 'file' | 'edit' | 'view' | 'go' | 'help';

export interface MenuPlacement {
  menu: MenuName;
  /** Items with the same group sit together; groups are separated by a divider. */
  group: number;
  order: number;
}

export interface CommandDefinition {
  id: CommandId;
  /** What the palette, the help sheet and the menu call it. */
  label: string;
  scope: Scope;
  /** Chords that run it, per platform (empty: palette and menu only). */
  keys: Readonly<Record<Platform, readonly string[]>>;
  /**
   * Whether the keys act while focus is in a text field. Plain letters and editing keys must
   * not (they are typing); chords with Ctrl/Cmd that a field has no use for may.
   */
  inTextEntry: boolean;
  /** Where it sits in the application menu; absent: not in the menu. */
  menu?: MenuPlacement;
  /**
   * A key that moves within a widget (arrows in the table or the map): listed in the help sheet,
   * but not a command anyone would run by name, so the palette leaves it out.
   */
  navigation?: true;
}

export const COMMAND_IDS = [
  'go.drafts',
  'go.registries',
  'go.about',
  'go.settings',
  'palette.open',
  'help.shortcuts',
  'find',
  'view.toggle-sidebar',
  'view.toggle-inspector',
  'view.rules-table',
  'view.overlap-map',
  'view.rule-inspector',
  'view.credential-sets',
  'view.pull-tester',
  'edit.undo',
  'edit.redo',
  'rule.new',
  'rule.edit',
  'rule.delete',
  'form.save',
  'form.cancel',
  'field.commit',
  'grid.next',
  'grid.previous',
  'grid.page-down',
  'grid.page-up',
  'grid.first',
  'grid.last',
  'map.next',
  'map.previous',
  'map.first',
  'map.last',
  'map.open',
  'map.close',
  'map.select',
  'map.unfold-below',
  'map.zoom-in',
  'map.zoom-out',
  'map.zoom-to',
  'map.zoom-out-to-parent',
  'map.fit',
  'map.conflicts-only',
  'map.find',
  'map.next-match',
  'map.previous-match',
  'map.search-next',
  'map.search-previous',
  'list.next',
  'list.previous',
  'list.first',
  'list.last',
  'list.page-down',
  'list.page-up',
  'list.choose',
  'list.close',
  'tabs.next',
  'tabs.previous',
  'tabs.first',
  'tabs.last',
  'draft.new',
  'draft.back',
  'draft.rename',
  'draft.plan',
  'draft.compare',
  'draft.export-code',
  'draft.export-yaml',
  'draft.export-json',
  'draft.import',
  'draft.paste',
  'draft.open-recent',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];

const both = (...chords: string[]) => ({ mac: chords.map((c) => c.replace(/\bMod\b/g, 'Meta')), other: chords.map((c) => c.replace(/\bMod\b/g, 'Control')) });
const none = { mac: [], other: [] } as const;
/** The same chords on every platform (keys without Ctrl/Cmd). */
const same = (...chords: string[]) => ({ mac: chords, other: chords });
const nav = (id: CommandId, label: string, scope: Scope, ...chords: string[]): CommandDefinition => ({ id, label, scope, keys: same(...chords), inTextEntry: false, navigation: true });
/** A map key: acts on the focused block, never while typing in a field. */
const onMap = (id: CommandId, label: string, ...chords: string[]): CommandDefinition => ({ id, label, scope: 'map', keys: same(...chords), inTextEntry: false });

export const COMMANDS: readonly CommandDefinition[] = [
  { id: 'go.drafts', label: 'Go to Drafts', scope: 'app', keys: both('Mod+1'), inTextEntry: true, menu: { menu: 'go', group: 0, order: 0 } },
  { id: 'go.registries', label: 'Go to Registries', scope: 'app', keys: both('Mod+2'), inTextEntry: true, menu: { menu: 'go', group: 0, order: 1 } },
  { id: 'go.about', label: 'Go to About', scope: 'app', keys: both('Mod+3'), inTextEntry: true, menu: { menu: 'go', group: 0, order: 2 } },
  // Mod+, is where every desktop app keeps its settings (macOS convention, VS Code, GitHub Desktop)
  { id: 'go.settings', label: 'Go to Settings', scope: 'app', keys: both('Mod+,'), inTextEntry: true, menu: { menu: 'go', group: 0, order: 3 } },
  { id: 'palette.open', label: 'Command palette', scope: 'app', keys: both('Mod+K'), inTextEntry: true, menu: { menu: 'view', group: 0, order: 0 } },
  { id: 'help.shortcuts', label: 'Keyboard shortcuts', scope: 'app', keys: { mac: ['Shift+?', 'F1'], other: ['Shift+?', 'F1'] }, inTextEntry: false, menu: { menu: 'help', group: 0, order: 0 } },
  { id: 'find', label: 'Find in this view', scope: 'app', keys: both('Mod+F'), inTextEntry: true, menu: { menu: 'edit', group: 2, order: 0 } },
  { id: 'view.toggle-sidebar', label: 'Show or hide the sidebar', scope: 'app', keys: both('Mod+B'), inTextEntry: true, menu: { menu: 'view', group: 1, order: 0 } },
  { id: 'view.toggle-inspector', label: 'Show or hide the inspector', scope: 'workspace', keys: both('Mod+Shift+B'), inTextEntry: true, menu: { menu: 'view', group: 1, order: 1 } },
  { id: 'view.rules-table', label: 'Show the rules table', scope: 'workspace', keys: none, inTextEntry: false, menu: { menu: 'view', group: 2, order: 0 } },
  { id: 'view.overlap-map', label: 'Show the overlap map', scope: 'workspace', keys: none, inTextEntry: false, menu: { menu: 'view', group: 2, order: 1 } },
  { id: 'view.rule-inspector', label: 'Show the rule inspector', scope: 'workspace', keys: none, inTextEntry: false, menu: { menu: 'view', group: 3, order: 0 } },
  { id: 'view.credential-sets', label: 'Show credential sets', scope: 'workspace', keys: none, inTextEntry: false, menu: { menu: 'view', group: 3, order: 1 } },
  { id: 'view.pull-tester', label: 'Show the pull tester', scope: 'workspace', keys: none, inTextEntry: false, menu: { menu: 'view', group: 3, order: 2 } },
  // inside a text field Ctrl+Z belongs to the field
  { id: 'edit.undo', label: 'Undo', scope: 'draft', keys: both('Mod+Z'), inTextEntry: false, menu: { menu: 'edit', group: 0, order: 0 } },
  {
    id: 'edit.redo',
    label: 'Redo',
    scope: 'draft',
    keys: { mac: ['Meta+Shift+Z'], other: ['Control+Shift+Z', 'Control+Y'] },
    inTextEntry: false,
    menu: { menu: 'edit', group: 0, order: 1 },
  },
  { id: 'rule.new', label: 'New rule', scope: 'workspace', keys: both('N'), inTextEntry: false, menu: { menu: 'edit', group: 1, order: 0 } },
  { id: 'rule.edit', label: 'Edit the selected rule', scope: 'rules-grid', keys: both('Enter'), inTextEntry: false },
  { id: 'rule.delete', label: 'Delete the selected rule', scope: 'rules-grid', keys: { mac: ['Delete', 'Backspace'], other: ['Delete'] }, inTextEntry: false },
  { id: 'form.save', label: 'Save the form', scope: 'editor', keys: both('Mod+Enter', 'Mod+S'), inTextEntry: true },
  { id: 'form.cancel', label: 'Close the form without saving', scope: 'editor', keys: same('Escape'), inTextEntry: true },
  // Enter in a one-line field of a small form (a prompt, the draft's registry) submits it
  { ...nav('field.commit', 'Submit the field', 'editor', 'Enter'), inTextEntry: true },
  nav('grid.next', 'Next rule', 'rules-grid', 'ArrowDown'),
  nav('grid.previous', 'Previous rule', 'rules-grid', 'ArrowUp'),
  nav('grid.page-down', 'A page down', 'rules-grid', 'PageDown'),
  nav('grid.page-up', 'A page up', 'rules-grid', 'PageUp'),
  nav('grid.first', 'First rule', 'rules-grid', 'Home'),
  nav('grid.last', 'Last rule', 'rules-grid', 'End'),
  // the overlap map follows the WAI-ARIA tree pattern for its arrows
  nav('map.next', 'Next block', 'map', 'ArrowDown'),
  nav('map.previous', 'Previous block', 'map', 'ArrowUp'),
  nav('map.first', 'The registry root', 'map', 'Home'),
  nav('map.last', 'The last block', 'map', 'End'),
  nav('map.open', 'Unfold, or go to the first child', 'map', 'ArrowRight'),
  nav('map.close', 'Fold, or go to the parent', 'map', 'ArrowLeft'),
  nav('map.select', "Select the block's rule", 'map', 'Enter', ' '),
  onMap('map.unfold-below', 'Unfold everything below', '*'),
  onMap('map.zoom-in', 'Zoom in', '+', '='),
  onMap('map.zoom-out', 'Zoom out', '-'),
  onMap('map.zoom-to', 'Zoom into the block', 'Z'),
  onMap('map.zoom-out-to-parent', "Zoom out to the block's parent", 'Backspace', 'Shift+Z'),
  onMap('map.fit', 'Fit what is unfolded', 'F', '0'),
  onMap('map.conflicts-only', 'Conflicts only, on or off', 'C'),
  onMap('map.find', 'Find on the map', '/'),
  // F3 is no use to a text field, so it also steps through hits from the search field
  { id: 'map.next-match', label: 'Next search hit', scope: 'map', keys: same('F3'), inTextEntry: true },
  { id: 'map.previous-match', label: 'Previous search hit', scope: 'map', keys: same('Shift+F3'), inTextEntry: true },
  { id: 'map.search-next', label: 'Next search hit', scope: 'map-search', keys: same('Enter', 'F3'), inTextEntry: true },
  { id: 'map.search-previous', label: 'Previous search hit', scope: 'map-search', keys: same('Shift+Enter', 'Shift+F3'), inTextEntry: true },
  // lists and menus (WAI-ARIA listbox and menu patterns); the palette's field is a combobox, so
  // its arrows and Enter act while typing and Home/End stay with the text
  { ...nav('list.next', 'Next item', 'list', 'ArrowDown'), inTextEntry: true },
  { ...nav('list.previous', 'Previous item', 'list', 'ArrowUp'), inTextEntry: true },
  nav('list.first', 'First item', 'list', 'Home'),
  nav('list.last', 'Last item', 'list', 'End'),
  nav('list.page-down', 'A page down', 'list', 'PageDown'),
  nav('list.page-up', 'A page up', 'list', 'PageUp'),
  { ...nav('list.choose', 'Choose the item', 'list', 'Enter'), inTextEntry: true },
  { ...nav('list.close', 'Close the menu', 'list', 'Escape'), inTextEntry: true },
  nav('tabs.next', 'Next tab', 'tabs', 'ArrowRight'),
  nav('tabs.previous', 'Previous tab', 'tabs', 'ArrowLeft'),
  nav('tabs.first', 'First tab', 'tabs', 'Home'),
  nav('tabs.last', 'Last tab', 'tabs', 'End'),
  { id: 'draft.new', label: 'New draft…', scope: 'app', keys: none, inTextEntry: false, menu: { menu: 'file', group: 0, order: 0 } },
  { id: 'draft.back', label: 'Back to the list', scope: 'workspace', keys: none, inTextEntry: false, menu: { menu: 'go', group: 1, order: 0 } },
  { id: 'draft.rename', label: 'Rename draft…', scope: 'draft', keys: none, inTextEntry: false, menu: { menu: 'file', group: 1, order: 0 } },
  { id: 'draft.plan', label: 'Plan & apply…', scope: 'draft', keys: none, inTextEntry: false, menu: { menu: 'file', group: 2, order: 0 } },
  { id: 'draft.compare', label: 'Compare…', scope: 'draft', keys: none, inTextEntry: false, menu: { menu: 'file', group: 2, order: 1 } },
  { id: 'draft.export-code', label: 'Export as code…', scope: 'draft', keys: none, inTextEntry: false, menu: { menu: 'file', group: 3, order: 0 } },
  { id: 'draft.export-yaml', label: 'Export YAML…', scope: 'draft', keys: none, inTextEntry: false, menu: { menu: 'file', group: 3, order: 1 } },
  { id: 'draft.export-json', label: 'Export JSON…', scope: 'draft', keys: none, inTextEntry: false, menu: { menu: 'file', group: 3, order: 2 } },
  // File → Import… / Paste…: the drafts list's "Import file…" and "Paste…" buttons
  { id: 'draft.import', label: 'Import…', scope: 'app', keys: none, inTextEntry: false, menu: { menu: 'file', group: 0, order: 1 } },
  { id: 'draft.paste', label: 'Paste…', scope: 'app', keys: none, inTextEntry: false, menu: { menu: 'file', group: 0, order: 2 } },
  // the palette's way to File → Open Recent (the menu lists the files themselves, so no menu item)
  { id: 'draft.open-recent', label: 'Open recent…', scope: 'app', keys: none, inTextEntry: false },
];

const BY_ID = new Map<CommandId, CommandDefinition>(COMMANDS.map((c) => [c.id, c]));

export function command(id: CommandId): CommandDefinition {
  const found = BY_ID.get(id);
  if (!found) throw new Error(`unknown command ${id}`);
  return found;
}

export const SCOPE_LABELS: Readonly<Record<Scope, string>> = {
  app: 'Anywhere',
  workspace: 'In a draft or registry',
  draft: 'In a draft',
  'rules-grid': 'In the rules table',
  editor: 'In a rule or credential-set form',
  map: 'On the overlap map',
  'map-search': "In the map's search field",
  list: 'In lists and menus',
  tabs: 'In a row of tabs',
};


export interface KeyContext {
  platform: Platform;
  /** A modal dialog (including the palette and the help sheet) is open: no command acts. */
  modalOpen: boolean;
  /** Focus is in a text field. */
  textEntry: boolean;
  /** The scopes that apply right now (e.g. `app` and `workspace` while a draft is open). */
  scopes: ReadonlySet<Scope>;
}

/** The command a key press runs in this context, if any. */
export function commandForKey(press: KeyPress, context: KeyContext): CommandDefinition | undefined {
  if (context.modalOpen) return undefined;
  return COMMANDS.find(
    (c) => context.scopes.has(c.scope) && (c.inTextEntry || !context.textEntry) && c.keys[context.platform].some((chord) => chordMatches(chord, press)),
  );
}


/** The value for `aria-keyshortcuts` on a control that runs this command. */
export function ariaKeyShortcuts(id: CommandId, platform: Platform): string | undefined {
  const keys = command(id).keys[platform];
  return keys.length === 0 ? undefined : keys.join(' ');
}

/** The first chord as shown to people, or '' (for titles: "Undo (Ctrl+Z)"). */
export function shortcutLabel(id: CommandId, platform: Platform): string {
  const first = command(id).keys[platform][0];
  return first === undefined ? '' : displayChord(first, platform);
}

const ELECTRON_KEYS: Record<string, string> = {
  Enter: 'Enter',
  Delete: 'Delete',
  Backspace: 'Backspace',
  Escape: 'Escape',
  ArrowUp: 'Up',
  ArrowDown: 'Down',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  '+': 'Plus',
  ' ': 'Space',
};

export interface MenuAccelerator {
  /** Electron's accelerator string for the command's first chord, e.g. "Command+Shift+Z". */
  accelerator: string;
  /**
   * Always false: the renderer's key handler owns the keys, because only it knows whether a
   * modal is open or focus is in a text field. The menu shows the accelerator and, when clicked,
   * sends the command id to the renderer (Electron MenuItem `registerAccelerator: false`).
   */
  registerAccelerator: false;
}

/**
 * The Electron accelerator for a command on a platform (https://www.electronjs.org/docs/latest/api/accelerator),
 * or undefined when the command has no key there.
 */
export function electronAccelerator(id: CommandId, platform: Platform): MenuAccelerator | undefined {
  const first = command(id).keys[platform][0];
  if (first === undefined) return undefined;
  const c = parseChord(first);
  const key = ELECTRON_KEYS[c.key] ?? (c.key.length === 1 ? c.key.toUpperCase() : c.key);
  // '?' is already the shifted '/', and Electron reads "Shift+?" as Shift twice
  const shiftIsImplied = c.shift && c.key.length === 1 && !/[a-z0-9]/i.test(c.key);
  const mods = [c.meta && 'Command', c.control && 'Control', c.alt && 'Alt', c.shift && !shiftIsImplied && 'Shift'].filter((m): m is string => m !== false);
  return { accelerator: [...mods, key].join('+'), registerAccelerator: false };
}

export interface MenuEntry {
  id: CommandId;
  label: string;
  group: number;
  accelerator?: MenuAccelerator;
}

/** The items of one application menu in order, for the main process to build the menu from. */
export function menuEntries(menu: MenuName, platform: Platform): MenuEntry[] {
  return COMMANDS.filter((c) => c.menu?.menu === menu)
    .sort((a, b) => a.menu!.group - b.menu!.group || a.menu!.order - b.menu!.order)
    .map((c) => {
      const accelerator = electronAccelerator(c.id, platform);
      return accelerator ? { id: c.id, label: c.label, group: c.menu!.group, accelerator } : { id: c.id, label: c.label, group: c.menu!.group };
    });
}

/** Whether two scopes can apply at the same moment (two focus scopes cannot: focus is in one). */
function scopesOverlap(a: Scope, b: Scope): boolean {
  return a === b || !FOCUS_SCOPES.has(a) || !FOCUS_SCOPES.has(b);
}

/** Every chord bound to more than one command that can apply at once (the table must have none). */
export function conflictingChords(platform: Platform): string[] {
  const found: string[] = [];
  COMMANDS.forEach((a, i) => {
    for (const b of COMMANDS.slice(i + 1)) {
      if (!scopesOverlap(a.scope, b.scope)) continue;
      for (const chord of a.keys[platform]) {
        const clash = b.keys[platform].find((other) => sameChord(chord, other));
        if (clash !== undefined) found.push(`${chord}: ${a.id}, ${b.id}`);
      }
    }
  });
  return found;
}


export function platformOf(platformString: string): Platform {
  return /mac|darwin/i.test(platformString) ? 'mac' : 'other';
}
