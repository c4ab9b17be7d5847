// Which rule serves a pull, and what it fetches upstream — offline, for the pull tester and the
// CLI. ACR's order: an exact static target wins; otherwise the wildcard whose prefix covers the
// repository (`p/*` covers what is strictly under `p`, not `p`), the rest of the path carried over
// verbatim. Lookups are a Map hit for statics and one Map probe per path segment for wildcards,
// with everything a result needs precomputed per rule, so a resolution costs about as much as
// parsing the reference.

import type { CacheRule, RuleSet } from './model.ts';
import type { TargetNode } from './overlap.ts';
import { DOCKER_HUB, isDockerHub, normalizeDockerHubPath, parseReference, versionSuffix } from './reference.ts';
import { formatPattern, parseSourceRepository, type RepositoryPattern } from './repository.ts';
import { isAcrLoginServer } from './upstreams.ts';
import { createRuleSetIndex, type RuleSetIndex } from './validate.ts';

export interface Resolution {
  /** The reference as given. */
  readonly image: string;
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
}

export interface ResolveOptions {
  /** The registry's login server; defaults to the rule set's `registry`. */
  readonly registry?: string;
}

export interface Resolver {
  resolve(reference: string, options?: ResolveOptions): Resolution;
  resolveMany(references: readonly string[], options?: ResolveOptions): Resolution[];
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

// Two reusable rows for editDistance: a miss must stay cheap in a batch of a million references.
const ROW_A = new Int32Array(257);
const ROW_B = new Int32Array(257);

/** Edit distance between short strings, giving up past `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit || a.length > 256 || b.length > 256) return limit + 1;
  let previous = ROW_A;
  let current = ROW_B;
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let best = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      let value = (previous[j] as number) + 1;
      const insert = (current[j - 1] as number) + 1;
      if (insert < value) value = insert;
      const replace = (previous[j - 1] as number) + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      if (replace < value) value = replace;
      current[j] = value;
      if (value < best) best = value;
    }
    if (best > limit) return limit + 1;
    const swap = previous;
    previous = current;
    current = swap;
  }
  return previous[b.length] as number;
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
  /** The trie's first segments, sorted; built on the first miss. */
  #rootSegments: string[] | undefined;

  constructor(ruleSet: RuleSet) {
    this.#index = createRuleSetIndex(ruleSet);
    this.#rules = Array.isArray(ruleSet.rules) ? ruleSet.rules : [];
    this.#registry = typeof ruleSet.registry === 'string' && ruleSet.registry !== '' ? ruleSet.registry.toLowerCase() : undefined;
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
      return { image: String(input), repository: null, rule: null, matchedBy: null, upstream: null, credentialSet: null, explanation: 'not a reference', warnings: [], error: 'an image reference must be a string' };
    }
    const parsed = parseReference(stripPullCommand(input), { normalize: false });
    if (!parsed.ok) {
      return { image, repository: null, rule: null, matchedBy: null, upstream: null, credentialSet: null, explanation: 'the reference could not be read', warnings: [], error: parsed.error };
    }
    const { domain, path, tag, digest } = parsed.reference;
    const warnings: string[] = [];
    if (domain !== undefined) {
      const registry = options?.registry !== undefined ? options.registry.toLowerCase() : this.#registry;
      if (domain !== registry && (registry !== undefined || !isAcrLoginServer(domain))) {
        warnings.push(
          registry === undefined
            ? `'${input}' names the registry '${domain}', and the rule set names no registry to compare it with; showing what repository '${path}' would resolve to.`
            : `'${input}' names the registry '${domain}', not '${registry}': ${isDockerHub(domain) ? 'Docker Hub' : 'that registry'} would be pulled from directly, not through the cache. Showing what '${registry}/${path}' would resolve to.`,
        );
      }
    }

    const version = versionSuffix(tag, digest);
    const exact = this.#statics.get(path);
    if (exact !== undefined) {
      for (const w of exact.warnings) warnings.push(w);
      return {
        image,
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

    let cut = path.length;
    while (cut > 0) {
      cut = path.lastIndexOf('/', cut - 1);
      const prefix = cut < 0 ? '' : path.slice(0, cut);
      const match = this.#wildcards.get(prefix);
      if (match !== undefined) {
        const tail = cut < 0 ? path : path.slice(cut + 1);
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
          repository: path,
          rule: match.rule,
          matchedBy: 'wildcard',
          upstream,
          credentialSet: match.credentialSet,
          explanation: `wildcard rule '${match.rule.name}' (target '${match.target}') covers '${path}'; '${tail}' is carried over to the upstream`,
          warnings,
        };
      }
      if (cut < 0) break;
    }

    const candidates = this.#nearest(path);
    const under = this.#wildcards.get(path);
    if (under !== undefined) {
      warnings.push(`Wildcard rule '${under.rule.name}' ('${under.target}') covers the repositories under '${path}/', not '${path}' itself.`);
    }
    return {
      image,
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
