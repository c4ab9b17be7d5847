// Where rule targets collide. A trie over target path segments holds every static target at its
// node and every wildcard `p/*` at the node of `p` (`*` at the root). Then all conflicts are local:
//  - two wildcards overlap iff one's node is the other's node or an ancestor of it;
//  - two statics collide iff they sit at the same node;
//  - a static sits under a wildcard iff the wildcard is at a strict ancestor (`p/*` does not cover `p`).
// So one walk finds every conflict of a set in O(total segments + conflicts), and one edited rule
// is checked by walking its own path (plus, for a wildcard, the subtree below its node: every node
// there lies on some rule's path, so that walk is bounded by the rules it reports).

import { formatPattern, parseTargetRepository, type RepositoryPattern } from './repository.ts';

export type OverlapKind = 'wildcard-overlap' | 'duplicate-target' | 'static-under-wildcard';

/**
 * Why two targets meet:
 * - `same-prefix`: two wildcards with one prefix (`library/*` twice, or `*` twice);
 * - `rule-contains-with` / `with-contains-rule`: one wildcard's prefix is an ancestor of the other's;
 * - `same-target`: two statics with one target;
 * - `under-wildcard`: `rule` is a static under the wildcard `with` (allowed; the static wins).
 */
export type OverlapReason = 'same-prefix' | 'rule-contains-with' | 'with-contains-rule' | 'same-target' | 'under-wildcard';

export interface TargetOverlap {
  readonly kind: OverlapKind;
  /**
   * Index of a rule. For wildcard-overlap and duplicate-target in a whole-set check, the later of
   * the two; for static-under-wildcard, the static one. `CANDIDATE` stands for the rule being
   * checked incrementally.
   */
  readonly rule: number;
  readonly with: number;
  readonly reason: OverlapReason;
}

/** Stands for the candidate rule in the results of `TargetTrie.overlapsOf`. */
export const CANDIDATE = -1;

export interface TargetNode {
  /** The last path segment; `''` for the root. */
  readonly segment: string;
  /** The full path of the node; `''` for the root. */
  readonly path: string;
  readonly depth: number;
  readonly children: ReadonlyMap<string, TargetNode>;
  /** Indices of rules whose target is `<path>/*` (`*` at the root), in rule order. */
  readonly wildcards: readonly number[];
  /** Indices of rules whose target is exactly `<path>`, in rule order. */
  readonly statics: readonly number[];
  /** How many wildcard rules sit strictly below this node. */
  readonly wildcardsBelow: number;
  /** How many static rules sit strictly below this node. */
  readonly staticsBelow: number;
}

interface MutableNode {
  segment: string;
  path: string;
  depth: number;
  children: Map<string, MutableNode>;
  wildcards: number[];
  statics: number[];
  wildcardsBelow: number;
  staticsBelow: number;
}

// Most nodes are leaves holding one rule: they share these empty containers until they need
// their own, which keeps a 100,000-rule trie from allocating hundreds of thousands of them.
const NO_CHILDREN: Map<string, MutableNode> = new Map();
const NO_RULES: number[] = [];

function newNode(segment: string, path: string, depth: number): MutableNode {
  return { segment, path, depth, children: NO_CHILDREN, wildcards: NO_RULES, statics: NO_RULES, wildcardsBelow: 0, staticsBelow: 0 };
}

/** The node path a pattern lives at: the static path, or the wildcard's prefix. */
function nodePathOf(pattern: RepositoryPattern): string {
  return pattern.kind === 'static' ? pattern.path : pattern.prefix;
}

export class TargetTrie {
  readonly root: TargetNode;
  readonly #root: MutableNode;
  readonly #patterns: readonly (RepositoryPattern | undefined)[];

