// The words on the overlap map: a cell's name, its summary when it stands for a subtree
// ("team-x/ · 120 rules · 3 conflicts"), and fitting both into a cell without cutting a name into
// a badge. Counts go through Intl so "1 rule" is never "1 rules".
import type { MapNode } from './overlap-tree.ts';

const plural = new Intl.PluralRules('en-US');
const number = new Intl.NumberFormat('en-US');

/** `1 rule`, `120 rules`, `1,000 rules`. */
export function count(n: number, one: string, many: string): string {
  return `${number.format(n)} ${plural.select(n) === 'one' ? one : many}`;
}

export function hasWildcard(node: MapNode): boolean {
  return node.wildcards.length > 0 || node.ghost === 'wildcard';
}

/** A rule the Migrate tab proposes is drawn here (a ghost: not a rule of the set yet). */
export function hasProposed(node: MapNode): boolean {
  return node.proposed.length > 0;
}

/** A proposed wildcard is drawn here and no rule of the set or the one being edited: named `x/*` like one. */
function proposedWildcardOnly(node: MapNode): boolean {
  return !hasWildcard(node) && node.proposed.some((p) => p.kind === 'wildcard');
}

export function hasStatic(node: MapNode): boolean {
  return node.statics.length > 0 || node.ghost === 'static';
}

/** An existing repository with no rule at its path: drawn as a repository, not as a rule. */
export function onlyRepository(node: MapNode): boolean {
  return node.repository && node.wildcards.length === 0 && node.statics.length === 0 && node.ghost === null;
}

/** What a cell is called: the segment, `team-x/*` for a wildcard, the registry for the root. */
export function cellName(node: MapNode, registry: string | null): string {
  if (node.depth === 0) return hasWildcard(node) ? `${registry ?? 'registry root'} /*` : (registry ?? 'registry root');
  return hasWildcard(node) || proposedWildcardOnly(node) ? `${node.segment}/*` : node.children.length > 0 ? `${node.segment}/` : node.segment;
}

/** The full target a cell stands for, for the tooltip and screen readers. */
export function cellPath(node: MapNode, registry: string | null): string {
  if (node.depth === 0) return `${registry ?? 'registry'} (root)`;
  return hasWildcard(node) || proposedWildcardOnly(node) ? `${node.path}/*` : node.path;
}

/**
 * "120 rules · 3 in conflict" for a subtree (empty for a single rule with nothing below): how
 * many rules, and at how many targets a refused overlap sits (a conflict has two ends, so this
 * is a count of targets, not of conflicts).
 */
export function cellSummary(node: MapNode): string {
  // a proposed rule says so first: it is a ghost, not one of the rules counted
  const proposed = hasProposed(node) || node.proposedOnly ? ['proposed'] : [];
  if (node.children.length === 0) return proposed.join('');
  const parts = node.proposedOnly ? proposed : [...proposed, ...(node.ruleCount > 0 || node.repositoryCount === 0 ? [count(node.ruleCount, 'rule', 'rules')] : [])];
  if (node.conflictCount > 0) parts.push(`${number.format(node.conflictCount)} in conflict`);
  const below = node.repositoryCount - (node.repository ? 1 : 0);
  if (below > 0) parts.push(count(below, 'repository', 'repositories'));
  return parts.join(' · ');
}

/**
 * The text that fits `widthPx` at `charPx` per character (labels use a monospace face, so this
 * is exact): the name and as much of its summary as fits in whole parts ("team-x/ · 120 rules"
 * when "· 3 in conflict" does not fit too), else the name alone, ellipsised at its end when even
 * that does not fit (the tooltip and the accessible name carry the full path). Null when not
 * even two characters and the ellipsis fit.
 */
export function fitLabel(name: string, summary: string, widthPx: number, charPx: number): string | null {
  const room = Math.floor(widthPx / charPx);
  if (room < 3) return null;
  const parts = summary === '' ? [] : summary.split(' · ');
  for (let n = parts.length; n > 0; n--) {
    const text = `${name} · ${parts.slice(0, n).join(' · ')}`;
    if (text.length <= room) return text;
  }
  if (name.length <= room) return name;
  return `${name.slice(0, room - 1)}…`;
}

/** As much of a summary as fits in whole parts ("120 rules · 3 in conflict" → "120 rules"), or null: never a part cut short. */
export function fitSummary(summary: string, widthPx: number, charPx: number): string | null {
  const room = Math.floor(widthPx / charPx);
  const parts = summary === '' ? [] : summary.split(' · ');
  for (let n = parts.length; n > 0; n--) {
    const text = parts.slice(0, n).join(' · ');
    if (text.length <= room) return text;
  }
  return null;
}

export interface AriaFacts {
  readonly folded: boolean;
  readonly blocked: boolean;
  readonly covered: boolean;
  /** An existing repository here blocks a rule. */
  readonly blocking: boolean;
}

/**
 * What a screen reader says for a cell (its tooltip, as the description, adds the details):
 * the full path, the rules there, conflicts, and what is folded below it. Position and count
 * among the siblings come from aria-posinset/setsize, not from this text.
 */
export function cellAriaLabel(node: MapNode, registry: string | null, ruleName: (index: number) => string, facts: AriaFacts): string {
  const parts = [cellPath(node, registry)];
  const names = (list: readonly number[]) => list.map(ruleName).join(', ');
  if (node.wildcards.length > 0) parts.push(`${node.wildcards.length === 1 ? 'wildcard rule' : 'wildcard rules'} ${names(node.wildcards)}`);
  if (node.statics.length > 0) parts.push(`${node.statics.length === 1 ? 'static rule' : 'static rules'} ${names(node.statics)}`);
  if (node.ghost !== null) parts.push(`rule being edited (${node.ghost})`);
  for (const p of node.proposed) parts.push(`proposed ${p.kind} rule ${p.name}, not in the draft yet`);
  const refusedHere = node.conflicts.filter((c) => c.refused).length;
  if (refusedHere > 0) parts.push(count(refusedHere, 'conflict', 'conflicts'));
  if (node.repository) parts.push(facts.blocking ? 'existing repository, blocks a rule' : 'existing repository');
  if (facts.blocked) parts.push('blocked by existing repositories');
  if (facts.covered) parts.push('under a wildcard');
  if (node.children.length > 0) parts.push(`${facts.folded ? 'folded, ' : ''}${cellSummary(node)} below`);
  return parts.join(', ');
}
