// After a signed-in session against the emulators, the app log holds every ARM call's request id
// and outcome, and no token, Authorization header or secret URI.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import electronLog from 'electron-log/node';
import { afterEach, describe, expect, it } from 'vitest';
import { configureFileLog, logsDirOf, setAppLogSink, type FileLogger } from '../../main/log/app-log.ts';
import { createMainServices, type MainServices } from '../../main/services.ts';
import { startAzureTestEnvironment, TEST_SUBSCRIPTION, TEST_TENANT, type AzureTestEnvironment } from '../emulators/azure-environment.ts';

let env: AzureTestEnvironment | undefined;
let services: MainServices | undefined;
afterEach(async () => {
  setAppLogSink(null);
  await services?.dispose();
  await env?.close();
  services = undefined;
  env = undefined;
});

describe('the app log after a signed-in session', () => {
  it("has each ARM and registry call's request id and outcome, and no token, Authorization header or secret URI", async () => {
    env = await startAzureTestEnvironment();
    const log = electronLog.create({ logId: 'session-scan' });
    log.transports.console.level = false;
    const file = configureFileLog(log as unknown as FileLogger, { logsDir: logsDirOf(env.dataDir) });
    setAppLogSink(log);
    services = await createMainServices({
      dataDir: env.dataDir,
      runtime: { name: 'ACR Cache Studio', version: '0.0.0-test', versions: { node: process.versions.node }, platform: process.platform },
      openExternal: async () => {},
      azure: env.options(),
    });
    const e = env;
    services.events.subscribe((channel, payload) => {
      if (channel === 'auth.onDeviceCode') e.entra.approveDeviceCode((payload as { userCode: string }).userCode);
    });
    const call = async (channel: string, ...args: unknown[]) => {
      const result = await services!.router.invoke(channel, args);
      if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
      return result;
    };
    const signedIn = await call('auth.signIn', { mode: 'device-code' });
    expect(signedIn).toMatchObject({ ok: true });
    const accountId = (signedIn as { value: { id: string } }).value.id;
    const registry = { accountId, tenantId: TEST_TENANT, registryId: env.registry.id };
    const secret = (name: string) => `https://contoso-kv.vault.azure.net/secrets/${name}`;
    expect(await call('azure.listSubscriptions', accountId)).toMatchObject({ ok: true });
    expect(await call('azure.listRegistries', { accountId, tenantId: TEST_TENANT, subscriptionId: TEST_SUBSCRIPTION })).toMatchObject({ ok: true });
    expect(await call('azure.createCredentialSet', registry, { name: 'dockerhub', loginServer: 'docker.io', usernameSecret: secret('hub-user-s3cret'), passwordSecret: secret('hub-pass-s3cret') })).toMatchObject({ ok: true });
    expect(await call('azure.createCacheRule', registry, { name: 'hub-nginx', source: 'docker.io/library/nginx', target: 'nginx', credentialSet: 'dockerhub' })).toMatchObject({ ok: true });
    expect(await call('azure.listCredentialSets', registry)).toMatchObject({ ok: true });
    // the registry's data plane: token exchange (an Entra token in the body, an ACR one back) and the catalog
    env.registry.addRepositories('team/app');
    expect(await call('azure.listRepositories', registry)).toMatchObject({ ok: true });
    // a failing call is logged with its outcome too
    await expect(call('azure.getCacheRule', registry, 'no-such-rule')).rejects.toThrow(/not-found/);

    const text = await readFile(file, 'utf8');
    const armCalls = env.arm.requests;
    expect(armCalls.filter((r) => r.op.startsWith('dataplane.')).length).toBeGreaterThanOrEqual(3);
    for (const request of armCalls) {
      const line = text.split('\n').find((l) => l.includes(`request-id=${request.requestId}`));
      expect(line, `${request.method} ${request.path}`).toMatch(new RegExp(`azure ${request.method} \\S+ → ${request.status} in \\d+ ms`));
    }
    // Entra's answers too (sign-in), by their outcome only
    expect(text).toMatch(/entra POST \S+\/oauth2\/v2\.0\/token → 200/);
    for (const token of [...env.entra.issued.accessTokens, ...env.entra.issued.refreshTokens, ...env.entra.issued.idTokens]) {
      expect(text.includes(token)).toBe(false);
      // not even a recognisable piece of one
      expect(text.includes(token.slice(-24))).toBe(false);
    }
    expect(text).not.toMatch(/authorization|bearer/i);
    expect(text).not.toMatch(/s3cret|vault\.azure\.net\/secrets\/[^[]/);
  });
});