  /**
   * `targets[i]` is the parsed target of rule `i`, or `undefined` when it did not parse (such a
   * rule takes no part in overlaps; validation reports its grammar instead).
   */
  constructor(targets: readonly (RepositoryPattern | undefined)[]) {
    this.#patterns = targets;
    this.#root = newNode('', '', 0);
    this.root = this.#root;
    for (let i = 0; i < targets.length; i++) {
      const pattern = targets[i];
      if (pattern !== undefined) this.#insert(i, pattern);
    }
  }

  get size(): number {
    return this.#patterns.length;
  }

  patternOf(index: number): RepositoryPattern | undefined {
    return this.#patterns[index];
  }

  #insert(index: number, pattern: RepositoryPattern): void {
    const isWildcard = pattern.kind === 'wildcard';
    let node = this.#root;
    const path = nodePathOf(pattern);
    if (path !== '') {
      let start = 0;
      for (;;) {
        const slash = path.indexOf('/', start);
        const end = slash < 0 ? path.length : slash;
        if (isWildcard) node.wildcardsBelow++;
        else node.staticsBelow++;
        const segment = path.slice(start, end);
        let child = node.children.get(segment);
        if (child === undefined) {
          // A leaf's path is the target path itself; only inner nodes need a slice of it.
          child = newNode(segment, slash < 0 ? path : path.slice(0, end), node.depth + 1);
          if (node.children === NO_CHILDREN) node.children = new Map();
          node.children.set(segment, child);
        }
        node = child;
        if (slash < 0) break;
        start = slash + 1;
      }
    }
    if (isWildcard) {
      if (node.wildcards === NO_RULES) node.wildcards = [index];
      else node.wildcards.push(index);
    } else if (node.statics === NO_RULES) node.statics = [index];
    else node.statics.push(index);
  }

  /** The node at `path`, if any rule's target passes through it. */
  nodeAt(path: string): TargetNode | undefined {
    if (path === '') return this.#root;
    let node: MutableNode | undefined = this.#root;
    for (const segment of path.split('/')) {
      node = node.children.get(segment);
      if (node === undefined) return undefined;
    }
    return node;
  }

  /** Every conflict in the set: one entry per conflicting pair. */
  overlaps(): TargetOverlap[] {
    const out: TargetOverlap[] = [];
    const ancestors: number[] = [];
    const visit = (node: MutableNode): void => {
      const { wildcards, statics } = node;
      for (let j = 0; j < wildcards.length; j++) {
        const w = wildcards[j] as number;
        for (const a of ancestors) {
          out.push(a < w ? { kind: 'wildcard-overlap', rule: w, with: a, reason: 'with-contains-rule' } : { kind: 'wildcard-overlap', rule: a, with: w, reason: 'rule-contains-with' });
        }
        for (let i = 0; i < j; i++) out.push({ kind: 'wildcard-overlap', rule: w, with: wildcards[i] as number, reason: 'same-prefix' });
      }
      for (let j = 0; j < statics.length; j++) {
        const s = statics[j] as number;
        for (let i = 0; i < j; i++) out.push({ kind: 'duplicate-target', rule: s, with: statics[i] as number, reason: 'same-target' });
        for (const a of ancestors) out.push({ kind: 'static-under-wildcard', rule: s, with: a, reason: 'under-wildcard' });
      }
      if (node.children.size === 0) return;
      const pushed = wildcards.length;
      for (const w of wildcards) ancestors.push(w);
      for (const child of node.children.values()) visit(child);
      ancestors.length -= pushed;
    };
    visit(this.#root);
    return out;
  }

  /**
   * The conflicts of one candidate target with the set, leaving out rule `exclude` (the rule the
   * candidate replaces). In the results `CANDIDATE` stands for the candidate; symmetric conflicts
   * have it as `rule`, and static-under-wildcard keeps the static one as `rule`.
   */
  overlapsOf(pattern: RepositoryPattern, exclude = CANDIDATE): TargetOverlap[] {
    const out: TargetOverlap[] = [];
    const path = nodePathOf(pattern);
    const isWildcard = pattern.kind === 'wildcard';
    let node: MutableNode | undefined = this.#root;
    let start = 0;
    // Walk down: every wildcard strictly above the candidate's node covers it.
    while (path !== '' && node !== undefined) {
      for (const w of node.wildcards) {
        if (w === exclude) continue;
        out.push(
          isWildcard
            ? { kind: 'wildcard-overlap', rule: CANDIDATE, with: w, reason: 'with-contains-rule' }
            : { kind: 'static-under-wildcard', rule: CANDIDATE, with: w, reason: 'under-wildcard' },
        );
      }
      const slash = path.indexOf('/', start);
      const end = slash < 0 ? path.length : slash;
      node = node.children.get(path.slice(start, end));
      if (slash < 0) break;
      start = slash + 1;
    }
    if (node === undefined) return out;
    if (!isWildcard) {
      for (const s of node.statics) {
        if (s !== exclude) out.push({ kind: 'duplicate-target', rule: CANDIDATE, with: s, reason: 'same-target' });
      }
      return out;
    }
    for (const w of node.wildcards) {
      if (w !== exclude) out.push({ kind: 'wildcard-overlap', rule: CANDIDATE, with: w, reason: 'same-prefix' });
    }
    // Everything strictly below the wildcard's node is covered by it.
    const stack: MutableNode[] = [];
    for (const child of node.children.values()) stack.push(child);
    while (stack.length > 0) {
      const below = stack.pop() as MutableNode;
      for (const w of below.wildcards) {
        if (w !== exclude) out.push({ kind: 'wildcard-overlap', rule: CANDIDATE, with: w, reason: 'rule-contains-with' });
      }
      for (const s of below.statics) {
        if (s !== exclude) out.push({ kind: 'static-under-wildcard', rule: s, with: CANDIDATE, reason: 'under-wildcard' });
      }
      if (below.wildcardsBelow + below.staticsBelow > 0) for (const child of below.children.values()) stack.push(child);
    }
    return out;
  }

  /** The wildcard rules whose target covers repository `path`, innermost first. */
  wildcardsCovering(path: string): number[] {
    const found: number[] = [];
    let node: MutableNode | undefined = this.#root;
    const segments = path.split('/');
    for (let i = 0; i < segments.length && node !== undefined; i++) {
      found.push(...node.wildcards);
      node = node.children.get(segments[i] as string);
    }
    return found.reverse();
  }
}

