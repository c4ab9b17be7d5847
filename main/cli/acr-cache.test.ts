// The CLI as CI runs it: spawned through bin/acr-cache.mjs (the bundle, built if stale), checked on
// stdout, stderr and exit code.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cliSandbox } from '../../test/support/cli-runner.ts';
import { memoryCliIo } from '../../test/support/memory-cli-io.ts';
import { COMMANDS, runCli } from './acr-cache.ts';

async function inProcess(args: string[]) {
  const io = memoryCliIo({}, '', true);
  const code = await runCli(args, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}
import { parseRepositoryList } from './lint-command.ts';

const { dir, file, run } = cliSandbox('acr-cache-cli-');

const CLEAN = file(
  'clean.yaml',
  `registry: contoso.azurecr.io
rules:
  - name: hub-library
    source: docker.io/library/*
    target: library/*
    credentialSet: dockerhub
  - name: dotnet-mcr
    source: mcr.microsoft.com/dotnet/*
    target: dotnet/*
  - name: ubuntu-pin
    source: docker.io/library/ubuntu
    target: library/ubuntu
    credentialSet: dockerhub
credentialSets:
  - name: dockerhub
    loginServer: docker.io
    usernameSecret: https://myvault.vault.azure.net/secrets/hub-user
    passwordSecret: https://myvault.vault.azure.net/secrets/hub-pass
`,
);

const BROKEN = file(
  'broken.json',
  JSON.stringify({
    rules: [
      { name: 'hub-library', source: 'docker.io/library/*', target: 'library/*' },
      { name: 'dotnet', source: 'mcr.microsoft.com/dotnet/*', target: 'library/dotnet/*' },
      { name: 'hub-remap', source: 'docker.io/library/*', target: 'hub/*', credentialSet: 'dockerhub' },
    ],
    credentialSets: [],
  }),
);

describe('acr-cache lint', () => {
  test('a clean set: exit 0, a readable report (the static rule under a wildcard is info)', async () => {
    const r = await run(['lint', CLEAN]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/info\s+static-under-wildcard\s+ubuntu-pin ↔ hub-library/);
    expect(r.stdout).toMatch(/clean\.yaml: 0 errors, 0 warnings, 1 info\n$/);
    expect(r.stderr).toBe('');
  });

  test('--json has exactly the documented shape; errors exit 1', async () => {
    const r = await run(['lint', BROKEN, '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { ok: boolean; problems: Record<string, unknown>[] };
    expect(out.ok).toBe(false);
    expect(Object.keys(out)).toEqual(['ok', 'problems']);
    for (const p of out.problems) {
      // every problem of this file can be placed, so each carries its location
      expect(Object.keys(p)).toEqual(p.with === undefined ? ['severity', 'code', 'rule', 'message', 'location'] : ['severity', 'code', 'rule', 'with', 'message', 'location']);
      expect(Object.keys(p.location as object)).toEqual(['file', 'line', 'column', 'endLine', 'endColumn']);
    }
    expect(out.problems.map((p) => `${String(p.code)}:${String(p.rule)}${p.with === undefined ? '' : `>${String(p.with)}`}`)).toEqual([
      'credentials-required:hub-library',
      'wildcard-overlap:dotnet>hub-library',
      'unknown-credential-set:hub-remap',
      'library-remap:hub-remap',
    ]);
  });

  test('warnings alone exit 0 with ok: true', async () => {
    const warned = file(
      'warned.yaml',
      'rules:\n  - name: hub-remap\n    source: docker.io/library/*\n    target: hub/*\n    credentialSet: dockerhub\n' +
        'credentialSets:\n  - name: dockerhub\n    loginServer: docker.io\n    usernameSecret: https://kv1.vault.azure.net/secrets/u\n    passwordSecret: https://kv1.vault.azure.net/secrets/p\n',
    );
    const r = await run(['lint', warned, '--json', '--format', 'yaml']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { ok: boolean; problems: { severity: string; code: string }[] };
    expect(out).toMatchObject({ ok: true, problems: [{ severity: 'warning', code: 'library-remap' }] });
  });

  test('az acr cache list output from stdin, with existing repositories', async () => {
    const az = JSON.stringify([
      { name: 'hub-library', sourceRepository: 'docker.io/library/*', targetRepository: 'library/*', credentialSetResourceId: '/subscriptions/s/resourceGroups/g/providers/Microsoft.ContainerRegistry/registries/r/credentialSets/dockerhub' },
    ]);
    const clean = await run(['lint', '-', '--json'], az);
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout)).toEqual({ ok: true, problems: [] });
    expect(clean.stderr).toMatch(/defines no credential sets/);
    const repos = file('repos.json', '["library/nginx", "other"]');
    const hit = await run(['lint', '-', '--json', '--repositories', repos], az);
    expect(hit.code).toBe(1);
    expect(JSON.parse(hit.stdout).problems[0].code).toBe('target-exists');
  });

  test('unreadable input exits 2 with the field at fault on stderr', async () => {
    const bad = file('bad.yaml', 'rules:\n  - name: a-rule\n    source: docker.io/x\n    target: 42\n');
    const r = await run(['lint', bad]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/rules\[0\]\.target: expected a string, got the number 42/);
    const missing = await run(['lint', join(dir, 'nope.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read rule-set file .*nope\.yaml': no such file/);
  });

  test('bad usage exits 2', async () => {
    for (const args of [['lint'], ['lint', CLEAN, CLEAN], ['lint', CLEAN, '--jsn'], ['lint', CLEAN, '--input-format', 'xml'], ['frobnicate'], []]) {
      // in-process: a usage error is decided before any work, and spawning one node per row is slow
      const r = await inProcess(args);
      expect(r.code, args.join(' ')).toBe(2);
      if (args.length > 0) expect(r.stderr, args.join(' ')).toMatch(/^acr-cache: /);
    }
  });
});

describe('acr-cache resolve', () => {
  test('--json has the documented shape; every reference served exits 0', async () => {
    const r = await run(['resolve', CLEAN, 'docker pull contoso.azurecr.io/library/python:3.12', 'contoso.azurecr.io/library/ubuntu:22.04', 'contoso.azurecr.io/dotnet/sdk:8.0', '--json']);
    expect(r.code).toBe(0);
    const served = { verdict: 'served', throughCache: null, warnings: [] };
    expect(JSON.parse(r.stdout)).toEqual({
      results: [
        { ...served, image: 'docker pull contoso.azurecr.io/library/python:3.12', rule: 'hub-library', upstream: 'docker.io/library/python:3.12', credentialSet: 'dockerhub' },
        { ...served, image: 'contoso.azurecr.io/library/ubuntu:22.04', rule: 'ubuntu-pin', upstream: 'docker.io/library/ubuntu:22.04', credentialSet: 'dockerhub' },
        { ...served, image: 'contoso.azurecr.io/dotnet/sdk:8.0', rule: 'dotnet-mcr', upstream: 'mcr.microsoft.com/dotnet/sdk:8.0', credentialSet: null },
      ],
    });
  });

  test('a bare Docker Hub reference bypasses the cache: exit 1, with the reference through the cache', async () => {
    const r = await run(['resolve', CLEAN, 'library/ubuntu:22.04']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/verdict:\s+bypass/);
    expect(r.stdout).toMatch(/use:\s+contoso\.azurecr\.io\/library\/ubuntu:22\.04/);
  });

  test('stdin is read with the pull tester\'s extractor: a compose file with interpolation', async () => {
    const compose = 'services:\n  web:\n    image: ${REG:-contoso.azurecr.io}/library/python:3.12\n  hub:\n    image: nginx:${TAG}\n';
    const r = await run(['resolve', CLEAN, '-', '--json'], compose);
    const results = JSON.parse(r.stdout).results as { image: string; verdict: string; rule: string | null }[];
    expect(results.map((x) => [x.image, x.verdict, x.rule])).toEqual([
      ['contoso.azurecr.io/library/python:3.12', 'served', 'hub-library'],
      ['nginx:${TAG}', 'unresolved', null],
    ]);
    expect(r.stderr).toMatch(/note: 1 reference uses a variable/);
  });

  test('a reference no rule serves exits 1; the readable report names the nearest rule', async () => {
    const r = await run(['resolve', CLEAN, 'contoso.azurecr.io/dotnet']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/rule:\s+none/);
    expect(r.stdout).toMatch(/nearest:\s+dotnet-mcr \('dotnet\/\*'\)/);
    expect(r.stdout).toMatch(/not 'dotnet' itself/);
  });

  test('references from stdin, an unreadable one reported among its warnings', async () => {
    const r = await run(['resolve', CLEAN, '-', '--json'], 'contoso.azurecr.io/library/python\n\nLibrary/X\n');
    expect(r.code).toBe(1);
    const results = JSON.parse(r.stdout).results as { image: string; rule: string | null; warnings: string[] }[];
    expect(results.map((x) => x.rule)).toEqual(['hub-library', null]);
    expect(results[1]?.warnings[0]).toMatch(/must be lowercase/);
  });

  test('needs a file and an image', async () => {
    expect((await run(['resolve', CLEAN])).code).toBe(2);
  });
});

describe('help and version', () => {
  test('--help at the top level and on every command exits 0', async () => {
    const top = await run(['--help']);
    expect(top.code).toBe(0);
    for (const c of COMMANDS) expect(top.stdout).toContain(c.name);
    for (const c of COMMANDS) {
      const r = await run([c.name, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: acr-cache ${c.name} `));
      expect(r.stdout).toMatch(/Exit codes:/);
    }
    expect((await run(['help', 'resolve'])).stdout).toMatch(/^Usage: acr-cache resolve/);
  });

  test('--version prints the package version', async () => {
    const r = await run(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

test('a repositories file is a JSON array or one name per line', () => {
  expect(parseRepositoryList('["a", "b/c"]', 'f')).toEqual(['a', 'b/c']);
  expect(parseRepositoryList('a\n# comment\n\n b/c \n', 'f')).toEqual(['a', 'b/c']);
  expect(() => parseRepositoryList('[1]', 'f')).toThrow(/JSON array of repository names/);
});
