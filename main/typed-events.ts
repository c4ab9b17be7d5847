// Emitting main → renderer events with the payload type the renderer's `onX(callback)` expects,
// derived from DesktopApi so the two sides cannot drift apart.
import type { DesktopApi, EventChannel, Unsubscribe } from '../preload/api.ts';
import type { EventHub } from './events.ts';

export type EventPayload<C extends EventChannel> = C extends `${infer A}.${infer E}`
  ? A extends keyof DesktopApi
    ? E extends keyof DesktopApi[A]
      ? DesktopApi[A][E] extends (callback: (payload: infer P) => void) => Unsubscribe
        ? P
        : never
      : never
    : never
  : never;

export function emitEvent<C extends EventChannel>(hub: EventHub, channel: C, payload: EventPayload<C>): void {
  hub.emit(channel, payload);
}
