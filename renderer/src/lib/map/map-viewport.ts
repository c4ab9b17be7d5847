// From the icicle's rows to pixels: the viewport (zoom and scroll) and the moves on it — fit,
// zoom about a point, pan, reveal a cell, keep a cell in place across a fold. Only the vertical
// axis zooms (as in a flame chart): columns keep a readable width. What is drawn at a viewport,
// and with which labels, is map-drawing.ts. Pure, so the criteria can be tested without a browser.
import type { IcicleLayout, MapCell } from './icicle-layout.ts';

/** A comfortable row height, and the zoom's upper bound. */
export const ROW_PX = 24;
export const MAX_ROW_PX = 64;
/** The largest row height Fit picks (a five-rule map gets roomy rows, with room left to zoom in). */
const FIT_MAX_ROW_PX = 40;
/** A cell gets a label only when at least this tall on screen (the label box is LABEL_BOX_PX). */
export const LABEL_MIN_PX = 18;
export const LABEL_BOX_PX = 16;
/** Cells thinner than this are drawn as part of their parent. */
export const MIN_DRAW_PX = 1;
/** A column fits a 12-character segment and its glyph; a 1024 px window's map pane shows three. */
export const MIN_COLUMN_PX = 120;
export const MAX_COLUMN_PX = 280;
/** Room kept above and below the tree after Fit. */
const FIT_PAD_PX = 6;
/** Space between a label and its cell's left edge (the marker stripe sits there). */
export const LABEL_INSET_PX = 20;

export interface Viewport {
  readonly width: number;
  readonly height: number;
  /** The row (fractional) at the top edge. */
  readonly top: number;
  /** Pixels per row: the zoom. */
  readonly rowPx: number;
  /** Horizontal scroll in pixels, for trees deeper than the window is wide. */
  readonly left: number;
}

export function columnPx(layout: IcicleLayout, width: number): number {
  return Math.max(MIN_COLUMN_PX, Math.min(MAX_COLUMN_PX, Math.floor(width / Math.max(1, layout.columns))));
}

/** The row height at which all rows fit the height (a five-rule map gets roomy rows, up to the zoom's bound). */
export function fitRowPx(layout: IcicleLayout, height: number): number {
  return Math.min(FIT_MAX_ROW_PX, Math.max(0.05, (height - 2 * FIT_PAD_PX) / layout.rows));
}

/** Keeps the tree on screen: centred when it is shorter than the view, else no further than a row past either end. */
export function clampViewport(vp: Viewport, layout: IcicleLayout): Viewport {
  const rowPx = Math.max(Math.min(fitRowPx(layout, vp.height), ROW_PX), Math.min(MAX_ROW_PX, vp.rowPx));
  const visibleRows = vp.height / rowPx;
  const pad = FIT_PAD_PX / rowPx;
  const top = layout.rows + 2 * pad <= visibleRows ? (layout.rows - visibleRows) / 2 : Math.max(-pad, Math.min(layout.rows - visibleRows + pad, vp.top));
  const maxLeft = Math.max(0, layout.columns * columnPx(layout, vp.width) - vp.width);
  return { ...vp, rowPx, top, left: Math.max(0, Math.min(maxLeft, vp.left)) };
}

/** Everything unfolded in view at the largest row height that shows all of it. */
export function fitViewport(vp: Viewport, layout: IcicleLayout): Viewport {
  const rowPx = fitRowPx(layout, vp.height);
  return clampViewport({ ...vp, rowPx, top: -FIT_PAD_PX / rowPx, left: 0 }, layout);
}

/** Zooms by `factor` keeping the row under screen height `py` where it is. */
export function zoomViewport(vp: Viewport, layout: IcicleLayout, factor: number, py: number): Viewport {
  const rowAt = vp.top + py / vp.rowPx;
  const rowPx = Math.max(Math.min(fitRowPx(layout, vp.height), ROW_PX), Math.min(MAX_ROW_PX, vp.rowPx * factor));
  return clampViewport({ ...vp, rowPx, top: rowAt - py / rowPx }, layout);
}

export function panViewport(vp: Viewport, layout: IcicleLayout, dxPx: number, dyPx: number): Viewport {
  return clampViewport({ ...vp, top: vp.top - dyPx / vp.rowPx, left: vp.left - dxPx }, layout);
}

export function cellRect(cell: MapCell, vp: Viewport, column: number): { x: number; y: number; w: number; h: number } {
  return { x: cell.depth * column - vp.left, y: (cell.row - vp.top) * vp.rowPx, w: column, h: cell.rows * vp.rowPx };
}

/** The subtree fills the height (as far as the zoom allows), its column brought into view. */
export function zoomToCell(vp: Viewport, layout: IcicleLayout, cell: MapCell): Viewport {
  const rowPx = Math.min(MAX_ROW_PX, Math.max(fitRowPx(layout, vp.height), (vp.height - 2 * FIT_PAD_PX) / cell.rows));
  const visibleRows = vp.height / rowPx;
  const column = columnPx(layout, vp.width);
  return clampViewport({ ...vp, rowPx, top: cell.row - (visibleRows - cell.rows) / 2, left: Math.min(vp.left, cell.depth * column) }, layout);
}

/**
 * Brings a cell into view without moving the view more than needed: nothing changes when it is
 * already on screen (and, with `readable`, tall enough for its label); otherwise it zooms in to a
 * readable size around the cell and scrolls only as far as it must.
 */
export function revealCell(vp: Viewport, layout: IcicleLayout, cell: MapCell, readable: boolean): Viewport {
  let next = vp;
  if (readable && cell.rows * vp.rowPx < LABEL_MIN_PX) {
    const rowPx = Math.min(MAX_ROW_PX, Math.max(vp.rowPx, ROW_PX / cell.rows));
    const centre = cell.row + cell.rows / 2;
    const screenY = (centre - vp.top) * vp.rowPx;
    const anchor = screenY >= 0 && screenY <= vp.height ? screenY : vp.height / 2;
    next = { ...vp, rowPx, top: centre - anchor / rowPx };
  }
  // the part that must be on screen: all of a short cell, the label row of a tall one
  const needRows = Math.min(cell.rows, (vp.height * 0.8) / next.rowPx);
  const margin = Math.min(2 * ROW_PX, vp.height * 0.1) / next.rowPx;
  const visibleRows = vp.height / next.rowPx;
  let top = next.top;
  if (cell.row < top) top = cell.row - margin;
  else if (cell.row + needRows > top + visibleRows) top = cell.row + needRows - visibleRows + margin;
  const column = columnPx(layout, vp.width);
  let left = next.left;
  const x = cell.depth * column;
  if (x < left) left = x;
  else if (x + column > left + vp.width) left = x + column - vp.width;
  return clampViewport({ ...next, top, left }, layout);
}

/** After the layout changed (a fold, a filter), the view that keeps `path` at the same height on screen. */
export function keepInPlace(vp: Viewport, before: IcicleLayout, after: IcicleLayout, path: string): Viewport {
  const was = before.byPath.get(path);
  const now = after.byPath.get(path);
  if (was === undefined || now === undefined) return clampViewport(vp, after);
  const screenY = (was.row - vp.top) * vp.rowPx;
  return clampViewport({ ...vp, top: now.row - screenY / vp.rowPx }, after);
}
