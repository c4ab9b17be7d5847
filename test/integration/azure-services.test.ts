// The composition root wires the Azure areas: the same createMainServices the Electron entry and
// the e2e harness use, with emulator endpoints passed as options.azure.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listChannels, listEventChannels } from '../../preload/api.ts';
import { createMainServices, type MainServices } from '../../main/services.ts';
import { startAzureTestEnvironment, TEST_TENANT, type AzureTestEnvironment } from '../emulators/azure-environment.ts';

describe('createMainServices with Azure', () => {
  let env: AzureTestEnvironment;
  let services: MainServices;

  beforeEach(async () => {
    env = await startAzureTestEnvironment();
    services = await createMainServices({
      dataDir: env.dataDir,
      runtime: { name: 'ACR Cache Studio', version: '0.0.0-test', versions: { node: process.versions.node }, platform: process.platform },
      openExternal: async () => {
        throw new Error('sign-in must use the Azure openBrowser option here');
      },
      azure: env.options(),
    });
  });
  afterEach(async () => {
    await services.dispose();
    await env.close();
  });

  it('serves every auth and azure channel of the API, and signs in and reads a registry through them', async () => {
    for (const channel of listChannels().filter((c) => c.startsWith('auth.') || c.startsWith('azure.'))) {
      expect(services.router.channels).toContain(channel);
    }
    expect(listEventChannels()).toEqual(expect.arrayContaining(['auth.onDeviceCode', 'auth.onChanged', 'azure.onOperation']));

    services.events.subscribe((channel, payload) => {
      if (channel === 'auth.onDeviceCode') env.entra.approveDeviceCode((payload as { userCode: string }).userCode);
    });
    const signedIn = await services.router.invoke('auth.signIn', [{ mode: 'device-code' }]);
    expect(signedIn).toMatchObject({ ok: true, value: { username: env.entra.users[0]!.username } });
    const accountId = (signedIn as { value: { id: string } }).value.id;
    env.registry.putRule({ name: 'mcr-dotnet', source: 'mcr.microsoft.com/dotnet/*', target: 'dotnet/*' });
    expect(await services.router.invoke('azure.listCacheRules', [{ accountId, tenantId: TEST_TENANT, registryId: env.registry.id }])).toMatchObject({
      ok: true,
      value: [{ name: 'mcr-dotnet', source: 'mcr.microsoft.com/dotnet/*', target: 'dotnet/*' }],
    });
  });
});
