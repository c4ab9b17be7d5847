// A representative table of distribution/reference's own test cases, ported so the grammar here
// stays the one Docker and containerd use. Source: github.com/distribution/reference at v0.6.0
// (7b3d8f9323cf25dd4e1a3868cd9be990bfe06308; the tables are unchanged at main 0965666): files
// normalize_test.go (TestValidateReferenceName, TestValidateRemoteName, TestParseRepositoryInfo,
// TestParseDockerRef), reference_test.go (TestReferenceParse) and regexp_test.go
// (TestDomainRegexp). Upstream's ParseNormalizedNamed is parseReference() with normalisation on.
//
// Deliberate deviations, each marked where it applies:
// - hosts are lowercased (DNS names compare case-insensitively; upstream keeps `LOCALDOMAIN`);
// - `sha512` digests are accepted (upstream's test binary registers only sha256; registries
//   register both, and the OCI image spec names both);
// - reference_test.go's rows for the un-normalised Parse() that read any first element as a
//   host (`foo/foo_bar.com:8080` → domain `foo`) are left out: a pull goes through Docker's
//   normalisation, which this app models.
import { describe, expect, test } from 'vitest';
import { DOMAIN } from './distribution-grammar.ts';
import { formatReference, parseReference } from './reference.ts';

const HEX64 = 'f'.repeat(64);

function parses(input: string): boolean {
  return parseReference(input).ok;
}

describe('normalize_test.go TestValidateReferenceName', () => {
  const valid = [
    'docker/docker',
    'library/debian',
    'debian',
    'localhost/library/debian',
    'localhost/debian',
    'LOCALDOMAIN/library/debian',
    'LOCALDOMAIN/debian',
    'docker.io/docker/docker',
    'docker.io/library/debian',
    'docker.io/debian',
    'index.docker.io/docker/docker',
    'index.docker.io/library/debian',
    'index.docker.io/debian',
    '127.0.0.1:5000/docker/docker',
    '127.0.0.1:5000/library/debian',
    '127.0.0.1:5000/debian',
    '192.168.0.1',
    '192.168.0.1:80',
    '192.168.0.1:8/debian',
    '192.168.0.2:25000/debian',
    'thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev',
    '[fc00::1]:5000/docker',
    '[fc00::1]:5000/docker/docker',
    '[fc00:1:2:3:4:5:6:7]:5000/library/debian',
    // "moved from invalid to valid": after a host a 64-hex path is not ambiguous
    'docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a',
    'Docker/docker',
    'DOCKER/docker',
  ];
  const invalid = [
    'https://github.com/docker/docker',
    'docker/Docker',
    '-docker',
    '-docker/docker',
    '-docker.io/docker/docker',
    'docker///docker',
    'docker.io/docker/Docker',
    'docker.io/docker///docker',
    '[fc00::1]',
    '[fc00::1]:5000',
    'fc00::1:5000/debian',
    '[fe80::1%eth0]:5000/debian',
    '[2001:db8:3:4::192.0.2.33]:5000/debian',
    '1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a',
  ];
  test.each(valid)('%s is valid', (input) => expect(parses(input)).toBe(true));
  test.each(invalid)('%s is invalid', (input) => expect(parses(input)).toBe(false));
});

describe('normalize_test.go TestValidateRemoteName', () => {
  test.each(['docker/docker', 'thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev', 'docker-rules/docker', 'docker---rules/docker', 'doc/docker', 'd/docker', 'jess/t', 'dock__er/docker'])(
    '%s is valid',
    (input) => expect(parses(input)).toBe(true),
  );
  test.each([
    'docker/Docker',
    'docker///docker',
    '1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a',
    '-docker/docker',
    'docker-/docker',
    '-docker-/docker',
    '____/____',
    '_docker/_docker',
    'dock..er/docker',
    'dock_.er/docker',
    'dock-.er/docker',
    'docker/',
    'this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255/docker',
  ])('%s is invalid', (input) => expect(parses(input)).toBe(false));
});

