import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { pathArb, ruleSetArb } from '../test/support/rule-arbitraries.ts';
import type { CacheRule } from './model.ts';
import { contentsCsv, contentsRows, groupCacheContents, latestUpdate, type CachedRepository } from './cache-contents.ts';
import { createResolver } from './resolve.ts';

const RULES: CacheRule[] = [
  { name: 'hub-library', source: 'docker.io/library/*', target: 'library/*', credentialSet: 'dockerhub' },
  { name: 'ubuntu-pin', source: 'docker.io/library/ubuntu', target: 'library/ubuntu', credentialSet: 'dockerhub' },
  { name: 'python-hub', source: 'docker.io/library/python/*', target: 'library/python/*', credentialSet: 'dockerhub' },
  { name: 'k8s-mirror', source: 'registry.k8s.io/*', target: 'k8s/*' },
  { name: 'hello-world', source: 'docker.io/library/hello-world', target: 'cached/hello-world', credentialSet: 'dockerhub' },
];

const repo = (name: string, tags: string[] = [], when: string | null = null): CachedRepository => ({
  name,
  tags: tags.map((t) => ({ name: t, lastUpdated: when })),
  lastUpdated: when,
});

describe('grouping the catalog under cache rules', () => {
  const contents = groupCacheContents(RULES, [
    repo('library/nginx', ['1.27']),
    repo('library/ubuntu', ['22.04', '24.04']),
    repo('library/python/slim', ['3.12']),
    repo('k8s/pause'),
    repo('k8s/coredns/coredns'),
    repo('library'),
    repo('my-app', ['v1']),
  ]);
  const names = (rule: string) => contents.rules.find((g) => g.rule.name === rule)!.repositories.map((r) => r.name);

  test('a static target takes its exact repository even under a covering wildcard', () => {
    expect(names('ubuntu-pin')).toEqual(['library/ubuntu']);
    expect(names('hub-library')).toEqual(['library/nginx']);
  });
  test('the longest wildcard prefix wins and a wildcard covers every depth under it', () => {
    expect(names('python-hub')).toEqual(['library/python/slim']);
    expect(names('k8s-mirror')).toEqual(['k8s/pause', 'k8s/coredns/coredns']);
  });
  test('a wildcard does not cover its own prefix, so that repository is uncovered', () => {
    expect(contents.uncovered.map((r) => r.name)).toEqual(['library', 'my-app']);
  });
  test('a rule with no repository under it is listed as never served', () => {
    expect(contents.neverServed.map((r) => r.name)).toEqual(['hello-world']);
  });
  test('a rule with an unparseable target is reported apart and gets nothing', () => {
    const bad = groupCacheContents([{ name: 'broken-one', source: 'docker.io/x', target: 'a/*/b' }], [repo('a/x/b')]);
    expect(bad.invalidRules.map((r) => r.name)).toEqual(['broken-one']);
    expect(bad.uncovered.map((r) => r.name)).toEqual(['a/x/b']);
  });
});

describe('every repository is assigned to the rule resolution picks', () => {
  test('property: grouping agrees with createResolver for every repository, or both say no rule', () => {
    fc.assert(
      fc.property(ruleSetArb(), fc.uniqueArray(pathArb, { maxLength: 20 }), (ruleSet, paths) => {
        const resolver = createResolver(ruleSet);
        const contents = groupCacheContents(ruleSet.rules, paths.map((p) => repo(p)));
        const assigned = new Map<string, string | null>();
        for (const g of contents.rules) for (const r of g.repositories) assigned.set(r.name, g.rule.name);
        for (const r of contents.uncovered) assigned.set(r.name, null);
        expect(assigned.size).toBe(paths.length);
        for (const path of paths) {
          const resolution = resolver.resolve(`${ruleSet.registry ?? 'myreg.azurecr.io'}/${path}:latest`);
          expect(assigned.get(path)).toBe(resolution.rule?.name ?? null);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('last update and CSV', () => {
  test('the newest tag time is the repository time, and bad times are ignored', () => {
    expect(latestUpdate([{ name: 'a', lastUpdated: '2026-01-01T00:00:00Z' }, { name: 'b', lastUpdated: '2026-03-01T00:00:00Z' }, { name: 'c', lastUpdated: 'nope' }])).toBe('2026-03-01T00:00:00Z');
    expect(latestUpdate(null, null)).toBeNull();
  });
  test('CSV has one row per repository, a row for a never-served rule, quoting and formula neutralising', () => {
    const contents = groupCacheContents(RULES.slice(3), [repo('k8s/pause', ['3.9', '3.10'], '2026-05-01T10:00:00Z'), repo('=cmd,x')]);
    const csv = contentsCsv(contentsRows(contents)).split('\r\n');
    expect(csv[0]).toBe('rule,target,repository,tag_count,tags,last_updated');
    expect(csv[1]).toBe('k8s-mirror,k8s/*,k8s/pause,2,3.9 3.10,2026-05-01T10:00:00Z');
    expect(csv[2]).toBe('hello-world,cached/hello-world,,,,');
    expect(csv[3]).toBe(`,,"'=cmd,x",0,,`);
  });
});
