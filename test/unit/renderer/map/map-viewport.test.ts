import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createRuleSetIndex } from '../../../../core/index.ts';
import { layoutIcicle, initialCollapsed, type IcicleLayout } from '../../../../renderer/src/lib/map/icicle-layout.ts';
import { cellName, cellSummary } from '../../../../renderer/src/lib/map/map-labels.ts';
import { drawnCells, SUB_LINE_PX, type Drawing } from '../../../../renderer/src/lib/map/map-drawing.ts';
import {
  fitViewport,
  keepInPlace,
  LABEL_BOX_PX,
  LABEL_MIN_PX,
  revealCell,
  ROW_PX,
  zoomViewport,
  type Viewport,
} from '../../../../renderer/src/lib/map/map-viewport.ts';
import { buildOverlapMap } from '../../../../renderer/src/lib/map/overlap-tree.ts';
import { scaleRuleSet } from '../../../support/scale-rule-set.ts';

const CHAR = 7.2;
const ruleSet = scaleRuleSet(1000);
const index = createRuleSetIndex(ruleSet);
const map = buildOverlapMap({ rules: ruleSet.rules, trie: index.trie });
const text = (cell: { node: Parameters<typeof cellName>[0] }) => ({ name: cellName(cell.node, 'contoso.azurecr.io'), summary: cellSummary(cell.node) });

function viewportOf(width: number, height: number): Viewport {
  return { width, height, top: 0, rowPx: ROW_PX, left: 0 };
}

/** The label boxes drawn (each line of text, LABEL_BOX_PX tall), in screen pixels. */
function labelBoxes(layout: IcicleLayout, vp: Viewport) {
  return boxesOf(drawnCells(layout, vp, CHAR, text), vp);
}

function boxesOf(drawing: Drawing, vp: Viewport) {
  const boxes: { x0: number; x1: number; y0: number; y1: number; h: number; cellY0: number; cellY1: number }[] = [];
  for (const d of [...drawing.cells, ...drawing.runs]) {
    if (d.label === null) continue;
    const sx = d.x - drawing.originX;
    const sy = d.y - drawing.originY;
    for (const [line, y] of [[d.label, sy + d.labelDy], [d.sub, sy + d.labelDy + SUB_LINE_PX]] as const) {
      if (line === null) continue;
      boxes.push({ x0: sx + d.labelDx, x1: sx + d.labelDx + line.length * CHAR, y0: y - LABEL_BOX_PX / 2, y1: y + LABEL_BOX_PX / 2, h: Math.min(d.h, vp.height), cellY0: sy, cellY1: sy + d.h });
    }
  }
  return boxes;
}

describe('the 1,000-rule map on screen', () => {
  const folds = [new Set<string>(), initialCollapsed(map.root)];

  test('at any zoom and scroll, labels sit inside their blocks and no two overlap', () => {
    fc.assert(
      fc.property(fc.constantFrom(...folds), fc.constantFrom([1440, 900], [1024, 700], [600, 400]), fc.double({ min: 0.1, max: 40, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (collapsed, [w, h], rowPx, at) => {
        const layout = layoutIcicle(map.root, { collapsed });
        const vp = zoomViewport(fitViewport(viewportOf(w!, h!), layout), layout, rowPx, 0);
        const moved = { ...vp, top: at * layout.rows };
        const boxes = labelBoxes(layout, moved);
        for (const b of boxes) {
          expect(b.y0).toBeGreaterThanOrEqual(b.cellY0 - 0.01);
          expect(b.y1).toBeLessThanOrEqual(b.cellY1 + 0.01);
        }
        for (let i = 0; i < boxes.length; i++)
          for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i]!;
            const b = boxes[j]!;
            expect(a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1).toBe(false);
          }
      }),
      { numRuns: 40 },
    );
  });

  test('after Fit, everything unfolded is within the height and there are labelled blocks to read', () => {
    for (const collapsed of folds) {
      const layout = layoutIcicle(map.root, { collapsed });
      const vp = fitViewport(viewportOf(1024, 560), layout);
      expect(layout.rows * vp.rowPx).toBeLessThanOrEqual(560);
      expect(labelBoxes(layout, vp).length).toBeGreaterThan(10);
    }
  });

  test('a pan keeps every block that stayed inside the screen as the same object, and the labels still obey the rules', () => {
    const layout = layoutIcicle(map.root, { collapsed: new Set() });
    const vp = zoomViewport(fitViewport(viewportOf(1280, 700), layout), layout, 8, 0);
    const before = drawnCells(layout, vp, CHAR, text);
    const panned = { ...vp, top: vp.top + 3 / vp.rowPx };
    const after = drawnCells(layout, panned, CHAR, text, before);
    const kept = after.cells.filter((d) => before.byKey.get(d.key) === d).length;
    // only the blocks at the edges (entering, leaving, a sticky label) are new
    expect(kept).toBeGreaterThan(after.cells.length * 0.8);
    expect(after.originY - before.originY).toBeCloseTo(3);
    const boxes = boxesOf(after, panned);
    for (const b of boxes) expect(b.y1).toBeLessThanOrEqual(b.cellY1 + 0.01);
    expect(boxes.length).toBeGreaterThan(10);
  });

  test('revealing a cell makes it readable and does nothing when it already is', () => {
    const layout = layoutIcicle(map.root, { collapsed: new Set() });
    const fitted = fitViewport(viewportOf(1024, 700), layout);
    const cell = layout.byPath.get('team34/app-514')!;
    const shown = revealCell(fitted, layout, cell, true);
    const y = (cell.row - shown.top) * shown.rowPx;
    expect(cell.rows * shown.rowPx).toBeGreaterThanOrEqual(LABEL_MIN_PX);
    expect(y).toBeGreaterThanOrEqual(0);
    expect(y + cell.rows * shown.rowPx).toBeLessThanOrEqual(700);
    expect(revealCell(shown, layout, cell, true)).toEqual(shown);
  });

  test('folding a namespace keeps the focused block where it was on screen', () => {
    const open = layoutIcicle(map.root, { collapsed: new Set() });
    const folded = layoutIcicle(map.root, { collapsed: new Set(['team3']) });
    const vp = { ...viewportOf(1024, 700), top: open.byPath.get('team3')!.row - 5 };
    const after = keepInPlace(vp, open, folded, 'team3');
    const screen = (layout: IcicleLayout, v: Viewport) => (layout.byPath.get('team3')!.row - v.top) * v.rowPx;
    expect(screen(folded, after)).toBeCloseTo(screen(open, vp));
  });
});
