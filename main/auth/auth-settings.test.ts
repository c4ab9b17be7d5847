import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../app-error.ts';
import { AUTH_ENV, AUTH_SETTINGS_FILE, createAuthSettingsStore, DEFAULT_CLIENT_ID, DEFAULT_TENANT } from './auth-settings.ts';
import { resolveCloud } from './clouds.ts';

describe('auth settings', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'acr-auth-settings-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('defaults to Azure CLI\'s public client, the organizations tenant and the public cloud', async () => {
    const store = createAuthSettingsStore({ dataDir: dir, env: {} });
    await store.load();
    expect(DEFAULT_CLIENT_ID).toBe('04b07795-8ddb-461a-bbee-02f9e1bf7b46');
    expect(store.effective()).toEqual({ cloud: 'AzureCloud', clientId: DEFAULT_CLIENT_ID, tenant: DEFAULT_TENANT });
    expect(store.view().fromEnvironment).toEqual([]);
  });

  it('saves updates, validates them, and resets with null', async () => {
    const store = createAuthSettingsStore({ dataDir: dir, env: {} });
    await store.load();
    await store.update({ clientId: 'AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE', tenant: 'contoso.onmicrosoft.com', cloud: 'AzureUSGovernment' });
    const reloaded = createAuthSettingsStore({ dataDir: dir, env: {} });
    await reloaded.load();
    expect(reloaded.effective()).toEqual({ cloud: 'AzureUSGovernment', clientId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee', tenant: 'contoso.onmicrosoft.com' });
    await expect(reloaded.update({ clientId: 'my-app' })).rejects.toMatchObject({ code: 'invalid-setting' });
    await expect(reloaded.update({ tenant: 'not a tenant' })).rejects.toBeInstanceOf(AppError);
    await reloaded.update({ clientId: null, tenant: null });
    expect(reloaded.effective().clientId).toBe(DEFAULT_CLIENT_ID);
    expect(JSON.parse(await readFile(join(dir, AUTH_SETTINGS_FILE), 'utf8'))).toEqual({ cloud: 'AzureUSGovernment' });
  });

  it('lets environment variables win, shows them as fixed and refuses to change them', async () => {
    const env = { [AUTH_ENV.clientId]: '11111111-2222-4333-8444-555555555555', [AUTH_ENV.tenant]: 'organizations', [AUTH_ENV.cloud]: 'AzureChinaCloud' };
    await writeFile(join(dir, AUTH_SETTINGS_FILE), JSON.stringify({ clientId: '99999999-2222-4333-8444-555555555555', cloud: 'AzureCloud' }));
    const store = createAuthSettingsStore({ dataDir: dir, env });
    await store.load();
    expect(store.effective()).toEqual({ cloud: 'AzureChinaCloud', clientId: '11111111-2222-4333-8444-555555555555', tenant: 'organizations' });
    expect(store.view().fromEnvironment).toEqual(['clientId', 'cloud', 'tenant']);
    await expect(store.update({ clientId: null })).rejects.toMatchObject({ code: 'setting-from-environment' });
  });

  it('ignores invalid environment values and a damaged settings file, with warnings', async () => {
    await writeFile(join(dir, AUTH_SETTINGS_FILE), '{not json');
    const store = createAuthSettingsStore({ dataDir: dir, env: { [AUTH_ENV.clientId]: 'nope', [AUTH_ENV.cloud]: 'Mars' } });
    await store.load();
    expect(store.effective()).toEqual({ cloud: 'AzureCloud', clientId: DEFAULT_CLIENT_ID, tenant: DEFAULT_TENANT });
    const warnings = store.warnings.join(' ');
    expect(warnings).toContain('ACR_CACHE_STUDIO_CLIENT_ID="nope" is not an application (client) ID');
    expect(warnings).toContain('ACR_CACHE_STUDIO_CLOUD="Mars" is not one of');
    expect(warnings).toContain('could not be read');
  });
});

describe('clouds', () => {
  it('has the authority, ARM endpoint and ARM scope of each sovereign cloud', () => {
    expect(resolveCloud('AzureCloud')).toMatchObject({ authorityHost: 'https://login.microsoftonline.com', armEndpoint: 'https://management.azure.com', armScope: 'https://management.azure.com/.default' });
    expect(resolveCloud('AzureUSGovernment')).toMatchObject({ authorityHost: 'https://login.microsoftonline.us', armEndpoint: 'https://management.usgovcloudapi.net', armScope: 'https://management.usgovcloudapi.net/.default', acrSuffix: '.azurecr.us' });
    expect(resolveCloud('AzureChinaCloud')).toMatchObject({ authorityHost: 'https://login.chinacloudapi.cn', armEndpoint: 'https://management.chinacloudapi.cn', armScope: 'https://management.chinacloudapi.cn/.default', acrSuffix: '.azurecr.cn' });
  });

  it('redirects hosts for tests but keeps the ARM scope of the real cloud', () => {
    const cloud = resolveCloud('AzureCloud', { AzureCloud: { authorityHost: 'https://127.0.0.1:4443/', armEndpoint: 'https://127.0.0.1:4444' } });
    expect(cloud).toMatchObject({ authorityHost: 'https://127.0.0.1:4443', armEndpoint: 'https://127.0.0.1:4444', armScope: 'https://management.azure.com/.default', customAuthority: true, authorityAliases: ['127.0.0.1:4443'] });
    expect(() => resolveCloud('AzureCloud', { AzureCloud: { armEndpoint: 'http://127.0.0.1:1' } })).toThrow(/https/);
  });
});
