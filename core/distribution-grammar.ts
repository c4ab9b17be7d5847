// The OCI/Docker distribution grammar (distribution/reference regexp.go), shared by image
// references and by the repository paths of cache rules. Every check here is a single anchored
// regex on the happy path (they run on every keystroke and on every resolution); the
// `describe…` functions only run after a check failed, to say what exactly is wrong.

/** One path component: lowercase alphanumerics joined by `.`, `_`, `__` or runs of `-`. */
export const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

/** A whole repository path: path components joined by `/`. */
export const REPOSITORY_PATH = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

/** A registry host: DNS-ish labels or a bracketed IPv6 address, with an optional port. */
export const DOMAIN =
  /^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?$/;

/** A tag: a word character, then up to 127 word characters, dots or dashes. */
export const TAG = /^\w[\w.-]{0,127}$/;

/** A digest: `algorithm:hex`, the encoded part at least 32 hex digits. */
export const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;

/** What distribution rejects as a name because it is indistinguishable from an image ID. */
export const IMAGE_ID = /^[a-f0-9]{64}$/;

/**
 * The longest repository path the distribution reference library accepts. Since
 * distribution/reference v0.6.0 (commit aaca75e, "Exclude domain from name length check") it
 * counts the path after the host only (`RepositoryNameTotalLengthMax`), not the domain.
 */
export const NAME_TOTAL_LENGTH_MAX = 255;

export const TAG_LENGTH_MAX = 128;

/**
 * Encoded lengths of the digest algorithms a pull accepts. go-digest refuses an algorithm that is
 * not registered (`ErrDigestUnsupported`; distribution/reference's reference_test.go refuses
 * `invaliddigest:` and an unregistered `sha512:`); registries register sha256 and sha512, the two
 * the OCI image spec names as registered algorithms.
 */
const DIGEST_HEX_LENGTH: Readonly<Record<string, number>> = { sha256: 64, sha512: 128 };

function quoteList(chars: readonly string[]): string {
  return chars.map((c) => `'${c}'`).join(', ');
}

/** Why `component` is not a valid path component, or undefined when it is. */
export function describePathComponentError(component: string): string | undefined {
  if (component === '') return 'it has an empty path component (a leading, trailing or doubled "/")';
  if (PATH_COMPONENT.test(component)) return undefined;
  if (/[A-Z]/.test(component)) {
    return `path component '${component}' has uppercase letters; repository paths are lowercase`;
  }
  const bad = [...new Set(component.replace(/[a-z0-9._-]/g, ''))];
  if (bad.length > 0) {
    return (
      `path component '${component}' contains ${quoteList(bad)}; only lowercase letters, digits ` +
      `and the separators '.', '_', '__' and '-' are allowed`
    );
  }
  if (!/^[a-z0-9]/.test(component)) {
    return `path component '${component}' starts with a separator; it must start with a lowercase letter or digit`;
  }
  if (!/[a-z0-9]$/.test(component)) {
    return `path component '${component}' ends with a separator; it must end with a lowercase letter or digit`;
  }
  const run = [...component.matchAll(/[._-]+/g)].map((m) => m[0]).find((r) => !/^(?:[._]|__|-+)$/.test(r)) ?? '';
  return (
    `path component '${component}' has the separator run '${run}'; between letters and digits only ` +
    `one '.', one '_', '__' or dashes are allowed`
  );
}

/** Why `path` is not a valid repository path, or undefined when it is. */
export function describePathError(path: string): string | undefined {
  if (path === '') return 'the repository path is empty';
  if (REPOSITORY_PATH.test(path)) return undefined;
  if (path.startsWith('/')) return `it starts with '/'`;
  if (path.endsWith('/')) return `it ends with '/'`;
  for (const component of path.split('/')) {
    const error = describePathComponentError(component);
    if (error !== undefined) return error;
  }
  return 'it is not a valid repository path';
}

