// The Migrate tab's proposed rules on the overlap map: ghosts drawn where their targets would
// be, with what they would meet if added — but not rules yet, so they add nothing to a node's
// rule or conflict counts, the conflicts list or the conflicts-only filter. Laid over the map
// the workspace built (with the rule being edited in it) by copying only the proposed nodes and
// their ancestors, as overlap-tree.ts does for the rule being edited: with no proposal the map is
// returned as it is, so the keystroke path pays nothing.
import { CANDIDATE, describeOverlapReason, parseTargetRepository, type CacheRule, type RepositoryPattern, type TargetTrie } from '../../../../core/index.ts';
import { NO_PROPOSED, type MapNode, type OverlapMap, type ProposedMark, type ProposedOverlap } from './overlap-tree.ts';

function nodePathOf(pattern: RepositoryPattern): string {
  return pattern.kind === 'static' ? pattern.path : pattern.prefix;
}

function parentPathOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

const segmentOrder = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

interface Mark {
  readonly proposed: ProposedMark[];
  readonly overlaps: ProposedOverlap[];
}

/** The proposals' marks per node path, with each one's would-be overlaps against the saved rules (kept per trie and proposal). */
const marksCache = new WeakMap<TargetTrie, WeakMap<readonly CacheRule[], ReadonlyMap<string, Mark>>>();

function marksOf(proposed: readonly CacheRule[], trie: TargetTrie): ReadonlyMap<string, Mark> {
  let perTrie = marksCache.get(trie);
  if (perTrie === undefined) marksCache.set(trie, (perTrie = new WeakMap()));
  const cached = perTrie.get(proposed);
  if (cached !== undefined) return cached;
  const marks = new Map<string, Mark>();
  proposed.forEach((rule, index) => {
    const parsed = parseTargetRepository(rule.target);
    if (!parsed.ok) return;
    const pattern = parsed.value;
    const path = nodePathOf(pattern);
    let mark = marks.get(path);
    if (mark === undefined) marks.set(path, (mark = { proposed: [], overlaps: [] }));
    mark.proposed.push({ index, name: rule.name, source: rule.source, kind: pattern.kind });
    for (const overlap of trie.overlapsOf(pattern)) {
      const other = overlap.rule === CANDIDATE ? overlap.with : overlap.rule;
      const otherPattern = trie.patternOf(other);
      if (otherPattern === undefined) continue;
      const [a, b] = overlap.rule === CANDIDATE ? [pattern, otherPattern] : [otherPattern, pattern];
      mark.overlaps.push({ kind: overlap.kind, proposed: index, with: other, reason: describeOverlapReason(overlap.reason, a, b), refused: overlap.kind !== 'static-under-wildcard' });
    }
  });
  perTrie.set(proposed, marks);
  return marks;
}

/** `map` with `proposed` (the Migrate tab's proposal, in its order) drawn in as ghosts. */
export function withProposals(map: OverlapMap, proposed: readonly CacheRule[], trie: TargetTrie): OverlapMap {
  if (proposed.length === 0) return map;
  const marks = marksOf(proposed, trie);
  if (marks.size === 0) return map;

  // every proposed path and its ancestors are copied; the rest of the tree is shared
  const spine = new Set<string>();
  for (const path of marks.keys()) {
    for (let current = path; ; current = parentPathOf(current)) {
      if (spine.has(current)) break;
      spine.add(current);
      if (current === '') break;
    }
  }
  const childPaths = new Map<string, string[]>();
  for (const path of spine) {
    if (path === '') continue;
    const parent = parentPathOf(path);
    const list = childPaths.get(parent);
    if (list === undefined) childPaths.set(parent, [path]);
    else list.push(path);
  }

  const copies = new Map<string, MapNode>();
  const copy = (path: string, node: MapNode | undefined, depth: number, coveredAbove: boolean): MapNode => {
    const covered = node?.coveredBySaved ?? coveredAbove;
    const below = coveredAbove || (node !== undefined && node.wildcards.length > 0);
    const existing = new Map((node?.children ?? []).map((c) => [c.path, c]));
    const children: MapNode[] = (node?.children ?? []).map((c) => (spine.has(c.path) ? copy(c.path, c, depth + 1, below) : c));
    let added = false;
    for (const childPath of childPaths.get(path) ?? []) {
      if (existing.has(childPath)) continue;
      children.push(copy(childPath, undefined, depth + 1, below));
      added = true;
    }
    if (added) children.sort((a, b) => segmentOrder.compare(a.segment, b.segment));
    const mark = marks.get(path);
    const base: MapNode = node ?? {
      path,
      segment: path === '' ? '' : path.slice(path.lastIndexOf('/') + 1),
      depth,
      children: [],
      wildcards: NO_PROPOSED,
      statics: NO_PROPOSED,
      ghost: null,
      ghostOnly: false,
      wildcardConflict: false,
      staticConflict: false,
      coveredBySaved: covered,
      live: false,
      conflicts: NO_PROPOSED,
      ruleCount: 0,
      conflictCount: 0,
      repository: false,
      repositoryCount: 0,
      proposed: NO_PROPOSED,
      proposedOnly: true,
      proposedOverlaps: NO_PROPOSED,
    };
    // counts stay the set's: proposed nodes hold no rules and no conflicts
    const built: MapNode = { ...base, children, proposed: mark?.proposed ?? NO_PROPOSED, proposedOverlaps: mark?.overlaps ?? NO_PROPOSED };
    copies.set(path, built);
    return built;
  };
  const root = copy('', map.root, 0, false);
  const added = [...copies.values()].filter((n) => n.proposedOnly).length;
  return {
    root,
    conflicts: map.conflicts,
    nodeCount: map.nodeCount + added,
    ghostPath: map.ghostPath,
    pathOfRule: (rule) => map.pathOfRule(rule),
    nodeAt: (path) => copies.get(path) ?? map.nodeAt(path),
    covered: (node) => map.covered(node),
  };
}

/** Every path a proposed rule is drawn at, in the proposal's order. */
export function proposedPaths(map: OverlapMap, proposed: readonly CacheRule[]): string[] {
  const out: string[] = [];
  for (const rule of proposed) {
    const parsed = parseTargetRepository(rule.target);
    if (parsed.ok && map.nodeAt(nodePathOf(parsed.value)) !== undefined) out.push(nodePathOf(parsed.value));
  }
  return out;
}
