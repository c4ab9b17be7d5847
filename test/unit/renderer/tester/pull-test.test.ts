import { describe, expect, test } from 'vitest';
import { createResolver, type RuleSet } from '../../../../core/index.ts';
import { indexRules, runPullTest } from '../../../../renderer/src/lib/tester/pull-test.ts';

const SET: RuleSet = {
  registry: 'contoso.azurecr.io',
  rules: [
    { name: 'dotnet-mcr', source: 'mcr.microsoft.com/dotnet/*', target: 'library/dotnet/*' },
    { name: 'dotnet-sdk-pin', source: 'mcr.microsoft.com/dotnet/sdk', target: 'library/dotnet/sdk' },
    { name: 'hub-all', source: 'docker.io/*', target: 'docker/*', credentialSet: 'dockerhub' },
  ],
  credentialSets: [{ name: 'dockerhub', loginServer: 'docker.io', usernameSecret: 'https://kv1.vault.azure.net/secrets/u', passwordSecret: 'https://kv1.vault.azure.net/secrets/p' }],
};

describe('runPullTest', () => {
  const resolver = createResolver(SET);
  const index = indexRules(SET.rules);

  test('each extracted reference resolved, with the index of its rule and a summary', () => {
    const test = runPullTest(
      [
        'docker pull contoso.azurecr.io/library/dotnet/sdk:8.0',
        'contoso.azurecr.io/library/dotnet/aspnet:8.0',
        'contoso.azurecr.io/docker/ubuntu',
        'contoso.azurecr.io/nothing/here',
        'contoso.azurecr.io/Library/Python:3.12',
      ].join('\n'),
      resolver,
      index,
    );
    expect(test.rows.map((r) => [r.source.line, r.outcome, r.ruleIndex, r.resolution.upstream])).toEqual([
      [1, 'static', 1, 'mcr.microsoft.com/dotnet/sdk:8.0'],
      [2, 'wildcard', 0, 'mcr.microsoft.com/dotnet/aspnet:8.0'],
      // docker.io/* serves a one-segment name as an official image
      [3, 'wildcard', 2, 'docker.io/library/ubuntu:latest'],
      [4, 'unserved', null, null],
      [5, 'invalid', null, null],
    ]);
    expect(test.rows[2]?.resolution.credentialSet).toBe('dockerhub');
    expect(test.summary).toEqual({ total: 5, static: 1, wildcard: 2, unserved: 1, bypass: 0, elsewhere: 0, unresolved: 0, invalid: 1, withWarnings: 0 });
  });

  test('a bare Docker Hub image bypasses the cache, is not counted as served, and shows its cached equivalent', () => {
    const test = runPullTest('nginx:1.27\nghcr.io/owner/tool:1\nother.example.com/app:1\ncontoso.azurecr.io/app:${TAG}', resolver, index);
    expect(test.rows.map((r) => r.outcome)).toEqual(['bypass', 'bypass', 'elsewhere', 'unresolved']);
    expect(test.rows[0]?.resolution.throughCache?.reference).toBe('contoso.azurecr.io/docker/library/nginx:1.27');
    expect(test.rows[0]?.cachedRuleIndex).toBe(2);
    expect(test.rows[1]?.resolution.throughCache).toBeNull();
    expect(test.summary).toMatchObject({ total: 4, static: 0, wildcard: 0, bypass: 2, elsewhere: 1, unresolved: 1, invalid: 0 });
  });

  test('no rule: the nearest candidates, as rule indices', () => {
    const [row] = runPullTest('contoso.azurecr.io/library/dotnet', resolver, index).rows;
    expect(row?.outcome).toBe('unserved');
    expect(row?.candidateIndices).toEqual([0, 1]);
  });

  test('1,000 references in one paste', () => {
    const text = Array.from({ length: 1000 }, (_, i) => `contoso.azurecr.io/library/dotnet/app${i}:1.${i}`).join('\n');
    const test = runPullTest(text, resolver, index);
    expect(test.summary.total).toBe(1000);
    expect(test.summary.wildcard).toBe(1000);
    expect(test.rows[999]?.resolution.upstream).toBe('mcr.microsoft.com/dotnet/app999:1.999');
  });
});
