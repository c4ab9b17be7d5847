// pull, plan --registry and apply end to end: the built CLI spawned as a pipeline runs it, signing
// in with @azure/identity's DefaultAzureCredential against the Entra emulator (a client secret, and
// a federated token file as GitHub Actions' azure/login leaves it, and a managed identity through
// App Service's IDENTITY_ENDPOINT and through IMDS, as on a VM or an AKS node) and working on the ARM
// emulator's registry. The emulators' certificate is trusted through NODE_EXTRA_CA_CERTS, set
// before the CLI's node starts; AZURE_AUTHORITY_HOST and ACR_CACHE_ARM_ENDPOINT point at them.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { cliSandbox, type CliSandbox } from '../support/cli-runner.ts';
import { startAzureTestEnvironment, TEST_TENANT, type AzureTestEnvironment } from '../emulators/azure-environment.ts';
import { unsignedJwt } from '../emulators/jwt.ts';
import { startImdsEndpoint, startManagedIdentityEndpoint, type ImdsEndpoint, type ManagedIdentityEndpoint } from '../emulators/managed-identity.ts';

const CLIENT_ID = '0c0c0c0c-1111-4222-8333-444444444444';
const SECRET = 'emulator-secret-value';
const ISSUER = 'https://token.actions.githubusercontent.com';
const SUBJECT = 'repo:contoso/cache-rules:ref:refs/heads/main';

let env: AzureTestEnvironment;
let box: CliSandbox;
let base: Record<string, string>;

const RULES = `registry: contoso.azurecr.io
rules:
  - name: dotnet-mcr
    source: mcr.microsoft.com/dotnet/*
    target: dotnet/*
  - name: k8s-pause
    source: registry.k8s.io/pause
    target: kube/pause
`;

beforeAll(async () => {
  env = await startAzureTestEnvironment();
  env.entra.addServicePrincipal({ clientId: CLIENT_ID, objectId: '9a9a9a9a-0000-4000-8000-000000000001', tenantId: TEST_TENANT, secret: SECRET, federated: { issuer: ISSUER, subject: SUBJECT } });
  box = cliSandbox('acr-cache-live-');
  const ca = box.file('emulators-ca.pem', env.cert.cert);
  base = {
    // nothing from the machine: no Azure CLI login, no managed identity endpoint
    HOME: box.dir,
    PATH: process.env.PATH ?? '',
    NODE_EXTRA_CA_CERTS: ca,
    AZURE_AUTHORITY_HOST: env.entra.url,
    ACR_CACHE_ARM_ENDPOINT: env.arm.url,
    ACR_CACHE_POLL_INTERVAL_MS: '0',
    AZURE_TENANT_ID: TEST_TENANT,
    AZURE_CLIENT_ID: CLIENT_ID,
  };
  env.registry.putRule({ name: 'old-rule', source: 'mcr.microsoft.com/old', target: 'old' });
}, 60_000);

afterAll(async () => {
  await env?.close();
});

const secretEnv = () => ({ ...base, AZURE_CLIENT_SECRET: SECRET });

