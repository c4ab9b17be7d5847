// The Electron entry with `electron` mocked: what the real binary would be asked to do.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../main/security.ts';
import { restoreArgv, startMainProcess, type Listener } from '../support/electron-mock.ts';

const electron = await vi.hoisted(async () => (await import('../support/electron-mock.ts')).createElectronMock({ getPath: () => '/tmp/acr-cache-studio-test' }));
vi.mock('electron', () => electron.module);
const { state } = electron;

const startApp = (args: string[] = []) => startMainProcess(electron, { args });

afterEach(() => restoreArgv());

describe('Electron main process', () => {
  beforeEach(() => {
    state.singleInstance = true;
    state.quit.mockClear();
    state.openExternal.mockClear();
  });

  test('creates one window with isolation, sandbox, no node integration and web security', async () => {
    await startApp();
    expect(state.windows).toHaveLength(1);
    const prefs = state.windows[0]!.options['webPreferences'] as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
    expect(String(prefs['preload'])).toMatch(/preload[\\/]index\.cjs$/);
    expect(state.windows[0]!.loadURL).toHaveBeenCalledWith('app://renderer/index.html');
  });

  test('opens the window where it was left, maximised, from window-state.json in the data folder', async () => {
    const { mkdir, rm, writeFile } = await import('node:fs/promises');
    await mkdir('/tmp/acr-cache-studio-test', { recursive: true });
    await writeFile('/tmp/acr-cache-studio-test/window-state.json', JSON.stringify({ bounds: { x: 200, y: 120, width: 1400, height: 900 }, maximized: true }));
    try {
      await startApp();
      expect(state.windows[0]!.options).toMatchObject({ x: 200, y: 120, width: 1400, height: 900, minWidth: 900, minHeight: 560, maximized: true });
    } finally {
      await rm('/tmp/acr-cache-studio-test/window-state.json', { force: true });
    }
  });

  test('the theme setting (settings.json) drives the native theme, so the renderer follows it', async () => {
    const { mkdir, rm, writeFile } = await import('node:fs/promises');
    await mkdir('/tmp/acr-cache-studio-test', { recursive: true });
    await writeFile('/tmp/acr-cache-studio-test/settings.json', JSON.stringify({ theme: 'dark' }));
    try {
      state.nativeTheme.themeSource = 'system';
      await startApp();
      expect(state.nativeTheme.themeSource).toBe('dark');
    } finally {
      await rm('/tmp/acr-cache-studio-test/settings.json', { force: true });
    }
  });

  test('serves the renderer from app:// with the strict CSP header and nothing outside it', async () => {
    await startApp();
    expect(state.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    const handler = state.protocolHandlers.get('app')!;
    const page = await handler(new Request('app://renderer/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect((await handler(new Request('app://elsewhere/index.html'))).status).toBe(404);
  });

  test('the CSP allows no inline script, no eval and no remote origin', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    // the pull tester's module worker comes from the app itself
    expect(directives['worker-src']).toEqual(["'self'"]);
  });

  test('the built index.html carries the same policy as a meta tag', async () => {
    const { readFile } = await import('node:fs/promises');
    const html = await readFile(new URL('../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    // frame-ancestors is ignored in a meta tag, so the header carries it alone
    expect(meta).toBe(CONTENT_SECURITY_POLICY.replace("; frame-ancestors 'none'", ''));
  });

  test('denies navigation, redirects, webviews and new windows for every web contents', async () => {
    await startApp();
    const created = state.appListeners.get('web-contents-created')![0]!;
    const listeners = new Map<string, Listener>();
    let openHandler: ((d: { url: string }) => unknown) | null = null;
    created({}, { on: (e: string, l: Listener) => listeners.set(e, l), setWindowOpenHandler: (h: typeof openHandler) => (openHandler = h) });
    for (const event of ['will-navigate', 'will-redirect']) {
      const preventDefault = vi.fn();
      listeners.get(event)!({ preventDefault }, 'https://evil.example/');
      expect(preventDefault).toHaveBeenCalled();
    }
    const preventWebview = vi.fn();
    listeners.get('will-attach-webview')!({ preventDefault: preventWebview });
    expect(preventWebview).toHaveBeenCalled();
    expect(openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(state.openExternal).not.toHaveBeenCalled();
    expect(openHandler!({ url: 'https://learn.microsoft.com/azure/container-registry/' })).toEqual({ action: 'deny' });
    expect(state.openExternal).toHaveBeenCalledWith('https://learn.microsoft.com/azure/container-registry/');
  });

  test('refuses every permission request and check', async () => {
    await startApp();
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal']) {
      const callback = vi.fn();
      state.permissionRequestHandler!({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(state.permissionCheckHandler!({}, permission)).toBe(false);
    }
  });

  test('registers one handler per API method and checks the sender first', async () => {
    await startApp();
    const { listChannels } = await import('../../preload/api.ts');
    expect([...state.ipcHandlers.keys()].sort()).toEqual(listChannels().map((c) => `acr:${c}`).sort());
    const about = state.ipcHandlers.get('acr:app.about')!;
    const trusted = { senderFrame: { url: 'app://renderer/index.html', parent: null } };
    expect(await about(trusted)).toMatchObject({ ok: true, value: { name: 'ACR Cache Studio', dataDir: '/tmp/acr-cache-studio-test' } });
    for (const senderFrame of [
      { url: 'https://evil.example/', parent: null },
      { url: 'app://renderer/index.html', parent: {} },
      null,
    ]) {
      expect(await about({ senderFrame })).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    }
    // a payload is validated after the sender check
    const open = state.ipcHandlers.get('acr:app.openExternal')!;
    expect(await open(trusted, { url: 1 })).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
  });

  test('quitting waits for the services to finish writing, then quits once', async () => {
    await startApp();
    const beforeQuit = state.appListeners.get('before-quit')![0]!;
    const preventDefault = vi.fn();
    beforeQuit({ preventDefault });
    expect(preventDefault).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(state.quit).toHaveBeenCalledTimes(1));
    // the second before-quit (from that app.quit) goes through
    const again = vi.fn();
    beforeQuit({ preventDefault: again });
    expect(again).not.toHaveBeenCalled();
  });

  test('a second instance quits and focuses the first', async () => {
    state.singleInstance = false;
    await startApp();
    expect(state.quit).toHaveBeenCalled();
    expect(state.windows).toHaveLength(0);
  });

  test('honours a --data-dir override before anything reads userData', async () => {
    state.setPath.mockClear();
    await startApp(['--data-dir=/tmp/acs-override']);
    expect(state.setPath).toHaveBeenCalledWith('userData', '/tmp/acs-override');
  });
});