/** Adds `value` under `key`, keeping a single number until a key repeats (most never do). */
function addIndex(map: Map<string, number | number[]>, key: string, value: number): void {
  const existing = map.get(key);
  if (existing === undefined) map.set(key, value);
  else if (typeof existing === 'number') map.set(key, [existing, value]);
  else existing.push(value);
}

function indicesOf(entry: number | number[] | undefined): readonly number[] {
  return entry === undefined ? [] : typeof entry === 'number' ? [entry] : entry;
}

/**
 * Every conflict among `targets`: the same pairs as `TargetTrie.overlaps`, in rule order, found
 * without building the trie. Statics and wildcards go into one hash map each (equal targets and
 * equal prefixes are then one lookup); every target then looks up its strict ancestors among the
 * wildcard prefixes. That is one lookup per path segment and no tree, which is what a whole-set
 * lint of 100,000 rules can afford; the editor's subtree queries use the trie.
 */
export function findOverlaps(targets: readonly (RepositoryPattern | undefined)[]): TargetOverlap[] {
  const statics = new Map<string, number | number[]>();
  const wildcards = new Map<string, number | number[]>();
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i];
    if (t === undefined) continue;
    if (t.kind === 'static') addIndex(statics, t.path, i);
    else addIndex(wildcards, t.prefix, i);
  }
  const out: TargetOverlap[] = [];
  for (const entry of wildcards.values()) {
    if (typeof entry === 'number') continue;
    for (let j = 1; j < entry.length; j++) {
      for (let i = 0; i < j; i++) out.push({ kind: 'wildcard-overlap', rule: entry[j] as number, with: entry[i] as number, reason: 'same-prefix' });
    }
  }
  for (const entry of statics.values()) {
    if (typeof entry === 'number') continue;
    for (let j = 1; j < entry.length; j++) {
      for (let i = 0; i < j; i++) out.push({ kind: 'duplicate-target', rule: entry[j] as number, with: entry[i] as number, reason: 'same-target' });
    }
  }
  if (wildcards.size === 0) return out;
  const root = indicesOf(wildcards.get(''));
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i];
    if (t === undefined) continue;
    const isWildcard = t.kind === 'wildcard';
    const path = isWildcard ? t.prefix : t.path;
    if (path === '') continue;
    // Strict ancestors, innermost first, ending with the root (`*`).
    let cut = path.length;
    for (;;) {
      cut = path.lastIndexOf('/', cut - 1);
      const above = cut < 0 ? root : indicesOf(wildcards.get(path.slice(0, cut)));
      for (const a of above) {
        if (!isWildcard) out.push({ kind: 'static-under-wildcard', rule: i, with: a, reason: 'under-wildcard' });
        else if (a < i) out.push({ kind: 'wildcard-overlap', rule: i, with: a, reason: 'with-contains-rule' });
        else out.push({ kind: 'wildcard-overlap', rule: a, with: i, reason: 'rule-contains-with' });
      }
      if (cut < 0) break;
    }
  }
  return out;
}

