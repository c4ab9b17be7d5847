import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatPattern, parseSourceRepository, parseTargetRepository, patternCovers } from './repository.ts';

describe('targets', () => {
  test.each([
    ['ubuntu', { kind: 'static', path: 'ubuntu' }],
    ['library/python', { kind: 'static', path: 'library/python' }],
    ['library/*', { kind: 'wildcard', prefix: 'library' }],
    ['library/python/*', { kind: 'wildcard', prefix: 'library/python' }],
    ['*', { kind: 'wildcard', prefix: '' }],
    ['cached-docker-hub/hello-world', { kind: 'static', path: 'cached-docker-hub/hello-world' }],
  ])('%s parses', (text, pattern) => {
    const result = parseTargetRepository(text);
    expect(result).toEqual({ ok: true, value: pattern });
    if (result.ok) expect(formatPattern(result.value)).toBe(text);
  });

  test.each([
    ['', /target is empty/, /'ubuntu', 'library\/\*' or '\*'/],
    ['Library/*', /uppercase/, /write 'library\/\*'/],
    ['lib*', /wildcard in the wrong place/, /use '\*'/],
    ['library/py*', /wildcard in the wrong place/, /use 'library\/\*'/],
    ['*/dotnet', /wildcard in the wrong place/, undefined],
    ['library/*/x', /wildcard in the wrong place/, /use 'library\/\*'/],
    ['ubuntu:22.04', /has a tag \(':22\.04'\)/, /write 'ubuntu'/],
    ['ubuntu@sha256:abc', /has a digest/, /write 'ubuntu'/],
    ['/ubuntu', /starts with '\/'/, undefined],
    ['ubuntu/', /ends with '\/'/, undefined],
    [' ubuntu', /leading or trailing spaces/, /write 'ubuntu'/],
  ])('%j is refused', (text, error, fix) => {
    const result = parseTargetRepository(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatch(error);
      if (fix !== undefined) expect(result.fix).toMatch(fix);
    }
  });

  test('a target longer than 255 characters is refused', () => {
    expect(parseTargetRepository('a'.repeat(256)).ok).toBe(false);
    expect(parseTargetRepository('a'.repeat(255)).ok).toBe(true);
  });
});

describe('source length', () => {
  test('the 255-character limit counts the path after the login server only', () => {
    expect(parseSourceRepository(`mcr.microsoft.com/${'a'.repeat(255)}`).ok).toBe(true);
    const long = parseSourceRepository(`mcr.microsoft.com/${'a'.repeat(256)}`);
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.error).toMatch(/path of 256 characters; at most 255 .*login server does not count/);
  });
});

describe('sources', () => {
  test.each([
    ['docker.io/library/ubuntu', 'docker.io', { kind: 'static', path: 'library/ubuntu' }],
    ['docker.io/library/*', 'docker.io', { kind: 'wildcard', prefix: 'library' }],
    ['mcr.microsoft.com/*', 'mcr.microsoft.com', { kind: 'wildcard', prefix: '' }],
    ['docker.io/library/python/*', 'docker.io', { kind: 'wildcard', prefix: 'library/python' }],
    ['registry.example.org:5000/app', 'registry.example.org:5000', { kind: 'static', path: 'app' }],
  ])('%s parses', (text, loginServer, pattern) => {
    expect(parseSourceRepository(text)).toEqual({ ok: true, value: { loginServer, pattern } });
  });

  test.each([
    ['docker.io/library/python:3.11-bookworm', /has a tag \(':3\.11-bookworm'\)/, /write 'docker\.io\/library\/python'/],
    ['docker.io/library/python@sha256:' + 'a'.repeat(64), /has a digest/, /write 'docker\.io\/library\/python'/],
    ['library/ubuntu', /does not start with an upstream login server/, /'docker\.io\/library\/ubuntu'/],
    ['docker.io', /names only the login server/, /'docker\.io\/\*'/],
    ['docker.io/', /names only the login server/, undefined],
    ['Docker.io/library/ubuntu', /uppercase letters in the login server/, /write 'docker\.io\/library\/ubuntu'/],
    ['docker.io/library/Ubuntu', /uppercase/, /write 'docker\.io\/library\/ubuntu'/],
    ['docker.io/library/ub*', /wildcard in the wrong place/, /use 'docker\.io\/library\/\*'/],
    ['', /source is empty/, undefined],
  ])('%j is refused', (text, error, fix) => {
    const result = parseSourceRepository(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatch(error);
      if (fix !== undefined) expect(result.fix).toMatch(fix);
    }
  });
});

describe('coverage', () => {
  test('p/* covers what is strictly under p, not p itself, and not a longer sibling name', () => {
    const wildcard = { kind: 'wildcard', prefix: 'library' } as const;
    expect(patternCovers(wildcard, 'library/python')).toBe(true);
    expect(patternCovers(wildcard, 'library/python/app3')).toBe(true);
    expect(patternCovers(wildcard, 'library')).toBe(false);
    expect(patternCovers(wildcard, 'libraryx/python')).toBe(false);
    expect(patternCovers({ kind: 'wildcard', prefix: 'lib' }, 'library/python')).toBe(false);
  });

  test('* covers everything; a static pattern covers only itself', () => {
    expect(patternCovers({ kind: 'wildcard', prefix: '' }, 'anything/at/all')).toBe(true);
    expect(patternCovers({ kind: 'static', path: 'ubuntu' }, 'ubuntu')).toBe(true);
    expect(patternCovers({ kind: 'static', path: 'ubuntu' }, 'ubuntu/x')).toBe(false);
  });
});

test('parsing never throws on random text', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[a-zA-Z0-9:@/._*\- ]{0,40}$/)), (text) => {
      const target = parseTargetRepository(text);
      const source = parseSourceRepository(text);
      expect(target.ok || target.error.length > 0).toBe(true);
      expect(source.ok || source.error.length > 0).toBe(true);
    }),
    { numRuns: 3000 },
  );
});
