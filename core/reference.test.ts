import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatReference, parseReference } from './reference.ts';

function ok(input: string, normalize = true) {
  const result = parseReference(input, { normalize });
  if (!result.ok) throw new Error(`expected '${input}' to parse: ${result.error}`);
  return result.reference;
}

function error(input: string): string {
  const result = parseReference(input);
  if (result.ok) throw new Error(`expected '${input}' to be rejected`);
  return result.error;
}

describe('Docker Hub normalisation', () => {
  test.each([
    ['ubuntu', 'docker.io/library/ubuntu:latest'],
    ['ubuntu:22.04', 'docker.io/library/ubuntu:22.04'],
    ['docker.io/ubuntu', 'docker.io/library/ubuntu:latest'],
    ['index.docker.io/ubuntu', 'docker.io/library/ubuntu:latest'],
    ['registry-1.docker.io/library/ubuntu:22.04', 'docker.io/library/ubuntu:22.04'],
    ['bitnami/redis:7', 'docker.io/bitnami/redis:7'],
    ['docker.io/pulumi/pulumi-dotnet', 'docker.io/pulumi/pulumi-dotnet:latest'],
  ])('%s means %s', (input, full) => {
    expect(formatReference(ok(input))).toBe(full);
  });

  test('other registries keep their path as written', () => {
    expect(formatReference(ok('mcr.microsoft.com/dotnet/sdk:8.0'))).toBe('mcr.microsoft.com/dotnet/sdk:8.0');
    expect(ok('ghcr.io/ubuntu').path).toBe('ubuntu');
  });

  test('without normalisation a bare name stays relative to whatever registry is meant', () => {
    expect(ok('python:3.12', false)).toEqual({ domain: undefined, path: 'python', tag: '3.12', digest: undefined });
    expect(ok('myreg.azurecr.io/library/python:3.12', false)).toEqual({ domain: 'myreg.azurecr.io', path: 'library/python', tag: '3.12', digest: undefined });
  });
});

describe('domains', () => {
  test('a first element with a dot, a port, localhost or uppercase is a host', () => {
    expect(ok('localhost/foo').domain).toBe('localhost');
    expect(ok('localhost:5000/foo:1')).toEqual({ domain: 'localhost:5000', path: 'foo', tag: '1', digest: undefined });
    expect(ok('registry.example.org:5000/team/app').domain).toBe('registry.example.org:5000');
    expect(ok('Example/app').domain).toBe('example');
    expect(ok('library/ubuntu').domain).toBe('docker.io');
  });

  test('a bracketed IPv6 address with a port is a host', () => {
    const digest = 'sha256:' + 'b'.repeat(64);
    expect(ok(`[::1]:5000/a/b@${digest}`)).toEqual({ domain: '[::1]:5000', path: 'a/b', tag: undefined, digest });
    expect(ok('[fe80::1]/app:v1').domain).toBe('[fe80::1]');
  });

  test('a malformed host is named', () => {
    expect(error('-bad-.example.com/app')).toMatch(/registry host '-bad-\.example\.com'/);
    expect(error('[zz::1]/app')).toMatch(/IPv6/);
    expect(error('host.example:port/app')).toMatch(/port/);
  });
});

