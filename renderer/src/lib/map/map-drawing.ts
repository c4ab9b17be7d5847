// What the overlap map draws at a viewport: the cells on screen, runs of thin siblings drawn as
// one labelled block, and where each label goes. Text is drawn at its own size in screen space,
// never scaled, so a label is always 12 px type in a box at least LABEL_MIN_PX tall — and since
// cells never overlap and a label stays inside its cell, no two labels can overlap at any zoom.
// Cells too thin to draw are part of their parent's block, whose label then carries the
// subtree's summary (semantic zoom).
//
// Positions are in content pixels (row × zoom, depth × column), not screen pixels: the drawing
// is moved as one group by (originX, originY), so a pan changes one transform and the few cells
// at the edges (entering, leaving, or with a label that sticks to the top of the screen). Given
// the previous drawing, every block that did not change is the very same object, so the view
// has nothing to update for it. Pure, so the criteria can be tested without a browser.
import type { IcicleLayout, MapCell } from './icicle-layout.ts';
import { count, fitLabel, fitSummary } from './map-labels.ts';
import { columnPx, LABEL_INSET_PX, LABEL_MIN_PX, MIN_DRAW_PX, ROW_PX, type Viewport } from './map-viewport.ts';
import type { MapNode } from './overlap-tree.ts';

export interface LabelText {
  name: string;
  summary: string;
}

/** A block's box (content pixels) and its label. */
export interface Labelled {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  /** The text drawn, or null when the block is too small for one. */
  readonly label: string | null;
  /** The summary on a second line, when the name took the first and the block is tall enough. */
  readonly sub: string | null;
  /** Where the label's box is centred, from the block's top-left corner (inside the part on screen). */
  readonly labelDx: number;
  readonly labelDy: number;
}

export interface DrawnCell extends Labelled {
  readonly key: string;
  readonly node: MapNode;
  readonly depth: number;
  readonly folded: boolean;
  readonly posinset: number;
  readonly setsize: number;
}

export interface DrawnRun extends Labelled {
  /** Neighbouring siblings, each too thin for a label, drawn as one labelled block. */
  readonly key: string;
  readonly firstRow: number;
  readonly endRow: number;
  readonly cells: number;
  readonly rules: number;
  readonly conflicts: number;
}

export interface Drawing {
  readonly cells: DrawnCell[];
  readonly runs: DrawnRun[];
  /** Content pixels at the screen's top-left corner: screen = content − origin. */
  readonly originX: number;
  readonly originY: number;
  /** Every block by key, for the next frame to reuse what did not change. */
  readonly byKey: ReadonlyMap<string, DrawnCell | DrawnRun>;
}

/** Gap between the second line of a label and the first. */
export const SUB_LINE_PX = 18;

/** A block's label and where it goes, given the block's box on screen (sx, sy). */
function placeLabel(sx: number, sy: number, w: number, h: number, vp: Viewport, charPx: number, text: (room: number) => LabelText): Pick<Labelled, 'label' | 'sub' | 'labelDx' | 'labelDy'> {
  const visibleTop = Math.max(sy, 0);
  const visibleHeight = Math.min(sy + h, vp.height) - visibleTop;
  const labelX = Math.max(sx, 0) + LABEL_INSET_PX;
  const labelWidth = sx + w - labelX - 6;
  if (visibleHeight < LABEL_MIN_PX || labelWidth <= 0) return { label: null, sub: null, labelDx: labelX - sx, labelDy: visibleTop + visibleHeight / 2 - sy };
  const t = text(Math.floor(labelWidth / charPx));
  const label = fitLabel(t.name, t.summary, labelWidth, charPx);
  // the summary did not fit beside the name: a block two labels tall gets it on a second line
  const sub = label !== null && t.summary !== '' && !label.includes(' · ') && visibleHeight >= 2 * LABEL_MIN_PX ? fitSummary(t.summary, labelWidth, charPx) : null;
  // sticky: a tall block keeps its label at the top of the part on screen
  const labelY = visibleTop + (sub === null ? Math.min(visibleHeight, ROW_PX) : LABEL_MIN_PX) / 2;
  return { label, sub, labelDx: labelX - sx, labelDy: labelY - sy };
}

/** A run's name in `room` characters: `first … last`, else `first …`. */
function rangeName(first: string, last: string, room: number): string {
  const full = `${first} … ${last}`;
  return full.length <= room || first.length + 2 > room ? full : `${first} …`;
}

function sameLabelled(a: Labelled, b: Labelled): boolean {
  return a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h && a.label === b.label && a.sub === b.sub && a.labelDx === b.labelDx && a.labelDy === b.labelDy;
}

function sameCell(a: DrawnCell, b: DrawnCell): boolean {
  return a.node === b.node && a.depth === b.depth && a.folded === b.folded && a.posinset === b.posinset && a.setsize === b.setsize && sameLabelled(a, b);
}

