import { describe, expect, test } from 'vitest';
import { patternsFor, suggestRuleName } from '../../../../renderer/src/lib/editor/rule-patterns.ts';
import { joinSource, OTHER_UPSTREAM, sourcePrefix, splitSource } from '../../../../renderer/src/lib/editor/source-parts.ts';

describe('source parts', () => {
  test('catalog upstreams split into the picker and the path, and join back', () => {
    expect(splitSource('docker.io/library/python/*')).toEqual({ upstream: 'docker.io', host: '', path: 'library/python/*' });
    expect(splitSource('quay.io/*')).toEqual({ upstream: 'quay.io', host: '', path: '*' });
    for (const source of ['docker.io/library/python/*', 'mcr.microsoft.com/dotnet/sdk', 'registry.k8s.io/pause', 'quay.io/*']) {
      expect(joinSource(splitSource(source))).toBe(source);
    }
    expect(sourcePrefix(splitSource('ghcr.io/org/app'))).toBe('ghcr.io/');
  });

  test('regional hosts keep their host; anything else is "another registry", kept as typed', () => {
    expect(splitSource('europe-docker.pkg.dev/proj/repo/*')).toEqual({ upstream: '<region>-docker.pkg.dev', host: 'europe-docker.pkg.dev', path: 'proj/repo/*' });
    expect(joinSource(splitSource('europe-docker.pkg.dev/proj/repo/*'))).toBe('europe-docker.pkg.dev/proj/repo/*');
    // an alias or a wrong case is not silently corrected: the validator names it
    expect(splitSource('index.docker.io/library/ubuntu')).toEqual({ upstream: OTHER_UPSTREAM, host: 'index.docker.io', path: 'library/ubuntu' });
    expect(splitSource('Docker.io/library/ubuntu')).toEqual({ upstream: OTHER_UPSTREAM, host: 'Docker.io', path: 'library/ubuntu' });
    expect(joinSource(splitSource('registry.example.com/team/app'))).toBe('registry.example.com/team/app');
    expect(sourcePrefix(splitSource('registry.example.com/team/app'))).toBe('');
  });

  test('a new rule starts on the first catalog entry with an empty path', () => {
    expect(splitSource('docker.io/')).toEqual({ upstream: 'docker.io', host: '', path: '' });
  });
});

describe('rule patterns', () => {
  const source = (upstream: string, path = '') => ({ upstream, host: '', path });

  test('"cache all of" an upstream under its usual prefix', () => {
    const [mirror] = patternsFor({ name: '', source: source('quay.io'), target: '' });
    expect(mirror?.label).toBe('Cache all of quay.io');
    expect(mirror?.preview).toBe('quay/* → quay.io/*');
    expect(mirror?.apply({ name: '', source: source('quay.io'), target: '' })).toEqual({ name: 'quay-all', source: source('quay.io', '*'), target: 'quay/*' });
    // a name already typed is kept
    expect(mirror?.apply({ name: 'mine-1', source: source('quay.io'), target: '' }).name).toBe('mine-1');
  });

  test('Docker Hub official images only for Docker Hub', () => {
    const ids = (upstream: string) => patternsFor({ name: '', source: source(upstream), target: '' }).map((p) => p.id);
    expect(ids('docker.io')).toContain('docker-official');
    expect(ids('mcr.microsoft.com')).not.toContain('docker-official');
    const official = patternsFor({ name: '', source: source('docker.io'), target: '' }).find((p) => p.id === 'docker-official');
    expect(official?.apply({ name: '', source: source('docker.io'), target: '' })).toMatchObject({ source: source('docker.io', 'library/*'), target: 'library/*' });
  });

  test('target = source path, and a name from the target', () => {
    const fields = { name: '', source: source('mcr.microsoft.com', 'dotnet/*'), target: '' };
    const same = patternsFor(fields).find((p) => p.id === 'same-path');
    expect(same?.apply(fields)).toMatchObject({ target: 'dotnet/*', name: 'dotnet-all' });
    const named = patternsFor({ ...fields, target: 'library/python/*' }).find((p) => p.id === 'name-from-target');
    expect(named?.preview).toBe('library-python-all');
  });

  test('suggested names are valid ARM names', () => {
    expect(suggestRuleName('library/python/*')).toBe('library-python-all');
    expect(suggestRuleName('*')).toBe('all-repos');
    expect(suggestRuleName('abc')).toBe('abc-cache');
    expect(suggestRuleName('hello-world')).toBe('hello-world');
    expect(suggestRuleName(`${'a'.repeat(60)}/*`)).toHaveLength(50);
    for (const target of ['library/python/*', '*', 'abc', 'x', 'a__b.c/d-e', `${'a'.repeat(60)}/*`]) {
      expect(suggestRuleName(target)).toMatch(/^[a-zA-Z0-9-]{5,50}$/);
    }
  });
});