describe('normalize_test.go TestParseRepositoryInfo (FullName, Domain, RemoteName)', () => {
  // [reference, full name, domain, remote name]; hosts lowercased here (see the header)
  test.each([
    ['localhost/fooo', 'localhost/fooo', 'localhost', 'fooo'],
    ['localhost/fooo/bar', 'localhost/fooo/bar', 'localhost', 'fooo/bar'],
    ['LOCALDOMAIN/fooo', 'localdomain/fooo', 'localdomain', 'fooo'],
    ['fooo/bar', 'docker.io/fooo/bar', 'docker.io', 'fooo/bar'],
    ['index.docker.io/fooo/bar', 'docker.io/fooo/bar', 'docker.io', 'fooo/bar'],
    ['ubuntu', 'docker.io/library/ubuntu', 'docker.io', 'library/ubuntu'],
    ['library/ubuntu', 'docker.io/library/ubuntu', 'docker.io', 'library/ubuntu'],
    ['nonlibrary/ubuntu', 'docker.io/nonlibrary/ubuntu', 'docker.io', 'nonlibrary/ubuntu'],
    ['other/library', 'docker.io/other/library', 'docker.io', 'other/library'],
    ['127.0.0.1:8000/private/moonbase', '127.0.0.1:8000/private/moonbase', '127.0.0.1:8000', 'private/moonbase'],
    ['127.0.0.1:8000/privatebase', '127.0.0.1:8000/privatebase', '127.0.0.1:8000', 'privatebase'],
    ['example.com/private/moonbase', 'example.com/private/moonbase', 'example.com', 'private/moonbase'],
    ['example.com:8000/privatebasee', 'example.com:8000/privatebasee', 'example.com:8000', 'privatebasee'],
    ['index.docker.io/library/ubuntu-12.04-base', 'docker.io/library/ubuntu-12.04-base', 'docker.io', 'library/ubuntu-12.04-base'],
    ['docker.io/foo', 'docker.io/library/foo', 'docker.io', 'library/foo'],
    ['library/foo/bar', 'docker.io/library/foo/bar', 'docker.io', 'library/foo/bar'],
    ['store/foo/bar', 'docker.io/store/foo/bar', 'docker.io', 'store/foo/bar'],
    ['Foo/bar', 'foo/bar', 'foo', 'bar'],
  ])('%s is %s', (input, full, domain, path) => {
    const result = parseReference(input);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(`${result.reference.domain}/${result.reference.path}`).toBe(full);
    expect(result.reference.domain).toBe(domain);
    expect(result.reference.path).toBe(path);
  });
});

describe('normalize_test.go TestParseDockerRef: what a pull asks for', () => {
  const digest = 'sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582';
  test.each([
    ['busybox', 'docker.io/library/busybox:latest'],
    ['busybox:latest', 'docker.io/library/busybox:latest'],
    [`busybox@${digest}`, `docker.io/library/busybox@${digest}`],
    ['library/busybox', 'docker.io/library/busybox:latest'],
    ['docker.io/busybox', 'docker.io/library/busybox:latest'],
    ['docker.io/library/busybox', 'docker.io/library/busybox:latest'],
    ['docker.io/busybox:latest', 'docker.io/library/busybox:latest'],
    ['library/busybox:latest', 'docker.io/library/busybox:latest'],
    ['docker.io/library/busybox:latest', 'docker.io/library/busybox:latest'],
    ['gcr.io/library/busybox', 'gcr.io/library/busybox:latest'],
    // both tag and digest: the digest is pulled, the tag dropped
    [`gcr.io/library/busybox:latest@${digest}`, `gcr.io/library/busybox@${digest}`],
  ])('%s pulls %s', (input, expected) => {
    const result = parseReference(input);
    expect(result.ok && formatReference(result.reference)).toBe(expected);
  });
});