function sameRun(a: DrawnRun, b: DrawnRun): boolean {
  return a.firstRow === b.firstRow && a.endRow === b.endRow && a.cells === b.cells && a.rules === b.rules && a.conflicts === b.conflicts && sameLabelled(a, b);
}

/** A cell's block with no label (for a cell kept in the DOM while off screen, e.g. the focused one). */
export function unlabelledCell(cell: MapCell, vp: Viewport, layout: IcicleLayout): DrawnCell {
  const column = columnPx(layout, vp.width);
  return {
    key: cell.node.path,
    node: cell.node,
    depth: cell.depth,
    folded: cell.folded,
    posinset: cell.posinset,
    setsize: cell.setsize,
    x: cell.depth * column,
    y: cell.row * vp.rowPx,
    w: column,
    h: cell.rows * vp.rowPx,
    label: null,
    sub: null,
    labelDx: LABEL_INSET_PX,
    labelDy: Math.min(cell.rows * vp.rowPx, ROW_PX) / 2,
  };
}

/**
 * The cells on screen, parents before children, with their labels fitted. A subtree whose cell
 * is off screen or thinner than MIN_DRAW_PX is skipped whole: its parent's block stands for it.
 * Neighbouring siblings each too thin for a label are drawn as one block, "mirror-1/* … mirror-9/*
 * · 200 rules", until zooming in gives them room (semantic zoom): nothing on screen is a sliver
 * without words. Runs are cut from the first sibling on, whatever is on screen, so scrolling
 * never regroups them.
 */
export function drawnCells(layout: IcicleLayout, vp: Viewport, charPx: number, textOf: (cell: MapCell) => LabelText, previous?: Drawing): Drawing {
  const column = columnPx(layout, vp.width);
  const rowPx = vp.rowPx;
  const originX = vp.left;
  const originY = vp.top * rowPx;
  const cells: DrawnCell[] = [];
  const runs: DrawnRun[] = [];
  const byKey = new Map<string, DrawnCell | DrawnRun>();
  const old = previous?.byKey;
  const onScreen = (row: number, rows: number): boolean => {
    const top = row * rowPx - originY;
    return top <= vp.height && top + rows * rowPx >= 0;
  };

  const emitRun = (run: readonly MapCell[]): void => {
    const first = run[0] as MapCell;
    const last = run[run.length - 1] as MapCell;
    if (run.length === 1) {
      visit(first);
      return;
    }
    const endRow = last.row + last.rows;
    if (!onScreen(first.row, endRow - first.row)) return;
    const x = first.depth * column;
    const y = first.row * rowPx;
    const h = (endRow - first.row) * rowPx;
    let rules = 0;
    let conflicts = 0;
    for (const c of run) {
      rules += c.node.ruleCount;
      conflicts += c.node.conflictCount;
    }
    const placed = placeLabel(x - originX, y - originY, column, h, vp, charPx, (room) => ({
      // the range when it fits, else where it starts ("mirror-117/* …"), never a name cut short
      name: rangeName(textOf(first).name, textOf(last).name, room),
      summary: [count(run.length, 'block', 'blocks'), count(rules, 'rule', 'rules'), ...(conflicts > 0 ? [`${conflicts.toLocaleString('en-US')} in conflict`] : [])].join(' · '),
    }));
    const key = `run:${first.node.path}`;
    let drawn: DrawnRun = { key, firstRow: first.row, endRow, cells: run.length, rules, conflicts, x, y, w: column, h, ...placed };
    const was = old?.get(key);
    if (was !== undefined && 'firstRow' in was && sameRun(was, drawn)) drawn = was;
    runs.push(drawn);
    byKey.set(key, drawn);
  };

  const visit = (cell: MapCell): void => {
    const x = cell.depth * column;
    const y = cell.row * rowPx;
    const h = cell.rows * rowPx;
    if (h < MIN_DRAW_PX || x - originX > vp.width || !onScreen(cell.row, cell.rows)) return;
    const key = cell.node.path;
    let drawn: DrawnCell = {
      key,
      node: cell.node,
      depth: cell.depth,
      folded: cell.folded,
      posinset: cell.posinset,
      setsize: cell.setsize,
      x,
      y,
      w: column,
      h,
      ...placeLabel(x - originX, y - originY, column, h, vp, charPx, () => textOf(cell)),
    };
    const was = old?.get(key);
    if (was !== undefined && 'node' in was && sameCell(was, drawn)) drawn = was;
    cells.push(drawn);
    byKey.set(key, drawn);

    let run: MapCell[] = [];
    for (const child of cell.children) {
      if (child.rows * rowPx < LABEL_MIN_PX) {
        run.push(child);
        // a run is about a row tall, so a hundred thin siblings read as a column of labelled ranges
        if ((child.row + child.rows - (run[0] as MapCell).row) * rowPx >= ROW_PX) {
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
  return { cells, runs, originX, originY, byKey };
}
