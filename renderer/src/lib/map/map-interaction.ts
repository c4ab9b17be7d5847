// How pointer, wheel and keys move the overlap map: the keyboard commands of map-keys.ts carried
// out on the view, a drag that pans, a wheel that zooms (Shift+wheel scrolls). Input that comes
// faster than the screen draws is coalesced: the first wheel step or drag move of a frame is
// applied at once, the ones after it in the same frame are summed and applied once at the next
// animation frame, so a trackpad's 120 events a second cost one redraw per frame.
import type { MapCell } from './icicle-layout.ts';
import type { MapCommand } from './map-keys.ts';
import type { MapView } from './map-view.svelte.ts';

export interface InteractionHost {
  readonly view: MapView;
  /** Selects the cell's rule in the workspace (the table and the editor follow). */
  select(cell: MapCell): void;
  /** Moves keyboard focus to the cell at `path`, revealing it first. */
  focusCell(path: string): void;
  focusSearch(): void;
  /** The drawing element, for pointer capture and the wheel's anchor. */
  element(): Element | undefined;
}

/** What a press on the map means for `cell`; returns the cell to focus next, if any. */
export function runMapCommand(command: MapCommand, cell: MapCell, host: InteractionHost): void {
  const view = host.view;
  const cells = view.layout.cells;
  const path = cell.node.path;
  let target: string | undefined;
  switch (command) {
    case 'next':
      target = cells[Math.min(cells.length - 1, cell.order + 1)]?.node.path;
      break;
    case 'previous':
      target = cells[Math.max(0, cell.order - 1)]?.node.path;
      break;
    case 'first':
      target = '';
      break;
    case 'last':
      target = cells[cells.length - 1]?.node.path;
      break;
    case 'open':
      if (cell.folded) view.toggle(path);
      else target = cell.children[0]?.node.path;
      break;
    case 'close':
      if (cell.children.length > 0) view.toggle(path);
      else target = cell.parent?.node.path;
      break;
    case 'select':
      host.select(cell);
      break;
    case 'unfold-below':
      view.unfoldBelow(path);
      break;
    case 'zoom-in':
      view.zoomBy(1.25);
      break;
    case 'zoom-out':
      view.zoomBy(0.8);
      break;
    case 'zoom-to':
      view.zoomTo(path);
      break;
    case 'zoom-out-to-parent':
      view.zoomTo(cell.parent?.node.path ?? '');
      target = cell.parent?.node.path;
      break;
    case 'fit':
      view.fit();
      break;
    case 'conflicts-only':
      view.setConflictsOnly(!view.conflictsOnly);
      break;
    case 'find':
      host.focusSearch();
      break;
    case 'next-match':
    case 'previous-match':
      view.nextMatch(command === 'next-match' ? 1 : -1);
      target = view.matches[view.searchIndex];
      break;
  }
  if (target !== undefined) host.focusCell(target);
}

/** Pointer, wheel and key handling for the drawing; one per mounted map. */
export class MapInteraction {
  readonly #host: InteractionHost;
  #drag: { pointer: number; x: number; y: number; moved: boolean } | null = null;
  /** Input waiting for the next animation frame (see the module comment). */
  #pending: { dx: number; dy: number; zoom: number; py: number } | null = null;
  #frame = 0;
  /** When input was last applied at once: later input in the same frame waits. */
  #appliedAt = -1;

  constructor(host: InteractionHost) {
    this.#host = host;
  }

  /** Whether a drag is under way (its closing click is not a click on a cell). */
  get dragging(): boolean {
    return this.#drag?.moved === true;
  }

  cellOf(event: Event): MapCell | undefined {
    const element = (event.target as Element).closest('[data-path]');
    return element === null ? undefined : this.#host.view.layout.byPath.get(element.getAttribute('data-path') ?? '');
  }

  /** Runs a map command from the keymap on the block the key was pressed on (or, from the palette, the focused one). */
  command(command: MapCommand, event?: KeyboardEvent): boolean {
    const view = this.#host.view;
    const cell = event ? this.cellOf(event) : view.layout.byPath.get(view.focusedPath);
    if (cell === undefined) return false;
    runMapCommand(command, cell, this.#host);
    return true;
  }

  #move(dx: number, dy: number, zoom: number, py: number): void {
    const now = performance.now();
    // the first input of a frame goes straight through; what follows within the frame waits
    if (this.#frame === 0 && now - this.#appliedAt > 8) {
      this.#appliedAt = now;
      this.#apply(dx, dy, zoom, py);
      return;
    }
    const p = (this.#pending ??= { dx: 0, dy: 0, zoom: 1, py });
    p.dx += dx;
    p.dy += dy;
    p.zoom *= zoom;
    p.py = py;
    if (this.#frame === 0) {
      this.#frame = requestAnimationFrame(() => {
        this.#frame = 0;
        const q = this.#pending;
        this.#pending = null;
        this.#appliedAt = performance.now();
        if (q !== null) this.#apply(q.dx, q.dy, q.zoom, q.py);
      });
    }
  }

  #apply(dx: number, dy: number, zoom: number, py: number): void {
    const view = this.#host.view;
    if (zoom !== 1) view.zoomBy(zoom, py);
    if (dx !== 0 || dy !== 0) view.pan(dx, dy);
  }

  /**
   * A non-passive listener: the wheel zooms the map (Shift+wheel scrolls) instead of the page.
   * The zoom's anchor needs the drawing's top edge; reading it in the handler would force a
   * layout whenever the previous frame's update is not laid out yet. It is read instead where
   * layout is already done — in a ResizeObserver callback, which runs after layout, and the
   * drawing's top moves only when what is above it changes height, which resizes the drawing.
   */
  attachWheel(element: Element): () => void {
    let top: number | null = null;
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => (top = element.getBoundingClientRect().top));
    observer?.observe(element);
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      if (event.shiftKey) this.#move(-event.deltaX, -event.deltaY, 1, 0);
      else this.#move(0, 0, Math.exp(-event.deltaY * 0.0015), event.clientY - (top ??= element.getBoundingClientRect().top));
    };
    const listener = onWheel as EventListener;
    element.addEventListener('wheel', listener, { passive: false });
    return () => {
      observer?.disconnect();
      element.removeEventListener('wheel', listener);
      if (this.#frame !== 0) cancelAnimationFrame(this.#frame);
      this.#frame = 0;
    };
  }

  pointerdown(event: PointerEvent): void {
    if (event.button !== 0) return;
    this.#drag = { pointer: event.pointerId, x: event.clientX, y: event.clientY, moved: false };
  }

  pointermove(event: PointerEvent): void {
    const drag = this.#drag;
    if (drag === null || drag.pointer !== event.pointerId) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) <= 3) return;
    if (!drag.moved) this.#host.element()?.setPointerCapture(event.pointerId);
    drag.moved = true;
    drag.x = event.clientX;
    drag.y = event.clientY;
    this.#move(dx, dy, 1, 0);
  }

  pointerup(event: PointerEvent): void {
    if (this.#drag?.pointer !== event.pointerId) return;
    // the click that ends a drag is not a click on a cell: keep the drag until it has passed
    const ended = this.#drag;
    if (ended.moved) setTimeout(() => (this.#drag = this.#drag === ended ? null : this.#drag));
    else this.#drag = null;
  }
}
