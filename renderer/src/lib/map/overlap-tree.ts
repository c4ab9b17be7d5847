// The data behind the overlap map: the registry's target namespace as a tree, annotated with
// the rules at each node and the conflicts between them — as the set would be if the rule being
// edited were saved now. Pure and DOM-free so it can be tested and benchmarked alone; the
// conflict detection itself is core's TargetTrie, never re-derived here.
//
// The registry's existing repositories, when known (a live registry, or a draft linked to one),
// are nodes too: what makes ACR refuse a target (map-repositories.ts says which and why).
//
// It runs on every keystroke, so the tree of the saved rules is built once per rule set (and
// per rule being replaced, and per repository list) and kept; a keystroke only copies the nodes
// the candidate touches — its own path and the nodes of its conflicts, with their ancestors —
// and shares the rest.
import {
  CANDIDATE,
  describeOverlapReason,
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
  /** A saved wildcard strictly above covers this node (see `OverlapMap.covered` for the ghost's). */
  readonly coveredBySaved: boolean;
  /** Part of a conflict that involves the rule being edited (lights up before saving). */
  readonly live: boolean;
  /** The conflicts a rule at this node takes part in. */
  readonly conflicts: readonly MapConflict[];
  /** Rules (saved ones and the ghost) at this node and below. */
  readonly ruleCount: number;
  /** Nodes at or below this one with a refused conflict. */
  readonly conflictCount: number;
  /** An existing repository of the registry has this path. */
  readonly repository: boolean;
  /** Existing repositories at or below this node. */
  readonly repositoryCount: number;
  /** Rules the Migrate tab proposes here (map-proposals.ts), not counted as rules. */
  readonly proposed: readonly ProposedMark[];
  /** The node is only on the map because of a proposed rule. */
  readonly proposedOnly: boolean;
  /** What the proposed rules here would meet if added (allowed overlaps, e.g. statics under a proposed wildcard). */
  readonly proposedOverlaps: readonly ProposedOverlap[];
}

/** A rule the Migrate tab proposes, drawn at its target's node. */
export interface ProposedMark {
  /** Index into the proposal. */
  readonly index: number;
  readonly name: string;
  readonly source: string;
  readonly kind: 'wildcard' | 'static';
}

/** A would-be overlap of a proposed rule with a rule of the set. */
export interface ProposedOverlap {
  readonly kind: OverlapKind;
  /** Index into the proposal. */
  readonly proposed: number;
  readonly with: MapRule;
  readonly reason: string;
  /** ACR would refuse the pair (the proposal avoids these; shown should the set change under it). */
  readonly refused: boolean;
}

/** The same empty list for every node without proposals. */
export const NO_PROPOSED: readonly never[] = [];

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
  /** Whether a wildcard strictly above the node covers it (the edited rule's included). */
  covered(node: MapNode): boolean;
}

export interface OverlapMapInput {
  readonly rules: readonly CacheRule[];
  /** core's trie over the saved rules' targets (RuleSetIndex.trie). */
  readonly trie: TargetTrie;
  readonly candidate?: MapCandidate | null;
  /** The registry's existing repositories, when known; drawn as nodes of their own. */
  readonly repositories?: readonly string[] | null;
}

function nodePathOf(pattern: RepositoryPattern): string {
  return pattern.kind === 'static' ? pattern.path : pattern.prefix;
}

function parentPathOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/**
 * Children in path order. A ghost-only node takes the place the rule will have once saved, so
 * the map previews the result (and the view stays near it while the target is typed).
 */
function compareSegments(a: MapNode, b: MapNode): number {
  return segmentOrder.compare(a.segment, b.segment);
}

/** Numbers in segments in numeric order (app-9 before app-10), as a person reads a listing. */
const segmentOrder = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

function byImportance(x: MapConflict, y: MapConflict): number {
  return Number(y.refused) - Number(x.refused) || Number(y.live) - Number(x.live);
}

/** The saved rules' tree, with one rule left out (the one being edited), built once. */
interface BaseMap {
  readonly repositories: readonly string[] | null;
  readonly root: MapNode;
  readonly nodes: ReadonlyMap<string, MapNode>;
  readonly conflicts: readonly MapConflict[];
}

