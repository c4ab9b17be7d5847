import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { readWindowState, restoredBounds, trackWindowState, WINDOW_STATE_FILE, writeWindowState, type Rect, type TrackedWindow, type WindowState } from './window-state.ts';

const limits = { defaultWidth: 1280, defaultHeight: 820, minWidth: 900, minHeight: 560 };
const laptop: Rect = { x: 0, y: 0, width: 1440, height: 875 };
const external: Rect = { x: 1440, y: 0, width: 2560, height: 1415 };

describe('where the window opens', () => {
  test('first start: the default size centred on the primary display', () => {
    expect(restoredBounds(null, [laptop], limits)).toEqual({ bounds: { x: 80, y: 28, width: 1280, height: 820 }, maximized: false });
  });

  test('where it was left, maximised or not, while a display still shows it', () => {
    const saved: WindowState = { bounds: { x: 1600, y: 100, width: 1800, height: 1000 }, maximized: true };
    expect(restoredBounds(saved, [laptop, external], limits)).toEqual(saved);
  });

  test('on the external monitor that is now unplugged: re-centred on the laptop at a size that fits it', () => {
    const saved: WindowState = { bounds: { x: 1600, y: 100, width: 1800, height: 1000 }, maximized: false };
    expect(restoredBounds(saved, [laptop], limits)).toEqual({ bounds: { x: 0, y: 0, width: 1440, height: 875 }, maximized: false });
  });

  test('a title bar above the top of every display is brought back', () => {
    const saved: WindowState = { bounds: { x: 100, y: -300, width: 1000, height: 700 }, maximized: false };
    expect(restoredBounds(saved, [laptop], limits).bounds).toEqual({ x: 220, y: 88, width: 1000, height: 700 });
  });

  test('a saved size under the minimum is raised to it', () => {
    const saved: WindowState = { bounds: { x: 10, y: 10, width: 300, height: 200 }, maximized: false };
    expect(restoredBounds(saved, [laptop], limits).bounds).toEqual({ x: 10, y: 10, width: 900, height: 560 });
  });
});

describe('the saved state', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'acs-window-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('round-trips, and an unreadable or foreign file is a fresh start', async () => {
    expect(await readWindowState(dir)).toBeNull();
    const state: WindowState = { bounds: { x: 1, y: 2, width: 1000, height: 700 }, maximized: true };
    await writeWindowState(dir, state);
    expect(await readWindowState(dir)).toEqual(state);
    await writeFile(join(dir, WINDOW_STATE_FILE), '{"bounds":{"x":"evil"}}');
    expect(await readWindowState(dir)).toBeNull();
    await writeFile(join(dir, WINDOW_STATE_FILE), 'not json');
    expect(await readWindowState(dir)).toBeNull();
  });

  test('is written once the window stops moving, and at once on close', async () => {
    vi.useFakeTimers();
    try {
      const listeners = new Map<string, () => void>();
      let bounds: Rect = { x: 0, y: 0, width: 1000, height: 700 };
      const window: TrackedWindow = {
        isMaximized: () => false,
        isMinimized: () => false,
        isFullScreen: () => false,
        getNormalBounds: () => bounds,
        on: (event, listener) => void listeners.set(event, listener),
      };
      const saved: WindowState[] = [];
      trackWindowState(window, async (s) => void saved.push(s), { delayMs: 500 });
      for (let x = 0; x < 10; x++) {
        bounds = { ...bounds, x };
        listeners.get('move')!();
        await vi.advanceTimersByTimeAsync(100);
      }
      expect(saved).toEqual([]);
      await vi.advanceTimersByTimeAsync(500);
      expect(saved).toEqual([{ bounds: { x: 9, y: 0, width: 1000, height: 700 }, maximized: false }]);
      bounds = { ...bounds, width: 1200 };
      listeners.get('close')!();
      await vi.advanceTimersByTimeAsync(0);
      expect(saved.at(-1)).toEqual({ bounds: { x: 9, y: 0, width: 1200, height: 700 }, maximized: false });
    } finally {
      vi.useRealTimers();
    }
  });

  test('a failed write is reported to the log hook, not thrown', async () => {
    const errors: unknown[] = [];
    const window: TrackedWindow = { isMaximized: () => false, isMinimized: () => false, isFullScreen: () => false, getNormalBounds: () => ({ x: 0, y: 0, width: 900, height: 600 }), on: () => {} };
    const tracker = trackWindowState(window, () => Promise.reject(new Error('ENOSPC')), { onError: (e) => errors.push(e) });
    await tracker.flush();
    expect(errors).toEqual([new Error('ENOSPC')]);
  });
});
