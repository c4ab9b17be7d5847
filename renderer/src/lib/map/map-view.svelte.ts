// How the user looks at the overlap map: folds, the conflicts-only filter, the viewport (zoom and
// scroll), the focused cell, the search. Kept per open rule set (not per component) so switching
// between the table and the map does not lose it. Every change that reshapes the layout goes
// through #reshape, which keeps the focused cell at the same height on screen: folding,
// unfolding or filtering never moves what the user is looking at.
import { ancestorsOf, foldBelow, initialCollapsed, layoutIcicle, nearestShown, type IcicleLayout } from './icicle-layout.ts';
import { searchMap } from './map-search.ts';
import {
  cellRect,
  clampViewport,
  columnPx,
  fitViewport,
  keepInPlace,
  MAX_ROW_PX,
  panViewport,
  revealCell,
  ROW_PX,
  zoomToCell,
  zoomViewport,
  type Viewport,
} from './map-viewport.ts';
import type { OverlapMap } from './overlap-tree.ts';
import type { CacheRule } from '../../../../core/index.ts';

export interface MapSource {
  readonly map: OverlapMap;
  readonly rules: readonly CacheRule[];
}

/** The same empty list each time: with no search, a keystroke's new map invalidates nothing that reads the hits. */
const NO_MATCHES: readonly string[] = [];

export class MapView {
  readonly #source: () => MapSource;
  collapsed = $state.raw<ReadonlySet<string>>(new Set());
  conflictsOnly = $state(false);
  /** Whether the starting folds were worked out yet (once per rule set, on first show). */
  #started = false;
  /** Whether the view was placed on the tree yet (needs the map's size, so done on first show). */
  #positioned = false;
  #viewport = $state.raw<Viewport>({ width: 0, height: 0, top: 0, rowPx: ROW_PX, left: 0 });
  /** Zoom and scroll. Setting an equal viewport changes nothing (a reveal of a cell already on screen redraws nothing). */
  get viewport(): Viewport {
    return this.#viewport;
  }
  set viewport(next: Viewport) {
    const now = this.#viewport;
    if (next.width !== now.width || next.height !== now.height || next.top !== now.top || next.rowPx !== now.rowPx || next.left !== now.left) this.#viewport = next;
  }
  focusedPath = $state('');
  search = $state('');
  /** Which search match is current, for next / previous. */
  searchIndex = $state(0);

  constructor(source: () => MapSource) {
    this.#source = source;
  }

