// The Electron entry when the main-process services cannot start: the rejection of start() is
// caught and shown in a window (an error box) that says what failed and how to start anyway.
import { expect, test, vi } from 'vitest';

const electron = await vi.hoisted(async () => (await import('../support/electron-mock.ts')).createElectronMock({ getPath: () => '/tmp/acr-cache-studio-startup-test' }));
vi.mock('electron', () => electron.module);
const state = { ...electron.state, consoleError: vi.fn() };

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
