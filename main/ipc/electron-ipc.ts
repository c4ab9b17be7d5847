// Binds the router to ipcMain. Every call is checked against the sender before its payload is
// even looked at.
import { IPC_EVENT_PREFIX, IPC_PREFIX, type ApiResult } from '../../preload/api.ts';
import type { EventHub } from '../events.ts';
import type { IpcRouter } from './router.ts';
import { isTrustedSender, type SenderFrameInfo } from './sender.ts';

interface InvokeEvent {
  senderFrame: { url: string; parent: unknown } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEvent, ...args: unknown[]) => Promise<ApiResult<unknown>>): void;
}

export function frameInfo(event: InvokeEvent): SenderFrameInfo | null {
  const frame = event.senderFrame;
  if (!frame) return null; // the frame navigated away or was destroyed mid-call
  return { url: frame.url, isMainFrame: frame.parent === null };
}

export function registerIpcHandlers(ipcMain: IpcMainLike, router: IpcRouter, trustedOrigin: () => string): void {
  for (const channel of router.channels) {
    ipcMain.handle(IPC_PREFIX + channel, async (event, ...args) => {
      const frame = frameInfo(event);
      if (!isTrustedSender(frame, trustedOrigin())) {
        return {
          ok: false,
          error: { code: 'forbidden-sender', message: `${channel} was called from ${frame?.url ?? 'an unknown frame'}, which is not the app's own window.` },
        };
      }
      return router.invoke(channel, args);
    });
  }
}

export interface EventTarget {
  isDestroyed(): boolean;
  send(channel: string, payload: unknown): void;
}

export function forwardEvents(events: EventHub, target: () => EventTarget | null): () => void {
  return events.subscribe((channel, payload) => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(IPC_EVENT_PREFIX + channel, payload);
  });
}
