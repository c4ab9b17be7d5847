// The repository paths of a cache rule. A target is a path inside the registry, `<path>/*` or a
// lone `*`; a source is `<upstream login server>/<path>` with the same trailing wildcard. Only a
// trailing wildcard exists in ACR, and a source is a repository, never an image reference, so a
// tag or digest in either is a mistake worth naming precisely.

import {
  describeDomainError,
  describePathError,
  DOMAIN,
  NAME_TOTAL_LENGTH_MAX,
  REPOSITORY_PATH,
} from './distribution-grammar.ts';

/** A target or the path part of a source: one repository, or everything under a prefix. */
export type RepositoryPattern =
  | { readonly kind: 'static'; readonly path: string }
  /** `prefix` is `''` for a lone `*` (the whole registry or upstream). */
  | { readonly kind: 'wildcard'; readonly prefix: string };

export interface SourceRepository {
  /** The upstream login server, e.g. `docker.io`. */
  readonly loginServer: string;
  readonly pattern: RepositoryPattern;
}

export interface RepositoryError {
  /** What is wrong, without naming the rule (the caller knows which rule and field it checked). */
  readonly error: string;
  /** What to write instead, when it can be worked out. */
  readonly fix?: string;
  /**
   * The whole field as the fix writes it, when there is one text to write: valid itself (every
   * mistake in the input is corrected, not only the first), so an editor can apply it in one click.
   */
  readonly replacement?: string;
}

export type RepositoryResult<T> =
  | { readonly ok: true; readonly value: T }
  | ({ readonly ok: false } & RepositoryError);

export const WILDCARD = '*';
const WILDCARD_SUFFIX = '/*';

export function formatPattern(pattern: RepositoryPattern): string {
  if (pattern.kind === 'static') return pattern.path;
  return pattern.prefix === '' ? WILDCARD : pattern.prefix + WILDCARD_SUFFIX;
}

export function formatSource(source: SourceRepository): string {
  return `${source.loginServer}/${formatPattern(source.pattern)}`;
}

/**
 * Whether a pull of repository `path` is covered by `pattern`: a static pattern covers its own
 * path; `p/*` covers everything strictly under `p` (not `p` itself); `*` covers everything.
 */
export function patternCovers(pattern: RepositoryPattern, path: string): boolean {
  if (pattern.kind === 'static') return pattern.path === path;
  if (pattern.prefix === '') return true;
  return path.length > pattern.prefix.length + 1 && path.startsWith(pattern.prefix) && path[pattern.prefix.length] === '/';
}

function failure(error: string, fix?: string, replacement?: string): RepositoryResult<never> {
  if (fix === undefined) return { ok: false, error };
  return replacement === undefined ? { ok: false, error, fix } : { ok: false, error, fix, replacement };
}

/**
 * A failure whose replacement is corrected again until it parses (a tag and uppercase letters
 * are two mistakes; `Library/Python:3.12` becomes `library/python`, not `Library/Python`). The
 * fix then names the final text. A replacement that cannot be made valid is dropped.
 */
function corrected<T>(result: RepositoryResult<T>, parse: (text: string) => RepositoryResult<T>): RepositoryResult<T> {
  if (result.ok || result.replacement === undefined) return result;
  let text = result.replacement;
  for (let step = 0; step < 4; step++) {
    const next = parse(text);
    if (next.ok) {
      const fix = result.fix?.split(`'${result.replacement}'`).join(`'${text}'`);
      return failure(result.error, fix, text);
    }
    if (next.replacement === undefined || next.replacement === text) break;
    text = next.replacement;
  }
  return failure(result.error, result.fix);
}

/**
 * A tag or digest where only a repository belongs. `rest` is the path part (after any host), so
 * a `:` in it can only be a tag.
 */
function versionMistake(whole: string, rest: string, what: string): RepositoryResult<never> | undefined {
  const at = rest.indexOf('@');
  const colon = rest.indexOf(':');
  if (at < 0 && colon < 0) return undefined;
  const cut = at >= 0 && (colon < 0 || at < colon) ? at : colon;
  const version = rest.slice(cut);
  const without = whole.slice(0, whole.length - rest.length + cut);
  const kind = version.startsWith('@') ? 'a digest' : 'a tag';
  return failure(
    `${what} '${whole}' has ${kind} ('${version}'); ${what === 'source' ? 'a source' : 'a target'} is a repository path, never an image reference`,
    `write '${without}' and give the tag or digest when pulling`,
    without,
  );
}

