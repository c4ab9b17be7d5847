// Where the overlap map's nodes go: d3-hierarchy's tidy tree, drawn left to right (root at the
// left, one column per path segment), with collapsed subtrees folded into their node and each
// wildcard's coverage as a band around its subtree. In a tidy tree a subtree occupies one
// contiguous vertical span, which is what lets a plain rectangle show "everything under here".
import { hierarchy, tree, type HierarchyPointNode } from 'd3-hierarchy';
import type { MapNode } from './overlap-tree.ts';

/** Vertical distance between neighbouring nodes (SVG user units). */
export const ROW_HEIGHT = 28;
/** Horizontal distance between path-segment columns. */
export const COLUMN_WIDTH = 160;
/** Room for a node's label to the right of its marker, inside a coverage band. */
const LABEL_ROOM = COLUMN_WIDTH - 24;

export interface PlacedNode {
  readonly node: MapNode;
  /** Horizontal position (grows with depth). */
  readonly x: number;
  /** Vertical position. */
  readonly y: number;
  readonly parent: PlacedNode | null;
  /** Has children that are folded away. */
  readonly collapsed: boolean;
  /** Position in depth-first order, which the ARIA tree pattern moves through with the arrows. */
  readonly order: number;
}

export interface CoverageBand {
  /** Path of the wildcard's node. */
  readonly path: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly depth: number;
  /** The wildcard overlaps another one. */
  readonly conflict: boolean;
  /** Drawn for the rule being edited. */
  readonly ghost: boolean;
  /** Part of a conflict that saving the edited rule would create. */
  readonly live: boolean;
}

export interface MapLayout {
  /** Depth-first, parents before children, siblings top to bottom. */
  readonly nodes: readonly PlacedNode[];
  /** Outer bands first, so inner (more specific) ones are drawn on top. */
  readonly bands: readonly CoverageBand[];
  readonly byPath: ReadonlyMap<string, PlacedNode>;
  /** Bounding box of everything drawn. */
  readonly bounds: { readonly minX: number; readonly minY: number; readonly maxX: number; readonly maxY: number };
}

export interface LayoutOptions {
  /** Paths whose children are folded away. */
  readonly collapsed: ReadonlySet<string>;
  /** Paths that must stay visible: their ancestors are unfolded whatever `collapsed` says. */
  readonly reveal?: Iterable<string>;
}

function ancestorsOf(path: string): string[] {
  const out = [''];
  let slash = path.indexOf('/');
  while (slash >= 0) {
    out.push(path.slice(0, slash));
    slash = path.indexOf('/', slash + 1);
  }
  return out;
}

export function layoutOverlapMap(root: MapNode, options: LayoutOptions): MapLayout {
  const forcedOpen = new Set<string>();
  for (const path of options.reveal ?? []) for (const ancestor of ancestorsOf(path)) forcedOpen.add(ancestor);
  const isFolded = (node: MapNode) => node.children.length > 0 && options.collapsed.has(node.path) && !forcedOpen.has(node.path);

  const h = hierarchy<MapNode>(root, (node) => (isFolded(node) ? null : node.children));
  const laidOut: HierarchyPointNode<MapNode> = tree<MapNode>()
    .nodeSize([ROW_HEIGHT, COLUMN_WIDTH])
    .separation((a, b) => (a.parent === b.parent ? 1 : 1.3))(h);

  const nodes: PlacedNode[] = [];
  const byPath = new Map<string, PlacedNode>();
  const placedOf = new Map<HierarchyPointNode<MapNode>, PlacedNode>();
  let minX = 0;
  let minY = Infinity;
  let maxX = 0;
  let maxY = -Infinity;
  laidOut.eachBefore((d) => {
    const parent = d.parent === null ? null : (placedOf.get(d.parent) ?? null);
    // d3's tree grows top-down; swapping the axes makes it grow to the right
    const placed: PlacedNode = { node: d.data, x: d.y, y: d.x, parent, collapsed: isFolded(d.data), order: nodes.length };
    placedOf.set(d, placed);
    nodes.push(placed);
    byPath.set(d.data.path, placed);
    minY = Math.min(minY, d.x);
    maxY = Math.max(maxY, d.x);
    maxX = Math.max(maxX, d.y + LABEL_ROOM);
  });
  const bands: CoverageBand[] = [];
  laidOut.eachBefore((d) => {
    const node = d.data;
    if (node.wildcards.length === 0 && node.ghost !== 'wildcard') return;
    let top = d.x;
    let bottom = d.x;
    let right = d.y;
    d.each((below) => {
      top = Math.min(top, below.x);
      bottom = Math.max(bottom, below.x);
      right = Math.max(right, below.y);
    });
    const pad = ROW_HEIGHT / 2 - 2;
    bands.push({
      path: node.path,
      x: d.y - 14,
      y: top - pad,
      width: right - d.y + LABEL_ROOM + 14,
      height: bottom - top + 2 * pad,
      depth: node.depth,
      conflict: node.wildcardConflict,
      ghost: node.ghost === 'wildcard' && node.wildcards.length === 0,
      live: node.live,
    });
  });

  return {
    nodes,
    bands,
    byPath,
    bounds: { minX: minX - 20, minY: (Number.isFinite(minY) ? minY : 0) - ROW_HEIGHT, maxX: maxX + 40, maxY: (Number.isFinite(maxY) ? maxY : 0) + ROW_HEIGHT },
  };
}

/**
 * Which nodes start folded so that about `budget` nodes are visible: whole levels open from the
 * root down while they fit; in the first level that does not fit, the nodes with the fewest
 * children open first. Every other node with children starts folded.
 */
export function initialCollapsed(root: MapNode, budget = 240): Set<string> {
  const collapsed = new Set<string>();
  let visible = 1;
  let level: MapNode[] = [root];
  let open = true;
  while (level.length > 0) {
    const next: MapNode[] = [];
    const withChildren = level.filter((n) => n.children.length > 0);
    const total = withChildren.reduce((sum, n) => sum + n.children.length, 0);
    if (open && visible + total <= budget) {
      visible += total;
      for (const node of withChildren) next.push(...node.children);
    } else {
      const bySize = [...withChildren].sort((a, b) => a.children.length - b.children.length);
      for (const node of bySize) {
        if (open && visible + node.children.length <= budget) {
          visible += node.children.length;
          next.push(...node.children);
        } else {
          collapsed.add(node.path);
          // below a folded node nothing shows; fold its descendants too so opening it opens one level
          foldAll(node, collapsed);
        }
      }
      open = false;
    }
    level = next;
  }
  return collapsed;
}

function foldAll(node: MapNode, collapsed: Set<string>): void {
  for (const child of node.children) {
    if (child.children.length > 0) {
      collapsed.add(child.path);
      foldAll(child, collapsed);
    }
  }
}
