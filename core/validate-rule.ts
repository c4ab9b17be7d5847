// One cache rule checked on its own (and against the rule set's credential sets and the
// registry's repositories): its name, source, target, upstream and authentication. Inputs may
// come straight from a file or an IPC payload, so nothing here trusts the static types: a missing
// or non-string field is a problem, never an exception.

import type { CacheRule, CredentialSet } from './model.ts';
import { CANDIDATE, RepositoryIndex, repositoriesHitBy } from './overlap.ts';
import { DOCKER_HUB } from './reference.ts';
import { formatPattern, parseSourceRepository, parseTargetRepository, type RepositoryError, type RepositoryPattern, type SourceRepository } from './repository.ts';
import type { Upstream } from './upstreams.ts';
import { authProblems } from './validate-auth.ts';
import { NO_PROBLEMS, problem, quote, sentence, text, withEdit, type Problem } from './validate-problem.ts';

const NAME_PATTERN = /^[a-zA-Z0-9-]*$/;
const NAME_MIN = 5;
const NAME_MAX = 50;
/** How many existing repositories a target-exists message lists before "and N more". */
const LISTED_REPOSITORIES = 3;

/** What a validator knows about one rule after looking at it alone. */
export interface RuleFacts {
  readonly name: string;
  /** Position in the rule set, or CANDIDATE. */
  readonly index: number;
  readonly target: RepositoryPattern | undefined;
  readonly upstream: Upstream | undefined;
  /** The problems of the rule on its own (and against the credential-set list); shared when empty. */
  readonly own: readonly Problem[];
}

/** How messages refer to a rule: `rule 'x'`, or `rule #3 (unnamed)` when it has no name. */
export function labelOf(name: string, index: number): string {
  if (name !== '') return `rule '${name}'`;
  return index === CANDIDATE ? 'the new rule' : `rule #${index + 1} (unnamed)`;
}

export function isValidName(raw: unknown): boolean {
  return typeof raw === 'string' && raw.length >= NAME_MIN && raw.length <= NAME_MAX && NAME_PATTERN.test(raw);
}

/** Checks an ARM resource name (rules and credential sets share the grammar). */
export function nameProblem(kind: 'rule' | 'credential set', raw: unknown, name: string, label: string): Problem | undefined {
  if (isValidName(raw)) return undefined;
  const what = kind === 'rule' ? 'Rule' : 'Credential set';
  const fix = `use 5–50 letters, digits and hyphens, e.g. '${suggestName(name)}'`;
  const suggested = suggestName(name);
  if (typeof raw !== 'string') return withEdit(problem('error', 'invalid-name', name, 'name', `${label} has no name.`, fix), 'name', suggested);
  const len = name.length;
  if (len < NAME_MIN || len > NAME_MAX) {
    return withEdit(problem('error', 'invalid-name', name, 'name', `${what} name ${quote(name)} is ${len} character${len === 1 ? '' : 's'} long; ARM names are ${NAME_MIN}–${NAME_MAX} characters.`, fix), 'name', suggested);
  }
  const bad = [...new Set(name.replace(/[a-zA-Z0-9-]/g, ''))].map(quote).join(', ');
  return withEdit(problem('error', 'invalid-name', name, 'name', `${what} name ${quote(name)} contains ${bad}; ARM names hold only letters, digits and hyphens.`, fix), 'name', suggested);
}