/** A sorted view of a registry's repositories, so that a prefix's repositories are one slice of it. */
export class RepositoryIndex {
  readonly #sorted: string[];
  readonly #set: Set<string>;

  constructor(repositories: readonly string[]) {
    this.#set = new Set(repositories.filter((r) => typeof r === 'string').map((r) => r.toLowerCase()));
    this.#sorted = [...this.#set].sort();
  }

  get size(): number {
    return this.#sorted.length;
  }

  has(repository: string): boolean {
    return this.#set.has(repository);
  }

  /** Repositories strictly under `prefix` (`''` = all), at most `limit` of them, in order. */
  under(prefix: string, limit = Number.POSITIVE_INFINITY): string[] {
    if (prefix === '') return this.#sorted.slice(0, Math.min(limit, this.#sorted.length));
    const start = prefix + '/';
    let lo = 0;
    let hi = this.#sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#sorted[mid] as string) < start) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < this.#sorted.length && out.length < limit; i++) {
      const repository = this.#sorted[i] as string;
      if (!repository.startsWith(start)) break;
      out.push(repository);
    }
    return out;
  }
}

/**
 * The existing repositories a rule's target (parsed, or as written) would hit — exactly the ones
 * ACR refuses the rule for (TargetRepositoryAlreadyPresentInRegistry for a static target,
 * TargetRepositoryPrefixMatchesExistingRegistries for a wildcard). A target that does not parse
 * hits nothing.
 */
export function repositoriesHitBy(target: RepositoryPattern | string, existing: readonly string[] | RepositoryIndex, limit?: number): string[] {
  if (typeof target === 'string') {
    const parsed = parseTargetRepository(target);
    if (!parsed.ok) return [];
    target = parsed.value;
  }
  const index = existing instanceof RepositoryIndex ? existing : new RepositoryIndex(existing);
  if (target.kind === 'static') return index.has(target.path) ? [target.path] : [];
  return index.under(target.prefix, limit);
}

/** `library/*` contains `library/dotnet/*`: the words a message uses for a reason. */
export function describeOverlapReason(reason: OverlapReason, rule: RepositoryPattern, other: RepositoryPattern): string {
  const a = `'${formatPattern(rule)}'`;
  const b = `'${formatPattern(other)}'`;
  switch (reason) {
    case 'same-prefix':
      return `both targets are ${a}`;
    case 'rule-contains-with':
      return `${a} covers everything under ${b}`;
    case 'with-contains-rule':
      return `${b} covers everything under ${a}`;
    case 'same-target':
      return `both targets are ${a}`;
    case 'under-wildcard':
      return `${b} covers ${a}`;
  }
}
