// The shell's resizable panes: the sidebar and the inspector each have a width the user drags or
// steps with the arrow keys on a splitter, and can be collapsed. The choice is the user's, so it
// outlives the window: kept in localStorage (the renderer's own storage; nothing secret), read
// once at start and written on every change. A stored value that is missing, of another shape or
// outside the bounds falls back to the default, so a bad entry can never hide a pane.

export interface PaneBounds {
  min: number;
  max: number;
  initial: number;
}

export const SIDEBAR: PaneBounds = { min: 160, max: 360, initial: 188 };
export const INSPECTOR: PaneBounds = { min: 300, max: 760, initial: 380 };
/** What one arrow key press moves a splitter by; Shift moves it further. */
export const STEP = 16;
export const BIG_STEP = 64;

const STORAGE_KEY = 'acr-cache-studio.layout.v1';

export interface StoredLayout {
  sidebarWidth: number;
  sidebarCollapsed: boolean;
  inspectorWidth: number;
  inspectorCollapsed: boolean;
}

export const DEFAULT_LAYOUT: StoredLayout = {
  sidebarWidth: SIDEBAR.initial,
  sidebarCollapsed: false,
  inspectorWidth: INSPECTOR.initial,
  inspectorCollapsed: false,
};

export function clampWidth(value: number, bounds: PaneBounds): number {
  if (!Number.isFinite(value)) return bounds.initial;
  return Math.round(Math.min(bounds.max, Math.max(bounds.min, value)));
}

/** Reads a stored layout defensively: each field is taken only if it has the right type. */
export function parseLayout(text: string | null): StoredLayout {
  if (text === null) return { ...DEFAULT_LAYOUT };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ...DEFAULT_LAYOUT };
  }
  if (typeof value !== 'object' || value === null) return { ...DEFAULT_LAYOUT };
  const v = value as Record<string, unknown>;
  const num = (key: keyof StoredLayout, bounds: PaneBounds) => (typeof v[key] === 'number' ? clampWidth(v[key] as number, bounds) : bounds.initial);
  const bool = (key: keyof StoredLayout) => (typeof v[key] === 'boolean' ? (v[key] as boolean) : false);
  return {
    sidebarWidth: num('sidebarWidth', SIDEBAR),
    sidebarCollapsed: bool('sidebarCollapsed'),
    inspectorWidth: num('inspectorWidth', INSPECTOR),
    inspectorCollapsed: bool('inspectorCollapsed'),
  };
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // a renderer with storage switched off still lays out, it just forgets
    return null;
  }
}

/**
 * Below this window width (CSS px) the sidebar is a rail unless opened for the moment: at the
 * app's minimum of 900 px a full sidebar would leave the rules table too little room.
 */
export const NARROW_WINDOW = 1000;

export class PaneLayout {
  sidebarWidth = $state(SIDEBAR.initial);
  /** The user's choice, remembered. */
  sidebarCollapsed = $state(false);
  /** The window is too narrow for a full sidebar (not remembered: it follows the window). */
  narrow = $state(false);
  /** In a narrow window, the user opened the sidebar for now. */
  #narrowOpen = $state(false);
  inspectorWidth = $state(INSPECTOR.initial);
  inspectorCollapsed = $state(false);
  readonly #store: Storage | null;

  constructor(store: Storage | null = storage()) {
    this.#store = store;
    const stored = parseLayout(store?.getItem(STORAGE_KEY) ?? null);
    this.sidebarWidth = stored.sidebarWidth;
    this.sidebarCollapsed = stored.sidebarCollapsed;
    this.inspectorWidth = stored.inspectorWidth;
    this.inspectorCollapsed = stored.inspectorCollapsed;
  }

  /** Whether the sidebar shows as a rail right now. */
  get sidebarRail(): boolean {
    return this.narrow ? !this.#narrowOpen : this.sidebarCollapsed;
  }

  /** Follows the window's width; returns the function that stops following. */
  watchWindow(win: Window): () => void {
    const query = win.matchMedia(`(max-width: ${NARROW_WINDOW}px)`);
    const update = () => {
      this.narrow = query.matches;
      this.#narrowOpen = false;
    };
    update();
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }

  setSidebarWidth(px: number) {
    this.sidebarWidth = clampWidth(px, SIDEBAR);
    if (this.narrow) this.#narrowOpen = true;
    else this.sidebarCollapsed = false;
    this.#save();
  }

  setInspectorWidth(px: number) {
    this.inspectorWidth = clampWidth(px, INSPECTOR);
    this.inspectorCollapsed = false;
    this.#save();
  }

  toggleSidebar() {
    if (this.narrow) {
      this.#narrowOpen = !this.#narrowOpen;
      return;
    }
    this.sidebarCollapsed = !this.sidebarCollapsed;
    this.#save();
  }

  toggleInspector(collapsed = !this.inspectorCollapsed) {
    this.inspectorCollapsed = collapsed;
    this.#save();
  }

  #save() {
    const value: StoredLayout = {
      sidebarWidth: this.sidebarWidth,
      sidebarCollapsed: this.sidebarCollapsed,
      inspectorWidth: this.inspectorWidth,
      inspectorCollapsed: this.inspectorCollapsed,
    };
    try {
      this.#store?.setItem(STORAGE_KEY, JSON.stringify(value));
    } catch {
      // storage full or refused: the layout still works for this session
    }
  }
}

export const paneLayout = new PaneLayout();
