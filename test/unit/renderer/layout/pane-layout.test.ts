import { describe, expect, test } from 'vitest';
import { DEFAULT_LAYOUT, INSPECTOR, PaneLayout, parseLayout, SIDEBAR } from '../../../../renderer/src/lib/layout/pane-layout.svelte.ts';

function memoryStorage(initial: Record<string, string> = {}): Storage {
  const map = new Map(Object.entries(initial));
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (k) => map.get(k) ?? null,
    key: (i) => [...map.keys()][i] ?? null,
    removeItem: (k) => void map.delete(k),
    setItem: (k, v) => void map.set(k, v),
  };
}

describe('pane layout', () => {
  test('sizes and collapsed panes survive a restart through storage', () => {
    const store = memoryStorage();
    const first = new PaneLayout(store);
    first.setSidebarWidth(250);
    first.setInspectorWidth(520);
    first.toggleInspector(true);
    const again = new PaneLayout(store);
    expect([again.sidebarWidth, again.inspectorWidth, again.inspectorCollapsed, again.sidebarCollapsed]).toEqual([250, 520, true, false]);
  });

  test('a width outside the bounds is clamped, so a pane can never be dragged away', () => {
    const layout = new PaneLayout(memoryStorage());
    layout.setSidebarWidth(5);
    layout.setInspectorWidth(99_999);
    expect(layout.sidebarWidth).toBe(SIDEBAR.min);
    expect(layout.inspectorWidth).toBe(INSPECTOR.max);
  });

  test('a stored value of the wrong shape falls back to the defaults field by field', () => {
    expect(parseLayout('not json')).toEqual(DEFAULT_LAYOUT);
    expect(parseLayout('null')).toEqual(DEFAULT_LAYOUT);
    expect(parseLayout(JSON.stringify({ sidebarWidth: 'wide', inspectorWidth: 10, inspectorCollapsed: 'yes' }))).toEqual({
      ...DEFAULT_LAYOUT,
      inspectorWidth: INSPECTOR.min,
    });
  });

  test('resizing a collapsed pane shows it again', () => {
    const layout = new PaneLayout(memoryStorage());
    layout.toggleSidebar();
    expect(layout.sidebarRail).toBe(true);
    layout.setSidebarWidth(220);
    expect(layout.sidebarRail).toBe(false);
  });
});
