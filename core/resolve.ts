// Which rule serves a pull, and what it fetches upstream — offline, for the pull tester and the
// CLI. ACR's order: an exact static target wins; otherwise the wildcard whose prefix covers the
// repository (`p/*` covers what is strictly under `p`, not `p`), the rest of the path carried over
// verbatim. Lookups are a Map hit for statics and one Map probe per path segment for wildcards,
// with everything a result needs precomputed per rule, so a resolution costs about as much as
// parsing the reference.

import type { CacheRule, RuleSet } from './model.ts';
import type { TargetNode } from './overlap.ts';
import { DOCKER_HUB, formatReference, isDockerHub, normalizeDockerHubPath, parseReference, versionSuffix, type ImageReference } from './reference.ts';
import { NAME_TOTAL_LENGTH_MAX } from './distribution-grammar.ts';
import { formatPattern, parseSourceRepository, type RepositoryPattern } from './repository.ts';
import { editDistance } from './edit-distance.ts';
import { ReverseIndex, type CachedEquivalent } from './reverse-resolve.ts';
import { endpointOf, isAcrLoginServer, upstreamByLoginServer } from './upstreams.ts';
import { createRuleSetIndex, type RuleSetIndex } from './validate.ts';

/**
 * Where a pull really goes. `served`: through this registry, by a rule. `unserved`: through this
 * registry, but no rule's target covers it. `bypass`: straight to an upstream a rule could serve
 * (a bare `nginx:1.27` is Docker Hub, as for docker), so the cache is not used. `elsewhere`: to
 * some other registry; no cache rule is involved. `unresolved`: it uses a variable (`${TAG}`) with
 * no value, so what it pulls cannot be known. `invalid`: not a reference.
 */
export type Verdict = 'served' | 'unserved' | 'bypass' | 'elsewhere' | 'unresolved' | 'invalid';

export interface Resolution {
  /** The reference as given. */
  readonly image: string;
  readonly verdict: Verdict;
  /** The repository path inside the registry the reference pulls, or null when it did not parse. */
  readonly repository: string | null;
  readonly rule: CacheRule | null;
  readonly matchedBy: 'static' | 'wildcard' | null;
  /** The exact upstream reference ACR fetches, e.g. `docker.io/library/ubuntu:22.04`. */
  readonly upstream: string | null;
  readonly credentialSet: string | null;
  /** Why this rule (or none) serves the pull, in words. */
  readonly explanation: string;
  readonly warnings: string[];
  /** When no rule matches: the rules whose targets come nearest, nearest first. */
  readonly candidates?: CacheRule[];
  /** Why the reference could not be read. */
  readonly error?: string;
  /** `bypass` and `elsewhere`: the full reference the pull fetches directly, e.g. `docker.io/library/nginx:1.27`. */
  readonly direct?: string | null;
  /** `bypass`: the reference that would go through the cache, when a rule's source covers it. */
  readonly throughCache?: CachedEquivalent | null;
}

export interface ResolveOptions {
  /** The registry's login server; defaults to the rule set's `registry`. */
  readonly registry?: string;
}

export interface Resolver {
  resolve(reference: string, options?: ResolveOptions): Resolution;
  resolveMany(references: readonly string[], options?: ResolveOptions): Resolution[];
  /**
   * Resolution in reverse: the reference inside the registry (`contoso.azurecr.io/<target>…`)
   * whose pull fetches `reference` (a normalised upstream reference) through the cache, or null
   * when no rule's source covers it. `registry` defaults to the rule set's.
   */
  throughCache(reference: ImageReference, registry?: string): CachedEquivalent | null;
}

