// The one keyboard map of the app, as data: every command that has a name (and most have a key)
// is listed here once, with its keys per platform, where it applies, its label and where it
// sits in the application menu. The renderer's single key handler, the shortcut help sheet, the
// command palette and the main process's menu accelerators are all read from this table, so a
// key can never mean two things or be shown as one thing and do another.
//
// Chords are written in the WAI-ARIA `aria-keyshortcuts` notation ("Control+Shift+Z", "Meta+K",
// "Shift+?"), one notation that maps directly to KeyboardEvent fields, to Electron accelerators
// and to what screen readers announce. Pure: no DOM, no Electron; events arrive as plain objects.

export type Platform = 'mac' | 'other';

/**
 * Where a command applies. `app`: anywhere; `workspace`: a rule set (draft or live registry) is
 * open; `draft`: a draft is open; `rules-grid`: focus is on the rules table; `editor`: focus is
 * inside a rule or credential-set form.
 */
export type Scope = 'app' | 'workspace' | 'draft' | 'rules-grid' | 'editor';

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
}

export const COMMAND_IDS = [
  'go.drafts',
  'go.registries',
  'go.about',
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
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];

const both = (...chords: string[]) => ({ mac: chords.map((c) => c.replace(/\bMod\b/g, 'Meta')), other: chords.map((c) => c.replace(/\bMod\b/g, 'Control')) });
const none = { mac: [], other: [] } as const;

export const COMMANDS: readonly CommandDefinition[] = [
  { id: 'go.drafts', label: 'Go to Drafts', scope: 'app', keys: both('Mod+1'), inTextEntry: true, menu: { menu: 'go', group: 0, order: 0 } },
  { id: 'go.registries', label: 'Go to Registries', scope: 'app', keys: both('Mod+2'), inTextEntry: true, menu: { menu: 'go', group: 0, order: 1 } },
  { id: 'go.about', label: 'Go to About', scope: 'app', keys: both('Mod+3'), inTextEntry: true, menu: { menu: 'go', group: 0, order: 2 } },
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
};

/** The KeyboardEvent fields a chord is matched against (so callers pass events or plain objects). */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

interface Chord {
  key: string;
  control: boolean;
  meta: boolean;
  shift: boolean;
  alt: boolean;
}

const MODIFIERS = new Set(['Control', 'Meta', 'Shift', 'Alt']);

function parseChord(chord: string): Chord {
  // "Shift+?" keeps '+' usable as a key: the key is whatever follows the last modifier
  const parts = chord.split('+');
  const mods = new Set<string>();
  let i = 0;
  while (i < parts.length - 1 && MODIFIERS.has(parts[i]!)) mods.add(parts[i++]!);
  const key = parts.slice(i).join('+');
  return { key, control: mods.has('Control'), meta: mods.has('Meta'), shift: mods.has('Shift'), alt: mods.has('Alt') };
}

/**
 * Whether a key press is this chord. Letters match in either case. Shift must match exactly,
 * except on a symbol ("?"): the character already says whether Shift was needed, and that
 * differs between keyboard layouts.
 */
export function chordMatches(chord: string, press: KeyPress): boolean {
  const c = parseChord(chord);
  const symbol = c.key.length === 1 && !/[a-z0-9]/i.test(c.key);
  if (c.control !== press.ctrlKey || c.meta !== press.metaKey || c.alt !== press.altKey || (!symbol && c.shift !== press.shiftKey)) return false;
  return c.key.length === 1 ? press.key.toLowerCase() === c.key.toLowerCase() : press.key === c.key;
}

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

const MAC_SYMBOLS: Record<string, string> = { Meta: '⌘', Control: '⌃', Alt: '⌥', Shift: '⇧' };
const KEY_NAMES: Record<string, string> = { Enter: '↵', Delete: 'Del', Backspace: '⌫', ArrowUp: '↑', ArrowDown: '↓', ArrowLeft: '←', ArrowRight: '→', Escape: 'Esc' };

/** How a chord is shown to people: "⌘⇧Z" on macOS, "Ctrl+Shift+Z" elsewhere. Shift+? shows as "?". */
export function displayChord(chord: string, platform: Platform): string {
  const c = parseChord(chord);
  // a printable key that needs Shift anyway is shown as the character it types
  const shiftIsImplied = c.shift && c.key.length === 1 && !/[a-z0-9]/i.test(c.key);
  const key = KEY_NAMES[c.key] ?? (c.key.length === 1 ? c.key.toUpperCase() : c.key);
  const mods = [c.control && 'Control', c.alt && 'Alt', c.shift && !shiftIsImplied && 'Shift', c.meta && 'Meta'].filter((m): m is string => m !== false);
  if (platform === 'mac') return mods.map((m) => MAC_SYMBOLS[m]).join('') + key;
  const names: Record<string, string> = { Control: 'Ctrl', Alt: 'Alt', Shift: 'Shift', Meta: 'Win' };
  return [...mods.map((m) => names[m]), key].join('+');
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

/** Every chord bound to more than one command that can apply at once (the table must have none). */
export function conflictingChords(platform: Platform): string[] {
  const seen = new Map<string, CommandDefinition[]>();
  for (const c of COMMANDS) for (const chord of c.keys[platform]) seen.set(chord, [...(seen.get(chord) ?? []), c]);
  return [...seen].filter(([, list]) => list.length > 1).map(([chord, list]) => `${chord}: ${list.map((c) => c.id).join(', ')}`);
}

/** Commands whose label or id contains every word of the query, best (label prefix) first. */
export function searchCommands<T extends { label: string; id: string }>(items: readonly T[], query: string): T[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...items];
  const hits = items.filter((item) => {
    const text = `${item.label} ${item.id}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
  const starts = (item: T) => (item.label.toLowerCase().startsWith(words[0]!) ? 0 : 1);
  return hits.sort((a, b) => starts(a) - starts(b));
}

export function platformOf(platformString: string): Platform {
  return /mac|darwin/i.test(platformString) ? 'mac' : 'other';
}
