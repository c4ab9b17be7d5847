// The overlap map's keys are rows of the one keyboard map (core/keymap.ts, ids `map.*`, scope
// `map`); this file only names the map's own commands and links them to those rows, so the
// tree's handler, the toolbar's titles and the help sheet all quote the same keys.
import { shortcutLabel, type CommandId, type Platform } from '../../../../core/keymap.ts';

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

/** The keymap row of each map command. */
export const MAP_COMMAND_IDS = {
  next: 'map.next',
  previous: 'map.previous',
  first: 'map.first',
  last: 'map.last',
  open: 'map.open',
  close: 'map.close',
  select: 'map.select',
  'unfold-below': 'map.unfold-below',
  'zoom-in': 'map.zoom-in',
  'zoom-out': 'map.zoom-out',
  'zoom-to': 'map.zoom-to',
  'zoom-out-to-parent': 'map.zoom-out-to-parent',
  fit: 'map.fit',
  'conflicts-only': 'map.conflicts-only',
  find: 'map.find',
  'next-match': 'map.next-match',
  'previous-match': 'map.previous-match',
} as const satisfies Record<MapCommand, CommandId>;

/** How a command's first key reads in a title: `Zoom in (+)`. */
export function keyHint(command: MapCommand, platform: Platform): string {
  return shortcutLabel(MAP_COMMAND_IDS[command], platform);
}
