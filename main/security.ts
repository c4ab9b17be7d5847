// Window and session hardening. Takes Electron objects as narrow interfaces so that tests can
// drive each guard with plain fakes.
import { APP_ENTRY_URL, APP_ORIGIN } from './app-protocol.ts';
import { originOf } from './ipc/sender.ts';

/**
 * Where the window loads the UI from, and which origin IPC trusts. electron-vite dev sets
 * ELECTRON_RENDERER_URL to its dev server; a release build ignores it, or anyone who can set an
 * environment variable could point the signed-in app (and its IPC trust) at their own page.
 */
export function rendererEntry(build: BuildKind, env: Readonly<Record<string, string | undefined>>): { url: string; trustedOrigin: string } {
  const devUrl = build.isPackaged ? undefined : env['ELECTRON_RENDERER_URL'];
  const devOrigin = devUrl ? originOf(devUrl) : null;
  return devUrl && devOrigin ? { url: devUrl, trustedOrigin: devOrigin } : { url: APP_ENTRY_URL, trustedOrigin: APP_ORIGIN };
}

// Chromium reads switches written `--name`, `-name` and (Windows) `/name`, with or without `=value`.
const DEBUG_SWITCH = /^(?:--?|\/)(remote-debugging-[\w-]*|inspect[\w-]*)(?:=|$)/i;

/**
 * The debugging switches on a command line: `--remote-debugging-port/-pipe` (a DevTools server
 * any local process can drive) and Node's `--inspect*`. The `nodeCliInspect` fuse already makes
 * Node ignore `--inspect`, but no fuse covers Chromium's remote debugging, so a release build
 * refuses to start with either.
 */
export function debugSwitchesIn(argv: readonly string[]): string[] {
  return argv.flatMap((arg) => {
    const match = DEBUG_SWITCH.exec(arg);
    return match ? [`--${match[1]!.toLowerCase()}`] : [];
  });
}

/** Scripts, styles and fonts only from the app itself; no inline code, no remote origins. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  // the pull tester reads large pastes in a module worker bundled with the app
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

export interface BuildKind {
  /** Electron's `app.isPackaged`: true in a release build, false under electron-vite dev/preview. */
  isPackaged: boolean;
}

/** DevTools exist only in development: in a release they would hand anyone at the keyboard a console into the signed-in app. */
export function secureWebPreferences(preloadPath: string, build: BuildKind) {
  return {
    preload: preloadPath,
    devTools: !build.isPackaged,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
  } as const;
}

interface PreventableEvent {
  preventDefault(): void;
}

export interface GuardableWebContents {
  on(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface GuardOptions {
  /** Receives the checked href of links on the allow-list; everything else is dropped. */
  openExternal: (href: string) => void;
  /** The normalised href when the link is allowed, else null (external-links.ts). */
  allowedExternalHref: (url: string) => string | null;
  onBlocked?: (what: string, url: string) => void;
}

/** Denies every navigation, redirect, webview and new window; allowed links go to the system browser. */
export function guardWebContents(contents: GuardableWebContents, options: GuardOptions): void {
  const block = (what: string) => (event: PreventableEvent, url: string) => {
    event.preventDefault();
    options.onBlocked?.(what, url);
  };
  contents.on('will-navigate', block('navigation'));
  contents.on('will-redirect', block('redirect'));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    options.onBlocked?.('webview', '');
  });
  contents.setWindowOpenHandler(({ url }) => {
    const href = options.allowedExternalHref(url);
    if (href !== null) options.openExternal(href);
    else options.onBlocked?.('new-window', url);
    return { action: 'deny' };
  });
}

export interface GuardableSession {
  setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void;
}

/** The app needs no browser permission (camera, notifications, clipboard-read, …): refuse them all. */
export function guardSession(session: GuardableSession, onBlocked?: (what: string, permission: string) => void): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    onBlocked?.('permission', permission);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
}