/** What a resolution needs from one rule, worked out once. */
interface CompiledRule {
  readonly rule: CacheRule;
  readonly target: string;
  /**
   * Static: the whole upstream repository. Wildcard: the upstream prefix with its trailing `/`.
   * Null when the rule's source is unusable.
   */
  readonly upstreamBase: string | null;
  /** A `docker.io/*` rule: a one-segment tail is an official image under `library/`. */
  readonly dockerHubRoot: boolean;
  /** A `… → docker.io/library/*` rule: a tail of several segments cannot exist upstream. */
  readonly libraryRemap: boolean;
  readonly credentialSet: string | null;
  readonly warnings: readonly string[];
  /** For a static rule: the wildcard rule it beats, if one covers its target. */
  readonly beats: CacheRule | undefined;
}

/** A shell or compose variable left in a reference: `${NAME…}` or `$NAME`. */
const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;
const PULL_COMMAND = /^(?:sudo\s+)?(?:docker|podman|nerdctl|crictl)\s+(?:image\s+)?pull\s+/;
/** Options of `docker pull` that take a value. */
const VALUED_OPTIONS = new Set(['--platform']);

/** Accepts `docker pull [options] REF` as well as a bare reference. */
function stripPullCommand(input: string): string {
  const text = input.trim();
  if (!text.includes(' ') && !text.includes('\t')) return text;
  const command = PULL_COMMAND.exec(text);
  if (command === null) return text;
  const words = text.slice(command[0].length).split(/\s+/);
  let i = 0;
  while (i < words.length - 1 && (words[i] as string).startsWith('-')) {
    i += VALUED_OPTIONS.has(words[i] as string) ? 2 : 1;
  }
  return words.slice(i).join(' ');
}

const MAX_CANDIDATES = 3;
/** How many sorted neighbours on each side a typo search compares. */
const LOOKALIKE_WINDOW = 8;

class RuleResolver implements Resolver {
  readonly #index: RuleSetIndex;
  readonly #statics = new Map<string, CompiledRule>();
  readonly #wildcards = new Map<string, CompiledRule>();
  readonly #registry: string | undefined;
  readonly #rules: readonly CacheRule[];
  readonly #reverse: ReverseIndex;
  /** The trie's first segments, sorted; built on the first miss. */
  #rootSegments: string[] | undefined;

  constructor(ruleSet: RuleSet) {
    this.#index = createRuleSetIndex(ruleSet);
    this.#rules = Array.isArray(ruleSet.rules) ? ruleSet.rules : [];
    this.#registry = typeof ruleSet.registry === 'string' && ruleSet.registry !== '' ? endpointOf(ruleSet.registry) : undefined;
    this.#reverse = new ReverseIndex(this.#rules);
    const trie = this.#index.trie;
    for (let i = 0; i < this.#rules.length; i++) {
      const target = trie.patternOf(i);
      if (target === undefined) continue;
      const compiled = this.#compile(i, target);
      // With duplicates (an error validation reports), the first rule in order is the one shown.
      const map = target.kind === 'static' ? this.#statics : this.#wildcards;
      const key = target.kind === 'static' ? target.path : target.prefix;
      if (!map.has(key)) map.set(key, compiled);
    }
  }

