// Image references (`[host[:port]/]path[:tag][@digest]`) per the distribution grammar, with
// Docker's normalisation of Docker Hub names. Parsing never throws: user input from the pull
// tester, manifests and the CLI arrives here as it was typed.

import {
  describeDigestError,
  describeDomainError,
  describePathError,
  describeTagError,
  DOMAIN,
  IMAGE_ID,
  NAME_TOTAL_LENGTH_MAX,
  REPOSITORY_PATH,
  TAG,
} from './distribution-grammar.ts';

export const DOCKER_HUB = 'docker.io';

/**
 * Host names that mean Docker Hub. `index.docker.io` is the legacy name distribution still
 * folds into `docker.io`; `registry-1.docker.io` is the host the registry API really answers on.
 */
export const DOCKER_HUB_ALIASES: readonly string[] = ['index.docker.io', 'registry-1.docker.io'];

export const DEFAULT_TAG = 'latest';

export interface ImageReference {
  /**
   * Registry host (and port), lowercased and without `:443`. With normalisation it is `docker.io`
   * when the reference names no host; without it, `undefined` then.
   */
  readonly domain: string | undefined;
  /** Repository path under the host, e.g. `library/ubuntu`. */
  readonly path: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
}

export interface ParseReferenceOptions {
  /**
   * Apply Docker's normalisation (the default): no host means `docker.io`, its aliases become
   * `docker.io`, and a one-segment Docker Hub path gains `library/`. Turn it off to read a
   * reference relative to some other registry, where `python` means the repository `python`.
   */
  readonly normalize?: boolean;
}

export type ReferenceResult =
  | { readonly ok: true; readonly reference: ImageReference }
  | { readonly ok: false; readonly error: string };

const WHITESPACE = /\s/;
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** The host most recently found valid by the DOMAIN grammar. */
let lastValidDomain = '';

function fail(input: string, reason: string): ReferenceResult {
  return { ok: false, error: `'${input}' is not a valid image reference: ${reason}` };
}

/** Distribution's rule for whether the first path element is a registry host. */
function looksLikeDomain(first: string): boolean {
  return first.includes('.') || first.includes(':') || first === 'localhost' || first.toLowerCase() !== first;
}

export function isDockerHub(domain: string): boolean {
  const lower = domain.toLowerCase();
  return lower === DOCKER_HUB || DOCKER_HUB_ALIASES.includes(lower);
}

/** Docker Hub's official images live under `library/`: `docker.io/ubuntu` is `docker.io/library/ubuntu`. */
export function normalizeDockerHubPath(path: string): string {
  return path.includes('/') ? path : `library/${path}`;
}

export function parseReference(input: string, options: ParseReferenceOptions = {}): ReferenceResult {
  if (typeof input !== 'string') return { ok: false, error: 'an image reference must be a string' };
  const text = input.trim();
  if (text === '') {
    return { ok: false, error: `the image reference is empty; write e.g. 'ubuntu:22.04' or 'myreg.azurecr.io/library/python:3.12'` };
  }
  if (WHITESPACE.test(text)) return fail(text, 'it contains whitespace');
  const scheme = text.includes('://') ? SCHEME.exec(text) : null;
  if (scheme !== null) {
    // `docker://nginx:1.27`, `https://ghcr.io/...`: pasted from a URL or a skopeo/oras command line
    return fail(text, `it starts with the scheme '${scheme[0]}', which image references never have; drop the scheme: write '${text.slice(scheme[0].length)}'`);
  }

  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (digest.includes('@')) return fail(text, `it has more than one '@'`);
    const digestError = describeDigestError(digest);
    if (digestError !== undefined) return fail(text, digestError);
  }

  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/') && colon > rest.lastIndexOf(']')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return fail(text, describeTagError(tag) ?? 'the tag is not valid');
  }
  if (rest === '') return fail(text, 'the repository name is missing');

  let domain: string | undefined;
  let path = rest;
  const slash = rest.indexOf('/');
  if (slash > 0 && looksLikeDomain(rest.slice(0, slash))) {
    domain = rest.slice(0, slash);
    path = rest.slice(slash + 1);
    // a list of pulls names the same few hosts over and over: the last valid host is remembered
    if (domain !== lastValidDomain) {
      if (!DOMAIN.test(domain)) return fail(text, describeDomainError(domain) ?? 'the registry host is not valid');
      lastValidDomain = domain;
    }
    // the host is an endpoint: compared case-insensitively, and `:443` is the port HTTPS uses anyway
    if (/[A-Z]/.test(domain)) domain = domain.toLowerCase();
    if (domain.endsWith(':443')) domain = domain.slice(0, -4);
  }

  // The grammar test alone on the happy path (it admits lowercase only); why it failed is worked
  // out afterwards.
  if (!REPOSITORY_PATH.test(path)) {
    if (/[A-Z]/.test(path)) return fail(text, `the repository name '${path}' must be lowercase`);
    return fail(text, `the repository name '${path}' is not valid: ${describePathError(path) ?? 'bad grammar'}`);
  }
  // distribution's ParseNormalizedNamed refuses only a bare 64-hex string (it reads as an image
  // ID); after a host the same path is valid (normalize_test.go: `docker.io/1a3f…` is valid).
  if (domain === undefined && digest === undefined && tag === undefined && IMAGE_ID.test(path)) {
    return fail(text, 'a bare 64-character hex string reads as an image ID, not a repository name; write the registry host before it');
  }

  if (options.normalize !== false) {
    if (domain === undefined || DOCKER_HUB_ALIASES.includes(domain)) domain = DOCKER_HUB;
    if (domain === DOCKER_HUB) path = normalizeDockerHubPath(path);
  }

  // The limit counts the path only (distribution/reference v0.6.0, "Exclude domain from name
  // length check"), after normalisation (`library/` counts, as upstream checks the parsed path).
  if (path.length > NAME_TOTAL_LENGTH_MAX) {
    return fail(text, `the repository path is ${path.length} characters long; at most ${NAME_TOTAL_LENGTH_MAX} are allowed (the host does not count)`);
  }
  return { ok: true, reference: { domain, path, tag, digest } };
}

/**
 * The reference a pull asks the registry for, written out in full (`docker.io/library/ubuntu:22.04`).
 * Without tag and digest the default tag is spelled out; with both, the tag is dropped, as
 * Docker's ParseDockerRef does (normalize.go): a pull by digest ignores the tag.
 */
export function formatReference(reference: ImageReference): string {
  const name = reference.domain === undefined ? reference.path : `${reference.domain}/${reference.path}`;
  return name + versionSuffix(reference.tag, reference.digest);
}

/** What a pull asks for: `@digest` when there is one (a tag beside it is ignored), else `:tag`, else `:latest`. */
export function versionSuffix(tag: string | undefined, digest: string | undefined): string {
  if (digest !== undefined) return `@${digest}`;
  return `:${tag ?? DEFAULT_TAG}`;
}
