// Builds the renderer-facing API object from a transport. Electron-free so that the very same
// code runs in the real preload (transport = ipcRenderer) and in the e2e harness (transport =
// Playwright bindings).
import {
  API_EVENTS,
  API_METHODS,
  type ApiError,
  type ApiResult,
  type Unsubscribe,
  type WindowApi,
} from './api.ts';

export interface Transport {
  invoke(channel: string, args: unknown[]): Promise<ApiResult<unknown>>;
  subscribe(channel: string, listener: (payload: unknown) => void): Unsubscribe;
  /** The on-disk path of a dropped file (Electron: webUtils.getPathForFile); absent: none is known. */
  pathOfFile?(file: File): string;
}

function toApiError(error: { code: string; message: string }): ApiError {
  return { name: 'ApiError', code: error.code, message: error.message };
}

export function createDesktopApi(transport: Transport): WindowApi {
  const api: Record<string, Record<string, unknown>> = {};
  for (const [area, methods] of Object.entries(API_METHODS)) {
    const group: Record<string, unknown> = {};
    for (const method of methods as readonly string[]) {
      const channel = `${area}.${method}`;
      group[method] = async (...args: unknown[]) => {
        let result: ApiResult<unknown>;
        try {
          result = await transport.invoke(channel, args);
        } catch (err) {
          throw toApiError({ code: 'ipc-failed', message: `The app could not reach its main process (${channel}): ${String((err as Error)?.message ?? err)}` });
        }
        if (result && result.ok === true) return result.value;
        if (result && result.ok === false) throw toApiError(result.error);
        throw toApiError({ code: 'ipc-malformed', message: `The main process answered ${channel} with an unexpected value.` });
      };
    }
    for (const event of (API_EVENTS as Record<string, readonly string[]>)[area] ?? []) {
      const channel = `${area}.${event}`;
      group[event] = (callback: unknown) => {
        if (typeof callback !== 'function') throw new TypeError(`${channel} needs a callback function`);
        return transport.subscribe(channel, (payload) => (callback as (p: unknown) => void)(payload));
      };
    }
    api[area] = Object.freeze(group);
  }
  // answered here, without IPC: only a path string leaves, and only to recent.recordDropped
  const pathOfDroppedFile = (file: File): string | null => {
    if (!transport.pathOfFile) return null;
    try {
      return transport.pathOfFile(file) || null;
    } catch {
      return null;
    }
  };
  return Object.freeze({ ...api, pathOfDroppedFile }) as unknown as WindowApi;
}
