// From the icicle's rows to pixels: what is on screen, where, and which cells get a label.
// Only the vertical axis zooms (as in a flame chart): columns keep a readable width and text is
// drawn at its own size in screen space, never scaled, so a label is always 12 px type in a box
// at least LABEL_MIN_PX tall — and since cells never overlap and a label stays inside its cell,
// no two labels can overlap at any zoom. Cells too thin to draw are part of their parent's
// block, whose label then carries the subtree's summary (semantic zoom). Pure, so the criteria
// can be tested without a browser.
import type { IcicleLayout, MapCell } from './icicle-layout.ts';
import { count, fitLabel } from './map-labels.ts';

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
export const MIN_COLUMN_PX = 150;
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

export interface DrawnCell {
  readonly cell: MapCell;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  /** The text drawn, or null when the cell is too small for one. */
  readonly label: string | null;
  /** Where the label's box is centred (inside the visible part of the cell). */
  readonly labelY: number;
  readonly labelX: number;
  /** The summary on a second line, when the name took the first and the block is tall enough. */
  readonly sub: string | null;
}

export interface LabelText {
  name: string;
  summary: string;
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

export interface DrawnRun {
  /** Neighbouring siblings, each too thin for a label, drawn as one labelled block. */
  readonly first: MapCell;
  readonly last: MapCell;
  readonly cells: number;
  readonly rules: number;
  readonly conflicts: number;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly label: string | null;
  readonly labelX: number;
  readonly labelY: number;
  readonly sub: string | null;
}

export interface Drawing {
  readonly cells: DrawnCell[];
  readonly runs: DrawnRun[];
}

interface Placed {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly label: string | null;
  readonly labelX: number;
  readonly labelY: number;
  readonly sub: string | null;
}

/** Where a block's label goes and what it says, or no label when the block is too small. */
function placeLabel(x: number, y: number, w: number, h: number, vp: Viewport, charPx: number, text: () => LabelText): Placed {
  const visibleTop = Math.max(y, 0);
  const visibleHeight = Math.min(y + h, vp.height) - visibleTop;
  const labelX = Math.max(x, 0) + LABEL_INSET_PX;
  const labelWidth = x + w - labelX - 6;
  if (visibleHeight < LABEL_MIN_PX || labelWidth <= 0) return { x, y, w, h, label: null, labelX, labelY: visibleTop + visibleHeight / 2, sub: null };
  const t = text();
  const label = fitLabel(t.name, t.summary, labelWidth, charPx);
  // the summary did not fit beside the name: a block two labels tall gets it on a second line
  const sub = label !== null && t.summary !== '' && !label.includes(' · ') && visibleHeight >= 2 * LABEL_MIN_PX ? fitLabel(t.summary, '', labelWidth, charPx) : null;
  // sticky: a tall block keeps its label at the top of the part on screen
  const labelY = visibleTop + (sub === null ? Math.min(visibleHeight, ROW_PX) : LABEL_MIN_PX) / 2;
  return { x, y, w, h, label, labelX, labelY, sub };
}

/**
 * The cells on screen, parents before children, with their labels fitted. A subtree whose cell
 * is off screen or thinner than MIN_DRAW_PX is skipped whole: its parent's block stands for it.
 * Neighbouring siblings each too thin for a label are drawn as one block, "mirror-1/* … mirror-9/*
 * · 200 rules", until zooming in gives them room (semantic zoom): nothing on screen is a sliver
 * without words.
 */
export function drawnCells(layout: IcicleLayout, vp: Viewport, charPx: number, textOf: (cell: MapCell) => LabelText): Drawing {
  const column = columnPx(layout, vp.width);
  const cells: DrawnCell[] = [];
  const runs: DrawnRun[] = [];
  const emitRun = (run: MapCell[]): void => {
    if (run.length === 1) {
      visit(run[0] as MapCell);
      return;
    }
    const first = run[0] as MapCell;
    const last = run[run.length - 1] as MapCell;
    const { x, y, w } = cellRect(first, vp, column);
    const h = (last.row + last.rows - first.row) * vp.rowPx;
    let rules = 0;
    let conflicts = 0;
    for (const c of run) {
      rules += c.node.ruleCount;
      conflicts += c.node.conflictCount;
    }
    const placed = placeLabel(x, y, w, h, vp, charPx, () => ({
      name: `${textOf(first).name} … ${textOf(last).name}`,
      summary: [count(run.length, 'block', 'blocks'), count(rules, 'rule', 'rules'), ...(conflicts > 0 ? [`${conflicts.toLocaleString('en-US')} in conflict`] : [])].join(' · '),
    }));
    runs.push({ first, last, cells: run.length, rules, conflicts, ...placed });
  };
  const visit = (cell: MapCell): void => {
    const { x, y, w, h } = cellRect(cell, vp, column);
    if (y > vp.height || y + h < 0 || h < MIN_DRAW_PX || x > vp.width) return;
    cells.push({ cell, ...placeLabel(x, y, w, h, vp, charPx, () => textOf(cell)) });
    let run: MapCell[] = [];
    for (const child of cell.children) {
      const top = (child.row - vp.top) * vp.rowPx;
      const height = child.rows * vp.rowPx;
      if (top > vp.height || top + height < 0) {
        if (run.length > 0) emitRun(run);
        run = [];
        continue;
      }
      if (height < LABEL_MIN_PX) {
        run.push(child);
        // a run is about a row tall, so a hundred thin siblings read as a column of labelled ranges
        if ((child.row + child.rows - (run[0] as MapCell).row) * vp.rowPx >= ROW_PX) {
          emitRun(run);
          run = [];
        }
      } else {
        if (run.length > 0) emitRun(run);
        run = [];
        visit(child);
      }
    }
    if (run.length > 0) emitRun(run);
  };
  visit(layout.root);
  return { cells, runs };
}