describe('with a client secret (EnvironmentCredential)', () => {
  test('pull writes the live rule set, by login server and by resource ID', async () => {
    const r = await box.run(['pull', '--registry', env.registry.loginServer], '', secretEnv());
    expect(r.stderr).toMatch(/1 rule\(s\), 0 credential set\(s\)/);
    expect(r.code).toBe(0);
    expect(parse(r.stdout)).toEqual({ registry: env.registry.loginServer, rules: [{ name: 'old-rule', source: 'mcr.microsoft.com/old', target: 'old' }], credentialSets: [] });
    const out = join(box.dir, 'live.json');
    const byId = await box.run(['pull', '--registry', env.registry.id, '-o', 'json', '--out-file', out], '', secretEnv());
    expect(byId.code).toBe(0);
    // the token came from the client-credentials grant
    expect(env.entra.requests.some((q) => q.grantType === 'client_credentials' && q.status === 200)).toBe(true);
  });

  test('plan --registry exits 2 with changes, apply converges, plan then exits 0', async () => {
    const file = box.file('rules.yaml', RULES);
    const plan = await box.run(['plan', '--registry', env.registry.loginServer, file, '--prune', '-o', 'json'], '', secretEnv());
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(2);
    expect((JSON.parse(plan.stdout) as { operations: { id: string }[] }).operations.map((o) => o.id).sort()).toEqual(['create-rule:dotnet-mcr', 'create-rule:k8s-pause', 'delete-rule:old-rule']);

    // not a terminal: --auto-approve is required, and progress comes as JSON lines
    const refused = await box.run(['apply', '--registry', env.registry.loginServer, file, '--prune'], '', secretEnv());
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/pass --auto-approve/);
    expect(env.registry.rules().map((r) => r.name)).toEqual(['old-rule']);

    const apply = await box.run(['apply', '--registry', env.registry.loginServer, file, '--prune', '--auto-approve', '--journal-dir', join(box.dir, 'journal')], '', secretEnv());
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    const events = apply.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { event: string; changed?: { id: string; status: string }; converged?: boolean; succeeded?: number });
    expect(events[0]?.event).toBe('plan');
    expect(events.filter((e) => e.event === 'progress').map((e) => `${e.changed?.id}=${e.changed?.status}`).sort()).toEqual(['create-rule:dotnet-mcr=succeeded', 'create-rule:k8s-pause=succeeded', 'delete-rule:old-rule=succeeded']);
    expect(events.at(-1)).toMatchObject({ event: 'result', converged: true, succeeded: 3, failed: 0 });
    expect(env.registry.rules().map((r) => r.name).sort()).toEqual(['dotnet-mcr', 'k8s-pause']);

    const again = await box.run(['plan', '--registry', env.registry.id, file, '--prune'], '', secretEnv());
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/nothing to do/);

    // -o table: the readable report even off a terminal; nothing left to apply
    const table = await box.run(['apply', '--registry', env.registry.loginServer, file, '--prune', '--auto-approve', '-o', 'table'], '', secretEnv());
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/: nothing to do\n$/);
  });

  test('a wrong secret is an error (exit 1 for plan, with the reason), not "changes"', async () => {
    const r = await box.run(['plan', '--registry', env.registry.loginServer, box.file('r2.yaml', RULES)], '', { ...base, AZURE_CLIENT_SECRET: 'wrong' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Invalid client secret|invalid_client|7000215/);
    const usage = await box.run(['plan', '--registry', env.registry.loginServer], '', secretEnv());
    expect(usage.code).toBe(1); // detailed exit codes: 2 means changes, so a usage error is 1
  });
});

