// Issue 10.5 "done when": `acr-cache lint` of a rule set using every upstream of the current docs
// table (artifact-cache-overview.md 2026, artifact-cache-acr-to-acr-cli.md, Azure/acr#783's
// service text) reports no error; a host missing from the catalog is a warning and lint passes.
import { describe, expect, test } from 'vitest';
import { UPSTREAMS, upstreamByLoginServer } from '../../core/upstreams.ts';
import { cliSandbox } from '../../test/support/cli-runner.ts';

const { file, run } = cliSandbox('acr-cache-upstreams-');
const KV = 'https://myvault.vault.azure.net/secrets';
const UAMI = '/subscriptions/3f2b6c1e-5d4a-4b8c-9e7f-000000000001/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/cache-puller';

// [rule name, source, target, credential set (for authenticated-only upstreams), identity]
const EVERY_UPSTREAM: [string, string, string, string?, string?][] = [
  ['hub-ubuntu', 'docker.io/library/ubuntu', 'ubuntu', 'creds-docker-io'],
  ['mcr-dotnet', 'mcr.microsoft.com/dotnet/*', 'dotnet/*'],
  ['ecr-nginx', 'public.ecr.aws/nginx/nginx', 'ecr/nginx'],
  ['ghcr-app', 'ghcr.io/org/app', 'ghcr/app'],
  ['quay-all', 'quay.io/*', 'quay/*'],
  ['k8s-all', 'registry.k8s.io/*', 'k8s/*'],
  ['gcr-all', 'gcr.io/*', 'gcr/*'],
  ['gcr-eu', 'eu.gcr.io/project/*', 'gcr-eu/*'],
  ['gcr-us', 'us.gcr.io/project/*', 'gcr-us/*'],
  ['gcr-asia', 'asia.gcr.io/project/*', 'gcr-asia/*'],
  ['gar-app', 'europe-docker.pkg.dev/project/repo/app', 'gar/app', 'creds-europe-docker-pkg-dev'],
  ['nvidia-cuda', 'nvcr.io/nvidia/cuda', 'nvidia/cuda'],
  ['redhat-ubi', 'registry.redhat.io/ubi9/ubi', 'redhat/ubi', 'creds-registry-redhat-io'],
  ['redhat-open', 'registry.access.redhat.com/ubi9/ubi', 'redhat-open/ubi'],
  ['dhi-python', 'dhi.io/python', 'dhi/python', 'creds-dhi-io'],
  ['acr-app', 'upstream.azurecr.io/app', 'upstream/app', undefined, UAMI],
  ['acr-us-app', 'upstream.azurecr.us/app', 'upstream-us/app', undefined, UAMI],
  ['acr-cn-app', 'upstream.azurecr.cn/app', 'upstream-cn/app', undefined, UAMI],
];

function ruleSetYaml(rules: typeof EVERY_UPSTREAM): string {
  const sets = [...new Set(rules.map(([, source, , set]) => (set ? [set, source.split('/')[0]!] : null)).filter((x): x is string[] => x !== null).map((x) => x.join(' ')))];
  return [
    'registry: contoso.azurecr.io',
    'rules:',
    ...rules.flatMap(([name, source, target, set, identity]) => [`  - name: ${name}`, `    source: ${source}`, `    target: ${target}`, ...(set ? [`    credentialSet: ${set}`] : []), ...(identity ? [`    identity: ${identity}`] : [])]),
    'credentialSets:',
    ...sets.flatMap((entry) => {
      const [name, host] = entry.split(' ');
      return [`  - name: ${name}`, `    loginServer: ${host}`, `    usernameSecret: ${KV}/${name}-user`, `    passwordSecret: ${KV}/${name}-pass`];
    }),
  ].join('\n');
}

describe('acr-cache lint and the upstream catalog', () => {
  test('a rule set using every upstream of the current docs table lints with no error', async () => {
    const r = await run(['lint', file('every-upstream.yaml', ruleSetYaml(EVERY_UPSTREAM)), '--json']);
    const report = JSON.parse(r.stdout) as { problems?: { severity: string; code: string; rule: string }[] };
    const problems = report.problems ?? [];
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(problems.filter((p) => p.code === 'unsupported-upstream')).toEqual([]);
    expect(r.code).toBe(0);
  });

  test('the rule set covers every entry of the catalog (the docs table as data), so a new entry needs a rule here', () => {
    const covered = new Set(EVERY_UPSTREAM.map(([, source]) => upstreamByLoginServer(source.split('/')[0]!)?.loginServer));
    expect(UPSTREAMS.map((u) => u.loginServer).filter((server) => !covered.has(server))).toEqual([]);
  });

  test('a host missing from the catalog is a warning that names the catalog date, and lint still passes', async () => {
    const r = await run(['lint', file('unknown-host.yaml', ruleSetYaml([['elastic', 'docker.elastic.co/elasticsearch/elasticsearch', 'elasticsearch']])), '--json']);
    const report = JSON.parse(r.stdout) as { problems?: { severity: string; code: string; message: string }[] };
    expect(report.problems).toEqual([expect.objectContaining({ severity: 'warning', code: 'unsupported-upstream', message: expect.stringMatching(/not in the upstream catalog as of \d{4}-\d{2}-\d{2}; ACR may refuse it/) })]);
    expect(r.code).toBe(0);
  });
});