function suggestName(name: string): string {
  let s = name.replace(/[^a-zA-Z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, NAME_MAX);
  if (s.length < NAME_MIN) s = (s === '' ? 'cache-rule' : `${s}-cache`).slice(0, NAME_MAX);
  return s;
}

export interface Context {
  readonly credentialSets: ReadonlyMap<string, CredentialSet>;
  readonly credentialSetsListed: boolean;
  readonly repositories: RepositoryIndex | undefined;
}

/**
 * The `library-remap` mistake: Docker Hub's `library/` holds only official images, one segment
 * deep, so mapping a target prefix onto `docker.io/library/*` sends every non-official image
 * (`X/bitnami/redis` → `docker.io/library/bitnami/redis`) to a repository that does not exist.
 */
function libraryRemapProblem(name: string, label: string, target: RepositoryPattern, source: SourceRepository): Problem | undefined {
  if (source.loginServer !== DOCKER_HUB) return undefined;
  const sp = source.pattern;
  if (sp.kind === 'wildcard' && sp.prefix === 'library' && target.kind === 'wildcard') {
    const prefix = target.prefix;
    if (prefix === 'library' || prefix.endsWith('/library')) return undefined;
    const example = prefix === '' ? 'bitnami/redis' : `${prefix}/bitnami/redis`;
    const mirror = prefix === '' ? 'library/<name>' : `${prefix}/library/<name>`;
    return withEdit(problem(
      'warning',
      'library-remap',
      name,
      'source',
      `${label} maps ${quote(formatPattern(target))} onto 'docker.io/library/*': a pull of ${quote(example)} goes to 'docker.io/library/bitnami/redis', which does not exist, because only official images live under library/.`,
      `use source 'docker.io/*' to mirror all of Docker Hub (official images then pull as '${mirror}'), or change the target to ${quote(prefix === '' ? 'library/*' : `${prefix}/library/*`)} so that pulls spell Docker Hub's own paths`,
    ), 'source', 'docker.io/*');
  }
  if (sp.kind === 'static' && sp.path.startsWith('library/') && sp.path.indexOf('/', 8) > 0) {
    return withEdit(problem(
      'warning',
      'library-remap',
      name,
      'source',
      `${label} has source 'docker.io/${sp.path}', more than one segment under library/; Docker Hub's library/ holds only official images, one segment deep.`,
      `use 'docker.io/${sp.path.slice(8)}' for a non-official image`,
    ), 'source', `docker.io/${sp.path.slice(8)}`);
  }
  return undefined;
}

function targetExistsProblem(name: string, label: string, target: RepositoryPattern, repositories: RepositoryIndex): Problem | undefined {
  if (target.kind === 'static') {
    if (!repositories.has(target.path)) return undefined;
    return problem('error', 'target-exists', name, 'target', `${label} has target ${quote(target.path)}, which already exists in the registry; ACR refuses a rule whose target is an existing repository (TargetRepositoryAlreadyPresentInRegistry).`, 'pick a target that does not exist, or delete that repository first');
  }
  const hits = repositoriesHitBy(target, repositories, LISTED_REPOSITORIES + 1);
  if (hits.length === 0) return undefined;
  const total = hits.length > LISTED_REPOSITORIES ? repositories.under(target.prefix).length : hits.length;
  const listed = hits.slice(0, LISTED_REPOSITORIES).map(quote).join(', ') + (total > LISTED_REPOSITORIES ? ` and ${total - LISTED_REPOSITORIES} more` : '');
  return problem('error', 'target-exists', name, 'target', `${label} has wildcard target ${quote(formatPattern(target))}, which covers ${total} existing repositor${total === 1 ? 'y' : 'ies'} (${listed}); ACR refuses a wildcard whose prefix matches existing repositories (TargetRepositoryPrefixMatchesExistingRegistries).`, 'pick a prefix with no repositories under it, or delete those repositories first');
}

/** `invalid-repository`, with the corrected path as its edit when the parser worked one out. */
function repositoryProblem(name: string, field: 'source' | 'target', what: string, error: RepositoryError): Problem {
  const p = problem('error', 'invalid-repository', name, field, what, error.fix);
  return error.replacement === undefined ? p : withEdit(p, field, error.replacement);
}

/** The facts and own problems of one rule. */
export function analyzeRule(raw: unknown, index: number, context: Context): RuleFacts {
  const rule = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<Record<keyof CacheRule, unknown>>;
  const name = text(rule.name) ?? '';
  const own: Problem[] = [];
  if (!isValidName(rule.name)) own.push(nameProblem('rule', rule.name, name, labelOf(name, index)) as Problem);

  let target: RepositoryPattern | undefined;
  const rawTarget = text(rule.target);
  if (rawTarget === undefined) {
    own.push(problem('error', 'invalid-repository', name, 'target', `${labelOf(name, index)} has no target.`, `set a target repository path such as 'ubuntu', 'library/*' or '*'`));
  } else {
    const parsed = parseTargetRepository(rawTarget);
    if (parsed.ok) target = parsed.value;
    else own.push(repositoryProblem(name, 'target', `${labelOf(name, index)}: ${sentence(parsed.error)}`, parsed));
  }

  let source: SourceRepository | undefined;
  const rawSource = text(rule.source);
  if (rawSource === undefined) {
    own.push(problem('error', 'invalid-repository', name, 'source', `${labelOf(name, index)} has no source.`, `set a source such as 'docker.io/library/ubuntu' or 'mcr.microsoft.com/*'`));
  } else {
    const parsed = parseSourceRepository(rawSource);
    if (parsed.ok) source = parsed.value;
    else own.push(repositoryProblem(name, 'source', `${labelOf(name, index)}: ${sentence(parsed.error)}`, parsed));
  }

  if (target !== undefined && source !== undefined && target.kind !== source.pattern.kind) {
    const [wild, fixed] = target.kind === 'wildcard' ? ['target', 'source'] : ['source', 'target'];
    own.push(problem('error', 'wildcard-mismatch', name, fixed === 'source' ? 'source' : 'target', `${labelOf(name, index)}: the ${wild} ${quote(wild === 'target' ? formatPattern(target) : rawSource ?? '')} is a wildcard but the ${fixed} ${quote(fixed === 'target' ? formatPattern(target) : rawSource ?? '')} is not; a wildcard rule maps a prefix to a prefix.`, `end both the source and the target in '/*', or neither`));
  }

  const credentialSet = text(rule.credentialSet) ?? '';
  const identity = text(rule.identity) ?? '';
  if (rule.credentialSet !== undefined && rule.credentialSet !== null && typeof rule.credentialSet !== 'string') {
    own.push(problem('error', 'unknown-credential-set', name, 'credentialSet', `${labelOf(name, index)} has a credential set that is not a name.`, 'set the name of a credential set, or remove the field'));
  }

  const upstream = authProblems(
    { name, label: labelOf(name, index), rawSource: rawSource ?? '', source, credentialSet, identity, credentialSets: context.credentialSets, credentialSetsListed: context.credentialSetsListed },
    own,
  );

  if (target !== undefined && source !== undefined) {
    const remap = libraryRemapProblem(name, labelOf(name, index), target, source);
    if (remap !== undefined) own.push(remap);
  }
  if (target !== undefined && context.repositories !== undefined) {
    const exists = targetExistsProblem(name, labelOf(name, index), target, context.repositories);
    if (exists !== undefined) own.push(exists);
  }
  return { name, index, target, upstream, own: own.length === 0 ? NO_PROBLEMS : own };
}

