// Test helper: the app's Azure side (real auth, token store and ARM services) behind the real IPC
// router and handler schemas, wired to the emulators of an AzureTestEnvironment.
import type { ApiResult, DesktopApi, MethodKeys } from '../../preload/api.ts';
import { createAzureIntegration, type AzureIntegration, type AzureIntegrationOptions } from '../../main/azure/integration.ts';
import { createEventHub } from '../../main/events.ts';
import { createIpcRouter, type HandlerTable, type IpcRouter } from '../../main/ipc/router.ts';
import type { AzureTestEnvironment } from '../emulators/azure-environment.ts';

type Area = 'auth' | 'azure';
type Method<A extends Area> = MethodKeys<DesktopApi[A]>;
type Fn<A extends Area, M extends Method<A>> = DesktopApi[A][M] extends (...args: infer P) => Promise<infer R> ? { args: P; result: R } : never;

export interface RecordedEvent {
  channel: string;
  payload: unknown;
}

export class IpcFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'IpcFailure';
  }
}

export interface AzureApp {
  integration: AzureIntegration;
  router: IpcRouter;
  events: RecordedEvent[];
  /** Invokes `area.method` through the router, as the renderer would, and unwraps the result. */
  call<A extends Area, M extends Method<A>>(area: A, method: M, ...args: Fn<A, M>['args']): Promise<Fn<A, M>['result']>;
  /** The raw `{ ok, value | error }` the renderer receives. */
  invoke(channel: string, args: unknown[]): Promise<ApiResult<unknown>>;
  /** Approve device codes as soon as the app shows them (as `oid`, or the emulator's current user). */
  autoApproveDeviceCodes: boolean | string;
  dispose(): Promise<void>;
}

export async function startAzureApp(env: AzureTestEnvironment, overrides: Partial<AzureIntegrationOptions> = {}, dataDir = env.dataDir): Promise<AzureApp> {
  const hub = createEventHub();
  const events: RecordedEvent[] = [];
  const integration = await createAzureIntegration({ dataDir, events: hub, openExternal: async () => {} }, env.options(overrides));
  // Only the two Azure areas: the router accepts any subset at runtime, the type wants every area.
  const router = createIpcRouter(integration.handlers as unknown as HandlerTable);
  const app: AzureApp = {
    integration,
    router,
    events,
    autoApproveDeviceCodes: true,
    invoke: (channel, args) => router.invoke(channel, args),
    async call(area, method, ...args) {
      const result = await router.invoke(`${area}.${String(method)}`, args);
      if (result.ok) return result.value as never;
      throw new IpcFailure(result.error.code, result.error.message);
    },
    async dispose() {
      await integration.dispose();
    },
  };
  hub.subscribe((channel, payload) => {
    events.push({ channel, payload });
    if (channel === 'auth.onDeviceCode' && app.autoApproveDeviceCodes) {
      const { userCode } = payload as { userCode: string };
      env.entra.approveDeviceCode(userCode, typeof app.autoApproveDeviceCodes === 'string' ? app.autoApproveDeviceCodes : undefined);
    }
  });
  return app;
}