  readonly matches: readonly string[] = $derived.by(() => {
    if (this.search.trim() === '') return NO_MATCHES;
    return searchMap(this.#source().map.root, this.search, this.#source().rules);
  });

  readonly layout: IcicleLayout = $derived.by(() => {
    const map = this.#source().map;
    return layoutIcicle(map.root, {
      collapsed: this.collapsed,
      // the rule being edited is always on the map, whatever is folded
      reveal: map.ghostPath === null ? [] : [map.ghostPath],
      conflictsOnly: this.conflictsOnly,
    });
  });

  get column(): number {
    return columnPx(this.layout, this.viewport.width);
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.collapsed = initialCollapsed(this.#source().map.root);
  }

  /** The drawing area's size; the first call places the view (fit small trees, top of big ones). */
  resize(width: number, height: number): void {
    if (width <= 0 || height <= 0) return;
    const sized = { ...this.viewport, width, height };
    if (!this.#positioned) {
      this.#positioned = true;
      const fitted = fitViewport(sized, this.layout);
      this.viewport = fitted.rowPx >= ROW_PX * 0.75 ? fitted : clampViewport({ ...sized, rowPx: ROW_PX, top: -0.25, left: 0 }, this.layout);
      return;
    }
    this.viewport = clampViewport(sized, this.layout);
  }

  /** Applies a change that reshapes the layout, keeping `anchor` where it is on screen. */
  #reshape(change: () => void, anchor = this.focusedPath): void {
    const before = this.layout;
    const anchorPath = nearestShown(before, anchor).node.path;
    change();
    this.viewport = keepInPlace(this.viewport, before, this.layout, anchorPath);
  }

  toggle(path: string): void {
    this.#reshape(() => {
      const next = new Set(this.collapsed);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      this.collapsed = next;
    }, path);
  }

  setFolded(path: string, folded: boolean): void {
    if (this.collapsed.has(path) !== folded) this.toggle(path);
  }

  /** Unfolds what hides `path` (its ancestors). */
  unfoldTo(path: string): void {
    const hiding = ancestorsOf(path).filter((a) => this.collapsed.has(a));
    if (hiding.length === 0) return;
    this.#reshape(() => {
      const next = new Set(this.collapsed);
      for (const a of hiding) next.delete(a);
      this.collapsed = next;
    });
  }

  /** Unfolds `path` and everything below it (the tree pattern's `*`). */
  unfoldBelow(path: string): void {
    const node = this.#source().map.nodeAt(path);
    if (node === undefined) return;
    this.#reshape(() => {
      const inside = new Set<string>([path]);
      foldBelow(node, inside);
      this.collapsed = new Set([...this.collapsed].filter((p) => !inside.has(p)));
    }, path);
  }

  expandAll(): void {
    this.#reshape(() => (this.collapsed = new Set()));
  }

  /** Folds every node below the first level, leaving the top-level namespaces in view, then fits. */
  foldAll(): void {
    const folded = new Set<string>();
    foldBelow(this.#source().map.root, folded);
    this.collapsed = folded;
    this.fit();
  }

  setConflictsOnly(on: boolean): void {
    if (this.conflictsOnly === on) return;
    this.#reshape(() => (this.conflictsOnly = on));
  }

  // --- viewport ---------------------------------------------------------------------------

  fit(): void {
    this.viewport = fitViewport(this.viewport, this.layout);
  }

  /** Zooms by `factor` about screen height `py` (the middle when not given). */
  zoomBy(factor: number, py = this.viewport.height / 2): void {
    this.viewport = zoomViewport(this.viewport, this.layout, factor, py);
  }

  pan(dx: number, dy: number): void {
    this.viewport = panViewport(this.viewport, this.layout, dx, dy);
  }

  /** Moves the view to `top` rows (the minimap). */
  scrollToRow(row: number): void {
    this.viewport = clampViewport({ ...this.viewport, top: row - this.viewport.height / this.viewport.rowPx / 2 }, this.layout);
  }

  /** The subtree at `path` fills the height (focus + context: the breadcrumb leads back). */
  zoomTo(path: string): void {
    const cell = this.layout.byPath.get(path);
    if (cell === undefined) return;
    this.viewport = zoomToCell(this.viewport, this.layout, cell);
    this.focusedPath = path;
  }

  /** Rows `first` to `end` fill the height (a click on a block of thin neighbours). */
  zoomToRows(first: number, end: number): void {
    const rows = Math.max(1, end - first);
    const rowPx = Math.min(MAX_ROW_PX, (this.viewport.height - 12) / rows);
    this.viewport = clampViewport({ ...this.viewport, rowPx, top: first - (this.viewport.height / rowPx - rows) / 2 }, this.layout);
  }

  /**
   * Shows `path`: unfolds its ancestors and scrolls only if it is off screen; with `readable`,
   * also zooms in until its label fits.
   */
  reveal(path: string, readable = true): void {
    this.unfoldTo(path);
    const cell = this.layout.byPath.get(path);
    if (cell !== undefined) this.viewport = revealCell(this.viewport, this.layout, cell, readable);
  }

  /** Shows both sides of a conflict, unfolded, in the viewport at once. */
  revealBoth(a: string, b: string): void {
    this.unfoldTo(a);
    this.unfoldTo(b);
    const ca = this.layout.byPath.get(a);
    const cb = this.layout.byPath.get(b);
    if (ca === undefined || cb === undefined) return;
    // reveal the smaller (deeper) one readably; the other must then be on screen too
    const [small, big] = ca.rows <= cb.rows ? [ca, cb] : [cb, ca];
    let vp = revealCell(this.viewport, this.layout, small, true);
    const first = Math.min(small.row, big.row);
    const last = Math.max(small.row + small.rows, big.row + 1);
    const column = columnPx(this.layout, vp.width);
    const bigRect = cellRect(big, vp, column);
    if (bigRect.y + bigRect.h <= 0 || bigRect.y >= vp.height || bigRect.x + bigRect.w <= 0 || bigRect.x >= vp.width) {
      // too far apart for the readable zoom: show the whole span between them
      const span = last - first;
      const rowPx = Math.min(vp.rowPx, (vp.height - 12) / span);
      vp = clampViewport({ ...vp, rowPx, top: first - (vp.height / rowPx - span) / 2, left: Math.min(vp.left, Math.min(small.depth, big.depth) * column) }, this.layout);
    }
    this.viewport = vp;
    this.focusedPath = small.node.path;
  }

  // --- search -----------------------------------------------------------------------------

  setSearch(query: string): void {
    this.search = query;
    this.searchIndex = 0;
    if (this.matches.length > 0) this.#showMatch();
  }

  /** The next (`step` 1) or previous (-1) hit, unfolded and zoomed to a readable size. */
  nextMatch(step: number): void {
    const count = this.matches.length;
    if (count === 0) return;
    this.searchIndex = (this.searchIndex + step + count) % count;
    this.#showMatch();
  }

  #showMatch(): void {
    const path = this.matches[Math.min(this.searchIndex, this.matches.length - 1)];
    if (path === undefined) return;
    if (this.conflictsOnly && this.#source().map.nodeAt(path)?.conflictCount === 0) this.setConflictsOnly(false);
    this.reveal(path, true);
    this.focusedPath = path;
  }
}
