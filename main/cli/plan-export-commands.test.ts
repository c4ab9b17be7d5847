// `acr-cache plan` and `acr-cache export` as CI runs them: spawned through bin/acr-cache.mjs from
// a neutral directory, checked on stdout, stderr and exit code.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cliSandbox } from '../../test/support/cli-runner.ts';
import { memoryCliIo } from '../../test/support/memory-cli-io.ts';
import { runCli } from './acr-cache.ts';

async function inProcess(args: string[]) {
  const io = memoryCliIo({}, '', true);
  const code = await runCli(args, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}
import { bashSyntaxErrors, runWithRecordingAz } from '../../test/support/export-parsers.ts';

const GOLDEN = resolve(import.meta.dirname, '../../core/export/__golden__');
const SAMPLE = join(GOLDEN, 'sample.yaml');
const { dir, file, run } = cliSandbox('acr-cache-plan-');

const LIVE = file(
  'live.yaml',
  `registry: contoso.azurecr.io
rules:
  - name: old-rule
    source: mcr.microsoft.com/old
    target: old
  - name: acme-app
    source: ghcr.io/acme/app
    target: acme/app
  - name: k8s-all
    source: registry.k8s.io/*
    target: kube/*
credentialSets:
  - name: github-readonly
    loginServer: ghcr.io
    usernameSecret: https://ghvault.vault.azure.net/secrets/gh-user
    passwordSecret: https://ghvault.vault.azure.net/secrets/old-pat
`,
);

interface PlanJson {
  ok: boolean;
  prune: boolean;
  summary: Record<string, number>;
  operations: { id: string; kind: string; name: string; change: string; dependsOn: string[]; heldBy?: string; reason?: string }[];
  order: string[];
  waves: string[][];
  problems: { severity: string; code: string; rule: string }[];
  conflicts: { id: string; drift: string; resolution?: string; operations: string[] }[];
  notes: { code: string }[];
}

describe('acr-cache plan', () => {
  test('a readable table: steps, waves, what each waits for; exit 0 when ready', async () => {
    const r = await run(['plan', '--from', LIVE, '--to', SAMPLE, '--prune']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Plan: .*live\.yaml → .*sample\.yaml \(prune on\)\n  4 to create, 2 to update, 1 to replace, 1 to delete — 9 operations in 2 waves\n/);
    expect(r.stdout).toMatch(/\n {2}#\s+wave\s+operation\s+name\s+details\s+after\n/);
    expect(r.stdout).toMatch(/1\s+1\s+delete rule \(replace\)\s+k8s-all\s+kube\/\* ← registry\.k8s\.io\/\*\s+-\n/);
    expect(r.stdout).toMatch(/update rule\s+acme-app\s+credential set none → github-readonly\s+3\n/);
    expect(r.stdout).toMatch(/k8s-all: its target changes, which ACR cannot update/);
    expect(r.stdout).toMatch(/sample\.yaml: ready to apply\n$/);
    expect(r.stderr).toBe('');
  });

  test('--json: operations with ids and dependencies, the order, waves, problems, conflicts', async () => {
    const r = await run(['plan', '--from', LIVE, '--to', SAMPLE, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as PlanJson;
    expect(Object.keys(out)).toEqual(['ok', 'prune', 'summary', 'operations', 'order', 'waves', 'changes', 'problems', 'conflicts', 'notes']);
    expect(out.ok).toBe(true);
    expect(out.prune).toBe(false);
    expect(out.order).toEqual(out.operations.map((o) => o.id));
    expect(out.order).toEqual([
      'delete-rule:k8s-all',
      'update-credential-set:github-readonly',
      'create-credential-set:dockerhub',
      'update-rule:acme-app',
      'create-rule:hub-library',
      'create-rule:ubuntu-pin',
      'create-rule:dotnet-mcr',
      'create-rule:k8s-all',
    ]);
    const byId = new Map(out.operations.map((o) => [o.id, o]));
    expect(byId.get('create-rule:hub-library')?.dependsOn).toEqual(['create-credential-set:dockerhub']);
    expect(byId.get('update-rule:acme-app')?.dependsOn).toEqual(['update-credential-set:github-readonly']);
    expect(byId.get('create-rule:k8s-all')).toMatchObject({ change: 'replace', dependsOn: ['delete-rule:k8s-all'] });
    expect(out.waves.flat().sort()).toEqual([...out.order].sort());
    expect(out.problems.map((p) => p.code)).toEqual(['static-under-wildcard']);
    expect(out.conflicts).toEqual([]);
  });

  test('blocking problems in the result exit 1 and say so', async () => {
    const draft = file('overlap.yaml', 'rules:\n  - name: everything\n    source: mcr.microsoft.com/*\n    target: "*"\n');
    const r = await run(['plan', '--from', LIVE, '--to', draft]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/error\s+wildcard-overlap\s+k8s-all ↔ everything/);
    expect(r.stdout).toMatch(/blocked: 1 error in the result\n$/);
    const json = JSON.parse((await run(['plan', '--from', LIVE, '--to', draft, '--json'])).stdout) as PlanJson;
    expect(json.ok).toBe(false);
    // With pruning the live rules go first, and the result is fine.
    expect((await run(['plan', '--from', LIVE, '--to', draft, '--prune'])).code).toBe(0);
  });

  test('drift against --baseline is a conflict (exit 1) until resolved with --resolve', async () => {
    // The draft was made from LIVE; since then someone moved acme-app to another target.
    const now = file('now.yaml', readFileSync(LIVE, 'utf8').replace('target: acme/app', 'target: acme/application'));
    const args = ['plan', '--from', now, '--to', SAMPLE, '--baseline', LIVE];
    const r = await run([...args, '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as PlanJson;
    expect(out.conflicts.map((c) => [c.id, c.drift, c.operations])).toEqual([['rule:acme-app', 'changed', ['delete-rule:acme-app', 'create-rule:acme-app']]]);
    expect(out.operations.filter((o) => o.heldBy !== undefined).map((o) => o.id)).toEqual(['delete-rule:acme-app', 'create-rule:acme-app']);
    const table = await run(args);
    expect(table.stdout).toMatch(/\[HELD by rule:acme-app\]/);
    expect(table.stdout).toMatch(/Resolve with --resolve rule:acme-app=mine or --resolve rule:acme-app=theirs\./);
    expect(table.stdout).toMatch(/waiting: 1 unresolved conflict\n$/);

    const theirs = await run([...args, '--resolve', 'rule:acme-app=theirs', '--json']);
    expect(theirs.code).toBe(0);
    const resolved = JSON.parse(theirs.stdout) as PlanJson;
    expect(resolved.conflicts[0]?.resolution).toBe('theirs');
    expect(resolved.order.filter((id) => id.endsWith(':acme-app'))).toEqual([]);
    const mine = JSON.parse((await run([...args, '--resolve', 'rule:ACME-APP=mine', '--json'])).stdout) as PlanJson;
    expect(mine.order).toContain('create-rule:acme-app');

    expect((await run([...args, '--resolve', 'rule:nope=mine'])).stderr).toMatch(/--resolve rule:nope: the plan has no such conflict \(its conflicts are rule:acme-app\)/);
    expect((await run([...args, '--resolve', 'acme-app=yes'])).code).toBe(2);
  });

  test('--az-script prints the plan as a bash script that makes the planned calls in order', async () => {
    const r = await run(['plan', '--from', LIVE, '--to', SAMPLE, '--prune', '--az-script']);
    expect(r.code).toBe(0);
    expect(bashSyntaxErrors(r.stdout)).toBe('');
    const { status, calls } = runWithRecordingAz(r.stdout);
    expect(status).toBe(0);
    expect(calls.map((c) => `${c.slice(1, 3).join(' ')} ${c[6]}`)).toEqual([
      'cache delete k8s-all',
      'cache delete old-rule',
      'credential-set update github-readonly',
      'credential-set create dockerhub',
      'cache update acme-app',
      'cache create hub-library',
      'cache create ubuntu-pin',
      'cache create dotnet-mcr',
      'cache create k8s-all',
    ]);
    expect(calls.every((c) => c[4] === 'contoso')).toBe(true);
  });

  test("LIVE as 'az acr cache list' output on stdin: credential sets unknown, none deleted", async () => {
    const az = JSON.stringify([{ name: 'acme-app', sourceRepository: 'ghcr.io/acme/app', targetRepository: 'acme/app', credentialSetResourceId: null }]);
    const r = await run(['plan', '--from', '-', '--to', SAMPLE, '--prune', '--json'], az);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as PlanJson;
    expect(out.notes.map((n) => n.code)).toEqual(['credential-sets-not-listed']);
    expect(out.order.filter((id) => id.startsWith('delete-'))).toEqual([]);
    expect(r.stderr).toMatch(/defines no credential sets/);
  });

  test('--repositories: a new rule whose target exists blocks the plan', async () => {
    const repos = file('repos.txt', 'dotnet/sdk\nacme/app\n');
    const r = await run(['plan', '--from', LIVE, '--to', SAMPLE, '--repositories', repos, '--json']);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as PlanJson).problems.filter((p) => p.code === 'target-exists').map((p) => p.rule)).toEqual(['dotnet-mcr']);
  });

  test('bad usage exits 2', async () => {
    for (const args of [
      ['plan'],
      ['plan', '--from', LIVE],
      ['plan', '--from', '-', '--to', '-'],
      ['plan', LIVE, SAMPLE],
      ['plan', '--from', LIVE, '--to', SAMPLE, '--json', '--az-script'],
      ['plan', '--from', LIVE, '--to', join(dir, 'nope.yaml')],
      ['plan', '--from', LIVE, '--to', SAMPLE, '--prnue'],
    ]) {
      // in-process: a usage error is decided before any work, and spawning one node per row is slow
      const r = await inProcess(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/^acr-cache: /);
      expect(r.stdout).toBe('');
    }
  });
});

describe('acr-cache export', () => {
  const golden: Record<string, string> = { az: 'sample.sh', bicep: 'sample.bicep', arm: 'sample.arm.json', terraform: 'sample.tf' };

  for (const format of ['az', 'bicep', 'arm', 'terraform']) {
    test(`--kind ${format} prints the golden export`, async () => {
      const r = await run(['export', SAMPLE, '--kind', format]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(readFileSync(join(GOLDEN, golden[format] as string), 'utf8'));
      expect(r.stderr).toBe('');
    });
  }

  test('--out-file writes the file; --registry and --api-version change the defaults', async () => {
    const out = join(dir, 'rules.bicep');
    const r = await run(['export', SAMPLE, '--kind', 'bicep', '--out-file', out, '--registry', 'fabrikam.azurecr.io', '--api-version', '2025-04-01']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`acr-cache export: wrote ${out} (bicep)\n`);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain("param registryName string = 'fabrikam'");
    expect(text).toContain("'Microsoft.ContainerRegistry/registries/cacheRules@2025-04-01'");
  });

  test('a rule set with errors is not exported (exit 1) unless --force', async () => {
    const broken = file('broken.yaml', 'rules:\n  - name: hub\n    source: docker.io/library/*\n    target: library/*\n');
    const out = join(dir, 'broken.tf');
    const r = await run(['export', broken, '--kind', 'terraform', '--out-file', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: invalid-name hub/);
    expect(r.stderr).toMatch(/error: credentials-required hub/);
    expect(r.stderr).toMatch(/has 2 error\(s\); ACR would refuse part of the export/);
    expect(existsSync(out)).toBe(false);
    const forced = await run(['export', broken, '--kind', 'terraform', '--out-file', out, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('resource "azurerm_container_registry_cache_rule" "hub"');
    expect(forced.stderr).toMatch(/warning: Rule name 'hub' is valid in ARM but the azurerm provider refuses it/);
  });

  test("'az acr cache list' input: rules refer to existing credential sets, with a warning", async () => {
    const az = JSON.stringify([{ name: 'hub-all', sourceRepository: 'docker.io/*', targetRepository: 'hub/*', credentialSetResourceId: '/subscriptions/s/resourceGroups/g/providers/Microsoft.ContainerRegistry/registries/r/credentialSets/shared-hub' }]);
    const r = await run(['export', '-', '--kind', 'arm', '--registry', 'contoso'], az);
    expect(r.code).toBe(0);
    const template = JSON.parse(r.stdout) as { resources: { properties: Record<string, string>; dependsOn?: string[] }[] };
    expect(template.resources[0]?.properties.credentialSetResourceId).toBe("[resourceId('Microsoft.ContainerRegistry/registries/credentialSets', parameters('registryName'), 'shared-hub')]");
    expect(template.resources[0]?.dependsOn).toBeUndefined();
    expect(r.stderr).toMatch(/warning: Rule 'hub-all' uses credential set 'shared-hub', which the rule set does not define/);
  });

  test('bad usage exits 2', async () => {
    for (const args of [
      ['export', SAMPLE],
      ['export', SAMPLE, '--kind', 'pulumi'],
      ['export', '--kind', 'az'],
      ['export', SAMPLE, '--kind', 'arm', '--api-version', 'latest'],
      ['export', SAMPLE, '--kind', 'az', '--out-file', join(dir, 'no-such-dir', 'x.sh')],
      // -o is the output format now, as in az: a path there is refused with the new flag's name
      ['export', SAMPLE, '--kind', 'az', '-o', join(dir, 'x.sh')],
      ['export', SAMPLE, '--kind', 'az', '-o', 'sarif'],
    ]) {
      // in-process: a usage error is decided before any work, and spawning one node per row is slow
      const r = await inProcess(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/^acr-cache: /);
    }
  });

  test('-o json wraps the export with its file name; --format still works as the old name of --kind, with a note', async () => {
    const r = await run(['export', SAMPLE, '--format', 'bicep', '-o', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['kind', 'fileName', 'content', 'warnings']);
    expect(out.content).toBe(readFileSync(join(GOLDEN, 'sample.bicep'), 'utf8'));
    expect(r.stderr).toBe('acr-cache export: warning: --format is now --kind (-o/--output is the output format, --out-file the file written).\n');
  });

  test('--help on both commands', async () => {
    for (const name of ['plan', 'export']) {
      const r = await run([name, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: acr-cache ${name} `));
      expect(r.stdout).toMatch(/Exit codes:\n {2}0 /);
    }
    expect((await run(['--help'])).stdout).toMatch(/plan\s+plan the operations[\s\S]*export\s+write a rule set/);
  });
});
