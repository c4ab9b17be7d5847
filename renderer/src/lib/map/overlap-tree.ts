// The data behind the overlap map: the registry's target namespace as a tree, annotated with
// the rules at each node and the conflicts between them — as the set would be if the rule being
// edited were saved now. Pure and DOM-free so it can be tested and benchmarked alone; the
// conflict detection itself is core's TargetTrie, never re-derived here.
import {
  CANDIDATE,
  describeOverlapReason,
  formatPattern,
  parseTargetRepository,
  type CacheRule,
  type OverlapKind,
  type RepositoryPattern,
  type TargetNode,
  type TargetOverlap,
  type TargetTrie,
} from '../../../../core/index.ts';

/** A rule on the map: its index in the draft's rules, or `CANDIDATE` for the rule being edited. */
export type MapRule = number;
export { CANDIDATE };

export interface MapConflict {
  readonly kind: OverlapKind;
  /** For static-under-wildcard, the static rule; otherwise the later rule of the pair. */
  readonly rule: MapRule;
  readonly with: MapRule;
  /** Why the two meet, in words: `'library/*' covers everything under 'library/dotnet/*'`. */
  readonly reason: string;
  /** Whether it involves the rule being edited, i.e. it would appear (or stay) on saving. */
  readonly live: boolean;
  /** ACR refuses the pair (wildcard overlap, duplicate target); static-under-wildcard is allowed. */
  readonly refused: boolean;
}

/** The rule being edited, as typed so far. */
export interface MapCandidate {
  readonly target: string;
  /** Index of the saved rule it replaces, or null for a new rule. */
  readonly replacing: number | null;
}

export interface MapNode {
  /** `''` for the root (the registry itself). */
  readonly path: string;
  readonly segment: string;
  readonly depth: number;
  readonly children: readonly MapNode[];
  /** Saved rules with target `<path>/*` (`*` at the root). */
  readonly wildcards: readonly number[];
  /** Saved rules with target `<path>`. */
  readonly statics: readonly number[];
  /** The rule being edited has its target here, as a wildcard or a static target. */
  readonly ghost: 'wildcard' | 'static' | null;
  /** The node is only on the map because of the rule being edited. */
  readonly ghostOnly: boolean;
  /** A wildcard target here overlaps another wildcard (ACR refuses one of them). */
  readonly wildcardConflict: boolean;
  /** Two static targets here are equal (ACR refuses one of them). */
  readonly staticConflict: boolean;
  /** A wildcard strictly above covers this node, so a static rule here is under a wildcard. */
  readonly covered: boolean;
  /** Part of a conflict that involves the rule being edited (lights up before saving). */
  readonly live: boolean;
  /** The conflicts a rule at this node takes part in. */
  readonly conflicts: readonly MapConflict[];
  /** Rules (saved ones and the ghost) at this node and below. */
  readonly ruleCount: number;
  /** Nodes at or below this one with a refused conflict. */
  readonly conflictCount: number;
}

export interface OverlapMap {
  readonly root: MapNode;
  /** Every conflict of the set as it would be on saving, refused ones first. */
  readonly conflicts: readonly MapConflict[];
  readonly nodeCount: number;
  /** Path of the node the rule being edited sits at, when its target parses. */
  readonly ghostPath: string | null;
  /** Path of the node rule `index` is drawn at, or undefined when its target does not parse. */
  pathOfRule(index: MapRule): string | undefined;
  /** The node at `path`, if it is on the map. */
  nodeAt(path: string): MapNode | undefined;
}

export interface OverlapMapInput {
  readonly rules: readonly CacheRule[];
  /** core's trie over the saved rules' targets (RuleSetIndex.trie). */
  readonly trie: TargetTrie;
  readonly candidate?: MapCandidate | null;
}

/** `trie.overlaps()` walks the whole set; keystrokes do not change it, so it is kept per trie. */
const savedOverlaps = new WeakMap<TargetTrie, readonly TargetOverlap[]>();

function overlapsOfSet(trie: TargetTrie): readonly TargetOverlap[] {
  let overlaps = savedOverlaps.get(trie);
  if (overlaps === undefined) {
    overlaps = trie.overlaps();
    savedOverlaps.set(trie, overlaps);
  }
  return overlaps;
}

function nodePathOf(pattern: RepositoryPattern): string {
  return pattern.kind === 'static' ? pattern.path : pattern.prefix;
}

function parentPathOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

interface Builder {
  wildcards: number[];
  statics: number[];
  children: Map<string, Builder>;
  segment: string;
  path: string;
  depth: number;
  ghost: 'wildcard' | 'static' | null;
  ghostOnly: boolean;
  conflicts: MapConflict[];
}

