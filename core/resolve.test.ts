import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { naiveResolve } from '../test/support/naive-rule-engine.ts';
import { pathArb, ruleSetArb } from '../test/support/rule-arbitraries.ts';
import type { CacheRule, RuleSet } from './model.ts';
import { createResolver } from './resolve.ts';
import { validateRuleSet } from './validate.ts';

const HUB = {
  name: 'dockerhub',
  loginServer: 'docker.io',
  usernameSecret: 'https://myvault.vault.azure.net/secrets/hub-user',
  passwordSecret: 'https://myvault.vault.azure.net/secrets/hub-pass',
};

const SET: RuleSet = {
  registry: 'myreg.azurecr.io',
  rules: [
    { name: 'hub-library', source: 'docker.io/library/*', target: 'library/*', credentialSet: 'dockerhub' },
    { name: 'dotnet-mcr', source: 'mcr.microsoft.com/dotnet/*', target: 'dotnet/*' },
    { name: 'python-hub', source: 'docker.io/library/python/*', target: 'hub/python/*', credentialSet: 'dockerhub' },
    { name: 'ubuntu-pin', source: 'docker.io/library/ubuntu', target: 'library/ubuntu', credentialSet: 'dockerhub' },
    { name: 'hello-world', source: 'docker.io/library/hello-world', target: 'cached-docker-hub/hello-world', credentialSet: 'dockerhub' },
    { name: 'k8s-mirror', source: 'registry.k8s.io/*', target: 'k8s/*' },
    { name: 'hub-anything', source: 'docker.io/*', target: 'hub/all/*', credentialSet: 'dockerhub' },
  ],
  credentialSets: [HUB],
};

const resolver = createResolver(SET);

describe('the pull tester examples', () => {
  test('docker pull myreg.azurecr.io/library/python:3.12 is served by the library wildcard', () => {
    const r = resolver.resolve('docker pull myreg.azurecr.io/library/python:3.12');
    expect(r).toMatchObject({
      repository: 'library/python',
      rule: { name: 'hub-library' },
      matchedBy: 'wildcard',
      upstream: 'docker.io/library/python:3.12',
      credentialSet: 'dockerhub',
      warnings: [],
    });
    expect(r.image).toBe('docker pull myreg.azurecr.io/library/python:3.12');
  });

  test('the login server compares case-insensitively', () => {
    const a = resolver.resolve('MyReg.AzureCR.io/library/python:3.12');
    const b = resolver.resolve('myreg.azurecr.io/library/python:3.12');
    expect({ ...a, image: '' }).toEqual({ ...b, image: '' });
  });

  test('an exact static target beats the wildcard above it', () => {
    const r = resolver.resolve('myreg.azurecr.io/library/ubuntu:22.04');
    expect(r).toMatchObject({ rule: { name: 'ubuntu-pin' }, matchedBy: 'static', upstream: 'docker.io/library/ubuntu:22.04' });
    expect(r.explanation).toMatch(/beats wildcard rule 'hub-library'/);
  });

  test('the tail is carried over verbatim, several segments included', () => {
    expect(resolver.resolve('myreg.azurecr.io/hub/python/app3').upstream).toBe('docker.io/library/python/app3:latest');
    expect(resolver.resolve('myreg.azurecr.io/dotnet/sdk/nightly:9.0').upstream).toBe('mcr.microsoft.com/dotnet/sdk/nightly:9.0');
    expect(resolver.resolve('myreg.azurecr.io/hub/all/pulumi/pulumi-dotnet').upstream).toBe('docker.io/pulumi/pulumi-dotnet:latest');
  });

  test('Docker Hub official images get library/ through a docker.io/* rule', () => {
    expect(resolver.resolve('myreg.azurecr.io/hub/all/ubuntu:22.04').upstream).toBe('docker.io/library/ubuntu:22.04');
  });

  test('a missing tag means latest; a digest is kept, alone or with the tag', () => {
    const digest = 'sha256:' + 'c'.repeat(64);
    expect(resolver.resolve('myreg.azurecr.io/k8s/pause').upstream).toBe('registry.k8s.io/pause:latest');
    expect(resolver.resolve(`myreg.azurecr.io/k8s/pause@${digest}`).upstream).toBe(`registry.k8s.io/pause@${digest}`);
    // name:tag@digest pulls by digest: the upstream drops the tag, as docker does
    const both = resolver.resolve(`myreg.azurecr.io/k8s/pause:3.9@${digest}`);
    expect(both.upstream).toBe(`registry.k8s.io/pause@${digest}`);
    expect(both.warnings.join(' ')).toMatch(/tag ':3\.9' is ignored/);
  });

  test('<path>/* does not match <path> itself, and the result says so', () => {
    const r = resolver.resolve('myreg.azurecr.io/dotnet');
    expect(r).toMatchObject({ rule: null, matchedBy: null, upstream: null, credentialSet: null });
    expect(r.warnings.join(' ')).toMatch(/covers the repositories under 'dotnet\/', not 'dotnet' itself/);
    expect(r.candidates?.map((c) => c.name)).toEqual(['dotnet-mcr']);
  });

  test('no match offers the nearest rules, also for a typo in the first segment', () => {
    expect(resolver.resolve('myreg.azurecr.io/hub/other/x').candidates?.map((c) => c.name)).toEqual(['python-hub', 'hub-anything']);
    expect(resolver.resolve('myreg.azurecr.io/libary/python').candidates?.map((c) => c.name)).toEqual(['hub-library', 'ubuntu-pin']);
    expect(resolver.resolve('myreg.azurecr.io/zzzzzz/q').candidates).toEqual([]);
  });

  test('docker pull options before the reference are skipped', () => {
    expect(resolver.resolve('docker pull --platform linux/arm64 -q myreg.azurecr.io/k8s/pause:3.9').upstream).toBe('registry.k8s.io/pause:3.9');
    expect(resolver.resolve('docker image pull myreg.azurecr.io/k8s/pause').rule?.name).toBe('k8s-mirror');
  });
});

