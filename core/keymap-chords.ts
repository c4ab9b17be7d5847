// The chord notation of the keyboard map (core/keymap.ts), apart from the table: the WAI-ARIA
// `aria-keyshortcuts` form ("Control+Shift+Z", "Shift+?"), matched against KeyboardEvent fields
// and shown the way each platform writes it. Pure: no DOM.
export type Platform = 'mac' | 'other';

/** The KeyboardEvent fields a chord is matched against (so callers pass events or plain objects). */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

export interface Chord {
  key: string;
  control: boolean;
  meta: boolean;
  shift: boolean;
  alt: boolean;
}

const MODIFIERS = new Set(['Control', 'Meta', 'Shift', 'Alt']);

export function parseChord(chord: string): Chord {
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

const MAC_SYMBOLS: Record<string, string> = { Meta: '⌘', Control: '⌃', Alt: '⌥', Shift: '⇧' };
const KEY_NAMES: Record<string, string> = {
  Enter: '↵',
  Delete: 'Del',
  Backspace: '⌫',
  ArrowUp: '↑',
  ArrowDown: '↓',
  ArrowLeft: '←',
  ArrowRight: '→',
  Escape: 'Esc',
  PageUp: 'PgUp',
  PageDown: 'PgDn',
  ' ': 'Space',
};

/** The key caps of a chord, in the platform's order: ["⇧", "⌘", "Z"] on macOS, ["Ctrl", "Shift", "Z"] elsewhere. */
export function chordCaps(chord: string, platform: Platform): string[] {
  const c = parseChord(chord);
  // a printable key that needs Shift anyway is shown as the character it types
  const shiftIsImplied = c.shift && c.key.length === 1 && !/[a-z0-9]/i.test(c.key);
  const key = KEY_NAMES[c.key] ?? (c.key.length === 1 ? c.key.toUpperCase() : c.key);
  const mods = [c.control && 'Control', c.alt && 'Alt', c.shift && !shiftIsImplied && 'Shift', c.meta && 'Meta'].filter((m): m is string => m !== false);
  if (platform === 'mac') return [...mods.map((m) => MAC_SYMBOLS[m]!), key];
  const names: Record<string, string> = { Control: 'Ctrl', Alt: 'Alt', Shift: 'Shift', Meta: 'Win' };
  return [...mods.map((m) => names[m]!), key];
}

/** How a chord is shown to people: "⌘⇧Z" on macOS, "Ctrl+Shift+Z" elsewhere. Shift+? shows as "?". */
export function displayChord(chord: string, platform: Platform): string {
  return chordCaps(chord, platform).join(platform === 'mac' ? '' : '+');
}

/** Whether two chords are the same key press. */
export function sameChord(a: string, b: string): boolean {
  const x = parseChord(a);
  const y = parseChord(b);
  return x.key.toLowerCase() === y.key.toLowerCase() && x.control === y.control && x.meta === y.meta && x.shift === y.shift && x.alt === y.alt;
}
