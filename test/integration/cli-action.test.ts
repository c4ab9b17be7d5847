// The GitHub Action's entry run locally as the runner runs it: inputs as INPUT_* environment
// variables (as action.yml maps them), GITHUB_STEP_SUMMARY and GITHUB_OUTPUT as files, the
// registry on the ARM emulator with a client secret from the Entra emulator.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { cliSandbox, ensureCliBundle, type CliSandbox } from '../support/cli-runner.ts';
import { startAzureTestEnvironment, TEST_TENANT, type AzureTestEnvironment } from '../emulators/azure-environment.ts';

const root = resolve(import.meta.dirname, '../..');
const ACTION = join(root, 'cli/dist/action.mjs');
const CLIENT_ID = '0d0d0d0d-1111-4222-8333-444444444444';
let env: AzureTestEnvironment;
let box: CliSandbox;

beforeAll(async () => {
  ensureCliBundle();
  env = await startAzureTestEnvironment();
  env.entra.addServicePrincipal({ clientId: CLIENT_ID, objectId: '9b9b9b9b-0000-4000-8000-000000000001', tenantId: TEST_TENANT, secret: 's3cret' });
  env.registry.putRule({ name: 'old-rule', source: 'mcr.microsoft.com/old', target: 'old' });
  box = cliSandbox('acr-cache-action-');
}, 60_000);

afterAll(async () => {
  await env?.close();
});

function runAction(inputs: Record<string, string>): Promise<{ code: number; stdout: string; summary: string; outputs: string }> {
  const summary = join(box.dir, `summary-${Date.now()}.md`);
  const outputs = join(box.dir, `outputs-${Date.now()}.txt`);
  writeFileSync(summary, '');
  writeFileSync(outputs, '');
  const inputEnv = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]));
  return new Promise((done) => {
    execFile(
      process.execPath,
      [ACTION],
      {
        cwd: box.dir,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: box.dir,
          GITHUB_STEP_SUMMARY: summary,
          GITHUB_OUTPUT: outputs,
          NODE_EXTRA_CA_CERTS: box.file('ca.pem', env.cert.cert),
          AZURE_AUTHORITY_HOST: env.entra.url,
          ACR_CACHE_ARM_ENDPOINT: env.arm.url,
          AZURE_TENANT_ID: TEST_TENANT,
          AZURE_CLIENT_ID: CLIENT_ID,
          AZURE_CLIENT_SECRET: 's3cret',
          ...inputEnv,
        },
      },
      (error, stdout) => done({ code: error ? Number((error as { code?: unknown }).code) : 0, stdout, summary: readFileSync(summary, 'utf8'), outputs: readFileSync(outputs, 'utf8') }),
    );
  });
}

describe('the GitHub Action entry', () => {
  test('annotates lint problems and posts the plan against the registry as the job summary', async () => {
    box.file('clean.yaml', 'rules:\n  - name: dotnet-mcr\n    source: mcr.microsoft.com/dotnet/*\n    target: dotnet/*\n');
    box.file('broken.yaml', 'rules:\n  - name: hub-library\n    source: docker.io/library/*\n    target: library/*\n');
    const r = await runAction({ files: 'clean.yaml\nbroken.yaml', registry: env.registry.loginServer, prune: 'true' });
    expect(r.code).toBe(1); // broken.yaml has an error
    expect(r.stdout).toMatch(/^::error file=broken\.yaml,line=2,col=5,.*title=credentials-required \(hub-library\)::/m);
    expect(r.summary).toMatch(/### `clean\.yaml`\n\n✅ lint: 0 error\(s\)/);
    expect(r.summary).toMatch(/### `broken\.yaml`\n\n❌ lint: 1 error\(s\)/);
    expect(r.summary).toContain(`#### Plan: \`clean.yaml\` → \`${env.registry.loginServer}\` (prune on)`);
    expect(r.summary).toMatch(/\| 1 \| (create-rule|delete-rule) \|/);
    expect(r.summary).toMatch(/\| \d \| create-rule \| dotnet-mcr \|/);
    expect(r.summary).toMatch(/\| \d \| delete-rule \| old-rule \|/);
    expect(r.outputs).toBe('changes=true\nfailed=true\n');
    // nothing was applied
    expect(env.registry.rules().map((x) => x.name)).toEqual(['old-rule']);
  });

  test('lint only, all clean: exit 0, no plan', async () => {
    const r = await runAction({ files: 'clean.yaml' });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.summary).not.toContain('Plan');
    expect(r.outputs).toBe('changes=false\nfailed=false\n');
  });

  test('no files: an error annotation and exit 1', async () => {
    const r = await runAction({ files: '' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error title=acr-cache::the action needs the input files/);
  });
});

test('action.yml maps every input to the INPUT_* variable the entry reads, and runs the built entry', () => {
  const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown>; runs: { using: string; steps: { id?: string; env?: Record<string, string>; run: string }[] } };
  expect(action.runs.using).toBe('composite');
  const step = action.runs.steps.find((s) => s.id === 'run');
  expect(step?.run).toContain('cli/dist/action.mjs');
  for (const name of Object.keys(action.inputs)) expect(step?.env?.[`INPUT_${name.toUpperCase()}`]).toBe(`\${{ inputs.${name} }}`);
  const source = readFileSync(join(root, 'cli/action.ts'), 'utf8');
  for (const name of Object.keys(action.inputs)) expect(source).toContain(`'${name}'`);
});
