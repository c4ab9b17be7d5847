// The refused conflicts of the map, grouped by the rule they gather around: one wildcard over 60
// others is one line ("ghcr-everything overlaps 60 rules") that opens to the 60, not 60 lines.
// A conflict goes to whichever of its two rules takes part in more conflicts, so the broad rule
// heads the group and a lone pair stays a single line.
import { CANDIDATE, type MapConflict, type MapRule } from './overlap-tree.ts';

export interface ConflictGroup {
  /** The rule the group gathers around. */
  readonly rule: MapRule;
  readonly conflicts: readonly MapConflict[];
  /** Involves the rule being edited (shown first: it changes as you type). */
  readonly live: boolean;
}

/** The rule on the other side of `conflict` from `rule`. */
export function otherSide(conflict: MapConflict, rule: MapRule): MapRule {
  return conflict.rule === rule ? conflict.with : conflict.rule;
}

export function groupConflicts(conflicts: readonly MapConflict[]): ConflictGroup[] {
  const refused = conflicts.filter((c) => c.refused);
  const degree = new Map<MapRule, number>();
  for (const c of refused) {
    degree.set(c.rule, (degree.get(c.rule) ?? 0) + 1);
    if (c.with !== c.rule) degree.set(c.with, (degree.get(c.with) ?? 0) + 1);
  }
  const groups = new Map<MapRule, MapConflict[]>();
  for (const c of refused) {
    const a = degree.get(c.rule) ?? 0;
    const b = degree.get(c.with) ?? 0;
    // the rule being edited heads its own conflicts: they are what the user is looking at
    const head = c.rule === CANDIDATE ? c.rule : c.with === CANDIDATE ? c.with : b > a ? c.with : c.rule;
    const list = groups.get(head);
    if (list === undefined) groups.set(head, [c]);
    else list.push(c);
  }
  return [...groups.entries()]
    .map(([rule, list]) => ({ rule, conflicts: list, live: list.some((c) => c.live) }))
    .sort((x, y) => Number(y.live) - Number(x.live) || y.conflicts.length - x.conflicts.length || x.rule - y.rule);
}
