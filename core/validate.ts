// Everything ACR enforces on a set of cache rules and credential sets, checked locally: the
// renderer calls it on every keystroke (through a RuleSetIndex), the main process before anything
// is sent to Azure, the CLI in CI. Problem codes are a stable contract (CLI JSON, UI, tests).
// Every message names the rules at fault and ends with what to do, so it can stand alone.
//
// Inputs may come straight from a file or an IPC payload, so nothing here trusts the static
// types: a missing or non-string field is a problem, never an exception.

import { MAX_RULES_PER_REGISTRY, type CacheRule, type CredentialSet, type RuleSet } from './model.ts';
import {
  CANDIDATE,
  describeOverlapReason,
  findOverlaps,
  RepositoryIndex,
  repositoriesHitBy,
  TargetTrie,
  type TargetOverlap,
} from './overlap.ts';
import { DOCKER_HUB } from './reference.ts';
import {
  formatPattern,
  parseSourceRepository,
  parseTargetRepository,
  type RepositoryPattern,
  type SourceRepository,
} from './repository.ts';
import { parseSecretUri } from './secret-uri.ts';
import { USER_ASSIGNED_IDENTITY_ID } from './rule-extensions.ts';
import { CATALOG_CHECKED, isAcrLoginServer, upstreamByAlias, upstreamByLoginServer, UPSTREAMS, type Upstream } from './upstreams.ts';

export type Severity = 'error' | 'warning' | 'info';

export type ProblemCode =
  | 'invalid-name'
  | 'duplicate-name'
  | 'invalid-repository'
  | 'wildcard-mismatch'
  | 'wildcard-overlap'
  | 'duplicate-target'
  | 'rule-limit'
  | 'unsupported-upstream'
  | 'credentials-required'
  | 'credentials-not-supported'
  | 'unknown-credential-set'
  | 'credential-login-server-mismatch'
  | 'invalid-secret-uri'
  | 'library-remap'
  | 'static-under-wildcard'
  | 'target-exists'
  | 'identity-required'
  | 'invalid-identity'
  | 'setting-dropped';

/** The field of a rule or credential set a problem belongs to, so an editor can show it there. */
export type ProblemField =
  | 'name'
  | 'source'
  | 'target'
  | 'credentialSet'
  | 'identity'
  | 'loginServer'
  | 'usernameSecret'
  | 'passwordSecret'
  | 'rules';

export interface Problem {
  readonly severity: Severity;
  readonly code: ProblemCode;
  /** Name of the rule at fault — or of the credential set, for a credential-set problem. */
  readonly rule: string;
  /** The other rule (or credential set) of a problem about a pair. */
  readonly with?: string;
  readonly field?: ProblemField;
  /** Says what is wrong, names the rules involved, and ends with the fix. */
  readonly message: string;
  /** The fix alone, for a UI that shows it apart. */
  readonly fix?: string;
}

export interface ValidateOptions {
  /**
   * The registry's existing repositories: with them, targets that would hit one are reported
   * (`target-exists`), as ACR refuses such rules.
   */
  readonly existingRepositories?: readonly string[];
  /**
   * Whether `credentialSets` lists the registry's credential sets (the default). Turn it off for
   * input that only holds rules, such as `az acr cache list` output: references to credential
   * sets are then not checked against the list.
   */
  readonly credentialSetsListed?: boolean;
}