  #compile(index: number, target: RepositoryPattern): CompiledRule {
    const rule = this.#rules[index] as CacheRule;
    const warnings = this.#index
      .problemsOfRule(index)
      .filter((p) => p.severity !== 'info')
      .map((p) => p.message);
    const parsed = parseSourceRepository(typeof rule.source === 'string' ? rule.source : '');
    const source = parsed.ok ? parsed.value : undefined;
    const hub = source?.loginServer === DOCKER_HUB;
    let upstreamBase: string | null = null;
    // A source that does not parse, or is not of the target's kind, has no upstream to show; the
    // rule's warnings say why.
    if (source !== undefined && source.pattern.kind === target.kind) {
      const p = source.pattern;
      if (p.kind === 'static') upstreamBase = `${source.loginServer}/${hub ? normalizeDockerHubPath(p.path) : p.path}`;
      else upstreamBase = p.prefix === '' ? `${source.loginServer}/` : `${source.loginServer}/${p.prefix}/`;
    }
    const credentialSet = typeof rule.credentialSet === 'string' && rule.credentialSet !== '' ? rule.credentialSet : null;
    let beats: CacheRule | undefined;
    if (target.kind === 'static') {
      const covering = this.#index.trie.wildcardsCovering(target.path)[0];
      if (covering !== undefined) beats = this.#rules[covering];
    }
    return {
      rule,
      target: formatPattern(target),
      upstreamBase,
      dockerHubRoot: source !== undefined && hub && source.pattern.kind === 'wildcard' && source.pattern.prefix === '',
      libraryRemap: source !== undefined && hub && source.pattern.kind === 'wildcard' && source.pattern.prefix === 'library',
      credentialSet,
      warnings,
      beats,
    };
  }

  resolve(input: string, options?: ResolveOptions): Resolution {
    const image = input;
    if (typeof input !== 'string') {
      return { image: String(input), verdict: 'invalid', repository: null, rule: null, matchedBy: null, upstream: null, credentialSet: null, explanation: 'not a reference', warnings: [], error: 'an image reference must be a string' };
    }
    const text = stripPullCommand(input);
    // most references have no `$`: skip the regex scan (and its match arrays) for them
    const variables = text.includes('$') ? [...text.matchAll(VARIABLE)].map((m) => m[1] ?? m[2]) : [];
    if (variables.length > 0) {
      const names = [...new Set(variables)].map((v) => `\${${v}}`).join(', ');
      return { image, verdict: 'unresolved', repository: null, rule: null, matchedBy: null, upstream: null, credentialSet: null, warnings: [], explanation: `'${text}' uses ${names}, which has no value here; set it, or give a default ('\${VAR:-value}'), to test the pull` };
    }
    const parsed = parseReference(text, { normalize: false });
    if (!parsed.ok) {
      return { image, verdict: 'invalid', repository: null, rule: null, matchedBy: null, upstream: null, credentialSet: null, explanation: 'the reference could not be read', warnings: [], error: parsed.error };
    }
    const { domain, path, tag, digest } = parsed.reference;
    const registry = options?.registry !== undefined ? endpointOf(options.registry) : this.#registry;
    const throughThisCache = domain !== undefined && (domain === registry || (registry === undefined && isAcrLoginServer(domain)));
    if (!throughThisCache) return this.#notThroughCache(image, text, domain, registry);
    return this.#resolvePath(image, path, tag, digest);
  }

  /** A pull that does not go to this registry: straight to an upstream, or to another registry. */
  #notThroughCache(image: string, text: string, domain: string | undefined, registry: string | undefined): Resolution {
    const normalized = parseReference(text);
    const reference = normalized.ok ? normalized.reference : undefined;
    const host = reference?.domain ?? DOCKER_HUB;
    const direct = reference === undefined ? null : formatReference(reference);
    const sourced = this.#reverse.servesHost(host);
    // the catalog matches any ACR by its host shape; another ACR is an upstream of this cache
    // only when a rule sources it, otherwise a pull of it is simply elsewhere
    const catalogued = upstreamByLoginServer(host);
    const upstream = catalogued !== undefined && isAcrLoginServer(host) && !sourced ? undefined : catalogued;
    const base = { image, repository: null, rule: null, matchedBy: null, upstream: null, credentialSet: null, warnings: [] as string[], direct };
    if (domain !== undefined && upstream === undefined && !sourced) {
      const here = registry === undefined ? 'the rule set names no registry' : `this cache is '${registry}'`;
      return { ...base, verdict: 'elsewhere', explanation: `'${direct ?? image}' is pulled from '${domain}', not through this cache (${here}); no cache rule is involved` };
    }
    const name = isDockerHub(host) ? 'Docker Hub' : (upstream?.displayName ?? `'${host}'`);
    const cached = reference === undefined ? null : this.throughCache(reference, registry);
    const explanation =
      `'${direct ?? image}' is pulled from ${name} directly, bypassing the cache` +
      (cached === null
        ? `; no rule's source covers it, so there is no reference that would go through the cache`
        : `; through the cache it is '${cached.reference}' (rule '${cached.rule.name}')`);
    return { ...base, verdict: 'bypass', explanation, throughCache: cached };
  }

  throughCache(reference: ImageReference, registry?: string): CachedEquivalent | null {
    const host = reference.domain ?? DOCKER_HUB;
    const at = registry ?? this.#registry;
    for (const candidate of this.#reverse.candidates(host, reference.path)) {
      if (candidate.repository.length > NAME_TOTAL_LENGTH_MAX) continue;
      // A static rule or a deeper wildcard may take the repository in the forward direction; only
      // offer a reference that really resolves back to the same upstream repository.
      const forward = this.#lookup(candidate.repository);
      if (forward === undefined || forward.compiled.rule !== candidate.rule) continue;
      const version = versionSuffix(reference.tag, reference.digest);
      return {
        reference: `${at === undefined ? '' : at + '/'}${candidate.repository}${version}`,
        repository: candidate.repository,
        rule: candidate.rule,
        matchedBy: forward.matchedBy,
      };
    }
    return null;
  }

  /** The rule a repository path inside the registry resolves to, and the tail it carries over. */
  #lookup(path: string): { compiled: CompiledRule; matchedBy: 'static' | 'wildcard'; tail: string } | undefined {
    const exact = this.#statics.get(path);
    if (exact !== undefined) return { compiled: exact, matchedBy: 'static', tail: '' };
    let cut = path.length;
    while (cut > 0) {
      cut = path.lastIndexOf('/', cut - 1);
      const match = this.#wildcards.get(cut < 0 ? '' : path.slice(0, cut));
      if (match !== undefined) return { compiled: match, matchedBy: 'wildcard', tail: cut < 0 ? path : path.slice(cut + 1) };
      if (cut < 0) break;
    }
    return undefined;
  }

  #resolvePath(image: string, path: string, tag: string | undefined, digest: string | undefined): Resolution {
    const warnings: string[] = [];
    const version = versionSuffix(tag, digest);
    if (tag !== undefined && digest !== undefined) {
      warnings.push(`'${image}' has both a tag and a digest: the pull asks for the digest, and the tag ':${tag}' is ignored.`);
    }
    const found = this.#lookup(path);
    if (found !== undefined && found.matchedBy === 'static') {
      const exact = found.compiled;
      for (const w of exact.warnings) warnings.push(w);
      return {
        image,
        verdict: 'served',
        repository: path,
        rule: exact.rule,
        matchedBy: 'static',
        upstream: exact.upstreamBase === null ? null : exact.upstreamBase + version,
        credentialSet: exact.credentialSet,
        explanation:
          exact.beats === undefined
            ? `static rule '${exact.rule.name}' has exactly the target '${path}'`
            : `static rule '${exact.rule.name}' has exactly the target '${path}'; an exact static target beats wildcard rule '${exact.beats.name}'`,
        warnings,
      };
    }
    if (found !== undefined) {
      const match = found.compiled;
      const tail = found.tail;
      for (const w of match.warnings) warnings.push(w);
      let upstream: string | null = null;
      if (match.upstreamBase === null) upstream = null;
      else if (match.dockerHubRoot && !tail.includes('/')) upstream = `${DOCKER_HUB}/library/${tail}${version}`;
      else upstream = match.upstreamBase + tail + version;
      if (match.libraryRemap && upstream !== null && tail.includes('/')) {
        warnings.push(`'${upstream}' cannot exist on Docker Hub: library/ holds only official images, one segment deep. Rule '${match.rule.name}' sends every non-official image there.`);
      }
      return {
        image,
        verdict: 'served',
        repository: path,
        rule: match.rule,
        matchedBy: 'wildcard',
        upstream,
        credentialSet: match.credentialSet,
        explanation: `wildcard rule '${match.rule.name}' (target '${match.target}') covers '${path}'; '${tail}' is carried over to the upstream`,
        warnings,
      };
    }

    const candidates = this.#nearest(path);
    const under = this.#wildcards.get(path);
    if (under !== undefined) {
      warnings.push(`Wildcard rule '${under.rule.name}' ('${under.target}') covers the repositories under '${path}/', not '${path}' itself.`);
    }
    return {
      image,
      verdict: 'unserved',
      repository: path,
      rule: null,
      matchedBy: null,
      upstream: null,
      credentialSet: null,
      explanation: `no rule's target covers '${path}': a pull of it is not served from an upstream`,
      warnings,
      candidates,
    };
  }

  resolveMany(references: readonly string[], options?: ResolveOptions): Resolution[] {
    return Array.isArray(references) ? references.map((r) => this.resolve(r, options)) : [];
  }

  /**
   * First target segments that might be a typo away from `segment`: its neighbours in sorted
   * order, where most one-letter slips land (`libary` sits next to `library`). A registry can
   * have thousands of first segments; a window keeps a miss as cheap as a hit.
   */
  #lookalikeWindow(segment: string): readonly string[] {
    this.#rootSegments ??= [...this.#index.trie.root.children.keys()].sort();
    const sorted = this.#rootSegments;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((sorted[mid] as string) < segment) lo = mid + 1;
      else hi = mid;
    }
    // With few first segments, compare them all (a slip in the first letter moves a word far away
    // in the order); with many, only the neighbours.
    if (sorted.length <= 4 * LOOKALIKE_WINDOW) return sorted;
    return sorted.slice(Math.max(0, lo - LOOKALIKE_WINDOW), lo + LOOKALIKE_WINDOW);
  }

  /** Rules near `path` in the target tree: the deepest node on its way, or a look-alike first segment. */
  #nearest(path: string): CacheRule[] {
    const trie = this.#index.trie;
    const segments = path.split('/');
    const trail: TargetNode[] = [trie.root];
    for (const segment of segments) {
      const next = (trail[trail.length - 1] as TargetNode).children.get(segment);
      if (next === undefined) break;
      trail.push(next);
    }
    if (trail.length === 1) {
      const first = segments[0] as string;
      const limit = Math.max(1, Math.min(3, Math.floor(first.length / 3)));
      let best: TargetNode | undefined;
      let bestDistance = limit + 1;
      for (const segment of this.#lookalikeWindow(first)) {
        const d = editDistance(first, segment, limit);
        if (d < bestDistance) {
          bestDistance = d;
          best = trie.root.children.get(segment);
        }
      }
      if (best === undefined) return [];
      trail.push(best);
    }
    const found: number[] = [];
    const seen = new Set<TargetNode>();
    for (let t = trail.length - 1; t >= 1 && found.length < MAX_CANDIDATES; t--) {
      const queue: TargetNode[] = [trail[t] as TargetNode];
      for (let q = 0; q < queue.length && found.length < MAX_CANDIDATES; q++) {
        const node = queue[q] as TargetNode;
        if (seen.has(node)) continue;
        seen.add(node);
        for (const i of node.wildcards) if (found.length < MAX_CANDIDATES) found.push(i);
        for (const i of node.statics) if (found.length < MAX_CANDIDATES) found.push(i);
        if (found.length >= MAX_CANDIDATES) break;
        for (const child of node.children.values()) {
          queue.push(child);
          if (queue.length > q + MAX_CANDIDATES * 4) break;
        }
      }
    }
    return found.map((i) => this.#rules[i] as CacheRule);
  }
}

export function createResolver(ruleSet: RuleSet): Resolver {
  return new RuleResolver(ruleSet);
}
