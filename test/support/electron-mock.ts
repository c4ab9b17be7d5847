// One stand-in for the `electron` module, for the tests that run main/index.ts with electron
// mocked. It records what the entry asks of Electron (windows, IPC handlers, protocol handlers,
// permission handlers, menus, app listeners) and lets a test fire the app's events.
//
// Use it from a test file as
//   const electron = await vi.hoisted(async () => (await import('../support/electron-mock.ts')).createElectronMock({ … }));
//   vi.mock('electron', () => electron.module);
// vi.hoisted keeps one mock (and its state) for the whole file: startMainProcess resets the module
// registry before each start, and the factory hands the same object out again.
import { vi } from 'vitest';

export type Listener = (...args: unknown[]) => unknown;
export type MenuItem = { label?: string; role?: string; accelerator?: string; click?: () => void; submenu?: MenuItem[] };

export interface MockWindow {
  options: Record<string, unknown>;
  loadURL: ReturnType<typeof vi.fn>;
  webContents: { isDestroyed(): boolean; send: ReturnType<typeof vi.fn>; listeners: Map<string, Listener[]>; on(event: string, listener: Listener): void; once(event: string, listener: Listener): void };
  restore: ReturnType<typeof vi.fn>;
  focus: ReturnType<typeof vi.fn>;
  minimized: boolean;
  isMinimized(): boolean;
  isDestroyed(): boolean;
  /** Fires a window event (e.g. 'closed') to the listeners main/index.ts added. */
  emit(event: string, ...args: unknown[]): void;
}

export interface ElectronMockOptions {
  /** What app.getPath(name) answers. */
  getPath: (name: string) => string;
}

export function createElectronMock(options: ElectronMockOptions) {
  const state = {
    isPackaged: false,
    singleInstance: true,
    /** What requestSingleInstanceLock was given (the second instance's additionalData). */
    singleInstanceData: [] as unknown[],
    appListeners: new Map<string, Listener[]>(),
    windows: [] as MockWindow[],
    ipcHandlers: new Map<string, Listener>(),
    protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
    privilegedSchemes: [] as unknown[],
    permissionRequestHandler: null as null | Listener,
    permissionCheckHandler: null as null | Listener,
    menus: [] as Array<{ template: MenuItem[] }>,
    nativeTheme: { themeSource: 'system' as string },
    quit: vi.fn(),
    exit: vi.fn(),
    setPath: vi.fn(),
    openExternal: vi.fn(async () => {}),
    openPath: vi.fn(async () => ''),
    showErrorBox: vi.fn(),
    netFetch: vi.fn(async () => new Response('<!doctype html><title>x</title>', { status: 200 })),
  };

  function emitter() {
    const listeners = new Map<string, Listener[]>();
    const on = (event: string, listener: Listener) => void listeners.set(event, [...(listeners.get(event) ?? []), listener]);
    return { listeners, on, once: on };
  }

  class BrowserWindow implements MockWindow {
    static getAllWindows = () => state.windows;
    options: Record<string, unknown>;
    loadURL = vi.fn(async () => {});
    webContents = { isDestroyed: () => false, send: vi.fn(), ...emitter() };
    restore = vi.fn(() => void (this.minimized = false));
    focus = vi.fn();
    minimized = false;
    constructor(windowOptions: Record<string, unknown>) {
      this.options = windowOptions;
      state.windows.push(this);
    }
    readonly listeners = emitter();
    once(event: string, listener: Listener) {
      this.listeners.once(event, listener);
    }
    on(event: string, listener: Listener) {
      this.listeners.on(event, listener);
    }
    emit(event: string, ...args: unknown[]) {
      for (const listener of this.listeners.listeners.get(event) ?? []) listener(...args);
    }
    isMinimized() {
      return this.minimized;
    }
    isDestroyed() {
      return false;
    }
    show() {}
    maximize() {
      this.options['maximized'] = true;
    }
  }

  const display = { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1050 } };
  const module = {
    app: {
      get isPackaged() {
        return state.isPackaged;
      },
      setPath: state.setPath,
      getPath: options.getPath,
      getName: () => 'ACR Cache Studio',
      getVersion: () => '0.1.0',
      requestSingleInstanceLock: (additionalData?: unknown) => {
        state.singleInstanceData.push(additionalData);
        return state.singleInstance;
      },
      on: (event: string, listener: Listener) => void state.appListeners.set(event, [...(state.appListeners.get(event) ?? []), listener]),
      whenReady: () => Promise.resolve(),
      isReady: () => true,
      quit: state.quit,
      exit: state.exit,
    },
    BrowserWindow,
    Menu: { buildFromTemplate: (template: MenuItem[]) => ({ template }), setApplicationMenu: (menu: { template: MenuItem[] }) => void state.menus.push(menu) },
    ipcMain: { handle: (channel: string, listener: Listener) => void state.ipcHandlers.set(channel, listener) },
    net: { fetch: state.netFetch },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => void state.privilegedSchemes.push(...schemes),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => void state.protocolHandlers.set(scheme, handler),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: Listener) => void (state.permissionRequestHandler = handler),
        setPermissionCheckHandler: (handler: Listener) => void (state.permissionCheckHandler = handler),
      },
    },
    nativeTheme: state.nativeTheme,
    shell: { openExternal: state.openExternal, openPath: state.openPath },
    screen: { getPrimaryDisplay: () => display, getAllDisplays: () => [display] },
    dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn(), showErrorBox: state.showErrorBox },
    Notification: class {
      static isSupported = () => false;
    },
  };

  /** Fires an app event the way Electron would, to every listener main/index.ts added. */
  function emitApp(event: string, ...args: unknown[]): unknown[] {
    return (state.appListeners.get(event) ?? []).map((listener) => listener(...args));
  }

  return { state, module, emitApp };
}

export type ElectronMock = ReturnType<typeof createElectronMock>;

const originalArgv = [...process.argv];

/**
 * Starts main/index.ts afresh against the mock: a clean record, `args` after the test runner's own
 * argv, then waits until the entry made its window or exited.
 */
export async function startMainProcess(electron: ElectronMock, options: { packaged?: boolean; args?: readonly string[] } = {}): Promise<void> {
  const { state } = electron;
  vi.resetModules();
  state.isPackaged = options.packaged ?? false;
  state.appListeners.clear();
  state.windows.length = 0;
  state.ipcHandlers.clear();
  state.protocolHandlers.clear();
  state.privilegedSchemes.length = 0;
  state.menus.length = 0;
  state.singleInstanceData.length = 0;
  state.exit.mockClear();
  process.argv = [...originalArgv, ...(options.args ?? [])];
  const quitsBefore = state.quit.mock.calls.length;
  await import('../../main/index.ts');
  // let whenReady().then(start) and the async service construction finish: until a window, an
  // exit or a quit, bounded by 10 s (the services read real files, which is slow on a loaded machine)
  const settled = () => state.windows.length > 0 || state.exit.mock.calls.length > 0 || state.quit.mock.calls.length > quitsBefore;
  for (let i = 0; i < 1000 && !settled(); i++) await new Promise((r) => setTimeout(r, 10));
}

/** Puts process.argv back as the test runner had it (startMainProcess appends to it). */
export function restoreArgv(): void {
  process.argv = [...originalArgv];
}
