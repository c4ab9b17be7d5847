// Electron entry: lifecycle, window, protocol and security glue. Everything with logic lives in
// electron-free modules (services, router, security, app-protocol) that tests import directly.
import { app, BrowserWindow, dialog, ipcMain, net, protocol, session, shell } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME, mimeTypeOf, resolveAppAsset } from './app-protocol.ts';
import { dataDirOverride } from './data-dir.ts';
import { electronFileDialogs } from './electron-dialogs.ts';
import { isAllowedExternalUrl } from './external-links.ts';
import { appLog } from './log/app-log.ts';
import { startMainLogging } from './log/electron-main-log.ts';
import { forwardEvents, registerIpcHandlers } from './ipc/electron-ipc.ts';
import { originOf } from './ipc/sender.ts';
import { CONTENT_SECURITY_POLICY, guardSession, guardWebContents, secureWebPreferences } from './security.ts';
import { createMainServices } from './services.ts';
import { startupFailureText } from './startup-failure.ts';

const override = dataDirOverride(process.argv, process.env);
if (override) app.setPath('userData', override);
// the log first: whatever fails after this is written down (log/, issue 15.3)
const logging = startMainLogging(app.getPath('userData'));

// The scheme must be registered before `ready`: standard + secure gives it an origin and lets
// 'self' in the CSP match it.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

const rendererDevUrl = process.env['ELECTRON_RENDERER_URL'];
const trustedOrigin = rendererDevUrl ? (originOf(rendererDevUrl) ?? APP_ORIGIN) : APP_ORIGIN;
let mainWindow: BrowserWindow | null = null;

function log(what: string, detail: string) {
  console.warn(`[security] blocked ${what}${detail ? `: ${detail}` : ''}`);
}

function createWindow() {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 560,
    show: false,
    title: 'ACR Cache Studio',
    backgroundColor: '#1b1d23',
    webPreferences: secureWebPreferences(join(import.meta.dirname, '../preload/index.cjs')),
  });
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  void window.loadURL(rendererDevUrl ?? APP_ENTRY_URL);
  return window;
}

async function start() {
  const rendererRoot = join(import.meta.dirname, '../renderer');
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppAsset(rendererRoot, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    if (!response.ok) return response;
    return new Response(response.body, {
      status: 200,
      headers: { 'content-type': mimeTypeOf(file), 'content-security-policy': CONTENT_SECURITY_POLICY },
    });
  });
  guardSession(session.defaultSession, log);

  const services = await createMainServices({
    dataDir: app.getPath('userData'),
    runtime: { name: app.getName(), version: app.getVersion(), versions: process.versions, platform: process.platform },
    openExternal: (url) => shell.openExternal(url),
    dialogs: electronFileDialogs(() => mainWindow),
    onInternalError: (channel, error) => appLog.error(`[ipc] ${channel} failed`, error),
  });
  registerIpcHandlers(ipcMain, services.router, () => trustedOrigin);
  forwardEvents(services.events, () => mainWindow?.webContents ?? null);
  // Quit waits once for the services to flush (e.g. a pending encrypted token-cache write).
  let disposed = false;
  app.on('before-quit', (event) => {
    if (disposed) return;
    event.preventDefault();
    disposed = true;
    services
      .dispose()
      .catch((error: unknown) => console.error('ACR Cache Studio could not finish writing before quitting', error))
      .finally(() => app.quit());
  });

  mainWindow = createWindow();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  // Every webContents the app ever creates gets the same guards, not only the main window's.
  app.on('web-contents-created', (_event, contents) => {
    logging.watch(contents);
    guardWebContents(contents, {
      isAllowedExternalUrl,
      openExternal: (url) => void shell.openExternal(url),
      onBlocked: log,
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0 && app.isReady()) mainWindow = createWindow();
  });
  // start() itself may reject (services that cannot start): say so in a window, never silently.
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      appLog.error('ACR Cache Studio failed to start', error);
      dialog.showErrorBox('ACR Cache Studio could not start', startupFailureText(error, app.getPath('userData')));
      app.exit(1);
    });
}