describe('tags and digests', () => {
  test('a tag is up to 128 characters and starts with a word character', () => {
    expect(ok('app:' + 'a'.repeat(128)).tag).toHaveLength(128);
    expect(error('app:' + 'a'.repeat(129))).toMatch(/129 characters long; at most 128/);
    expect(error('app:.hidden')).toMatch(/starts with '\.'/);
    expect(error('app:')).toMatch(/tag after ':' is empty/);
    expect(error('app:v1+x')).toMatch(/contains '\+'/);
  });

  test('a digest is kept; beside a tag it is what a pull asks for, and the tag is dropped', () => {
    const digest = 'sha256:' + 'a'.repeat(64);
    expect(ok(`ubuntu@${digest}`)).toEqual({ domain: 'docker.io', path: 'library/ubuntu', tag: undefined, digest });
    expect(ok(`ubuntu:22.04@${digest}`).tag).toBe('22.04');
    expect(formatReference(ok(`ubuntu:22.04@${digest}`))).toBe(`docker.io/library/ubuntu@${digest}`);
    expect(formatReference(ok(`ubuntu@${digest}`))).toBe(`docker.io/library/ubuntu@${digest}`);
  });

  test('a bad digest says what is wrong with it', () => {
    expect(error('app@sha256:abc')).toMatch(/at least 32 hex digits/);
    expect(error('app@sha256:' + 'a'.repeat(63))).toMatch(/64 hex digits/);
    expect(error('app@sha256:' + 'g'.repeat(64))).toMatch(/non-hex/);
    expect(error('app@' + 'a'.repeat(64))).toMatch(/no algorithm/);
    expect(error('app@sha256:' + 'a'.repeat(64) + '@x')).toMatch(/more than one '@'/);
    expect(error('app@')).toMatch(/digest after '@' is empty/);
  });
});

describe('repository names', () => {
  test('the path must be lowercase and follow the component grammar', () => {
    expect(error('library/Ubuntu')).toMatch(/must be lowercase/);
    expect(error('a__b___c')).toMatch(/separator run '___'/);
    expect(error('a/-b')).toMatch(/starts with a separator/);
    expect(error('a/b_')).toMatch(/ends with a separator/);
    expect(error('a//b')).toMatch(/empty path component/);
    expect(error('a/b c')).toMatch(/whitespace/);
    expect(error('app!')).toMatch(/contains '!'/);
    expect(ok('f/a.b_c__d---e').path).toBe('f/a.b_c__d---e');
    // distribution reads a dotted first element as a host, even where a path component could have a dot
    expect(ok('a.b/c').domain).toBe('a.b');
  });

  test('a bare 64-hex name is refused as it reads as an image ID; after a host it is a path', () => {
    expect(error('a'.repeat(64))).toMatch(/image ID/);
    expect(ok(`myreg.azurecr.io/${'a'.repeat(64)}`).path).toBe('a'.repeat(64));
    expect(ok(`${'a'.repeat(64)}:v1`).path).toBe(`library/${'a'.repeat(64)}`);
  });

  test('the repository path is at most 255 characters, the host not counted', () => {
    const path = 'r/' + 'a'.repeat(253);
    expect(ok(`myreg.azurecr.io/${path}`, false).path).toBe(path);
    expect(error(`myreg.azurecr.io/${path}a`)).toMatch(/256 characters long; at most 255/);
  });

  test('only the sha256 and sha512 digest algorithms are accepted', () => {
    expect(ok(`app@sha512:${'b'.repeat(128)}`).digest).toBe(`sha512:${'b'.repeat(128)}`);
    expect(error(`app@sha384:${'b'.repeat(96)}`)).toMatch(/'sha384' is not supported/);
    expect(error(`app@md5:${'b'.repeat(32)}`)).toMatch(/'md5' is not supported/);
  });

  test('empty input and a missing name are explained', () => {
    expect(error('')).toMatch(/empty/);
    expect(error('   ')).toMatch(/empty/);
    expect(error(':tag')).toMatch(/repository name is missing/);
  });
});

describe('robustness', () => {
  test('never throws, whatever the string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.stringMatching(/^[a-zA-Z0-9:@/._\-[\]]{0,80}$/)), (input) => {
        const result = parseReference(input);
        expect(result.ok || result.error.length > 0).toBe(true);
        parseReference(input, { normalize: false });
      }),
      { numRuns: 3000 },
    );
  });

  test('a parsed reference formats back to one that parses to the same thing', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^([a-z]{1,8}\.[a-z]{2,3}\/)?[a-z0-9]{1,8}(\/[a-z0-9]{1,8}){0,3}(:[a-z0-9]{1,5})?$/), (input) => {
        const first = ok(input);
        expect(ok(formatReference(first))).toEqual({ ...first, tag: first.tag ?? 'latest' });
      }),
    );
  });

  test('non-string input is an error, not an exception', () => {
    expect(parseReference(42 as unknown as string).ok).toBe(false);
  });
});