describe('warnings', () => {
  test('the registry option names the cache to compare with', () => {
    expect(resolver.resolve('other.azurecr.io/library/python', { registry: 'other.azurecr.io' })).toMatchObject({ verdict: 'served', warnings: [] });
  });

  test('with no registry known, an ACR login server is taken as the registry', () => {
    const r = createResolver({ ...SET, registry: undefined });
    expect(r.resolve('contoso.azurecr.io/k8s/pause')).toMatchObject({ verdict: 'served', warnings: [] });
    expect(r.resolve('ghcr.io/k8s/pause').verdict).toBe('bypass');
  });

  test('Docker Hub without a credential set, and the library remap, are warned about', () => {
    const r = createResolver({
      rules: [
        { name: 'hub-nocreds', source: 'docker.io/library/nginx', target: 'nginx' },
        { name: 'hub-remap', source: 'docker.io/library/*', target: 'dockerhub/*', credentialSet: 'dockerhub' },
      ],
      credentialSets: [HUB],
    });
    expect(r.resolve('myreg.azurecr.io/nginx').warnings.join(' ')).toMatch(/without a credential set/);
    const remap = r.resolve('myreg.azurecr.io/dockerhub/bitnami/redis:7');
    expect(remap.upstream).toBe('docker.io/library/bitnami/redis:7');
    expect(remap.warnings.join(' ')).toMatch(/'docker\.io\/library\/bitnami\/redis:7' cannot exist on Docker Hub/);
    expect(r.resolve('myreg.azurecr.io/dockerhub/nginx').warnings).toHaveLength(1);
  });

  test('a rule whose source is unusable resolves with no upstream and says why', () => {
    const r = createResolver({ rules: [{ name: 'broken', source: 'docker.io/library/python:3.11', target: 'python' }], credentialSets: [] });
    const result = r.resolve('myreg.azurecr.io/python');
    expect(result).toMatchObject({ rule: { name: 'broken' }, upstream: null });
    expect(result.warnings.join(' ')).toMatch(/has a tag/);
  });

  test('an unreadable reference is an error result, never an exception', () => {
    expect(resolver.resolve('Library/Python')).toMatchObject({ rule: null, repository: null, error: expect.stringMatching(/must be lowercase/) });
    expect(resolver.resolve('')).toMatchObject({ error: expect.stringMatching(/empty/) });
    fc.assert(fc.property(fc.string(), (s) => void resolver.resolve(s)), { numRuns: 2000 });
  });
});

test('resolveMany resolves each reference in order', () => {
  const results = resolver.resolveMany(['myreg.azurecr.io/library/python', 'myreg.azurecr.io/nope/x', 'myreg.azurecr.io/k8s/pause:1']);
  expect(results.map((r) => r.rule?.name ?? null)).toEqual(['hub-library', null, 'k8s-mirror']);
});

test('resolution agrees with a naive scan of every rule', () => {
  fc.assert(
    fc.property(ruleSetArb(15), fc.array(pathArb, { minLength: 1, maxLength: 10 }), (ruleSet, paths) => {
      const r = createResolver(ruleSet);
      for (const path of paths) {
        const fast = r.resolve(`contoso.azurecr.io/${path}`);
        const naive = naiveResolve(ruleSet.rules, path);
        expect(fast.rule).toBe(naive === undefined ? null : (ruleSet.rules[naive.index] as CacheRule));
        expect(fast.matchedBy).toBe(naive?.matchedBy ?? null);
      }
    }),
    { numRuns: 500 },
  );
});

