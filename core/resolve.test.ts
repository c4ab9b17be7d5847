import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { naiveResolve } from '../test/support/naive-rule-engine.ts';
import { pathArb, ruleSetArb } from '../test/support/rule-arbitraries.ts';
import type { CacheRule, RuleSet } from './model.ts';
import { createResolver } from './resolve.ts';

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

  test('with or without the login server, the result is the same', () => {
    const a = resolver.resolve('library/python:3.12');
    const b = resolver.resolve('myreg.azurecr.io/library/python:3.12');
    expect({ ...a, image: '' }).toEqual({ ...b, image: '' });
  });

  test('an exact static target beats the wildcard above it', () => {
    const r = resolver.resolve('library/ubuntu:22.04');
    expect(r).toMatchObject({ rule: { name: 'ubuntu-pin' }, matchedBy: 'static', upstream: 'docker.io/library/ubuntu:22.04' });
    expect(r.explanation).toMatch(/beats wildcard rule 'hub-library'/);
  });

  test('the tail is carried over verbatim, several segments included', () => {
    expect(resolver.resolve('hub/python/app3').upstream).toBe('docker.io/library/python/app3:latest');
    expect(resolver.resolve('dotnet/sdk/nightly:9.0').upstream).toBe('mcr.microsoft.com/dotnet/sdk/nightly:9.0');
    expect(resolver.resolve('hub/all/pulumi/pulumi-dotnet').upstream).toBe('docker.io/pulumi/pulumi-dotnet:latest');
  });

  test('Docker Hub official images get library/ through a docker.io/* rule', () => {
    expect(resolver.resolve('hub/all/ubuntu:22.04').upstream).toBe('docker.io/library/ubuntu:22.04');
  });

  test('a missing tag means latest; a digest is kept, alone or with the tag', () => {
    const digest = 'sha256:' + 'c'.repeat(64);
    expect(resolver.resolve('k8s/pause').upstream).toBe('registry.k8s.io/pause:latest');
    expect(resolver.resolve(`k8s/pause@${digest}`).upstream).toBe(`registry.k8s.io/pause@${digest}`);
    expect(resolver.resolve(`k8s/pause:3.9@${digest}`).upstream).toBe(`registry.k8s.io/pause:3.9@${digest}`);
  });

  test('<path>/* does not match <path> itself, and the result says so', () => {
    const r = resolver.resolve('dotnet');
    expect(r).toMatchObject({ rule: null, matchedBy: null, upstream: null, credentialSet: null });
    expect(r.warnings.join(' ')).toMatch(/covers the repositories under 'dotnet\/', not 'dotnet' itself/);
    expect(r.candidates?.map((c) => c.name)).toEqual(['dotnet-mcr']);
  });

  test('no match offers the nearest rules, also for a typo in the first segment', () => {
    expect(resolver.resolve('hub/other/x').candidates?.map((c) => c.name)).toEqual(['python-hub', 'hub-anything']);
    expect(resolver.resolve('libary/python').candidates?.map((c) => c.name)).toEqual(['hub-library', 'ubuntu-pin']);
    expect(resolver.resolve('zzzzzz/q').candidates).toEqual([]);
  });

  test('docker pull options before the reference are skipped', () => {
    expect(resolver.resolve('docker pull --platform linux/arm64 -q myreg.azurecr.io/k8s/pause:3.9').upstream).toBe('registry.k8s.io/pause:3.9');
    expect(resolver.resolve('docker image pull k8s/pause').rule?.name).toBe('k8s-mirror');
  });
});

describe('warnings', () => {
  test('a reference for another registry is resolved by its path, with a warning', () => {
    const r = resolver.resolve('docker.io/library/python:3.12');
    expect(r.rule?.name).toBe('hub-library');
    expect(r.warnings[0]).toMatch(/names the registry 'docker\.io', not 'myreg\.azurecr\.io'.*directly, not through the cache/);
    expect(resolver.resolve('other.azurecr.io/library/python', { registry: 'other.azurecr.io' }).warnings).toEqual([]);
  });

  test('with no registry known, an ACR login server is taken as the registry', () => {
    const r = createResolver({ ...SET, registry: undefined });
    expect(r.resolve('contoso.azurecr.io/k8s/pause').warnings).toEqual([]);
    expect(r.resolve('ghcr.io/k8s/pause').warnings[0]).toMatch(/names no registry/);
  });

  test('Docker Hub without a credential set, and the library remap, are warned about', () => {
    const r = createResolver({
      rules: [
        { name: 'hub-nocreds', source: 'docker.io/library/nginx', target: 'nginx' },
        { name: 'hub-remap', source: 'docker.io/library/*', target: 'dockerhub/*', credentialSet: 'dockerhub' },
      ],
      credentialSets: [HUB],
    });
    expect(r.resolve('nginx').warnings.join(' ')).toMatch(/without a credential set/);
    const remap = r.resolve('dockerhub/bitnami/redis:7');
    expect(remap.upstream).toBe('docker.io/library/bitnami/redis:7');
    expect(remap.warnings.join(' ')).toMatch(/'docker\.io\/library\/bitnami\/redis:7' cannot exist on Docker Hub/);
    expect(r.resolve('dockerhub/nginx').warnings).toHaveLength(1);
  });

  test('a rule whose source is unusable resolves with no upstream and says why', () => {
    const r = createResolver({ rules: [{ name: 'broken', source: 'docker.io/library/python:3.11', target: 'python' }], credentialSets: [] });
    const result = r.resolve('python');
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
  const results = resolver.resolveMany(['library/python', 'nope/x', 'k8s/pause:1']);
  expect(results.map((r) => r.rule?.name ?? null)).toEqual(['hub-library', null, 'k8s-mirror']);
});

test('resolution agrees with a naive scan of every rule', () => {
  fc.assert(
    fc.property(ruleSetArb(15), fc.array(pathArb, { minLength: 1, maxLength: 10 }), (ruleSet, paths) => {
      const r = createResolver(ruleSet);
      for (const path of paths) {
        const fast = r.resolve(path);
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
    expect(r.resolve('library/python/app3').upstream).toBe('docker.io/library/python/app3:latest');
    expect(r.resolve('library/python').rule).toBeNull();
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
    expect(r.resolve('dotnet/runtime:8.0')).toMatchObject({ matchedBy: 'wildcard', upstream: 'mcr.microsoft.com/dotnet/runtime:8.0' });
    expect(r.resolve('library/dotnet:8.0')).toMatchObject({ matchedBy: 'static', upstream: 'mcr.microsoft.com/dotnet/sdk:8.0' });
  });
});
