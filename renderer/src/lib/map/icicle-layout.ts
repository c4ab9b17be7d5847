// Where the overlap map's cells go: an icicle (d3-hierarchy's partition) of the target
// namespace, drawn left to right — one column per path segment, and each node as tall as the
// number of visible rows below it (a folded subtree or a leaf is one row). A node's cell spans
// exactly its descendants' cells, so "everything under team-x/" is one rectangle, a wildcard's
// coverage needs no extra band, and the parent of any cell is always beside it on screen.
//
// Layout is in row units, independent of zoom; map-viewport.ts turns rows into pixels and decides
// what is drawn and labelled. Unlike a node-link tree, folding a subtree or filtering to the
// conflicts changes only the row count, and the drawing never needs more than one row per
// visible leaf — 1,000 rules are 1,000 rows, 5 rules are 5.
import { hierarchy, partition, type HierarchyRectangularNode } from 'd3-hierarchy';
import type { MapNode } from './overlap-tree.ts';

export interface MapCell {
  readonly node: MapNode;
  readonly depth: number;
  /** First row the cell covers, and how many. */
  readonly row: number;
  readonly rows: number;
  readonly parent: MapCell | null;
  /** Children shown on the map (fewer than the node's when folded or filtered). */
  readonly children: readonly MapCell[];
  /** Has children the user folded away. */
  readonly folded: boolean;
  /** Children left out by the conflicts-only filter. */
  readonly filteredOut: number;
  /** Position in depth-first order: what the tree's arrow keys walk through. */
  readonly order: number;
  /** 1-based position among its shown siblings, and how many there are (aria-posinset/setsize). */
  readonly posinset: number;
  readonly setsize: number;
}

export interface IcicleLayout {
  /** Depth-first, parents before children, siblings top to bottom. */
  readonly cells: readonly MapCell[];
  readonly byPath: ReadonlyMap<string, MapCell>;
  readonly root: MapCell;
  /** Total rows (the root's). */
  readonly rows: number;
  /** Number of columns (deepest shown depth + 1). */
  readonly columns: number;
}

export interface IcicleOptions {
  /** Paths whose children are folded away. */
  readonly collapsed: ReadonlySet<string>;
  /** Paths that must stay visible: their ancestors are unfolded whatever `collapsed` says. */
  readonly reveal?: Iterable<string>;
  /** Keep only the nodes on the way to a refused conflict (and the conflicting nodes). */
  readonly conflictsOnly?: boolean;
}

/** '' and every proper ancestor path of `path` ('' for the root itself gives []). */
export function ancestorsOf(path: string): string[] {
  if (path === '') return [];
  const out = [''];
  let slash = path.indexOf('/');
  while (slash >= 0) {
    out.push(path.slice(0, slash));
    slash = path.indexOf('/', slash + 1);
  }
  return out;
}

function involved(node: MapNode): boolean {
  return node.conflictCount > 0 || node.live || node.ghost !== null;
}

export function layoutIcicle(root: MapNode, options: IcicleOptions): IcicleLayout {
  const forcedOpen = new Set<string>();
  for (const path of options.reveal ?? []) for (const ancestor of ancestorsOf(path)) forcedOpen.add(ancestor);
  const conflictsOnly = options.conflictsOnly === true;
  const isFolded = (node: MapNode) => node.children.length > 0 && options.collapsed.has(node.path) && !forcedOpen.has(node.path);
  const shownChildren = (node: MapNode): MapNode[] | null => {
    if (isFolded(node)) return null;
    const kept = conflictsOnly ? node.children.filter(involved) : node.children;
    return kept.length > 0 ? (kept as MapNode[]) : null;
  };

  const h = hierarchy<MapNode>(root, shownChildren).count();
  const rows = Math.max(1, h.value ?? 1);
  const laidOut: HierarchyRectangularNode<MapNode> = partition<MapNode>().size([rows, h.height + 1])(h);

  const cells: MapCell[] = [];
  const byPath = new Map<string, MapCell>();
  const build = (d: HierarchyRectangularNode<MapNode>, parent: MapCell | null, posinset: number, setsize: number): MapCell => {
    const node = d.data;
    const children: MapCell[] = [];
    const cell: MapCell = {
      node,
      depth: d.depth,
      row: d.x0,
      rows: d.x1 - d.x0,
      parent,
      children,
      folded: isFolded(node),
      filteredOut: isFolded(node) ? 0 : node.children.length - (d.children?.length ?? 0),
      order: cells.length,
      posinset,
      setsize,
    };
    cells.push(cell);
    byPath.set(node.path, cell);
    const kids = d.children ?? [];
    kids.forEach((child, i) => children.push(build(child, cell, i + 1, kids.length)));
    return cell;
  };
  const rootCell = build(laidOut, null, 1, 1);
  return { cells, byPath, root: rootCell, rows, columns: h.height + 1 };
}

/** The deepest shown cell on the way to `path` (the cell itself when it is shown). */
export function nearestShown(layout: IcicleLayout, path: string): MapCell {
  const own = layout.byPath.get(path);
  if (own !== undefined) return own;
  const ancestors = ancestorsOf(path);
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const cell = layout.byPath.get(ancestors[i] as string);
    if (cell !== undefined) return cell;
  }
  return layout.root;
}

/**
 * Which nodes start folded so that about `budget` rows show: whole levels open from the root
 * down while they fit; in the first level that does not fit, the nodes with the fewest children
 * open first. Every other node with children starts folded (so opening one opens one level).
 */
export function initialCollapsed(root: MapNode, budget = 60): Set<string> {
  const collapsed = new Set<string>();
  let visible = 1;
  let level: MapNode[] = [root];
  let open = true;
  while (level.length > 0) {
    const next: MapNode[] = [];
    const withChildren = level.filter((n) => n.children.length > 0);
    const total = withChildren.reduce((sum, n) => sum + n.children.length - 1, 0);
    // the root is always open: the top-level namespaces are the first thing to read
    if ((open && visible + total <= budget) || level[0]?.depth === 0) {
      visible += total;
      for (const node of withChildren) next.push(...node.children);
    } else {
      const bySize = [...withChildren].sort((a, b) => a.children.length - b.children.length);
      for (const node of bySize) {
        if (open && visible + node.children.length - 1 <= budget) {
          visible += node.children.length - 1;
          next.push(...node.children);
        } else {
          collapsed.add(node.path);
          foldBelow(node, collapsed);
        }
      }
      open = false;
    }
    level = next;
  }
  return collapsed;
}

/** Every node with children strictly below `node`. */
export function foldBelow(node: MapNode, collapsed: Set<string>): void {
  for (const child of node.children) {
    if (child.children.length > 0) {
      collapsed.add(child.path);
      foldBelow(child, collapsed);
    }
  }
}