describe('apply, cut short between the delete and the create of a replace', () => {
  test('the kept rule is re-created by the next plan and apply (the journal remembers it), not lost', async () => {
    const KV = 'https://kv-contoso.vault.azure.net/secrets';
    // a rule FILE lacks (no --prune: kept) on a set whose login server FILE corrects to 'docker.io'
    env.registry.putCredentialSet({ name: 'hubcreds', loginServer: 'registry-1.docker.io', usernameSecret: `${KV}/hub-user`, passwordSecret: `${KV}/hub-token` });
    env.registry.putRule({ name: 'kept-hub', source: 'docker.io/library/redis', target: 'redis', credentialSet: 'hubcreds' });
    const file = box.file('hub.yaml', `${RULES}credentialSets:
  - name: hubcreds
    loginServer: docker.io
    usernameSecret: ${KV}/hub-user
    passwordSecret: ${KV}/hub-token
`);
    const journalDir = join(box.dir, 'cut-short-journal');
    const args = ['--registry', env.registry.loginServer, file, '--journal-dir', journalDir];
    const refusal = env.arm.faults.inject({ match: { op: 'cacheRules.create', name: 'kept-hub' }, respond: { status: 403, code: 'AuthorizationFailed', message: 'no write access to cacheRules' } });
    try {
      const first = await box.run(['apply', ...args, '--auto-approve'], '', secretEnv());
      expect(first.code).toBe(1);
      const result = JSON.parse(first.stdout.trimEnd().split('\n').at(-1) as string) as { converged: boolean; failed: number };
      // the registry lacks a rule it had and FILE did not ask to delete: not "converged"
      expect(result).toMatchObject({ event: 'result', converged: false, failed: 1 });
      expect(first.stderr).toMatch(/apply journal is kept in .*cut-short-journal/);
      expect(env.registry.rule('kept-hub')).toBeUndefined();
    } finally {
      refusal.cancel();
    }

    const plan = await box.run(['plan', ...args, '-o', 'json'], '', secretEnv());
    expect(plan.code).toBe(2);
    const planned = JSON.parse(plan.stdout) as { operations: { id: string; reason?: string }[] };
    expect(planned.operations.map((o) => o.id)).toEqual(['create-rule:kept-hub']);
    expect(planned.operations[0]?.reason).toMatch(/earlier apply deleted it/);

    const second = await box.run(['apply', ...args, '--auto-approve'], '', secretEnv());
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout.trimEnd().split('\n').at(-1) as string)).toMatchObject({ event: 'result', converged: true, succeeded: 1, failed: 0 });
    expect(env.registry.rule('kept-hub')!.credentialSetResourceId).toMatch(/\/credentialSets\/hubcreds$/);
    expect((await box.run(['plan', ...args], '', secretEnv())).code).toBe(0);
    expect(readdirSync(journalDir)).toEqual([]);

    // the other tests here see the registry as before
    env.registry.removeRule('kept-hub');
    env.registry.removeCredentialSet('hubcreds');
  });
});

describe('with a federated token (workload identity, as in GitHub Actions)', () => {
  test('AZURE_FEDERATED_TOKEN_FILE signs in through a client assertion', async () => {
    const now = Math.floor(Date.now() / 1000);
    const tokenFile = join(box.dir, 'federated-token');
    writeFileSync(tokenFile, unsignedJwt({ iss: ISSUER, sub: SUBJECT, aud: 'api://AzureADTokenExchange', iat: now, exp: now + 600 }));
    const before = env.entra.requests.length;
    const r = await box.run(['pull', '--registry', env.registry.loginServer, '-o', 'json'], '', { ...base, AZURE_FEDERATED_TOKEN_FILE: tokenFile });
    expect(r.stderr).toMatch(/rule\(s\)/);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { rules: { name: string }[] }).rules.map((x) => x.name).sort()).toEqual(['dotnet-mcr', 'k8s-pause']);
    const grants = env.entra.requests.slice(before).filter((q) => q.grantType === 'client_credentials');
    expect(grants.length).toBeGreaterThan(0);
    expect(grants.every((q) => q.status === 200)).toBe(true);
  });

  test('a token for another subject is refused by Entra: exit 1', async () => {
    const now = Math.floor(Date.now() / 1000);
    const tokenFile = join(box.dir, 'other-token');
    writeFileSync(tokenFile, unsignedJwt({ iss: ISSUER, sub: 'repo:mallory/fork:pull_request', aud: 'api://AzureADTokenExchange', iat: now, exp: now + 600 }));
    const r = await box.run(['pull', '--registry', env.registry.loginServer], '', { ...base, AZURE_FEDERATED_TOKEN_FILE: tokenFile });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/700213|No matching federated identity/);
  });
});