export interface CheckOptions {
  /** The rule (or credential set) the candidate replaces, by name or by index; absent for a new one. */
  readonly replacing?: string | number;
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

const NAME_PATTERN = /^[a-zA-Z0-9-]*$/;
/** Most rules have no problem of their own; they share this array instead of allocating one. */
const NO_PROBLEMS: readonly Problem[] = Object.freeze([]);
const NAME_MIN = 5;
const NAME_MAX = 50;
/** How many existing repositories a target-exists message lists before "and N more". */
const LISTED_REPOSITORIES = 3;

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function quote(value: string): string {
  return `'${value}'`;
}

function problem(
  severity: Severity,
  code: ProblemCode,
  rule: string,
  field: ProblemField | undefined,
  what: string,
  fix: string | undefined,
  other?: string,
): Problem {
  const lead = what.charAt(0).toUpperCase() + what.slice(1);
  const message = fix === undefined ? lead : `${lead} ${fix.charAt(0).toUpperCase()}${fix.slice(1)}${/[.!?]$/.test(fix) ? '' : '.'}`;
  const out: { -readonly [K in keyof Problem]: Problem[K] } = { severity, code, rule, message };
  if (other !== undefined) out.with = other;
  if (field !== undefined) out.field = field;
  if (fix !== undefined) out.fix = fix;
  return out;
}

function sentence(s: string): string {
  return /[.!?]$/.test(s) ? s : s + '.';
}

/** What a validator knows about one rule after looking at it alone. */
interface RuleFacts {
  readonly name: string;
  /** Position in the rule set, or CANDIDATE. */
  readonly index: number;
  readonly target: RepositoryPattern | undefined;
  readonly upstream: Upstream | undefined;
  /** The problems of the rule on its own (and against the credential-set list); shared when empty. */
  readonly own: readonly Problem[];
}

/** How messages refer to a rule: `rule 'x'`, or `rule #3 (unnamed)` when it has no name. */
function labelOf(name: string, index: number): string {
  if (name !== '') return `rule '${name}'`;
  return index === CANDIDATE ? 'the new rule' : `rule #${index + 1} (unnamed)`;
}

function isValidName(raw: unknown): boolean {
  return typeof raw === 'string' && raw.length >= NAME_MIN && raw.length <= NAME_MAX && NAME_PATTERN.test(raw);
}

/** Checks an ARM resource name (rules and credential sets share the grammar). */
function nameProblem(kind: 'rule' | 'credential set', raw: unknown, name: string, label: string): Problem | undefined {
  if (isValidName(raw)) return undefined;
  const what = kind === 'rule' ? 'Rule' : 'Credential set';
  const fix = `use 5–50 letters, digits and hyphens, e.g. '${suggestName(name)}'`;
  if (typeof raw !== 'string') return problem('error', 'invalid-name', name, 'name', `${label} has no name.`, fix);
  const len = name.length;
  if (len < NAME_MIN || len > NAME_MAX) {
    return problem('error', 'invalid-name', name, 'name', `${what} name ${quote(name)} is ${len} character${len === 1 ? '' : 's'} long; ARM names are ${NAME_MIN}–${NAME_MAX} characters.`, fix);
  }
  const bad = [...new Set(name.replace(/[a-zA-Z0-9-]/g, ''))].map(quote).join(', ');
  return problem('error', 'invalid-name', name, 'name', `${what} name ${quote(name)} contains ${bad}; ARM names hold only letters, digits and hyphens.`, fix);
}

function suggestName(name: string): string {
  let s = name.replace(/[^a-zA-Z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, NAME_MAX);
  if (s.length < NAME_MIN) s = (s === '' ? 'cache-rule' : `${s}-cache`).slice(0, NAME_MAX);
  return s;
}

const SUPPORTED_LIST = UPSTREAMS.map((u) => u.loginServer).join(', ');

/** `unsupported-upstream` for a host, with the best fix we can name. */
function upstreamProblem(owner: string, field: ProblemField, subject: string, host: string): Problem {
  const alias = upstreamByAlias(host);
  if (alias !== undefined) {
    return problem('error', 'unsupported-upstream', owner, field, `${subject} names ${quote(host)}, another name of ${alias.displayName}; ACR knows it only as ${quote(alias.loginServer)}.`, `write ${quote(alias.loginServer)} instead of ${quote(host)}`);
  }
  // The catalog lags the service (upstreams are added often): a host it does not list is a
  // warning, so plan and export go on and Azure has the last word.
  const kind = isAcrLoginServer(host) ? `the Azure container registry ${quote(host)}, which` : quote(host);
  return problem('warning', 'unsupported-upstream', owner, field, `${subject} names ${kind} is not in the upstream catalog as of ${CATALOG_CHECKED}; ACR may refuse it.`, `check the current list (artifact-cache-overview.md), or use one of ${SUPPORTED_LIST}`);
}

interface Context {
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
    return problem(
      'warning',
      'library-remap',
      name,
      'source',
      `${label} maps ${quote(formatPattern(target))} onto 'docker.io/library/*': a pull of ${quote(example)} goes to 'docker.io/library/bitnami/redis', which does not exist, because only official images live under library/.`,
      `use source 'docker.io/*' to mirror all of Docker Hub (official images then pull as '${mirror}'), or change the target to ${quote(prefix === '' ? 'library/*' : `${prefix}/library/*`)} so that pulls spell Docker Hub's own paths`,
    );
  }
  if (sp.kind === 'static' && sp.path.startsWith('library/') && sp.path.indexOf('/', 8) > 0) {
    return problem(
      'warning',
      'library-remap',
      name,
      'source',
      `${label} has source 'docker.io/${sp.path}', more than one segment under library/; Docker Hub's library/ holds only official images, one segment deep.`,
      `use 'docker.io/${sp.path.slice(8)}' for a non-official image`,
    );
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

/** The facts and own problems of one rule. */
function analyzeRule(raw: unknown, index: number, context: Context): RuleFacts {
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
    else own.push(problem('error', 'invalid-repository', name, 'target', `${labelOf(name, index)}: ${sentence(parsed.error)}`, parsed.fix));
  }

  let source: SourceRepository | undefined;
  const rawSource = text(rule.source);
  if (rawSource === undefined) {
    own.push(problem('error', 'invalid-repository', name, 'source', `${labelOf(name, index)} has no source.`, `set a source such as 'docker.io/library/ubuntu' or 'mcr.microsoft.com/*'`));
  } else {
    const parsed = parseSourceRepository(rawSource);
    if (parsed.ok) source = parsed.value;
    else own.push(problem('error', 'invalid-repository', name, 'source', `${labelOf(name, index)}: ${sentence(parsed.error)}`, parsed.fix));
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

  let upstream: Upstream | undefined;
  if (source !== undefined) {
    upstream = upstreamByLoginServer(source.loginServer);
    if (upstream === undefined) {
      own.push(upstreamProblem(name, 'source', `The source ${quote(rawSource ?? '')} of ${labelOf(name, index)}`, source.loginServer));
    } else if (upstream.credentials === 'required' && credentialSet === '') {
      own.push(problem('error', 'credentials-required', name, 'credentialSet', `${labelOf(name, index)} pulls from ${upstream.displayName} (${source.loginServer}) without a credential set; ACR refuses such rules because ${upstream.displayName} allows authenticated pulls only.`, `create a credential set for ${quote(source.loginServer)} and set it on ${labelOf(name, index)}`));
    } else if (upstream.auth.includes('managed-identity') && credentialSet === '' && identity === '') {
      own.push(problem('error', 'identity-required', name, 'identity', `${labelOf(name, index)} caches from ${upstream.displayName} (${source.loginServer}), which ACR reads with the rule's user-assigned managed identity, and the rule has none.`, `set the resource ID of a user-assigned identity that has the Container Registry Repository Reader role on ${quote(source.loginServer)}`));
    } else if (upstream.credentials === 'not-supported' && credentialSet !== '') {
      own.push(problem('warning', 'credentials-not-supported', name, 'credentialSet', `${labelOf(name, index)} has credential set ${quote(credentialSet)}, but ${upstream.displayName} (${source.loginServer}) is documented for ${upstream.auth.includes('managed-identity') ? 'managed-identity authentication' : 'anonymous pulls'} only.`, `remove the credential set from ${labelOf(name, index)}`));
    }
  }
  if (identity !== '') {
    if (!USER_ASSIGNED_IDENTITY_ID.test(identity)) {
      own.push(problem('error', 'invalid-identity', name, 'identity', `${labelOf(name, index)} has the identity ${quote(identity)}, which is not the resource ID of a user-assigned managed identity.`, `use '/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>' (az identity show --query id)`));
    } else if (upstream !== undefined && !upstream.auth.includes('managed-identity')) {
      own.push(problem('warning', 'invalid-identity', name, 'identity', `${labelOf(name, index)} has a managed identity, but ${upstream.displayName} is not read with one (only another Azure container registry is).`, `remove the identity from ${labelOf(name, index)}, unless Azure documents it for this upstream now`));
    }
  }

  if (credentialSet !== '' && context.credentialSetsListed) {
    const set = context.credentialSets.get(credentialSet.toLowerCase());
    if (set === undefined) {
      const known = [...context.credentialSets.values()].map((s) => quote(String(s.name)));
      own.push(problem('error', 'unknown-credential-set', name, 'credentialSet', `${labelOf(name, index)} uses credential set ${quote(credentialSet)}, which the rule set does not define.`, known.length === 0 ? `add credential set ${quote(credentialSet)} to the rule set` : `add credential set ${quote(credentialSet)}, or use one of ${known.slice(0, 5).join(', ')}`));
    } else if (source !== undefined && typeof set.loginServer === 'string' && set.loginServer.toLowerCase() !== source.loginServer.toLowerCase()) {
      own.push(problem('error', 'credential-login-server-mismatch', name, 'credentialSet', `${labelOf(name, index)} pulls from ${quote(source.loginServer)} but its credential set ${quote(credentialSet)} holds credentials for ${quote(set.loginServer)}.`, `use a credential set whose login server is ${quote(source.loginServer)}`, String(set.name)));
    }
  }

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

/** A pair problem between `a` (reported as `rule`) and `b` (reported as `with`). */
function pairProblem(overlap: TargetOverlap, a: RuleFacts, b: RuleFacts): Problem {
  const at = a.target as RepositoryPattern;
  const bt = b.target as RepositoryPattern;
  const aLabel = labelOf(a.name, a.index);
  const bLabel = labelOf(b.name, b.index);
  switch (overlap.kind) {
    case 'wildcard-overlap': {
      const reason = describeOverlapReason(overlap.reason, at, bt);
      return problem('error', 'wildcard-overlap', a.name, 'target', `Wildcard ${aLabel} (target ${quote(formatPattern(at))}) overlaps wildcard ${bLabel} (target ${quote(formatPattern(bt))}): ${reason}. ACR refuses a wildcard rule that overlaps another.`, `remove one of the two rules, or move one target to a prefix the other does not contain (e.g. a sibling path)`, b.name);
    }
    case 'duplicate-target':
      return problem('error', 'duplicate-target', a.name, 'target', `Static ${aLabel} and ${bLabel} both have target ${quote(formatPattern(at))}; a target repository belongs to one rule only.`, `remove one of the two rules, or give one of them another target`, b.name);
    case 'static-under-wildcard':
      return problem('info', 'static-under-wildcard', a.name, 'target', `Static ${aLabel} (target ${quote(formatPattern(at))}) sits under wildcard ${bLabel} (target ${quote(formatPattern(bt))}): pulls of ${quote(formatPattern(at))} are served by ${aLabel}, everything else under ${quote(formatPattern(bt))} by ${bLabel}.`, `nothing to do if that is intended`, b.name);
  }
}

/** `duplicate-name` between `a` (reported) and `b` (the earlier one). */
function duplicateNameProblem(kind: 'rule' | 'credential set', a: string, b: string): Problem {
  const what = kind === 'rule' ? 'Rules' : 'Credential sets';
  const same = a === b ? `both have the name ${quote(a)}` : `have the names ${quote(a)} and ${quote(b)}, which ARM treats as one (names compare case-insensitively)`;
  return problem('error', 'duplicate-name', a, 'name', `${what} ${same}; names must be unique in a registry.`, `rename one of them`, b);
}

function ruleLimitProblem(count: number, firstOver: string): Problem {
  const over = count - MAX_RULES_PER_REGISTRY;
  return problem('error', 'rule-limit', firstOver, 'rules', `The rule set has ${count.toLocaleString('en-US')} cache rules; a registry holds at most ${MAX_RULES_PER_REGISTRY.toLocaleString('en-US')}, so ${over.toLocaleString('en-US')} of them (from ${firstOver === '' ? 'the first unnamed one' : quote(firstOver)} on) cannot be created.`, 'remove rules, or replace groups of static rules with one wildcard rule');
}

/** The problems of one credential set on its own. */
function credentialSetProblems(raw: unknown, index: number): Problem[] {
  const set = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<Record<keyof CredentialSet, unknown>>;
  const name = text(set.name) ?? '';
  const label = name === '' ? (index === CANDIDATE ? 'the new credential set' : `credential set #${index + 1} (unnamed)`) : `credential set '${name}'`;
  const out: Problem[] = [];
  const nameIssue = nameProblem('credential set', set.name, name, label);
  if (nameIssue !== undefined) out.push(nameIssue);
  const loginServer = text(set.loginServer);
  if (loginServer === undefined || loginServer === '') {
    out.push(problem('error', 'unsupported-upstream', name, 'loginServer', `${label} has no login server.`, `set the upstream it logs in to, one of ${SUPPORTED_LIST}`));
  } else {
    const upstream = upstreamByLoginServer(loginServer);
    const subject = `The login server of ${label}`;
    // No warning for an anonymous-only upstream: the 2026 service created an MCR credential set
    // and a rule using it (shared/data/azure-recorded R26).
    if (upstream === undefined) out.push(upstreamProblem(name, 'loginServer', subject, loginServer));
  }
  for (const field of ['usernameSecret', 'passwordSecret'] as const) {
    const which = field === 'usernameSecret' ? 'username' : 'password';
    const value = text(set[field]);
    const parsed = parseSecretUri(value ?? '');
    const subject = `The ${which} secret of ${label}`;
    if (!parsed.ok) {
      out.push(problem('error', 'invalid-secret-uri', name, field, `${subject} is not a Key Vault secret identifier: ${sentence(parsed.error)}`, parsed.fix));
    } else if (parsed.warning !== undefined) {
      out.push(problem('warning', 'invalid-secret-uri', name, field, `${subject} ${quote(value ?? '')}: ${sentence(parsed.warning)}`, undefined));
    }
  }
  return out;
}

/**
 * A rule set prepared for checking: whole-set validation, and the incremental checks an editor
 * runs on every keystroke (one candidate rule or credential set against everything else).
 * The index is immutable; build a new one when the set itself changes.
 */
export interface RuleSetIndex {
  readonly ruleSet: RuleSet;
  /** The target trie, for a visualizer (rule indices refer to `ruleSet.rules`); built on first use. */
  readonly trie: TargetTrie;
  /** All problems of the whole set (computed once). */
  problems(): Problem[];
  /** The problems of the whole set that involve rule `index` (as `rule` or as `with`). */
  problemsOfRule(index: number): readonly Problem[];
  /** All problems of `candidate` against the set, as if it replaced `replacing` (or were added). */
  checkRule(candidate: CacheRule, options?: CheckOptions): Problem[];
  /** All problems of a credential set against the set's other credential sets. */
  checkCredentialSet(candidate: CredentialSet, options?: CheckOptions): Problem[];
}

/**
 * Names to indices, case-insensitively (ARM's rule). Names rarely repeat, so a name maps to its
 * first index and only repeated names get a list.
 */
class NameIndex {
  readonly #first = new Map<string, number>();
  readonly #repeated = new Map<string, number[]>();

  add(name: string, index: number): void {
    const key = name.toLowerCase();
    const first = this.#first.get(key);
    if (first === undefined) {
      this.#first.set(key, index);
      return;
    }
    const list = this.#repeated.get(key);
    if (list === undefined) this.#repeated.set(key, [first, index]);
    else list.push(index);
  }

  /** The indices of the entries named `name` (any case), in order. */
  get(name: string): readonly number[] {
    const key = name.toLowerCase();
    const list = this.#repeated.get(key);
    if (list !== undefined) return list;
    const first = this.#first.get(key);
    return first === undefined ? [] : [first];
  }

  /** The index lists of names that occur more than once. */
  repeated(): IterableIterator<number[]> {
    return this.#repeated.values();
  }
}

function arrayOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

class Index implements RuleSetIndex {
  readonly ruleSet: RuleSet;
  #trie: TargetTrie | undefined;
  readonly #rules: readonly unknown[];
  readonly #sets: readonly unknown[];
  readonly #facts: RuleFacts[];
  readonly #context: Context;
  /** Lowercased rule name → indices of the rules with that name, in order. */
  readonly #names = new NameIndex();
  readonly #setNames = new NameIndex();
  #problems: Problem[] | undefined;
  #byRule: Map<number, Problem[]> | undefined;
  /** Every pair problem with the two rules it involves, from problems(). */
  #involved: [number, number, Problem][] | undefined;

  constructor(ruleSet: RuleSet, options: ValidateOptions) {
    this.ruleSet = ruleSet;
    const input = (typeof ruleSet === 'object' && ruleSet !== null ? ruleSet : {}) as Partial<Record<keyof RuleSet, unknown>>;
    this.#rules = arrayOf(input.rules);
    this.#sets = arrayOf(input.credentialSets);
    const credentialSets = new Map<string, CredentialSet>();
    this.#sets.forEach((raw, i) => {
      const name = typeof raw === 'object' && raw !== null ? text((raw as { name?: unknown }).name) : undefined;
      if (name === undefined) return;
      const key = name.toLowerCase();
      if (!credentialSets.has(key)) credentialSets.set(key, raw as CredentialSet);
      this.#setNames.add(name, i);
    });
    const repos = options.existingRepositories;
    this.#context = {
      credentialSets,
      credentialSetsListed: options.credentialSetsListed !== false,
      repositories: Array.isArray(repos) ? new RepositoryIndex(repos) : undefined,
    };
    this.#facts = this.#rules.map((raw, i) => analyzeRule(raw, i, this.#context));
    this.#facts.forEach((facts, i) => {
      if (facts.name !== '') this.#names.add(facts.name, i);
    });
  }

