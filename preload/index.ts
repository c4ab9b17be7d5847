// Runs sandboxed with context isolation: only `contextBridge`, `ipcRenderer` and `webUtils` (the
// path of a dropped file, for Open Recent) are used, and only here. The renderer gets one frozen
// object of named methods, never ipcRenderer itself.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { API_GLOBAL, IPC_EVENT_PREFIX, IPC_PREFIX, type ApiResult } from './api.ts';
import { createDesktopApi } from './bridge.ts';

const api = createDesktopApi({
  invoke: (channel, args) => ipcRenderer.invoke(IPC_PREFIX + channel, ...args) as Promise<ApiResult<unknown>>,
  subscribe: (channel, listener) => {
    // The wrapper keeps the IpcRendererEvent (and its sender) away from renderer code.
    const wrapped = (_event: unknown, payload: unknown) => listener(payload);
    ipcRenderer.on(IPC_EVENT_PREFIX + channel, wrapped);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_PREFIX + channel, wrapped);
    };
  },
  pathOfFile: (file) => webUtils.getPathForFile(file),
});

contextBridge.exposeInMainWorld(API_GLOBAL, api);
