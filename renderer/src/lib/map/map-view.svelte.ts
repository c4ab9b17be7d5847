// How the user looks at the overlap map: folded subtrees, zoom and pan, the focused node, the
// search. Kept per open draft (not per component) so switching between the table and the map
// does not lose it.
import type { MapNode } from './overlap-tree.ts';
import { initialCollapsed } from './tree-layout.ts';

export const MIN_ZOOM = 0.15;
export const MAX_ZOOM = 2.5;

export class MapView {
  collapsed = $state.raw<ReadonlySet<string>>(new Set());
  /** Whether the starting folds were worked out yet (once per draft, on first show). */
  started = false;
  /** Whether the view was placed on the tree yet (needs the map's size, so done on first show). */
  positioned = false;
  /** Zoom factor and translation: screen = layout × zoom + (x, y). */
  zoom = $state(1);
  x = $state(40);
  y = $state(0);
  focusedPath = $state('');
  search = $state('');
  /** Which search match is current, for "next match". */
  searchIndex = $state(0);

  start(root: MapNode): void {
    if (this.started) return;
    this.started = true;
    this.collapsed = initialCollapsed(root);
  }

  toggle(path: string): void {
    const next = new Set(this.collapsed);
    if (next.has(path)) next.delete(path);
    else next.add(path);
    this.collapsed = next;
  }

  setFolded(path: string, folded: boolean): void {
    if (this.collapsed.has(path) === folded) return;
    this.toggle(path);
  }

  expandAll(): void {
    this.collapsed = new Set();
  }

  /** Folds every node below the first level, leaving the top-level namespaces in view. */
  foldAll(root: MapNode): void {
    const folded = new Set<string>();
    const walk = (node: MapNode) => {
      for (const child of node.children) {
        if (child.children.length > 0) folded.add(child.path);
        walk(child);
      }
    };
    walk(root);
    this.collapsed = folded;
  }

  /** Zooms by `factor` keeping the screen point (`px`, `py`) where it is. */
  zoomAt(factor: number, px: number, py: number): void {
    const zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, this.zoom * factor));
    const applied = zoom / this.zoom;
    this.x = px - (px - this.x) * applied;
    this.y = py - (py - this.y) * applied;
    this.zoom = zoom;
  }

  /** Moves the view so that layout point (`lx`, `ly`) sits at screen point (`px`, `py`). */
  place(lx: number, ly: number, px: number, py: number): void {
    this.x = px - lx * this.zoom;
    this.y = py - ly * this.zoom;
  }
}
