// Main → renderer events (progress of long work, changes). Services emit; the Electron glue or
// the e2e harness forwards.
export type EventListener = (channel: string, payload: unknown) => void;

export interface EventHub {
  emit(channel: string, payload: unknown): void;
  subscribe(listener: EventListener): () => void;
}

export function createEventHub(): EventHub {
  const listeners = new Set<EventListener>();
  return {
    emit(channel, payload) {
      for (const listener of listeners) listener(channel, payload);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
