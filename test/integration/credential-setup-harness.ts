// The app's main-process services against the Azure emulators, for the credential setup tests
// that need more than one app run on the same data folder (a restart is new service instances on
// the same folder, keychain and emulators) or more than the one seeded subscription.
import { createMainServices, type MainServices } from '../../main/services.ts';
import type { AzureTestEnvironment } from '../emulators/azure-environment.ts';

export interface AppRun {
  services: MainServices;
  /** Everything the renderer would have received: events and answers. */
  seen: unknown[];
  call<T>(channel: string, ...args: unknown[]): Promise<T>;
}

/**
 * One start of the app's main side; sign-in (device code) is approved as soon as it is asked.
 * `azure`: the environment's options, changed (e.g. a shorter health timeout); theirs unchanged when unset.
 */
export async function startApp(env: AzureTestEnvironment, azure: ReturnType<AzureTestEnvironment['options']> = env.options()): Promise<AppRun> {
  const services = await createMainServices({
    dataDir: env.dataDir,
    runtime: { name: 'ACR Cache Studio', version: '0.0.0-test', versions: { node: process.versions.node }, platform: process.platform },
    openExternal: async () => {},
    azure,
  });
  const seen: unknown[] = [];
  services.events.subscribe((channel, payload) => {
    seen.push({ channel, payload });
    if (channel === 'auth.onDeviceCode') env.entra.approveDeviceCode((payload as { userCode: string }).userCode);
  });
  const call = async <T,>(channel: string, ...args: unknown[]): Promise<T> => {
    const result = await services.router.invoke(channel, args);
    seen.push(result);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
    return result.value as T;
  };
  return { services, seen, call };
}
