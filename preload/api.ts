// The one interface of what the renderer may call. Imported by all three sides as types,
// plus two runtime tables (method and event names) that the preload and the tests walk.
// Tokens never appear here: only summaries and results.

export interface AboutInfo {
  name: string;
  version: string;
  /** null when the handlers run outside Electron (e.g. the e2e harness in plain Node). */
  electron: string | null;
  chromium: string | null;
  node: string;
  platform: string;
  dataDir: string;
}

export interface ApiErrorShape {
  code: string;
  message: string;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorShape };

/**
 * What a rejected API promise carries in the renderer. A plain object on purpose:
 * Electron's contextBridge rebuilds thrown Error objects with their message only, so an
 * Error subclass would lose `code` on the way; a plain object is cloned whole.
 */
export interface ApiError extends ApiErrorShape {
  name: 'ApiError';
}

export function isApiError(value: unknown): value is ApiError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { name?: unknown }).name === 'ApiError' &&
    typeof (value as { code?: unknown }).code === 'string'
  );
}

export type Unsubscribe = () => void;

export interface DesktopApi {
  app: {
    about(): Promise<AboutInfo>;
    /** Opens an https link from the allow-list in the system browser; anything else is refused. */
    openExternal(url: string): Promise<void>;
  };
}

type AreaOf = keyof DesktopApi;
type FnKeys<T> = { [K in keyof T]: T[K] extends (...args: never[]) => unknown ? K : never }[keyof T] & string;
export type EventKeys<T> = Extract<FnKeys<T>, `on${string}`>;
export type MethodKeys<T> = Exclude<FnKeys<T>, `on${string}`>;

/** Every invocable method, by area. The type check below keeps it equal to DesktopApi. */
export const API_METHODS = {
  app: ['about', 'openExternal'],
} as const satisfies { [A in AreaOf]: readonly MethodKeys<DesktopApi[A]>[] };

/** Every event subscription (`onX(cb) → unsubscribe`), by area. */
export const API_EVENTS = {
  app: [],
} as const satisfies { [A in AreaOf]: readonly EventKeys<DesktopApi[A]>[] };

// Compile-time proof that the runtime tables list every member of DesktopApi, no more, no less.
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type TablesComplete = {
  [A in AreaOf]: Exactly<(typeof API_METHODS)[A][number], MethodKeys<DesktopApi[A]>> extends true
    ? Exactly<(typeof API_EVENTS)[A][number], EventKeys<DesktopApi[A]>>
    : false;
}[AreaOf];
const tablesComplete: TablesComplete = true;
void tablesComplete;

export type Channel = {
  [A in AreaOf]: `${A}.${MethodKeys<DesktopApi[A]>}`;
}[AreaOf];
export type EventChannel = {
  [A in AreaOf]: `${A}.${EventKeys<DesktopApi[A]>}`;
}[AreaOf];

export const API_GLOBAL = 'acr';
/** Prefix of the ipcMain channel names; the part after it is `<area>.<method>`. */
export const IPC_PREFIX = 'acr:';
export const IPC_EVENT_PREFIX = 'acr-event:';

export function listChannels(): string[] {
  return Object.entries(API_METHODS).flatMap(([area, methods]) => methods.map((m) => `${area}.${m}`));
}
export function listEventChannels(): string[] {
  return Object.entries(API_EVENTS).flatMap(([area, events]) => (events as readonly string[]).map((e) => `${area}.${e}`));
}

declare global {
  interface Window {
    readonly acr: DesktopApi;
  }
}
