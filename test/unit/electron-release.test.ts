// The Electron entry as a release build (`app.isPackaged`) and as a development build, with
// `electron` mocked: what a packaged app must refuse that `npm run dev` allows.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { restoreArgv, startMainProcess, type MenuItem } from '../support/electron-mock.ts';

const electron = await vi.hoisted(async () =>
  (await import('../support/electron-mock.ts')).createElectronMock({ getPath: (name) => `/tmp/acr-cache-studio-release-test/${name}` }),
);
vi.mock('electron', () => electron.module);
const { state } = electron;

async function startApp(options: { packaged: boolean; args?: string[]; rendererUrl?: string }) {
  if (options.rendererUrl) vi.stubEnv('ELECTRON_RENDERER_URL', options.rendererUrl);
  await startMainProcess(electron, options);
}

const flat = (items: MenuItem[]): MenuItem[] => items.flatMap((i) => [i, ...flat(i.submenu ?? [])]);
function menuItem(label: string): MenuItem {
  const found = flat(state.menus.at(-1)!.template).find((i) => i.label === label);
  if (!found) throw new Error(`no menu item ${label}`);
  return found;
}

afterEach(() => {
  restoreArgv();
  vi.unstubAllEnvs();
});

describe('release build (app.isPackaged)', () => {
  beforeEach(() => vi.spyOn(console, 'error').mockImplementation(() => {}));

  test('ignores ELECTRON_RENDERER_URL: loads app:// and trusts only app:// senders', async () => {
    await startApp({ packaged: true, rendererUrl: 'http://127.0.0.1:5173/' });
    expect(state.windows).toHaveLength(1);
    expect(state.windows[0]!.loadURL).toHaveBeenCalledWith('app://renderer/index.html');
    const about = state.ipcHandlers.get('acr:app.about')!;
    expect(await about({ senderFrame: { url: 'http://127.0.0.1:5173/', parent: null } })).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect(await about({ senderFrame: { url: 'app://renderer/index.html', parent: null } })).toMatchObject({ ok: true });
  });

  test('has DevTools switched off in every window', async () => {
    await startApp({ packaged: true });
    expect((state.windows[0]!.options['webPreferences'] as Record<string, unknown>)['devTools']).toBe(false);
  });

  test.each([
    ['--remote-debugging-port=9222'],
    ['--remote-debugging-pipe'],
    ['-remote-debugging-port=9222'],
    ['--inspect'],
    ['--inspect-brk=9229'],
    ['--inspect-port=0'],
  ])('quits at once with %s: no window, no IPC', async (flag) => {
    await startApp({ packaged: true, args: [flag] });
    expect(state.exit).toHaveBeenCalledWith(1);
    expect(state.windows).toHaveLength(0);
    expect(state.ipcHandlers.size).toBe(0);
    expect(console.error).toHaveBeenCalledWith(expect.stringContaining('does not start with debugging switches'));
  });

  test('a value that merely contains a switch name (a data folder called --inspect) is no switch', async () => {
    await startApp({ packaged: true, args: ['--data-dir=/tmp/--inspect', '/tmp/remote-debugging-notes'] });
    expect(state.exit).not.toHaveBeenCalled();
    expect(state.windows).toHaveLength(1);
  });
});

describe('development build (electron-vite dev)', () => {
  test('loads the dev server, trusts its origin, keeps DevTools and debugging switches', async () => {
    await startApp({ packaged: false, rendererUrl: 'http://127.0.0.1:5173/', args: ['--inspect'] });
    expect(state.exit).not.toHaveBeenCalled();
    expect(state.windows[0]!.loadURL).toHaveBeenCalledWith('http://127.0.0.1:5173/');
    expect((state.windows[0]!.options['webPreferences'] as Record<string, unknown>)['devTools']).toBe(true);
    const about = state.ipcHandlers.get('acr:app.about')!;
    expect(await about({ senderFrame: { url: 'http://127.0.0.1:5173/', parent: null } })).toMatchObject({ ok: true });
  });
});

describe('application menu (main/index.ts with electron mocked)', () => {
  test('a release build installs a menu without Reload and DevTools; development has them', async () => {
    await startApp({ packaged: true });
    expect(state.menus).toHaveLength(1);
    const roles = flat(state.menus[0]!.template).map((i) => i.role);
    expect(roles).toEqual(expect.arrayContaining(['cut', 'copy', 'paste', 'selectAll', 'zoomIn', 'minimize']));
    expect(roles).not.toContain('reload');
    expect(roles).not.toContain('forceReload');
    expect(roles).not.toContain('toggleDevTools');
    await startApp({ packaged: false });
    expect(flat(state.menus[0]!.template).map((i) => i.role)).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });

  test('a command item sends its keymap id to the window as the one menu event', async () => {
    await startApp({ packaged: true });
    const send = state.windows[0]!.webContents.send;
    send.mockClear();
    menuItem('Undo').click!();
    menuItem('Import…').click!();
    expect(send.mock.calls).toEqual([
      ['acr-event:app.onMenuCommand', { command: 'edit.undo' }],
      ['acr-event:app.onMenuCommand', { command: 'draft.import' }],
    ]);
    expect(menuItem('Undo').accelerator).toBe(process.platform === 'darwin' ? 'Command+Z' : 'Control+Z');
  });

  test('Help opens the documentation and the issue form (checked links), the data folder and the logs folder', async () => {
    await startApp({ packaged: true });
    state.openPath.mockClear();
    menuItem('Documentation').click!();
    menuItem('Report an Issue…').click!();
    menuItem('Open Data Folder').click!();
    expect(state.openExternal.mock.calls).toEqual([
      ['https://github.com/acr-cache-studio/acr-cache-studio#readme'],
      ['https://github.com/acr-cache-studio/acr-cache-studio/issues/new'],
    ]);
    expect(state.openPath).toHaveBeenCalledWith('/tmp/acr-cache-studio-release-test/userData');
    menuItem('Open Logs Folder').click!();
    await vi.waitFor(() => expect(state.openPath).toHaveBeenLastCalledWith('/tmp/acr-cache-studio-release-test/userData/logs'));
  });

  test('the Settings view opens the logs folder over IPC, for the app window only and with no arguments', async () => {
    await startApp({ packaged: true });
    state.openPath.mockClear();
    const open = state.ipcHandlers.get('acr:settings.openLogsFolder')!;
    const own = { senderFrame: { url: 'app://renderer/index.html', parent: null } };
    expect(await open({ senderFrame: { url: 'https://evil.example/', parent: null } })).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect(await open(own, 'x')).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(state.openPath).not.toHaveBeenCalled();
    expect(await open(own)).toEqual({ ok: true, value: '/tmp/acr-cache-studio-release-test/userData/logs' });
    expect(state.openPath).toHaveBeenCalledWith('/tmp/acr-cache-studio-release-test/userData/logs');
  });
});