  // A whole-set lint needs no tree (findOverlaps hashes); the editor's incremental checks and the
  // visualizer do, so it is built the first time one of them asks.
  get trie(): TargetTrie {
    this.#trie ??= new TargetTrie(this.#facts.map((f) => f.target));
    return this.#trie;
  }

  problems(): Problem[] {
    if (this.#problems !== undefined) return this.#problems;
    const facts = this.#facts;
    // Pair problems are few next to the rules: keep them aside, keyed by the rule they are
    // reported on, rather than allocating a bucket per rule.
    const pairs = new Map<number, Problem[]>();
    const involved: [number, number, Problem][] = [];
    const pair = (rule: number, other: number, p: Problem): void => {
      const bucket = pairs.get(rule);
      if (bucket === undefined) pairs.set(rule, [p]);
      else bucket.push(p);
      involved.push([rule, other, p]);
    };
    for (const indices of this.#names.repeated()) {
      for (let j = 1; j < indices.length; j++) {
        const b = indices[j] as number;
        for (let i = 0; i < j; i++) {
          const a = indices[i] as number;
          pair(b, a, duplicateNameProblem('rule', (facts[b] as RuleFacts).name, (facts[a] as RuleFacts).name));
        }
      }
    }
    for (const overlap of findOverlaps(facts.map((f) => f.target))) {
      pair(overlap.rule, overlap.with, pairProblem(overlap, facts[overlap.rule] as RuleFacts, facts[overlap.with] as RuleFacts));
    }
    this.#involved = involved;
    const out: Problem[] = [];
    if (facts.length > MAX_RULES_PER_REGISTRY) out.push(ruleLimitProblem(facts.length, (facts[MAX_RULES_PER_REGISTRY] as RuleFacts).name));
    for (let i = 0; i < facts.length; i++) {
      for (const p of (facts[i] as RuleFacts).own) out.push(p);
      const bucket = pairs.get(i);
      if (bucket !== undefined) for (const p of bucket) out.push(p);
    }
    this.#sets.forEach((raw, i) => out.push(...credentialSetProblems(raw, i)));
    for (const indices of this.#setNames.repeated()) {
      for (let j = 1; j < indices.length; j++) {
        for (let i = 0; i < j; i++) {
          out.push(duplicateNameProblem('credential set', this.#setName(indices[j] as number), this.#setName(indices[i] as number)));
        }
      }
    }
    this.#problems = out;
    return out;
  }

  problemsOfRule(index: number): readonly Problem[] {
    if (this.#byRule === undefined) {
      if (this.#involved === undefined) this.problems();
      const byRule = new Map<number, Problem[]>();
      const add = (i: number, p: Problem): void => {
        const list = byRule.get(i);
        if (list === undefined) byRule.set(i, [p]);
        else list.push(p);
      };
      this.#facts.forEach((f, i) => f.own.forEach((p) => add(i, p)));
      for (const [rule, other, p] of this.#involved ?? []) {
        add(rule, p);
        add(other, p);
      }
      this.#byRule = byRule;
    }
    return this.#byRule.get(index) ?? NO_PROBLEMS;
  }

  #setName(index: number): string {
    return text((this.#sets[index] as { name?: unknown }).name) ?? '';
  }

  /** The index `replacing` refers to: an index as is; a name, exact match first, then case-insensitive. */
  #resolveReplacing(replacing: string | number | undefined, names: NameIndex, nameOf: (i: number) => string, count: number): number {
    if (typeof replacing === 'number') return Number.isInteger(replacing) && replacing >= 0 && replacing < count ? replacing : CANDIDATE;
    if (typeof replacing !== 'string') return CANDIDATE;
    const indices = names.get(replacing);
    if (indices.length === 0) return CANDIDATE;
    return indices.find((i) => nameOf(i) === replacing) ?? (indices[0] as number);
  }

  checkRule(candidate: CacheRule, options: CheckOptions = {}): Problem[] {
    const count = this.#facts.length;
    const replacing = this.#resolveReplacing(options.replacing, this.#names, (i) => (this.#facts[i] as RuleFacts).name, count);
    const facts = analyzeRule(candidate, replacing === CANDIDATE ? CANDIDATE : replacing, this.#context);
    const out = facts.own.slice();
    if (replacing === CANDIDATE && count + 1 > MAX_RULES_PER_REGISTRY) {
      out.unshift(ruleLimitProblem(count + 1, facts.name));
    }
    if (facts.name !== '') {
      for (const i of this.#names.get(facts.name)) {
        if (i !== replacing) out.push(duplicateNameProblem('rule', facts.name, (this.#facts[i] as RuleFacts).name));
      }
    }
    if (facts.target !== undefined) {
      for (const overlap of this.trie.overlapsOf(facts.target, replacing)) {
        const a = overlap.rule === CANDIDATE ? facts : (this.#facts[overlap.rule] as RuleFacts);
        const b = overlap.with === CANDIDATE ? facts : (this.#facts[overlap.with] as RuleFacts);
        out.push(pairProblem(overlap, a, b));
      }
    }
    return out;
  }

  checkCredentialSet(candidate: CredentialSet, options: CheckOptions = {}): Problem[] {
    const replacing = this.#resolveReplacing(options.replacing, this.#setNames, (i) => this.#setName(i), this.#sets.length);
    const out = credentialSetProblems(candidate, replacing);
    const name = typeof candidate === 'object' && candidate !== null ? text(candidate.name) : undefined;
    if (name !== undefined && name !== '') {
      for (const i of this.#setNames.get(name)) {
        if (i !== replacing) out.push(duplicateNameProblem('credential set', name, this.#setName(i)));
      }
    }
    return out;
  }
}

export function createRuleSetIndex(ruleSet: RuleSet, options: ValidateOptions = {}): RuleSetIndex {
  return new Index(ruleSet, typeof options === 'object' && options !== null ? options : {});
}

/** Every problem of a rule set: rule-limit first, then each rule's problems in order, then credential sets. */
export function validateRuleSet(ruleSet: RuleSet, options: ValidateOptions = {}): Problem[] {
  return createRuleSetIndex(ruleSet, options).problems();
}