export function buildOverlapMap(input: OverlapMapInput): OverlapMap {
  const { trie, rules } = input;
  const replacing = input.candidate?.replacing ?? null;
  const excluded = replacing ?? CANDIDATE;

  let ghostPattern: RepositoryPattern | undefined;
  if (input.candidate) {
    const parsed = parseTargetRepository(input.candidate.target);
    if (parsed.ok) ghostPattern = parsed.value;
  }
  const patternOf = (rule: MapRule): RepositoryPattern | undefined => (rule === CANDIDATE ? ghostPattern : trie.patternOf(rule));

  // The set as it would be on saving: the replaced rule's conflicts go, the candidate's come.
  const raw: TargetOverlap[] = [];
  for (const overlap of overlapsOfSet(trie)) {
    if (overlap.rule !== excluded && overlap.with !== excluded) raw.push(overlap);
  }
  const liveStart = raw.length;
  if (ghostPattern !== undefined) raw.push(...trie.overlapsOf(ghostPattern, excluded));

  const conflicts: MapConflict[] = [];
  for (let i = 0; i < raw.length; i++) {
    const overlap = raw[i] as TargetOverlap;
    const a = patternOf(overlap.rule);
    const b = patternOf(overlap.with);
    if (a === undefined || b === undefined) continue;
    conflicts.push({
      kind: overlap.kind,
      rule: overlap.rule,
      with: overlap.with,
      reason: describeOverlapReason(overlap.reason, a, b),
      live: i >= liveStart,
      refused: overlap.kind !== 'static-under-wildcard',
    });
  }
  conflicts.sort((x, y) => Number(y.refused) - Number(x.refused) || Number(y.live) - Number(x.live));

  // Copy the trie's nodes that still carry a rule (the replaced rule's own path may now be empty).
  const copy = (node: TargetNode): Builder | undefined => {
    const wildcards = node.wildcards.filter((i) => i !== excluded);
    const statics = node.statics.filter((i) => i !== excluded);
    const children = new Map<string, Builder>();
    for (const [segment, child] of node.children) {
      const built = copy(child);
      if (built !== undefined) children.set(segment, built);
    }
    if (node.depth > 0 && wildcards.length === 0 && statics.length === 0 && children.size === 0) return undefined;
    return { wildcards, statics, children, segment: node.segment, path: node.path, depth: node.depth, ghost: null, ghostOnly: false, conflicts: [] };
  };
  const rootBuilder = copy(trie.root) as Builder;

  let ghostPath: string | null = null;
  if (ghostPattern !== undefined) {
    ghostPath = nodePathOf(ghostPattern);
    let node = rootBuilder;
    if (ghostPath !== '') {
      let path = '';
      for (const segment of ghostPath.split('/')) {
        path = path === '' ? segment : `${path}/${segment}`;
        let child = node.children.get(segment);
        if (child === undefined) {
          child = { wildcards: [], statics: [], children: new Map(), segment, path, depth: node.depth + 1, ghost: null, ghostOnly: true, conflicts: [] };
          node.children.set(segment, child);
        }
        node = child;
      }
    }
    node.ghost = ghostPattern.kind;
  }

  const builders = new Map<string, Builder>();
  const index = (builder: Builder) => {
    builders.set(builder.path, builder);
    for (const child of builder.children.values()) index(child);
  };
  index(rootBuilder);

  const pathOfRule = (rule: MapRule): string | undefined => {
    const pattern = patternOf(rule);
    return pattern === undefined ? undefined : nodePathOf(pattern);
  };
  const wildcardConflictAt = new Set<string>();
  const staticConflictAt = new Set<string>();
  const liveAt = new Set<string>();
  for (const conflict of conflicts) {
    const here = pathOfRule(conflict.rule);
    const there = pathOfRule(conflict.with);
    if (here === undefined || there === undefined) continue;
    builders.get(here)?.conflicts.push(conflict);
    if (there !== here) builders.get(there)?.conflicts.push(conflict);
    if (conflict.kind === 'wildcard-overlap') {
      wildcardConflictAt.add(here);
      wildcardConflictAt.add(there);
    } else if (conflict.kind === 'duplicate-target') staticConflictAt.add(here);
    if (conflict.live && conflict.refused) {
      liveAt.add(here);
      liveAt.add(there);
    }
  }

  let nodeCount = 0;
  const nodes = new Map<string, MapNode>();
  const freeze = (builder: Builder, coveredAbove: boolean): MapNode => {
    nodeCount++;
    const hasWildcard = builder.wildcards.length > 0 || builder.ghost === 'wildcard';
    // Ghost-only nodes sort after the saved ones, so typing does not push saved nodes around.
    const ordered = [...builder.children.values()].sort(
      (a, b) => Number(a.ghostOnly) - Number(b.ghostOnly) || (a.segment < b.segment ? -1 : a.segment > b.segment ? 1 : 0),
    );
    const children = ordered.map((child) => freeze(child, coveredAbove || hasWildcard));
    const conflicted = wildcardConflictAt.has(builder.path) || staticConflictAt.has(builder.path);
    let ruleCount = builder.wildcards.length + builder.statics.length + (builder.ghost === null ? 0 : 1);
    let conflictCount = conflicted ? 1 : 0;
    for (const child of children) {
      ruleCount += child.ruleCount;
      conflictCount += child.conflictCount;
    }
    const node: MapNode = {
      path: builder.path,
      segment: builder.segment,
      depth: builder.depth,
      children,
      wildcards: builder.wildcards,
      statics: builder.statics,
      ghost: builder.ghost,
      ghostOnly: builder.ghostOnly,
      wildcardConflict: wildcardConflictAt.has(builder.path),
      staticConflict: staticConflictAt.has(builder.path),
      covered: coveredAbove,
      live: liveAt.has(builder.path),
      conflicts: builder.conflicts,
      ruleCount,
      conflictCount,
    };
    nodes.set(node.path, node);
    return node;
  };
  const root = freeze(rootBuilder, false);

  return {
    root,
    conflicts,
    nodeCount,
    ghostPath,
    pathOfRule,
    nodeAt: (path) => nodes.get(path),
  };
}

/** The paths from the root down to `path`'s parent: what must be expanded to show `path`. */
export function ancestorPaths(path: string): string[] {
  const out: string[] = [];
  let current = path;
  while (current !== '') {
    current = parentPathOf(current);
    out.push(current);
  }
  return out.reverse();
}

/** The target of a rule written as the map labels it (`library/*`, `*`, `hello-world`). */
export function mapLabelOfRule(trie: TargetTrie, index: number): string | undefined {
  const pattern = trie.patternOf(index);
  return pattern === undefined ? undefined : formatPattern(pattern);
}
