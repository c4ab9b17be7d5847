// The one-flow credential setup (issue 16.1) through the app's IPC router against the Entra, ARM
// and Key Vault emulators: an Azure RBAC vault, an access-policy vault, a new vault, a grant
// refused with 403 and undone (nothing left behind), and a secret name already taken. Every test
// also checks that the username and password never reach the log file, an event or an answer.
import { readFile } from 'node:fs/promises';
import electronLog from 'electron-log/node';
import { afterEach, describe, expect, it } from 'vitest';
import type { CredentialSetupRequest, CredentialSetupView, KeyVaultListing } from '../../preload/api.ts';
import { configureFileLog, logsDirOf, setAppLogSink, type FileLogger } from '../../main/log/app-log.ts';
import type { MainServices } from '../../main/services.ts';
import { startApp } from './credential-setup-harness.ts';
import { startAzureTestEnvironment, TEST_RESOURCE_GROUP, TEST_SUBSCRIPTION, TEST_TENANT, type AzureTestEnvironment } from '../emulators/azure-environment.ts';
import { DEFAULT_TEST_USER } from '../emulators/entra.ts';
import { SECRETS_OFFICER_ROLE, SECRETS_USER_ROLE } from '../emulators/key-vault-store.ts';

const USERNAME = 'octo-hub-user';
const PASSWORD = 'dckr_pat_Zq9"x/y+T0k3n-never-logged';

interface Session {
  env: AzureTestEnvironment;
  services: MainServices;
  logFile: string;
  /** Everything the renderer would have received: events and answers. */
  seen: unknown[];
  call<T>(channel: string, ...args: unknown[]): Promise<T>;
  request(vault: CredentialSetupRequest['vault'], overrides?: Partial<CredentialSetupRequest>): CredentialSetupRequest;
}

let session: Session | undefined;
afterEach(async () => {
  setAppLogSink(null);
  await session?.services.dispose();
  await session?.env.close();
  session = undefined;
});

async function open(config: { grantPropagationReads?: number; healthTimeoutMs?: number } = {}): Promise<Session> {
  const env = await startAzureTestEnvironment({ arm: config.grantPropagationReads !== undefined ? { grantPropagationReads: config.grantPropagationReads } : {} });
  const log = electronLog.create({ logId: `credential-setup-${Math.random()}` });
  log.transports.console.level = false;
  const logFile = configureFileLog(log as unknown as FileLogger, { logsDir: logsDirOf(env.dataDir) });
  setAppLogSink(log);
  const { services, seen, call } = await startApp(
    env,
    config.healthTimeoutMs !== undefined ? env.options({ credentialSetup: { ...env.options().credentialSetup, healthPollMs: 5, healthTimeoutMs: config.healthTimeoutMs } }) : env.options(),
  );
  const account = await call<{ id: string }>('auth.signIn', { mode: 'device-code' });
  const registry = { accountId: account.id, tenantId: TEST_TENANT, registryId: env.registry.id };
  session = {
    env,
    services,
    logFile,
    seen,
    call,
    request: (vault, overrides = {}) => ({ registry, setName: 'dockerhub-set', loginServer: 'docker.io', vault, usernameSecretName: 'hub-user', passwordSecretName: 'hub-token', username: USERNAME, password: PASSWORD, ...overrides }),
  };
  return session;
}

async function expectNoCredentialsLeaked(s: Session): Promise<void> {
  const log = await readFile(s.logFile, 'utf8');
  expect(log).toContain('azure PUT'); // the log was written at all
  for (const value of [USERNAME, PASSWORD, JSON.stringify(PASSWORD).slice(1, -1)]) {
    expect(log).not.toContain(value);
    expect(JSON.stringify(s.seen)).not.toContain(value);
  }
}

const addVault = (env: AzureTestEnvironment, name: string, rbac: boolean) =>
  env.arm.keyVaults.addVault({ subscriptionId: TEST_SUBSCRIPTION, resourceGroup: TEST_RESOURCE_GROUP, name, tenantId: TEST_TENANT, rbac, writers: [DEFAULT_TEST_USER.oid] });

