// Window and session hardening. Takes Electron objects as narrow interfaces so that tests can
// drive each guard with plain fakes.

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

export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
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
  /** Receives links the user clicked that are on the allow-list; everything else is dropped. */
  openExternal: (url: string) => void;
  isAllowedExternalUrl: (url: string) => boolean;
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
    if (options.isAllowedExternalUrl(url)) options.openExternal(url);
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
