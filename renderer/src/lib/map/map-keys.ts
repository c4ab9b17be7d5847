// The overlap map's keys, once: the tree's handler reads them here and the toolbar's titles
// and the keyboard help quote them from here. (When the shell's single keymap lands, these rows
// move into it unchanged.) Arrow keys follow the WAI-ARIA tree pattern.
export type MapCommand =
  | 'next'
  | 'previous'
  | 'first'
  | 'last'
  | 'open'
  | 'close'
  | 'select'
  | 'unfold-below'
  | 'zoom-in'
  | 'zoom-out'
  | 'zoom-to'
  | 'zoom-out-to-parent'
  | 'fit'
  | 'conflicts-only'
  | 'find'
  | 'next-match'
  | 'previous-match';

export interface MapKey {
  /** KeyboardEvent.key values; `Shift+` when Shift must be held. */
  readonly keys: readonly string[];
  readonly command: MapCommand;
  readonly description: string;
}

export const MAP_KEYS: readonly MapKey[] = [
  { keys: ['ArrowDown'], command: 'next', description: 'next block' },
  { keys: ['ArrowUp'], command: 'previous', description: 'previous block' },
  { keys: ['Home'], command: 'first', description: 'the registry root' },
  { keys: ['End'], command: 'last', description: 'the last block' },
  { keys: ['ArrowRight'], command: 'open', description: 'unfold, or go to the first child' },
  { keys: ['ArrowLeft'], command: 'close', description: 'fold, or go to the parent' },
  { keys: ['Enter', ' '], command: 'select', description: "select the block's rule" },
  { keys: ['*'], command: 'unfold-below', description: 'unfold everything below' },
  { keys: ['+', '='], command: 'zoom-in', description: 'zoom in' },
  { keys: ['-'], command: 'zoom-out', description: 'zoom out' },
  { keys: ['z'], command: 'zoom-to', description: 'zoom into the block' },
  { keys: ['Backspace', 'Shift+Z'], command: 'zoom-out-to-parent', description: "zoom out to the block's parent" },
  { keys: ['f', '0'], command: 'fit', description: 'fit what is unfolded' },
  { keys: ['c'], command: 'conflicts-only', description: 'conflicts only, on or off' },
  { keys: ['/'], command: 'find', description: 'find on the map' },
  { keys: ['F3'], command: 'next-match', description: 'next search hit' },
  { keys: ['Shift+F3'], command: 'previous-match', description: 'previous search hit' },
];

const byKey = new Map<string, MapCommand>();
for (const row of MAP_KEYS) for (const key of row.keys) byKey.set(key, row.command);

/** The command a key press on the map means, or null (modifiers other than Shift never match). */
export function mapCommandFor(event: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey'>): MapCommand | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  if (event.shiftKey) {
    const shifted = byKey.get(`Shift+${key.toUpperCase()}`) ?? byKey.get(`Shift+${key}`);
    if (shifted !== undefined) return shifted;
    // Shift is how * and + are typed on most layouts
    return ['*', '+'].includes(event.key) ? (byKey.get(event.key) ?? null) : null;
  }
  return byKey.get(key) ?? null;
}

/** How a command's first key reads in a title: `Zoom in (+)`. */
export function keyHint(command: MapCommand): string {
  const key = MAP_KEYS.find((k) => k.command === command)?.keys[0] ?? '';
  return key === ' ' ? 'Space' : key;
}