describe('credential setup in one flow', () => {
  it('on an Azure RBAC vault: writes both secrets, creates the set, assigns Key Vault Secrets User to its identity, and reads it until Healthy', async () => {
    const s = await open();
    const vault = addVault(s.env, 'contosokv', true);
    const listed = await s.call<KeyVaultListing>('credentialSetup.listKeyVaults', { accountId: s.request({ kind: 'existing', id: '' }).registry.accountId, tenantId: TEST_TENANT, subscriptionId: TEST_SUBSCRIPTION });
    expect(listed.subscriptions.flatMap((sub) => sub.vaults)).toEqual([expect.objectContaining({ name: 'contosokv', permissionModel: 'rbac', vaultUri: 'https://contosokv.vault.azure.net/' })]);

    const view = await s.call<CredentialSetupView>('credentialSetup.start', s.request({ kind: 'existing', id: vault.id }));
    expect(view.state).toBe('succeeded');
    expect(view.steps.map((step) => `${step.id}:${step.state}`)).toEqual(['vault:done', 'vault-access:skipped', 'username-secret:done', 'password-secret:done', 'credential-set:done', 'grant:done', 'health:done']);
    // the first read after the grant still says Unhealthy (the emulator's propagation delay): the flow read again
    expect(view.steps.find((step) => step.id === 'health')!.detail).toBe('Healthy (after 2 reads)');
    expect(s.env.arm.requests.filter((r) => r.op === 'credentialSets.get').length).toBeGreaterThanOrEqual(3);
    expect(view.health).toEqual({ status: 'Healthy', errorCode: null, errorMessage: null });

    expect(vault.secrets.get('hub-user')?.value).toBe(USERNAME);
    expect(vault.secrets.get('hub-token')?.value).toBe(PASSWORD);
    const set = s.env.registry.credentialSet('dockerhub-set')!;
    // version-less identifiers, so a rotated secret is picked up
    expect([set.usernameSecretIdentifier, set.passwordSecretIdentifier]).toEqual(['https://contosokv.vault.azure.net/secrets/hub-user', 'https://contosokv.vault.azure.net/secrets/hub-token']);
    const grants = s.env.arm.keyVaults.roleAssignments().filter((a) => a.principalId === set.principalId);
    expect(grants).toEqual([expect.objectContaining({ scope: vault.id, principalType: 'ServicePrincipal', roleDefinitionId: `/subscriptions/${TEST_SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${SECRETS_USER_ROLE}` })]);
    // the secrets went to Key Vault with a token for the vault's audience, never ARM's
    expect(s.env.keyVault.requests.filter((r) => r.method === 'PUT' && r.status === 200).map((r) => r.token?.aud)).toEqual(['https://vault.azure.net', 'https://vault.azure.net']);
    expect(view.created.map((c) => c.kind)).toEqual(['secret', 'secret', 'credential-set', 'role-assignment']);
    await expectNoCredentialsLeaked(s);
  });

  it('on an access-policy vault: adds an access policy with get on secrets for the identity, and no role assignment', async () => {
    const s = await open();
    const vault = addVault(s.env, 'legacykv', false);
    const view = await s.call<CredentialSetupView>('credentialSetup.start', s.request({ kind: 'existing', id: vault.id }));
    expect(view.state).toBe('succeeded');
    const set = s.env.registry.credentialSet('dockerhub-set')!;
    expect(vault.accessPolicies.find((p) => p.objectId === set.principalId)).toEqual({ tenantId: TEST_TENANT, objectId: set.principalId, permissions: { secrets: ['get'], keys: [], certificates: [] } });
    expect(s.env.arm.keyVaults.roleAssignments().some((a) => a.principalId === set.principalId)).toBe(false);
    expect(s.env.registry.credentialSet('dockerhub-set')!.health.status).toBe('Healthy');
    await expectNoCredentialsLeaked(s);
  });

  it('when the grant is refused (403), says what was created, and undo removes it all in reverse order, leaving nothing behind', async () => {
    const s = await open();
    const vault = addVault(s.env, 'contosokv', true);
    s.env.arm.keyVaults.cannotAssignRoles.add(DEFAULT_TEST_USER.oid);
    const before = s.env.arm.keyVaults.roleAssignments();
    const failed = await s.call<CredentialSetupView>('credentialSetup.start', s.request({ kind: 'existing', id: vault.id }));
    expect(failed.state).toBe("failed");
    const grant = failed.steps.find((step) => step.id === 'grant')!;
    expect(grant.state).toBe('failed');
    expect(grant.error?.code).toBe('not-authorized');
    expect(grant.error?.message).toMatch(/may not assign roles on Key Vault contosokv.*AuthorizationFailed/);
    expect(failed.steps.find((step) => step.id === 'health')!.state).toBe('pending');
    expect(failed.created.map((c) => `${c.kind}:${c.state}`)).toEqual(['secret:present', 'secret:present', 'credential-set:present']);
    expect(s.env.registry.credentialSet('dockerhub-set')?.health.status).toBe('Unhealthy');

    const undone = await s.call<CredentialSetupView>('credentialSetup.undo', failed.flowId);
    expect(undone.state).toBe('undone');
    expect(undone.created.map((c) => `${c.kind}:${c.state}:${c.note ?? ''}`)).toEqual(['secret:removed:', 'secret:removed:', 'credential-set:removed:']);
    // reverse order: the set went before the secrets it points at (the order undo started each removal in)
    const removing: string[] = [];
    for (const item of s.seen) {
      const { channel, payload } = item as { channel?: string; payload?: CredentialSetupView };
      if (channel !== 'credentialSetup.onProgress') continue;
      for (const c of payload!.created) if (c.state === 'removing' && !removing.includes(c.label)) removing.push(c.label);
    }
    expect(removing).toEqual(['Credential set dockerhub-set in contosocache', 'Secret hub-token in contosokv', 'Secret hub-user in contosokv']);
    expect(s.env.arm.requests.filter((r) => r.op === 'credentialSets.delete')).toHaveLength(1);
    expect(s.env.registry.credentialSet('dockerhub-set')).toBeUndefined();
    expect([...vault.secrets.keys(), ...vault.deletedSecrets.keys()]).toEqual([]);
    expect(s.env.arm.keyVaults.roleAssignments()).toEqual(before);
    await expectNoCredentialsLeaked(s);
  });

  it('creates a new Azure RBAC vault with the user as Key Vault Secrets Officer, and undo deletes and purges the vault too', async () => {
    const s = await open();
    const view = await s.call<CredentialSetupView>('credentialSetup.start', s.request({ kind: 'new', resourceGroup: TEST_RESOURCE_GROUP, name: 'hubcreds01', location: 'westeurope' }));
    expect(view.state).toBe('succeeded');
    const vault = s.env.arm.keyVaults.vault('hubcreds01')!;
    expect(vault.rbac).toBe(true);
    const roles = s.env.arm.keyVaults.roleAssignments().map((a) => `${a.principalId}:${a.roleDefinitionId.split('/').pop()}`);
    expect(roles).toEqual([`${DEFAULT_TEST_USER.oid}:${SECRETS_OFFICER_ROLE}`, `${s.env.registry.credentialSet('dockerhub-set')!.principalId}:${SECRETS_USER_ROLE}`]);
    expect(view.created.map((c) => c.kind)).toEqual(['vault', 'role-assignment', 'secret', 'secret', 'credential-set', 'role-assignment']);

    const undone = await s.call<CredentialSetupView>('credentialSetup.undo', view.flowId);
    expect(undone.state).toBe('undone');
    expect(s.env.arm.keyVaults.vault('hubcreds01')).toBeUndefined();
    expect(s.env.arm.keyVaults.deletedVaults.size).toBe(0);
    expect(s.env.arm.keyVaults.roleAssignments()).toEqual([]);
    expect(s.env.registry.credentialSets()).toEqual([]);
    await expectNoCredentialsLeaked(s);
  });

  it('refuses a secret name the vault already uses before writing anything, so nobody else’s secret is overwritten', async () => {
    const s = await open();
    const vault = addVault(s.env, 'contosokv', true);
    vault.secrets.set('hub-user', { name: 'hub-user', value: 'someone-else', version: '0'.repeat(32), created: Date.now() });
    const view = await s.call<CredentialSetupView>('credentialSetup.start', s.request({ kind: 'existing', id: vault.id }));
    expect(view.state).toBe('failed');
    expect(view.steps.find((step) => step.id === 'username-secret')!.error?.message).toMatch(/already has a secret named "hub-user"/);
    expect(view.created).toEqual([]);
    expect(vault.secrets.get('hub-user')!.value).toBe('someone-else');
    expect(s.env.registry.credentialSets()).toEqual([]);
  });

  it('when the grant has not landed by the deadline, fails the health step with what to do, and undo still removes the grant', async () => {
    const s = await open({ grantPropagationReads: 1_000_000, healthTimeoutMs: 60 });
    const vault = addVault(s.env, 'contosokv', true);
    const view = await s.call<CredentialSetupView>('credentialSetup.start', s.request({ kind: 'existing', id: vault.id }));
    expect(view.state).toBe('failed');
    const health = view.steps.find((step) => step.id === 'health')!;
    expect(health.error?.code).toBe('still-unhealthy');
    expect(health.error?.message).toMatch(/still Unhealthy \(Forbidden\).*check it again later.*or undo/);
    expect(view.health?.status).toBe('Unhealthy');
    const undone = await s.call<CredentialSetupView>('credentialSetup.undo', view.flowId);
    expect(undone.state).toBe('undone');
    expect(s.env.arm.keyVaults.roleAssignments().filter((a) => a.roleDefinitionId.endsWith(SECRETS_USER_ROLE))).toEqual([]);
    expect([...vault.secrets.keys(), ...vault.deletedSecrets.keys()]).toEqual([]);
  });

  it('stops waiting for health when cancelled, keeping what it made until undo', async () => {
    const s = await open({ grantPropagationReads: 1_000_000, healthTimeoutMs: 60_000 });
    const vault = addVault(s.env, 'contosokv', true);
    const stop = s.services.events.subscribe((channel, payload) => {
      const view = payload as CredentialSetupView;
      if (channel === 'credentialSetup.onProgress' && view.steps.some((step) => step.id === 'health' && step.detail?.startsWith('Azure reports Unhealthy'))) {
        stop();
        void s.call('credentialSetup.cancel', view.flowId);
      }
    });
    const view = await s.call<CredentialSetupView>('credentialSetup.start', s.request({ kind: 'existing', id: vault.id }));
    expect(view.state).toBe('cancelled');
    expect(view.created.map((c) => `${c.kind}:${c.state}`)).toEqual(['secret:present', 'secret:present', 'credential-set:present', 'role-assignment:present']);
    expect(s.env.registry.credentialSet('dockerhub-set')).toBeDefined();
    expect((await s.call<CredentialSetupView>('credentialSetup.undo', view.flowId)).state).toBe('undone');
    expect(s.env.registry.credentialSet('dockerhub-set')).toBeUndefined();
  });

  it('refuses a payload whose secret names are equal, without echoing the credentials', async () => {
    const s = await open();
    const vault = addVault(s.env, 'contosokv', true);
    const result = await s.services.router.invoke('credentialSetup.start', [s.request({ kind: 'existing', id: vault.id }, { passwordSecretName: 'HUB-USER' })]);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
    expect(vault.secrets.size).toBe(0);
  });
});