describe('the documented wildcard mappings', () => {
  test('library/python/* → docker.io/library/python/* maps library/python/app3 to docker.io/library/python/app3', () => {
    const r = createResolver({ rules: [{ name: 'python-hub', source: 'docker.io/library/python/*', target: 'library/python/*', credentialSet: 'dockerhub' }], credentialSets: [HUB] });
    expect(r.resolve('myreg.azurecr.io/library/python/app3').upstream).toBe('docker.io/library/python/app3:latest');
    expect(r.resolve('myreg.azurecr.io/library/python').rule).toBeNull();
  });

  test('docker.io/* → docker.io/library/* sends docker.io/pulumi/pulumi-dotnet to library/ (Azure/acr#772); docker.io/* → docker.io/* does not', () => {
    const wrong = createResolver({ registry: 'myreg.azurecr.io', rules: [{ name: 'hub-mirror', source: 'docker.io/library/*', target: 'docker.io/*', credentialSet: 'dockerhub' }], credentialSets: [HUB] });
    const bad = wrong.resolve('myreg.azurecr.io/docker.io/pulumi/pulumi-dotnet');
    expect(bad.upstream).toBe('docker.io/library/pulumi/pulumi-dotnet:latest');
    expect(bad.warnings.join(' ')).toMatch(/cannot exist on Docker Hub/);
    const right = createResolver({ registry: 'myreg.azurecr.io', rules: [{ name: 'hub-mirror', source: 'docker.io/*', target: 'docker.io/*', credentialSet: 'dockerhub' }], credentialSets: [HUB] });
    const good = right.resolve('myreg.azurecr.io/docker.io/pulumi/pulumi-dotnet:3.0');
    expect(good).toMatchObject({ upstream: 'docker.io/pulumi/pulumi-dotnet:3.0', warnings: [] });
    expect(right.resolve('myreg.azurecr.io/docker.io/nginx').upstream).toBe('docker.io/library/nginx:latest');
  });

  test('a registry-level wildcard to MCR, with a static rule under it', () => {
    const r = createResolver({
      rules: [
        { name: 'all-mcr', source: 'mcr.microsoft.com/*', target: '*' },
        { name: 'dotnet-pin', source: 'mcr.microsoft.com/dotnet/sdk', target: 'library/dotnet' },
      ],
      credentialSets: [],
    });
    expect(r.resolve('myreg.azurecr.io/dotnet/runtime:8.0')).toMatchObject({ matchedBy: 'wildcard', upstream: 'mcr.microsoft.com/dotnet/runtime:8.0' });
    expect(r.resolve('myreg.azurecr.io/library/dotnet:8.0')).toMatchObject({ matchedBy: 'static', upstream: 'mcr.microsoft.com/dotnet/sdk:8.0' });
  });
});