/** Why `domain` is not a valid registry host, or undefined when it is. */
export function describeDomainError(domain: string): string | undefined {
  if (DOMAIN.test(domain)) return undefined;
  if (domain.startsWith('[')) {
    return `registry host '${domain}' is not a valid bracketed IPv6 address (hex digits and ':' inside '[…]', then an optional ':port')`;
  }
  const colon = domain.lastIndexOf(':');
  if (colon >= 0 && !/^[0-9]+$/.test(domain.slice(colon + 1))) {
    return `registry host '${domain}' has the port '${domain.slice(colon + 1)}'; a port is digits only`;
  }
  return (
    `registry host '${domain}' is not a valid host name; labels of letters, digits and inner '-' ` +
    `joined by '.', with an optional ':port'`
  );
}

/** Why `tag` is not a valid tag, or undefined when it is. */
export function describeTagError(tag: string): string | undefined {
  if (TAG.test(tag)) return undefined;
  if (tag === '') return `the tag after ':' is empty`;
  if (tag.length > TAG_LENGTH_MAX) return `the tag is ${tag.length} characters long; at most ${TAG_LENGTH_MAX} are allowed`;
  if (!/^\w/.test(tag)) return `tag '${tag}' starts with '${tag[0] ?? ''}'; a tag starts with a letter, digit or '_'`;
  const bad = [...new Set(tag.replace(/[\w.-]/g, ''))];
  return `tag '${tag}' contains ${quoteList(bad)}; a tag holds only letters, digits, '_', '.' and '-'`;
}

/** Why `digest` is not a valid digest, or undefined when it is. */
export function describeDigestError(digest: string): string | undefined {
  const colon = digest.indexOf(':');
  // The happy path without regexes: a pull tester resolves a million references a second, and
  // the DIGEST pattern over 64 or 128 hex digits was half the cost of a digest reference.
  if (colon > 0) {
    const algorithm = digest.slice(0, colon);
    const expected = Object.hasOwn(DIGEST_HEX_LENGTH, algorithm) ? DIGEST_HEX_LENGTH[algorithm] : undefined;
    if (expected !== undefined && digest.length - colon - 1 === expected && isLowerHex(digest, colon + 1)) return undefined;
  }
  if (digest === '') return `the digest after '@' is empty`;
  if (colon < 0) return `digest '${digest}' has no algorithm; write it as 'sha256:<64 hex digits>'`;
  const algorithm = digest.slice(0, colon);
  const encoded = digest.slice(colon + 1);
  if (!DIGEST.test(digest)) {
    if (!/^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*$/.test(algorithm)) {
      return `digest algorithm '${algorithm}' is not valid; write the digest as 'sha256:<64 hex digits>'`;
    }
    if (!/^[0-9a-fA-F]*$/.test(encoded)) return `digest '${digest}' has non-hex characters after '${algorithm}:'`;
    return `digest '${digest}' is too short; the part after '${algorithm}:' needs at least 32 hex digits`;
  }
  const expected = Object.hasOwn(DIGEST_HEX_LENGTH, algorithm) ? DIGEST_HEX_LENGTH[algorithm] : undefined;
  if (expected === undefined) {
    return `digest algorithm '${algorithm}' is not supported; registries accept 'sha256:<64 hex digits>' or 'sha512:<128 hex digits>'`;
  }
  if (encoded.length !== expected) {
    return `a ${algorithm} digest has ${expected} hex digits, '${digest}' has ${encoded.length}`;
  }
  if (/[A-F]/.test(encoded)) {
    return `digest '${digest}' has uppercase hex digits; ${algorithm} digests are lowercase`;
  }
  return undefined;
}

/** Lowercase hex digits to the end, matched from `lastIndex` (sticky: no substring is made). */
const LOWER_HEX_TO_END = /[0-9a-f]*$/y;

/** Whether `text` from `start` on is lowercase hex digits only. */
function isLowerHex(text: string, start: number): boolean {
  LOWER_HEX_TO_END.lastIndex = start;
  return LOWER_HEX_TO_END.test(text);
}
