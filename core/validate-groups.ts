// Where rule targets meet, as groups rather than pairs. N rules with one target are one finding
// (listing the N rules), not N·(N-1)/2: problem output then grows with the rules, never with their
// square, so a set of 100,000 rules with one target lints in bounded memory. A finding between
// two single rules is the classic pair problem (`rule` and `with`), so small sets read as before.
//
// The whole set is read from two hash maps (static targets, wildcard prefixes): every distinct
// target looks up its strict ancestors among the prefixes, one lookup per path segment. The pairs
// of core/overlap.ts (TargetTrie.overlaps, findOverlaps) stay as they are for the overlap map.

import { CANDIDATE, type OverlapKind, type OverlapReason, type TargetOverlap } from './overlap.ts';
import { formatPattern, type RepositoryPattern } from './repository.ts';

/**
 * Rules whose targets meet. `rules` are the inner side (the statics under a wildcard, or the
 * wildcards of the inner prefix of a containment: `reason` is then 'with-contains-rule' or
 * 'under-wildcard'), `others` the wildcards above them.
 * For a same-target or same-prefix group, `others` is empty and `rules` holds them all.
 * Indices refer to the rule set; CANDIDATE stands for the rule being checked.
 */
export interface Finding {
  readonly kind: OverlapKind;
  readonly reason: OverlapReason;
  readonly rules: readonly number[];
  readonly others: readonly number[];
}

/** Every rule a finding involves. */
export function involvedIn(finding: Finding): readonly number[] {
  return finding.others.length === 0 ? finding.rules : [...finding.rules, ...finding.others];
}

/** The rules at one target: a lone rule's index as is, an array only once a second one comes. */
type Bucket = number | number[];

function add(map: Map<string, Bucket>, key: string, index: number): void {
  const bucket = map.get(key);
  if (bucket === undefined) map.set(key, index);
  else if (typeof bucket === 'number') map.set(key, [bucket, index]);
  else bucket.push(index);
}

const first = (bucket: Bucket): number => (typeof bucket === 'number' ? bucket : (bucket[0] as number));
const members = (bucket: Bucket): number[] => (typeof bucket === 'number' ? [bucket] : bucket);

/**
 * Every place where targets of the set meet, grouped: one finding per shared static target, per
 * shared wildcard prefix, per (outer prefix, inner prefix) and per (static target, prefix above
 * it). Rule order decides the order of findings, as it does for the pairs. Most rules meet no
 * other, so a rule alone at its target costs a map entry and no array.
 */
export function findGroups(targets: readonly (RepositoryPattern | undefined)[]): Finding[] {
  const statics = new Map<string, Bucket>();
  const wildcards = new Map<string, Bucket>();
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i];
    if (t === undefined) continue;
    if (t.kind === 'static') add(statics, t.path, i);
    else add(wildcards, t.prefix, i);
  }
  const out: Finding[] = [];
  for (const rules of wildcards.values()) if (typeof rules !== 'number') out.push({ kind: 'wildcard-overlap', reason: 'same-prefix', rules, others: [] });
  for (const rules of statics.values()) if (typeof rules !== 'number') out.push({ kind: 'duplicate-target', reason: 'same-target', rules, others: [] });
  if (wildcards.size === 0) return out;
  // Each distinct target once, at its first rule: rule order without sorting.
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i];
    if (t === undefined) continue;
    const isWildcard = t.kind === 'wildcard';
    const path = isWildcard ? t.prefix : t.path;
    if (path === '') continue; // the root prefix has no ancestors
    const bucket = (isWildcard ? wildcards : statics).get(path) as Bucket;
    if (first(bucket) !== i) continue;
    // the strict ancestors of the path among the prefixes, innermost first (the root '' last)
    let rules: number[] | undefined;
    let cut = path.length;
    for (;;) {
      cut = path.lastIndexOf('/', cut - 1);
      const above = wildcards.get(cut < 0 ? '' : path.slice(0, cut));
      if (above !== undefined) {
        rules ??= members(bucket);
        const others = members(above);
        out.push(isWildcard ? { kind: 'wildcard-overlap', reason: 'with-contains-rule', rules, others } : { kind: 'static-under-wildcard', reason: 'under-wildcard', rules, others });
      }
      if (cut < 0) break;
    }
  }
  return out;
}

/**
 * The findings of one candidate, from its pairs (TargetTrie.overlapsOf): the same groups the
 * whole set with the candidate in it has, restricted to those the candidate is in. Rules with the
 * candidate's own target (or prefix) are its side of every other finding; rules at one other
 * target are the other side. `candidateAt` is the candidate's place in rule order.
 */
export function groupCandidateOverlaps(overlaps: readonly TargetOverlap[], targetOf: (index: number) => RepositoryPattern | undefined, candidateAt: number): Finding[] {
  const place = (i: number): number => (i === CANDIDATE ? candidateAt : i);
  const inOrder = (list: number[]): number[] => list.sort((a, b) => place(a) - place(b));
  const siblings: number[] = [];
  let same: TargetOverlap | undefined;
  const groups = new Map<string, { kind: OverlapKind; candidateInner: boolean; members: number[] }>();
  for (const o of overlaps) {
    if (o.reason === 'same-prefix' || o.reason === 'same-target') {
      siblings.push(o.with);
      same = o;
      continue;
    }
    const candidateIsRule = o.rule === CANDIDATE;
    const other = candidateIsRule ? o.with : o.rule;
    // The candidate is the inner side when it is the static, or the wildcard another one covers.
    const candidateInner = o.kind === 'static-under-wildcard' ? candidateIsRule : o.reason === 'with-contains-rule';
    const pattern = targetOf(other);
    const key = `${o.kind}\u0000${candidateInner ? 'in' : 'out'}\u0000${pattern === undefined ? '' : formatPattern(pattern)}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { kind: o.kind, candidateInner, members: [other] });
    else group.members.push(other);
  }
  const mine = inOrder([CANDIDATE, ...siblings]);
  const out: Finding[] = [];
  if (same !== undefined) out.push({ kind: same.kind, reason: same.reason, rules: mine, others: [] });
  for (const g of groups.values()) {
    const theirs = inOrder(g.members);
    const reason: OverlapReason = g.kind === 'static-under-wildcard' ? 'under-wildcard' : 'with-contains-rule';
    out.push(g.candidateInner ? { kind: g.kind, reason, rules: mine, others: theirs } : { kind: g.kind, reason, rules: theirs, others: mine });
  }
  return out;
}

/**
 * A finding between two single rules as the pair the problem reports: `rule` is the later rule
 * of a symmetric pair (the candidate, in an incremental check) or the static under a wildcard.
 */
export function asPair(finding: Finding): TargetOverlap | undefined {
  const { kind, reason, rules, others } = finding;
  if (others.length === 0) {
    if (rules.length !== 2) return undefined;
    const [a, b] = rules as [number, number];
    return a === CANDIDATE ? { kind, reason, rule: a, with: b } : { kind, reason, rule: b, with: a };
  }
  if (rules.length !== 1 || others.length !== 1) return undefined;
  const inner = rules[0] as number;
  const outer = others[0] as number;
  if (kind === 'static-under-wildcard') return { kind, reason, rule: inner, with: outer };
  // A containment: the later rule reports it, saying which side covers which.
  const innerFirst = inner === CANDIDATE || (outer !== CANDIDATE && inner > outer);
  return innerFirst ? { kind, reason: 'with-contains-rule', rule: inner, with: outer } : { kind, reason: 'rule-contains-with', rule: outer, with: inner };
}
