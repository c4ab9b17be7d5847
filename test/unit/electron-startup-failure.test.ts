// The Electron entry when the main-process services cannot start: the rejection of start() is
// caught and shown in a window (an error box) that says what failed and how to start anyway.
import { expect, test, vi } from 'vitest';

const state = vi.hoisted(() => ({ showErrorBox: vi.fn(), exit: vi.fn(), consoleError: vi.fn() }));

vi.mock('electron', () => ({
  app: {
    setPath: vi.fn(),
    getPath: () => '/tmp/acr-cache-studio-startup-test',
    getName: () => 'ACR Cache Studio',
    getVersion: () => '0.1.0',
    requestSingleInstanceLock: () => true,
    on: vi.fn(),
    whenReady: () => Promise.resolve(),
    isReady: () => true,
    quit: vi.fn(),
    exit: state.exit,
  },
  BrowserWindow: class {
    static getAllWindows = () => [];
  },
  dialog: { showErrorBox: state.showErrorBox, showOpenDialog: vi.fn(), showSaveDialog: vi.fn() },
  ipcMain: { handle: vi.fn() },
  net: { fetch: vi.fn() },
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
  session: { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() } },
  nativeTheme: { themeSource: 'system' },
  shell: { openExternal: vi.fn() },
}));

vi.mock('../../main/services.ts', () => ({
  createMainServices: () => Promise.reject(Object.assign(new Error("EROFS: read-only file system, mkdir '/tmp/acr-cache-studio-startup-test'"), { code: 'EROFS' })),
}));

test('a start() that rejects is caught: an error box names the folder and the fix, and the app exits', async () => {
  vi.spyOn(console, 'error').mockImplementation(state.consoleError);
  await import('../../main/index.ts');
  await vi.waitFor(() => expect(state.exit).toHaveBeenCalledWith(1));
  expect(state.showErrorBox).toHaveBeenCalledTimes(1);
  const [title, text] = state.showErrorBox.mock.calls[0] as [string, string];
  expect(title).toBe('ACR Cache Studio could not start');
  expect(text).toContain('The folder /tmp/acr-cache-studio-startup-test is on a read-only disk');
  expect(text).toContain('--data-dir=<folder>');
});