describe('reference_test.go TestReferenceParse', () => {
  // [input, domain, path, tag, digest] for rows that parse
  test.each([
    ['test_com', 'docker.io', 'library/test_com', undefined, undefined],
    ['test.com:tag', 'docker.io', 'library/test.com', 'tag', undefined],
    ['test.com:5000', 'docker.io', 'library/test.com', '5000', undefined],
    ['test.com/repo:tag', 'test.com', 'repo', 'tag', undefined],
    ['test:5000/repo', 'test:5000', 'repo', undefined, undefined],
    ['test:5000/repo:tag', 'test:5000', 'repo', 'tag', undefined],
    [`test:5000/repo@sha256:${HEX64}`, 'test:5000', 'repo', undefined, `sha256:${HEX64}`],
    [`test:5000/repo:tag@sha256:${HEX64}`, 'test:5000', 'repo', 'tag', `sha256:${HEX64}`],
    ['lowercase:Uppercase', 'docker.io', 'library/lowercase', 'Uppercase', undefined],
    [`${'a/'.repeat(127)}a:tag-puts-this-over-max`, 'docker.io', `${'a/'.repeat(127)}a`, 'tag-puts-this-over-max', undefined],
    ['sub-dom1.foo.com/bar/baz/quux:some-long-tag', 'sub-dom1.foo.com', 'bar/baz/quux', 'some-long-tag', undefined],
    ['b.gcr.io/test.example.com/my-app:test.example.com', 'b.gcr.io', 'test.example.com/my-app', 'test.example.com', undefined],
    ['xn--n3h.com/myimage:xn--n3h.com', 'xn--n3h.com', 'myimage', 'xn--n3h.com', undefined],
    [`xn--7o8h.com/myimage:xn--7o8h.com@sha256:${HEX64}`, 'xn--7o8h.com', 'myimage', 'xn--7o8h.com', `sha256:${HEX64}`],
    ['foo_bar.com:8080', 'docker.io', 'library/foo_bar.com', '8080', undefined],
    ['192.168.1.1:5000/repo:5050', '192.168.1.1:5000', 'repo', '5050', undefined],
    ['[2001:db8::1]/repo', '[2001:db8::1]', 'repo', undefined, undefined],
    ['[2001:db8:1:2:3:4:5:6]/repo:tag', '[2001:db8:1:2:3:4:5:6]', 'repo', 'tag', undefined],
    [`[2001:db8::1]:5000/repo:tag@sha256:${HEX64}`, '[2001:db8::1]:5000', 'repo', 'tag', `sha256:${HEX64}`],
    ['[::1]:5000/repo', '[::1]:5000', 'repo', undefined, undefined],
    // v0.6.0 "Exclude domain from name length check": 255 path characters after a host are fine
    [`example.com/${'a'.repeat(255)}:tag`, 'example.com', 'a'.repeat(255), 'tag', undefined],
    // sha512 is accepted here (see the header)
    [`validname@sha512:${'f'.repeat(128)}`, 'docker.io', 'library/validname', undefined, `sha512:${'f'.repeat(128)}`],
  ])('%s', (input, domain, path, tag, digest) => {
    expect(parseReference(input)).toEqual({ ok: true, reference: { domain, path, tag, digest } });
  });

  // [input, what the message must say]
  test.each([
    ['', /empty/],
    [':justtag', /repository name is missing/],
    [`@sha256:${HEX64}`, /repository name is missing/],
    ['repo@sha256:ffffffffffffffffffffffffffffffffff', /64 hex digits/],
    [`validname@invaliddigest:${HEX64}`, /algorithm 'invaliddigest' is not supported/],
    ['Uppercase:tag', /must be lowercase/],
    ['test:5000/Uppercase/lowercase:tag', /must be lowercase/],
    [`domain/${'a'.repeat(256)}:tag`, /263 characters long; at most 255/],
    ['aa/asdf$$^/aa', /contains/],
    ['[2001:db8::1]', /not valid/],
    ['[2001:db8::1]:5000', /not valid/],
    ['[2001:db8::1]:tag', /not valid/],
    ['[fe80::1%eth0]:5000/repo', /IPv6/],
    ['[fe80::1%@invalidzone]:5000/repo', /.+/],
  ])('%s is refused', (input, message) => {
    const result = parseReference(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });
});

describe('regexp_test.go TestDomainRegexp', () => {
  test.each([
    ['test.com', true],
    ['test.com:10304', true],
    ['test.com:http', false],
    ['localhost', true],
    ['localhost:8080', true],
    ['a', true],
    ['a.b', true],
    ['ab.cd.com', true],
    ['a-b.com', true],
    ['-ab.com', false],
    ['ab-.com', false],
    ['ab.c-om', true],
    ['ab.-com', false],
    ['ab.com-', false],
    ['0101.com', true],
    ['001a.com', true],
    ['b.gbc.io:443', true],
    ['xn--n3h.com', true],
    ['Asdf.com', true],
    ['192.168.1.1:75050', true],
    ['[fd00:1:2::3]:75050', true],
    ['[fd00:1:2::3]75050', false],
    ['[fd00:1:2::3]::75050', false],
    ['[fd00:1:2::3%eth0]:75050', false],
    ['[2001:0db8:85a3:0000:0000:8a2e:0370:7334]:75050', true],
    ['fd00:1:2::3:75050', false],
  ])('%s matches: %s', (input, match) => {
    expect(DOMAIN.test(input)).toBe(match);
  });
});
