// Electron entry: lifecycle, window, protocol and security glue. Everything with logic lives in
// electron-free modules (services, router, security, app-protocol) that tests import directly.
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, net, Notification, protocol, screen, session, shell } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { APP_SCHEME, mimeTypeOf, resolveAppAsset } from './app-protocol.ts';
import { dataDirOverride } from './data-dir.ts';
import { electronFileDialogs } from './electron-dialogs.ts';
import { platformOf } from '../core/keymap.ts';
import { allowedExternalHref, PROJECT_LINKS } from './external-links.ts';
import { appLog } from './log/app-log.ts';
import { startMainLogging } from './log/electron-main-log.ts';
import { forwardEvents, registerIpcHandlers } from './ipc/electron-ipc.ts';
import { CONTENT_SECURITY_POLICY, debugSwitchesIn, guardSession, guardWebContents, rendererEntry, secureWebPreferences } from './security.ts';
import { createMainServices } from './services.ts';
import { electronRecentDocuments, installApplicationMenu } from './shell/application-menu.ts';
import { startupFailureText } from './startup-failure.ts';
import { createOsProgress, type OsNotice } from './shell/os-progress.ts';
import { createOpenFiles, filesInArgv, followOpenRequests } from './shell/open-files.ts';
import { emitEvent } from './typed-events.ts';
import type { Updater } from './shell/update-service.ts';
import { readWindowState, restoredBounds, trackWindowState, writeWindowState } from './shell/window-state.ts';

const override = dataDirOverride(process.argv, process.env);
if (override) app.setPath('userData', override);
// the log first: whatever fails after this is written down (log/, issue 15.3)
const logging = startMainLogging(app.getPath('userData'));

// The scheme must be registered before `ready`: standard + secure gives it an origin and lets
// 'self' in the CSP match it.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

// A release build is what users run signed in: no dev-server URL, no DevTools, no debugger.
const build = { isPackaged: app.isPackaged };
const entry = rendererEntry(build, process.env);
const refusedSwitches = build.isPackaged ? debugSwitchesIn(process.argv) : [];
let mainWindow: BrowserWindow | null = null;
let started = false;
let windowOpening: Promise<void> | null = null;
// Files the OS asks to open (association, second launch, macOS dock): drafts, once services are up.
const launch = { defaultApp: process.defaultApp === true, workingDirectory: process.cwd() };
const launchFiles = filesInArgv(process.argv, launch);
const openFiles = createOpenFiles({ onUnexpected: (path, error) => appLog.error(`[open-files] ${path} could not be opened`, error) });

function log(what: string, detail: string) {
  console.warn(`[security] blocked ${what}${detail ? `: ${detail}` : ''}`);
}

const WINDOW_LIMITS = { defaultWidth: 1280, defaultHeight: 820, minWidth: 900, minHeight: 560 };

async function createWindow() {
  const dataDir = app.getPath('userData');
  const primary = screen.getPrimaryDisplay();
  const workAreas = [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)].map((d) => d.workArea);
  const { bounds, maximized } = restoredBounds(await readWindowState(dataDir), workAreas, WINDOW_LIMITS);
  const window = new BrowserWindow({
    ...bounds,
    minWidth: WINDOW_LIMITS.minWidth,
    minHeight: WINDOW_LIMITS.minHeight,
    show: false,
    title: 'ACR Cache Studio',
    backgroundColor: '#1b1d23',
    webPreferences: secureWebPreferences(join(import.meta.dirname, '../preload/index.cjs'), build),
  });
  if (maximized) window.maximize();
  trackWindowState(window, (state) => writeWindowState(dataDir, state), {
    onError: (error) => console.warn('[window] could not save the window position', error),
  });
  window.once('ready-to-show', () => window.show());
  window.webContents.on('did-finish-load', () => openFiles.windowListening(true));
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
    openFiles.windowListening(false);
  });
  void window.loadURL(entry.url);
  return window;
}