/** Grammar of a path with an optional trailing wildcard; `what` names the field in messages. */
function parsePattern(whole: string, rest: string, what: 'source' | 'target'): RepositoryResult<RepositoryPattern> {
  if (rest === WILDCARD) return { ok: true, value: { kind: 'wildcard', prefix: '' } };
  const version = versionMistake(whole, rest, what);
  if (version !== undefined) return version;
  let pattern: RepositoryPattern;
  let path: string;
  if (rest.endsWith(WILDCARD_SUFFIX)) {
    path = rest.slice(0, -WILDCARD_SUFFIX.length);
    pattern = { kind: 'wildcard', prefix: path };
  } else {
    path = rest;
    pattern = { kind: 'static', path };
  }
  if (path.includes(WILDCARD)) {
    const trailing = rest.replace(/\*.*$/, '').replace(/\/?[^/]*$/, '');
    const suggestion = `${whole.slice(0, whole.length - rest.length)}${trailing === '' ? '*' : trailing + '/*'}`.toLowerCase();
    return failure(
      `${what} '${whole}' has a wildcard in the wrong place; ACR only allows a trailing '/*' or a lone '*'`,
      `use '${suggestion}' to cover everything under that prefix`,
      suggestion,
    );
  }
  if (!REPOSITORY_PATH.test(path)) {
    const reason = describePathError(path) ?? 'bad grammar';
    const lower = whole.toLowerCase();
    const lowercase = lower !== whole && REPOSITORY_PATH.test(path.toLowerCase());
    const fix = lowercase
      ? `write '${lower}'`
      : path === ''
        ? `add a repository path, e.g. '${whole.slice(0, whole.length - rest.length)}library/ubuntu'`
        : 'use lowercase letters and digits, separated by single dots, underscores, double underscores or dashes, joined by "/"';
    return failure(`${what} '${whole}' is not a valid repository path: ${reason}`, fix, lowercase ? lower : undefined);
  }
  return { ok: true, value: pattern };
}

export function parseTargetRepository(text: string): RepositoryResult<RepositoryPattern> {
  return corrected(parseTarget(text), parseTarget);
}

function parseTarget(text: string): RepositoryResult<RepositoryPattern> {
  if (typeof text !== 'string') return failure('the target must be a string');
  if (text === '') return failure('the target is empty', `write a repository path such as 'ubuntu', 'library/*' or '*'`);
  if (text.trim() !== text) return failure(`target '${text}' has leading or trailing spaces`, `write '${text.trim()}'`, text.trim());
  const result = parsePattern(text, text, 'target');
  if (result.ok && text.length > NAME_TOTAL_LENGTH_MAX) {
    return failure(`target '${text.slice(0, 40)}…' is ${text.length} characters long; at most ${NAME_TOTAL_LENGTH_MAX} are allowed`);
  }
  return result;
}

export function parseSourceRepository(text: string): RepositoryResult<SourceRepository> {
  return corrected(parseSource(text), parseSource);
}

/** A URL scheme pasted in front of the host (`https://`, `docker://`, `oci://`). */
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

function parseSource(text: string): RepositoryResult<SourceRepository> {
  if (typeof text !== 'string') return failure('the source must be a string');
  if (text === '') {
    return failure('the source is empty', `write the upstream login server and repository, e.g. 'docker.io/library/ubuntu'`);
  }
  if (text.trim() !== text) return failure(`source '${text}' has leading or trailing spaces`, `write '${text.trim()}'`, text.trim());
  const scheme = SCHEME.exec(text);
  if (scheme !== null) {
    const rest = text.slice(scheme[0].length);
    return failure(`source '${text}' starts with the scheme '${scheme[0]}'; a source is the upstream's login server and a repository path`, `drop the scheme: write '${rest}'`, rest);
  }
  const slash = text.indexOf('/');
  const host = slash < 0 ? text : text.slice(0, slash);
  const pasted = slash < 0 ? null : SCHEME.exec(text.slice(slash + 1));
  if (pasted !== null) {
    // a whole URL pasted after a host (an editor's path field): it names its own host
    const rest = text.slice(slash + 1 + pasted[0].length);
    return failure(`source '${text}' has the scheme '${pasted[0]}' after '${host}/'; a source is the upstream's login server and a repository path`, `drop the scheme: write '${rest}'`, rest);
  }
  const hostLike = host.includes('.') || host.includes(':') || host === 'localhost';
  if (!hostLike) {
    return failure(
      `source '${text}' does not start with an upstream login server`,
      `prefix it with the upstream's login server, e.g. 'docker.io/${text}'`,
      `docker.io/${text}`,
    );
  }
  if (!DOMAIN.test(host)) return failure(`source '${text}': ${describeDomainError(host) ?? 'bad login server'}`);
  if (slash < 0 || slash === text.length - 1) {
    return failure(
      `source '${text}' names only the login server; a source needs a repository path after it`,
      `write e.g. '${host}/*' for every repository of the upstream, or '${host}/<path>' for one`,
    );
  }
  if (host !== host.toLowerCase()) {
    return failure(`source '${text}' has uppercase letters in the login server; ACR expects lowercase`, `write '${host.toLowerCase()}${text.slice(slash)}'`, `${host.toLowerCase()}${text.slice(slash)}`);
  }
  const result = parsePattern(text, text.slice(slash + 1), 'source');
  if (!result.ok) return result;
  // As in an image reference, the limit counts the path after the login server only.
  const pathLength = text.length - slash - 1;
  if (pathLength > NAME_TOTAL_LENGTH_MAX) {
    return failure(`source '${text.slice(0, 40)}…' has a repository path of ${pathLength} characters; at most ${NAME_TOTAL_LENGTH_MAX} are allowed (the login server does not count)`);
  }
  return { ok: true, value: { loginServer: host, pattern: result.value } };
}
