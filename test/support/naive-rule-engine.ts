// Deliberately simple reference implementations of the rule engine's set-wide logic, written
// straight from the domain rules with pairwise loops and linear scans. Property tests check the
// fast engine against them; the benchmark measures them as the baseline.

import type { CacheRule, RuleSet } from '../../core/model.ts';
import { MAX_RULES_PER_REGISTRY } from '../../core/model.ts';
import { parseSourceRepository, parseTargetRepository } from '../../core/repository.ts';

export interface NaiveTarget {
  readonly wildcard: boolean;
  /** The static path, or the wildcard's prefix (`''` for `*`). */
  readonly path: string;
}

export function naiveTarget(target: unknown): NaiveTarget | undefined {
  if (typeof target !== 'string' || !parseTargetRepository(target).ok) return undefined;
  if (target === '*') return { wildcard: true, path: '' };
  if (target.endsWith('/*')) return { wildcard: true, path: target.slice(0, -2) };
  return { wildcard: false, path: target };
}

/** Whether wildcard prefix `prefix` covers `path` (strictly under it). */
function under(prefix: string, path: string): boolean {
  return prefix === '' || path.startsWith(prefix + '/');
}

export type NaivePair = { kind: 'wildcard-overlap' | 'duplicate-target' | 'static-under-wildcard'; rule: number; with: number };

/** Every conflicting pair, by comparing every rule with every earlier one. */
export function naiveOverlaps(targets: readonly (NaiveTarget | undefined)[]): NaivePair[] {
  const out: NaivePair[] = [];
  for (let j = 0; j < targets.length; j++) {
    const b = targets[j];
    if (b === undefined) continue;
    for (let i = 0; i < j; i++) {
      const a = targets[i];
      if (a === undefined) continue;
      if (a.wildcard && b.wildcard) {
        if (a.path === b.path || under(a.path, b.path) || under(b.path, a.path)) out.push({ kind: 'wildcard-overlap', rule: j, with: i });
      } else if (!a.wildcard && !b.wildcard) {
        if (a.path === b.path) out.push({ kind: 'duplicate-target', rule: j, with: i });
      } else {
        const [s, w, si, wi] = a.wildcard ? [b, a, j, i] : [a, b, i, j];
        if (under(w.path, s.path)) out.push({ kind: 'static-under-wildcard', rule: si, with: wi });
      }
    }
  }
  return out;
}

/** The rule serving repository `path` by scanning every rule: exact static first, else the longest covering wildcard. */
export function naiveResolve(rules: readonly CacheRule[], path: string): { index: number; matchedBy: 'static' | 'wildcard' } | undefined {
  let best = -1;
  let bestLength = -1;
  for (let i = 0; i < rules.length; i++) {
    const t = naiveTarget(rules[i]?.target);
    if (t === undefined) continue;
    if (!t.wildcard && t.path === path) return { index: i, matchedBy: 'static' };
    if (t.wildcard && under(t.path, path) && t.path.length > bestLength) {
      best = i;
      bestLength = t.path.length;
    }
  }
  return best < 0 ? undefined : { index: best, matchedBy: 'wildcard' };
}

/**
 * A lint the obvious way: each rule's own grammar checks, then every pair of rules compared for
 * overlaps, duplicate targets and duplicate names. Returns the number of problems found.
 */
export function naiveLint(ruleSet: RuleSet): number {
  const rules = ruleSet.rules;
  let problems = rules.length > MAX_RULES_PER_REGISTRY ? 1 : 0;
  const targets = rules.map((r) => naiveTarget(r.target));
  for (const rule of rules) {
    if (!/^[a-zA-Z0-9-]{5,50}$/.test(rule.name)) problems++;
    if (!parseSourceRepository(rule.source).ok) problems++;
    if (!parseTargetRepository(rule.target).ok) problems++;
  }
  for (let j = 0; j < rules.length; j++) {
    const b = targets[j];
    const nameB = (rules[j] as CacheRule).name.toLowerCase();
    for (let i = 0; i < j; i++) {
      if ((rules[i] as CacheRule).name.toLowerCase() === nameB) problems++;
      const a = targets[i];
      if (a === undefined || b === undefined) continue;
      if (a.wildcard && b.wildcard) {
        if (a.path === b.path || under(a.path, b.path) || under(b.path, a.path)) problems++;
      } else if (!a.wildcard && !b.wildcard) {
        if (a.path === b.path) problems++;
      } else if (a.wildcard ? under(a.path, b.path) : under(b.path, a.path)) {
        problems++;
      }
    }
  }
  return problems;
}

/** One candidate rule against every rule of the set, pairwise. Returns the number of conflicts. */
export function naiveCheckCandidate(ruleSet: RuleSet, candidate: CacheRule): number {
  const c = naiveTarget(candidate.target);
  let problems = /^[a-zA-Z0-9-]{5,50}$/.test(candidate.name) ? 0 : 1;
  if (!parseSourceRepository(candidate.source).ok) problems++;
  if (c === undefined) return problems + 1;
  const name = candidate.name.toLowerCase();
  for (const rule of ruleSet.rules) {
    if (rule.name.toLowerCase() === name) problems++;
    const t = naiveTarget(rule.target);
    if (t === undefined) continue;
    if (t.wildcard && c.wildcard) {
      if (t.path === c.path || under(t.path, c.path) || under(c.path, t.path)) problems++;
    } else if (!t.wildcard && !c.wildcard) {
      if (t.path === c.path) problems++;
    } else if (t.wildcard ? under(t.path, c.path) : under(c.path, t.path)) {
      problems++;
    }
  }
  return problems;
}

/** Resolves a bare repository path (optionally `:tag`) by a scan, returning the rule name or null. */
export function naiveResolveReference(rules: readonly CacheRule[], reference: string): string | null {
  const colon = reference.lastIndexOf(':');
  const path = colon > reference.lastIndexOf('/') ? reference.slice(0, colon) : reference;
  const hit = naiveResolve(rules, path);
  return hit === undefined ? null : (rules[hit.index] as CacheRule).name;
}