// Held until clicked or closed: a collected Notification no longer delivers its click.
const liveNotifications = new Set<Notification>();
function showNotification({ title, body, onClick }: OsNotice) {
  const notification = new Notification({ title, body });
  liveNotifications.add(notification);
  notification.on('click', () => {
    liveNotifications.delete(notification);
    onClick();
  });
  notification.on('close', () => liveNotifications.delete(notification));
  notification.show();
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
    updater: app.isPackaged ? await loadUpdater() : null,
    openPath: async (path) => {
      const failure = await shell.openPath(path);
      if (failure) throw new Error(`The folder ${path} could not be opened: ${failure}`);
    },
    dataDir: app.getPath('userData'),
    runtime: { name: app.getName(), version: app.getVersion(), versions: process.versions, platform: process.platform },
    openExternal: (url) => shell.openExternal(url),
    dialogs: electronFileDialogs(() => mainWindow),
    onInternalError: (channel, error) => appLog.error(`[ipc] ${channel} failed`, error),
    osRecentDocuments: electronRecentDocuments(app, process.platform),
  });
  // Taskbar/dock progress of applies and imports, and a notification when an apply ends unseen.
  const osProgress = createOsProgress({
    window: () => mainWindow,
    platform: process.platform,
    ...(Notification.isSupported() ? { notify: showNotification } : {}),
  });
  services.events.subscribe((channel, payload) => osProgress.onEvent(channel, payload));
  registerIpcHandlers(ipcMain, osProgress.observe(services.router), () => entry.trustedOrigin);
  forwardEvents(services.events, () => mainWindow?.webContents ?? null);
  openFiles.start({ importPath: services.importPath, deliver: (event) => emitEvent(services.events, 'drafts.onFileOpened', event) });
  const openLink = (url: string) => {
    const href = allowedExternalHref(url);
    if (href) void shell.openExternal(href);
  };
  installApplicationMenu(
    Menu,
    { platform: platformOf(process.platform), isPackaged: build.isPackaged, appName: app.getName(), home: app.getPath('home') },
    {
      events: services.events,
      recent: services.recentFiles,
      showWindow: () => {
        const hadWindow = mainWindow !== null;
        showMainWindow();
        return hadWindow;
      },
      openWithoutWindow: (path) => openFiles.open([path]),
      onError: (what, error) => appLog.error(`[menu] could not ${what}`, error),
      actions: {
        'open-documentation': () => openLink(PROJECT_LINKS.documentation),
        'report-issue': () => openLink(PROJECT_LINKS.newIssue),
        'open-data-folder': () => void shell.openPath(app.getPath('userData')),
        // a folder that cannot be opened is said in a dialog: a menu item has nowhere else to say it
        'open-logs-folder': () =>
          void services.openLogsFolder().catch((error: unknown) => {
            appLog.error('[menu] the logs folder could not be opened', error);
            dialog.showErrorBox('The logs folder could not be opened', error instanceof Error ? error.message : String(error));
          }),
      },
    },
  );
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

  // the theme setting drives Chromium's prefers-color-scheme, which the renderer's CSS follows
  nativeTheme.themeSource = services.settings.get().theme;
  services.settings.onChange((settings) => (nativeTheme.themeSource = settings.theme));
  mainWindow = await createWindow();
  started = true;
  void services.startUpdates();
}

/** Brings the window forward (restored if minimised), or makes one once the app has started (macOS keeps running windowless). */
function showMainWindow() {
  if (mainWindow) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  } else if (started && !windowOpening) {
    // one window, however many of activate, open-file and second-instance come while it is made
    windowOpening = createWindow()
      .then((window) => void (mainWindow = window))
      .finally(() => (windowOpening = null));
  }
}

/** electron-updater's autoUpdater (GitHub releases, electron-builder.yml `publish`), or null when it cannot load. */
async function loadUpdater(): Promise<Updater | null> {
  try {
    const { default: updater } = await import('electron-updater');
    return updater.autoUpdater as unknown as Updater;
  } catch (error) {
    console.warn('[updates] electron-updater could not load; updates are off', error);
    return null;
  }
}

if (refusedSwitches.length > 0) {
  // Before any window, session or IPC handler exists: a DevTools server on a signed-in app lets
  // any local process read tokens out of it.
  console.error(`ACR Cache Studio does not start with debugging switches in a release build (${refusedSwitches.join(', ')}).`);
  app.exit(1);
} else if (!app.requestSingleInstanceLock({ openFiles: launchFiles })) {
  // the first instance opens this launch's files (second-instance) and comes forward
  app.quit();
} else {
  followOpenRequests(app, openFiles, { launchFiles, defaultApp: launch.defaultApp, showWindow: showMainWindow });
  // Every webContents the app ever creates gets the same guards, not only the main window's.
  app.on('web-contents-created', (_event, contents) => {
    logging.watch(contents);
    guardWebContents(contents, {
      allowedExternalHref,
      openExternal: (href) => void shell.openExternal(href),
      onBlocked: log,
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', showMainWindow);
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

