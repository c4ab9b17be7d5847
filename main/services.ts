// Composition root of the main-process services. Plain code with no electron import: the Electron
// entry, the unit tests and the e2e harness all build the app through this one function.
import { createEventHub, type EventHub } from './events.ts';
import { appHandlers, type RuntimeInfo } from './handlers/app.ts';
import { createIpcRouter, type IpcRouter } from './ipc/router.ts';

export interface MainServicesOptions {
  dataDir: string;
  runtime: RuntimeInfo;
  openExternal: (url: string) => Promise<void>;
  onInternalError?: (channel: string, error: unknown) => void;
}

export interface MainServices {
  router: IpcRouter;
  events: EventHub;
  dispose(): Promise<void>;
}

export async function createMainServices(options: MainServicesOptions): Promise<MainServices> {
  const events = createEventHub();
  const router = createIpcRouter(
    {
      app: appHandlers({ runtime: options.runtime, dataDir: options.dataDir, openExternal: options.openExternal }),
    },
    { onInternalError: options.onInternalError },
  );
  return {
    router,
    events,
    async dispose() {},
  };
}