describe('where a pull really goes', () => {
  test('a bare Docker Hub name bypasses the cache, and the reference through the cache is shown', () => {
    const r = resolver.resolve('nginx:1.27');
    expect(r).toMatchObject({ verdict: 'bypass', rule: null, upstream: null, direct: 'docker.io/library/nginx:1.27' });
    expect(r.throughCache).toMatchObject({ reference: 'myreg.azurecr.io/library/nginx:1.27', rule: { name: 'hub-library' }, matchedBy: 'wildcard' });
    expect(r.explanation).toMatch(/pulled from Docker Hub directly, bypassing the cache; through the cache it is 'myreg\.azurecr\.io\/library\/nginx:1\.27'/);
  });

  test('docker.io/…, its aliases and other catalogued upstreams bypass the cache too', () => {
    expect(resolver.resolve('docker.io/library/ubuntu:22.04').throughCache).toMatchObject({ reference: 'myreg.azurecr.io/library/ubuntu:22.04', rule: { name: 'ubuntu-pin' }, matchedBy: 'static' });
    expect(resolver.resolve('index.docker.io/pulumi/pulumi:3').throughCache?.reference).toBe('myreg.azurecr.io/hub/all/pulumi/pulumi:3');
    expect(resolver.resolve('registry.k8s.io/pause:3.9').throughCache?.reference).toBe('myreg.azurecr.io/k8s/pause:3.9');
    const ghcr = resolver.resolve('ghcr.io/owner/app:1');
    expect(ghcr).toMatchObject({ verdict: 'bypass', throughCache: null });
    expect(ghcr.explanation).toMatch(/GitHub Container Registry directly.*no rule's source covers it/);
  });

  test('a digest is carried into the cached equivalent, and a tag beside it dropped', () => {
    const digest = 'sha256:' + 'd'.repeat(64);
    expect(resolver.resolve(`nginx:1.27@${digest}`).throughCache?.reference).toBe(`myreg.azurecr.io/library/nginx@${digest}`);
  });

  test('a reference to another registry is not through this cache and has no rule', () => {
    for (const ref of ['other.azurecr.io/library/python', 'registry.example.com/team/app:1', 'localhost:5000/app']) {
      const r = resolver.resolve(ref);
      expect(r).toMatchObject({ verdict: 'elsewhere', rule: null, upstream: null });
      expect(r.explanation).toMatch(/not through this cache/);
    }
  });

  test('another ACR is an upstream of this cache only when a rule sources it', () => {
    const withAcrUpstream = createResolver({ ...SET, rules: [...SET.rules, { name: 'team-acr', source: 'team.azurecr.io/apps/*', target: 'team/*' }] });
    const r = withAcrUpstream.resolve('team.azurecr.io/apps/web:2');
    expect(r.verdict).toBe('bypass');
    expect(r.throughCache?.reference).toBe('myreg.azurecr.io/team/web:2');
    // an ACR no rule sources stays elsewhere, even though the catalog knows ACR hosts by shape
    expect(withAcrUpstream.resolve('other.azurecr.io/apps/web:2').verdict).toBe('elsewhere');
  });

  test('the cached equivalent is offered only when forward resolution lands on the same rule', () => {
    // docker.io/library/nginx via 'hub-lib' would be 'cache/nginx', but a static rule owns that target
    const r = createResolver({
      registry: 'contoso.azurecr.io',
      rules: [
        { name: 'hub-lib', source: 'docker.io/library/*', target: 'cache/*', credentialSet: 'dockerhub' },
        { name: 'nginx-pin', source: 'docker.io/bitnami/nginx', target: 'cache/nginx', credentialSet: 'dockerhub' },
      ],
      credentialSets: [HUB],
    });
    expect(r.resolve('nginx').throughCache).toBeNull();
    expect(r.resolve('bitnami/nginx').throughCache?.reference).toBe('contoso.azurecr.io/cache/nginx:latest');
  });

  test('reverse resolution round-trips: the cached equivalent resolves to the same upstream repository', () => {
    fc.assert(
      fc.property(ruleSetArb(12), fc.constantFrom('docker.io', 'mcr.microsoft.com', 'ghcr.io', 'quay.io'), pathArb, (ruleSet, host, path) => {
        const r = createResolver(ruleSet);
        const pull = r.resolve(`${host}/${path}:v1`);
        expect(pull.verdict).toBe('bypass');
        if (!pull.throughCache) return;
        const back = r.resolve(pull.throughCache.reference);
        expect(back.rule).toBe(pull.throughCache.rule);
        if (back.upstream !== null) expect(back.upstream).toBe(`${host}/${host === 'docker.io' && !path.includes('/') ? 'library/' + path : path}:v1`);
      }),
      { numRuns: 500 },
    );
  });
});

describe('lint and resolve agree', () => {
  test('every target lint accepts is resolvable: a pull of it (or under it) reaches its rule', () => {
    const component = fc.stringMatching(/^[a-z0-9]{1,6}(?:(?:[._]|__|-{1,2})[a-z0-9]{1,6}){0,2}$/);
    const targetArb = fc.oneof(
      fc.array(component, { minLength: 1, maxLength: 4 }).map((c) => c.join('/')),
      fc.array(component, { minLength: 1, maxLength: 4 }).map((c) => `${c.join('/')}/*`),
      fc.constant('*'),
      fc.constantFrom('a'.repeat(64), 'localhost', 'foo.bar/app', `${'a'.repeat(253)}/*`, 'b'.repeat(255), `x/${'c'.repeat(251)}/*`),
    );
    fc.assert(
      fc.property(targetArb, (target) => {
        const rule = { name: 'the-rule', source: target.endsWith('*') ? 'mcr.microsoft.com/*' : 'mcr.microsoft.com/app', target };
        const ruleSet = { registry: 'contoso.azurecr.io', rules: [rule], credentialSets: [] };
        const errors = validateRuleSet(ruleSet).filter((p) => p.severity === 'error');
        if (errors.length > 0) return;
        const repository = target === '*' ? 'x' : target.endsWith('/*') ? `${target.slice(0, -2)}/x` : target;
        const pulled = createResolver(ruleSet).resolve(`contoso.azurecr.io/${repository}:v1`);
        expect(pulled.error).toBeUndefined();
        expect(pulled.rule).toBe(rule);
      }),
      { numRuns: 1000 },
    );
  });
});