const baseCache = new WeakMap<TargetTrie, Map<number, BaseMap>>();

function conflictOf(overlap: TargetOverlap, a: RepositoryPattern, b: RepositoryPattern, live: boolean): MapConflict {
  return {
    kind: overlap.kind,
    rule: overlap.rule,
    with: overlap.with,
    reason: describeOverlapReason(overlap.reason, a, b),
    live,
    refused: overlap.kind !== 'static-under-wildcard',
  };
}

function baseOf(trie: TargetTrie, excluded: number, repositories: readonly string[] | null): BaseMap {
  let perTrie = baseCache.get(trie);
  if (perTrie === undefined) baseCache.set(trie, (perTrie = new Map()));
  let base = perTrie.get(excluded);
  if (base === undefined || base.repositories !== repositories) {
    // an editor session replaces one rule; keep a few so switching between rules stays cheap
    if (base === undefined && perTrie.size >= 4) perTrie.delete(perTrie.keys().next().value as number);
    base = buildBase(trie, excluded, repositories);
    perTrie.set(excluded, base);
  }
  return base;
}

/** The repositories as a tree of path segments: children per parent path. */
function repositoryTree(repositories: readonly string[] | null): { readonly children: ReadonlyMap<string, ReadonlySet<string>>; readonly paths: ReadonlySet<string> } {
  const children = new Map<string, Set<string>>();
  const paths = new Set<string>();
  for (const repository of repositories ?? []) {
    if (repository === '' || paths.has(repository)) continue;
    paths.add(repository);
    let parent = '';
    for (const segment of repository.split('/')) {
      let set = children.get(parent);
      if (set === undefined) children.set(parent, (set = new Set()));
      set.add(segment);
      parent = parent === '' ? segment : `${parent}/${segment}`;
    }
  }
  return { children, paths };
}

function buildBase(trie: TargetTrie, excluded: number, repositories: readonly string[] | null): BaseMap {
  const conflicts: MapConflict[] = [];
  const conflictsAt = new Map<string, MapConflict[]>();
  const wildcardConflictAt = new Set<string>();
  const staticConflictAt = new Set<string>();
  const at = (path: string, conflict: MapConflict) => {
    const list = conflictsAt.get(path);
    if (list === undefined) conflictsAt.set(path, [conflict]);
    else list.push(conflict);
  };
  for (const overlap of trie.overlaps()) {
    if (overlap.rule === excluded || overlap.with === excluded) continue;
    const a = trie.patternOf(overlap.rule);
    const b = trie.patternOf(overlap.with);
    if (a === undefined || b === undefined) continue;
    const conflict = conflictOf(overlap, a, b, false);
    conflicts.push(conflict);
    const here = nodePathOf(a);
    const there = nodePathOf(b);
    at(here, conflict);
    if (there !== here) at(there, conflict);
    if (overlap.kind === 'wildcard-overlap') {
      wildcardConflictAt.add(here);
      wildcardConflictAt.add(there);
    } else if (overlap.kind === 'duplicate-target') staticConflictAt.add(here);
  }
  conflicts.sort(byImportance);

  const nodes = new Map<string, MapNode>();
  const repos = repositoryTree(repositories);
  // Copy the trie's nodes that still carry a rule (the replaced rule's own path may now be empty),
  // merged with the repositories' paths.
  const copy = (path: string, segment: string, depth: number, node: TargetNode | undefined, coveredAbove: boolean): MapNode | undefined => {
    const wildcards = node === undefined ? [] : node.wildcards.filter((i) => i !== excluded);
    const statics = node === undefined ? [] : node.statics.filter((i) => i !== excluded);
    const repository = repos.paths.has(path);
    const children: MapNode[] = [];
    const segments = new Set<string>(node === undefined ? [] : node.children.keys());
    for (const child of repos.children.get(path) ?? []) segments.add(child);
    for (const childSegment of segments) {
      const built = copy(path === '' ? childSegment : `${path}/${childSegment}`, childSegment, depth + 1, node?.children.get(childSegment), coveredAbove || wildcards.length > 0);
      if (built !== undefined) children.push(built);
    }
    if (depth > 0 && wildcards.length === 0 && statics.length === 0 && children.length === 0 && !repository) return undefined;
    children.sort(compareSegments);
    const conflicted = wildcardConflictAt.has(path) || staticConflictAt.has(path);
    let ruleCount = wildcards.length + statics.length;
    let conflictCount = conflicted ? 1 : 0;
    let repositoryCount = repository ? 1 : 0;
    for (const child of children) {
      ruleCount += child.ruleCount;
      conflictCount += child.conflictCount;
      repositoryCount += child.repositoryCount;
    }
    const built: MapNode = {
      path,
      segment,
      depth,
      children,
      wildcards,
      statics,
      ghost: null,
      ghostOnly: false,
      wildcardConflict: wildcardConflictAt.has(path),
      staticConflict: staticConflictAt.has(path),
      coveredBySaved: coveredAbove,
      live: false,
      conflicts: conflictsAt.get(path) ?? [],
      ruleCount,
      conflictCount,
      repository,
      repositoryCount,
      proposed: NO_PROPOSED,
      proposedOnly: false,
      proposedOverlaps: NO_PROPOSED,
    };
    nodes.set(built.path, built);
    return built;
  };
  const root = copy(trie.root.path, trie.root.segment, trie.root.depth, trie.root, false) as MapNode;
  return { repositories, root, nodes, conflicts };
}

