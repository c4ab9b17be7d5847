// The credential setup's undo after a restart (issue 16.1 follow-up): a setup whose grant is
// refused leaves two secrets and a credential set; the app is closed without undoing; a new
// start of the main-process services on the same data folder offers that setup as unfinished,
// and its undo removes everything from the emulators. The record on disk is 0600 and holds
// resource IDs and names only, never the username or password.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CredentialSetupRequest, CredentialSetupView } from '../../preload/api.ts';
import { startAzureTestEnvironment, TEST_RESOURCE_GROUP, TEST_SUBSCRIPTION, TEST_TENANT, type AzureTestEnvironment } from '../emulators/azure-environment.ts';
import { DEFAULT_TEST_USER } from '../emulators/entra.ts';
import { startApp, type AppRun } from './credential-setup-harness.ts';

const USERNAME = 'octo-hub-user';
const PASSWORD = 'dckr_pat_R3start"never-on-disk';

let env: AzureTestEnvironment | undefined;
const runs: AppRun[] = [];
afterEach(async () => {
  for (const run of runs.splice(0)) await run.services.dispose();
  await env?.close();
  env = undefined;
});

async function firstRunWithRefusedGrant() {
  env = await startAzureTestEnvironment();
  const vault = env.arm.keyVaults.addVault({ subscriptionId: TEST_SUBSCRIPTION, resourceGroup: TEST_RESOURCE_GROUP, name: 'contosokv', tenantId: TEST_TENANT, rbac: true, writers: [DEFAULT_TEST_USER.oid] });
  env.arm.keyVaults.cannotAssignRoles.add(DEFAULT_TEST_USER.oid);
  const first = await startApp(env);
  runs.push(first);
  const account = await first.call<{ id: string }>('auth.signIn', { mode: 'device-code' });
  const request: CredentialSetupRequest = {
    registry: { accountId: account.id, tenantId: TEST_TENANT, registryId: env.registry.id },
    setName: 'dockerhub-set',
    loginServer: 'docker.io',
    vault: { kind: 'existing', id: vault.id },
    usernameSecretName: 'hub-user',
    passwordSecretName: 'hub-token',
    username: USERNAME,
    password: PASSWORD,
  };
  const failed = await first.call<CredentialSetupView>('credentialSetup.start', request);
  expect(failed.state).toBe('failed');
  expect(failed.created.map((c) => `${c.kind}:${c.state}`)).toEqual(['secret:present', 'secret:present', 'credential-set:present']);
  // the app closes without anyone pressing Undo
  await first.services.dispose();
  runs.splice(runs.indexOf(first), 1);
  return { vault, failed, env };
}

async function restart(): Promise<AppRun> {
  const next = await startApp(env!);
  runs.push(next);
  return next;
}

describe('credential setup undo after a restart', () => {
  it('records what was made (0600, IDs only), offers it at the next start, and undo then removes it all', async () => {
    const { vault, failed } = await firstRunWithRefusedGrant();
    const dir = join(env!.dataDir, 'credential-setups');
    const files = await readdir(dir);
    expect(files).toEqual([`${failed.flowId}.json`]);
    const recordPath = join(dir, files[0]!);
    if (process.platform !== 'win32') expect((await stat(recordPath)).mode & 0o777).toBe(0o600);
    const onDisk = await readFile(recordPath, 'utf8');
    expect(onDisk).toContain('https://contosokv.vault.azure.net/secrets/hub-user');
    expect(onDisk).toContain(failed.created.find((c) => c.kind === 'credential-set')!.id);
    for (const value of [USERNAME, PASSWORD, JSON.stringify(PASSWORD).slice(1, -1)]) expect(onDisk).not.toContain(value);

    const second = await restart();
    const offered = await second.call<CredentialSetupView[]>('credentialSetup.unfinished');
    expect(offered.map((v) => ({ flowId: v.flowId, state: v.state, setName: v.setName, registryId: v.registryId }))).toEqual([{ flowId: failed.flowId, state: 'failed', setName: 'dockerhub-set', registryId: env!.registry.id }]);
    expect(offered[0]!.created).toEqual(failed.created);
    expect(offered[0]!.steps.find((s) => s.id === 'grant')!.error?.code).toBe('not-authorized');

    const undone = await second.call<CredentialSetupView>('credentialSetup.undo', failed.flowId);
    expect(undone.state).toBe('undone');
    expect(undone.created.map((c) => `${c.kind}:${c.state}`)).toEqual(['secret:removed', 'secret:removed', 'credential-set:removed']);
    expect(env!.registry.credentialSet('dockerhub-set')).toBeUndefined();
    expect([...vault.secrets.keys(), ...vault.deletedSecrets.keys()]).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
    expect(await second.call<CredentialSetupView[]>('credentialSetup.unfinished')).toEqual([]);

    // and a third start has nothing left to offer
    await second.services.dispose();
    runs.splice(runs.indexOf(second), 1);
    const third = await restart();
    expect(await third.call<CredentialSetupView[]>('credentialSetup.unfinished')).toEqual([]);
  });

  it('Keep forgets the record and leaves what the setup made in Azure', async () => {
    const { vault, failed } = await firstRunWithRefusedGrant();
    const second = await restart();
    expect(await second.call<boolean>('credentialSetup.keep', failed.flowId)).toBe(true);
    expect(await second.call<CredentialSetupView[]>('credentialSetup.unfinished')).toEqual([]);
    expect(await readdir(join(env!.dataDir, 'credential-setups'))).toEqual([]);
    expect(env!.registry.credentialSet('dockerhub-set')).toBeDefined();
    expect([...vault.secrets.keys()].sort()).toEqual(['hub-token', 'hub-user']);
    await expect(second.call('credentialSetup.undo', failed.flowId)).rejects.toThrow(/not-found/);
  });

  it('after a restart, something removed meanwhile by someone else counts as removed', async () => {
    const { vault, failed } = await firstRunWithRefusedGrant();
    vault.secrets.delete('hub-token');
    const second = await restart();
    const undone = await second.call<CredentialSetupView>('credentialSetup.undo', failed.flowId);
    expect(undone.state).toBe('undone');
    expect(undone.created.map((c) => `${c.label}:${c.state}:${c.note ?? ''}`)).toEqual(['Secret hub-user in contosokv:removed:', 'Secret hub-token in contosokv:removed:It was already gone.', 'Credential set dockerhub-set in contosocache:removed:']);
    expect(env!.registry.credentialSet('dockerhub-set')).toBeUndefined();
  });
});