describe('with a managed identity (App Service endpoint, ManagedIdentityCredential)', () => {
  // a user-assigned identity: DefaultAzureCredential passes AZURE_CLIENT_ID on as its client_id
  const IDENTITY = { clientId: '5e5e5e5e-2222-4333-8444-555555555555', objectId: '9a9a9a9a-0000-4000-8000-000000000002', tenantId: TEST_TENANT };
  let endpoint: ManagedIdentityEndpoint;
  beforeAll(async () => {
    endpoint = await startManagedIdentityEndpoint(IDENTITY);
  });
  afterAll(async () => {
    await endpoint?.close();
  });
  const identityEnv = (header: string) => ({ ...base, AZURE_CLIENT_ID: IDENTITY.clientId, IDENTITY_ENDPOINT: endpoint.url, IDENTITY_HEADER: header });

  test('IDENTITY_ENDPOINT and IDENTITY_HEADER sign in with the assigned identity, for ARM', async () => {
    const entraBefore = env.entra.requests.length;
    const r = await box.run(['pull', '--registry', env.registry.loginServer, '-o', 'json'], '', identityEnv(endpoint.header));
    expect(r.stderr).toMatch(/rule\(s\)/);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { rules: { name: string }[] }).rules.map((x) => x.name).sort()).toEqual(['dotnet-mcr', 'k8s-pause']);
    expect(endpoint.requests.filter((q) => q.status === 200).map((q) => [q.clientId, q.resource])).toContainEqual([IDENTITY.clientId, 'https://management.azure.com']);
    // the token came from the identity endpoint, not from Entra
    expect(env.entra.requests.slice(entraBefore).filter((q) => q.grantType === 'client_credentials')).toEqual([]);
  });

  test('a wrong IDENTITY_HEADER is refused by the endpoint: exit 1', async () => {
    const r = await box.run(['pull', '--registry', env.registry.loginServer], '', identityEnv('not-the-secret'));
    expect(r.code).toBe(1);
    expect(endpoint.requests.some((q) => q.status === 400)).toBe(true);
  });
});

describe('with a managed identity (IMDS, as on a VM or AKS node; ManagedIdentityCredential)', () => {
  // two user-assigned identities on the machine: AZURE_CLIENT_ID picks one, as DefaultAzureCredential passes it on
  const VM_IDENTITY = { clientId: '6f6f6f6f-3333-4444-8555-666666666666', objectId: '9a9a9a9a-0000-4000-8000-000000000003', tenantId: TEST_TENANT };
  const OTHER = { clientId: '7a7a7a7a-4444-4555-8666-777777777777', objectId: '9a9a9a9a-0000-4000-8000-000000000004', tenantId: TEST_TENANT };
  let imds: ImdsEndpoint;
  beforeAll(async () => {
    imds = await startImdsEndpoint([OTHER, VM_IDENTITY]);
  });
  afterAll(async () => {
    await imds?.close();
  });
  // AZURE_POD_IDENTITY_AUTHORITY_HOST is msal-node's address of IMDS in place of 169.254.169.254
  const imdsEnv = (clientId: string) => ({ ...base, AZURE_CLIENT_ID: clientId, AZURE_POD_IDENTITY_AUTHORITY_HOST: imds.host });

  test('the IMDS token endpoint signs in with the identity AZURE_CLIENT_ID names, for ARM', async () => {
    const entraBefore = env.entra.requests.length;
    const r = await box.run(['pull', '--registry', env.registry.loginServer, '-o', 'json'], '', imdsEnv(VM_IDENTITY.clientId));
    expect(r.stderr).toMatch(/rule\(s\)/);
    expect(r.code).toBe(0);
    // the registry's rules as the emulator holds them (what earlier tests applied, or the seed)
    expect((JSON.parse(r.stdout) as { rules: { name: string }[] }).rules.map((x) => x.name).sort()).toEqual(env.registry.rules().map((x) => x.name).sort());
    // asked as IMDS wants it: Metadata header, the identity's client_id, ARM's resource
    expect(imds.requests.filter((q) => q.status === 200).map((q) => [q.metadata, q.clientId, q.resource])).toContainEqual([true, VM_IDENTITY.clientId, 'https://management.azure.com']);
    expect(env.entra.requests.slice(entraBefore).filter((q) => q.grantType === 'client_credentials')).toEqual([]);
  });

  test('an identity the machine does not have is refused by IMDS: exit 1', async () => {
    const before = imds.requests.length;
    const r = await box.run(['pull', '--registry', env.registry.loginServer], '', imdsEnv('0d0d0d0d-5555-4666-8777-888888888888'));
    expect(r.code).toBe(1);
    expect(imds.requests.slice(before).some((q) => q.status === 400)).toBe(true);
  });
});