/** What the candidate changes at one node, before the node is copied. */
interface Overlay {
  ghost: 'wildcard' | 'static' | null;
  conflicts: MapConflict[];
  wildcardConflict: boolean;
  staticConflict: boolean;
  live: boolean;
}

export function buildOverlapMap(input: OverlapMapInput): OverlapMap {
  const { trie } = input;
  const replacing = input.candidate?.replacing ?? null;
  const excluded = replacing ?? CANDIDATE;
  const base = baseOf(trie, excluded, input.repositories ?? null);

  let ghostPattern: RepositoryPattern | undefined;
  if (input.candidate) {
    const parsed = parseTargetRepository(input.candidate.target);
    if (parsed.ok) ghostPattern = parsed.value;
  }
  const patternOf = (rule: MapRule): RepositoryPattern | undefined => (rule === CANDIDATE ? ghostPattern : trie.patternOf(rule));
  const pathOfRule = (rule: MapRule): string | undefined => {
    const pattern = patternOf(rule);
    return pattern === undefined ? undefined : nodePathOf(pattern);
  };

  if (ghostPattern === undefined) {
    return {
      root: base.root,
      conflicts: base.conflicts,
      nodeCount: base.nodes.size,
      ghostPath: null,
      pathOfRule,
      nodeAt: (path) => base.nodes.get(path),
      covered: (node) => node.coveredBySaved,
    };
  }

  const ghostPath = nodePathOf(ghostPattern);
  const overlays = new Map<string, Overlay>();
  const overlayAt = (path: string): Overlay => {
    let overlay = overlays.get(path);
    if (overlay === undefined) {
      const saved = base.nodes.get(path);
      overlay = {
        ghost: null,
        conflicts: saved === undefined ? [] : [...saved.conflicts],
        wildcardConflict: saved?.wildcardConflict ?? false,
        staticConflict: saved?.staticConflict ?? false,
        live: false,
      };
      overlays.set(path, overlay);
    }
    return overlay;
  };
  overlayAt(ghostPath).ghost = ghostPattern.kind;

  const live: MapConflict[] = [];
  for (const overlap of trie.overlapsOf(ghostPattern, excluded)) {
    const a = patternOf(overlap.rule);
    const b = patternOf(overlap.with);
    if (a === undefined || b === undefined) continue;
    const conflict = conflictOf(overlap, a, b, true);
    live.push(conflict);
    const here = nodePathOf(a);
    const there = nodePathOf(b);
    for (const path of here === there ? [here] : [here, there]) {
      const overlay = overlayAt(path);
      overlay.conflicts.push(conflict);
      if (conflict.kind === 'wildcard-overlap') overlay.wildcardConflict = true;
      if (conflict.kind === 'duplicate-target' && path === here) overlay.staticConflict = true;
      if (conflict.refused) overlay.live = true;
    }
  }
  const conflicts = [...live, ...base.conflicts].sort(byImportance);

  // Copy the touched nodes and their ancestors, deepest first, sharing every other node.
  const copies = new Map<string, MapNode>();
  const touched = [...overlays.keys()];
  const pending = new Set<string>();
  for (const path of touched) {
    let current = path;
    for (;;) {
      pending.add(current);
      if (current === '') break;
      current = parentPathOf(current);
    }
  }
  const depthOf = (path: string) => (path === '' ? 0 : path.split('/').length);
  const order = [...pending].sort((a, b) => depthOf(b) - depthOf(a));
  /** New children per parent, for ghost-only nodes that have no saved counterpart. */
  const addedChildren = new Map<string, MapNode[]>();
  for (const path of order) {
    const saved = base.nodes.get(path);
    const overlay = overlays.get(path);
    const parentPath = parentPathOf(path);
    let children: MapNode[];
    if (saved === undefined) {
      children = addedChildren.get(path) ?? [];
    } else {
      children = saved.children.map((child) => copies.get(child.path) ?? child);
      const added = addedChildren.get(path);
      if (added !== undefined) children.push(...added);
    }
    if (addedChildren.has(path) || saved === undefined) children.sort(compareSegments);
    const ghost = overlay?.ghost ?? null;
    const wildcards = saved?.wildcards ?? [];
    const statics = saved?.statics ?? [];
    const wildcardConflict = overlay?.wildcardConflict ?? saved?.wildcardConflict ?? false;
    const staticConflict = overlay?.staticConflict ?? saved?.staticConflict ?? false;
    let ruleCount = wildcards.length + statics.length + (ghost === null ? 0 : 1);
    let conflictCount = wildcardConflict || staticConflict ? 1 : 0;
    const repository = saved?.repository ?? false;
    let repositoryCount = repository ? 1 : 0;
    for (const child of children) {
      ruleCount += child.ruleCount;
      conflictCount += child.conflictCount;
      repositoryCount += child.repositoryCount;
    }
    const depth = depthOf(path);
    const node: MapNode = {
      path,
      segment: path === '' ? '' : path.slice(path.lastIndexOf('/') + 1),
      depth,
      children,
      wildcards,
      statics,
      ghost,
      ghostOnly: saved === undefined,
      wildcardConflict,
      staticConflict,
      coveredBySaved: saved?.coveredBySaved ?? savedWildcardAbove(base, path),
      live: overlay?.live ?? false,
      conflicts: overlay?.conflicts ?? saved?.conflicts ?? [],
      ruleCount,
      conflictCount,
      repository,
      repositoryCount,
      proposed: NO_PROPOSED,
      proposedOnly: false,
      proposedOverlaps: NO_PROPOSED,
    };
    copies.set(path, node);
    if (saved === undefined && path !== '') {
      const siblings = addedChildren.get(parentPath);
      if (siblings === undefined) addedChildren.set(parentPath, [node]);
      else siblings.push(node);
    }
  }
  const root = copies.get('') as MapNode;
  const ghostNodeCount = [...copies.values()].filter((n) => n.ghostOnly).length;
  const ghostWildcardPrefix = ghostPattern.kind === 'wildcard' ? (ghostPath === '' ? '' : `${ghostPath}/`) : null;

  return {
    root,
    conflicts,
    nodeCount: base.nodes.size + ghostNodeCount,
    ghostPath,
    pathOfRule,
    nodeAt: (path) => copies.get(path) ?? base.nodes.get(path),
    covered: (node) =>
      node.coveredBySaved || (ghostWildcardPrefix !== null && node.path !== ghostPath && node.path.startsWith(ghostWildcardPrefix)),
  };
}

/** Whether a saved wildcard sits strictly above `path` (for a node the saved tree lacks). */
function savedWildcardAbove(base: BaseMap, path: string): boolean {
  let current = path;
  while (current !== '') {
    current = parentPathOf(current);
    const node = base.nodes.get(current);
    if (node !== undefined && node.wildcards.length > 0) return true;
  }
  return false;
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
