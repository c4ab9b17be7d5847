// The window comes back where the user left it: size, position and maximised state, kept in
// window-state.json in the data folder (atomic writes). A saved position that no display shows
// any more (a monitor unplugged) is not restored off screen: the window is re-centred on the
// nearest display instead, at a size that fits it.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../atomic-file.ts';

export const WINDOW_STATE_FILE = 'window-state.json';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export interface WindowLimits {
  defaultWidth: number;
  defaultHeight: number;
  minWidth: number;
  minHeight: number;
}

const int = z.number().int().min(-100_000).max(100_000);
const windowStateSchema = z
  .object({
    bounds: z.object({ x: int, y: int, width: int.min(1), height: int.min(1) }).strict(),
    maximized: z.boolean(),
  })
  .strict();

/** Enough of the window that the user can grab it: 100 px wide and 40 tall inside a work area. */
function reachable(bounds: Rect, area: Rect): boolean {
  const overlapX = Math.min(bounds.x + bounds.width, area.x + area.width) - Math.max(bounds.x, area.x);
  const overlapY = Math.min(bounds.y + bounds.height, area.y + area.height) - Math.max(bounds.y, area.y);
  return overlapX >= 100 && overlapY >= 40 && bounds.y >= area.y - 10;
}

function distance(bounds: Rect, area: Rect): number {
  const cx = bounds.x + bounds.width / 2;
  const cy = bounds.y + bounds.height / 2;
  const ax = Math.max(area.x, Math.min(cx, area.x + area.width));
  const ay = Math.max(area.y, Math.min(cy, area.y + area.height));
  return Math.hypot(cx - ax, cy - ay);
}

/**
 * Where to open the window: the saved bounds when a display still shows them, else the saved
 * size (capped to the display) centred on the display nearest to where it was; without a saved
 * state, the default size centred on the primary display (`workAreas[0]`).
 */
export function restoredBounds(saved: WindowState | null, workAreas: readonly Rect[], limits: WindowLimits): WindowState {
  const primary = workAreas[0] ?? { x: 0, y: 0, width: limits.defaultWidth, height: limits.defaultHeight };
  const centred = (width: number, height: number, area: Rect): Rect => {
    const w = Math.max(limits.minWidth, Math.min(width, area.width));
    const h = Math.max(limits.minHeight, Math.min(height, area.height));
    return { x: Math.round(area.x + (area.width - w) / 2), y: Math.round(area.y + (area.height - h) / 2), width: w, height: h };
  };
  if (saved === null) return { bounds: centred(limits.defaultWidth, limits.defaultHeight, primary), maximized: false };
  const bounds = {
    ...saved.bounds,
    width: Math.max(limits.minWidth, saved.bounds.width),
    height: Math.max(limits.minHeight, saved.bounds.height),
  };
  if (workAreas.some((area) => reachable(bounds, area))) return { bounds, maximized: saved.maximized };
  const nearest = [...workAreas].sort((a, b) => distance(bounds, a) - distance(bounds, b))[0] ?? primary;
  return { bounds: centred(bounds.width, bounds.height, nearest), maximized: saved.maximized };
}

/** The saved state, or null when there is none or it is unreadable (a fresh start, never a failure). */
export async function readWindowState(dataDir: string): Promise<WindowState | null> {
  try {
    const parsed = windowStateSchema.safeParse(JSON.parse(await readFile(join(dataDir, WINDOW_STATE_FILE), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function writeWindowState(dataDir: string, state: WindowState): Promise<void> {
  return writeFileAtomic(join(dataDir, WINDOW_STATE_FILE), `${JSON.stringify(state)}\n`);
}

/** The part of a BrowserWindow the tracker needs (tests pass a plain object). */
export interface TrackedWindow {
  isMaximized(): boolean;
  isMinimized(): boolean;
  isFullScreen(): boolean;
  /** Bounds when not maximised (Electron: getNormalBounds). */
  getNormalBounds(): Rect;
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', listener: () => void): void;
}

/**
 * Saves the window's state a moment after it stops moving or resizing, and at once when it
 * closes. A failed write (disk full) only loses the position: it is logged, never shown.
 */
export function trackWindowState(window: TrackedWindow, save: (state: WindowState) => Promise<void>, options: { delayMs?: number; onError?: (error: unknown) => void } = {}): { flush(): Promise<void> } {
  const delay = options.delayMs ?? 500;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = '';
  const flush = async () => {
    clearTimeout(timer);
    timer = undefined;
    // a minimised or full-screen window's bounds are not where the user wants it back
    if (window.isMinimized() || window.isFullScreen()) return;
    const state: WindowState = { bounds: window.getNormalBounds(), maximized: window.isMaximized() };
    const text = JSON.stringify(state);
    if (text === last) return;
    last = text;
    await save(state).catch((error: unknown) => options.onError?.(error));
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void flush(), delay);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) window.on(event, later);
  window.on('close', () => void flush());
  return { flush };
}
