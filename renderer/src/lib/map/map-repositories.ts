// The registry's existing repositories on the map. ACR refuses a rule whose static target is an
// existing repository (TargetRepositoryAlreadyPresentInRegistry) or whose wildcard prefix has
// repositories under it (TargetRepositoryPrefixMatchesExistingRegistries) — see core/validate.ts
// (targetExistsProblem) and core/arm-errors.ts, which read them the same way. A saved live rule's
// own repositories are its cache filling up, no fault, so for a live registry only the rule
// being edited is checked; for a draft checked against a registry, every rule the registry does
// not already have as it is (see `rulesToCheck`).
import { fingerprintRule, nameKey, repositoriesHitBy, type Baseline, type CacheRule, type RepositoryIndex, type RepositoryPattern } from '../../../../core/index.ts';
import { CANDIDATE, type MapRule } from './overlap-tree.ts';

/** How many repositories a blocker lists by name (the rest are counted). */
const LISTED = 3;

export interface RepositoryBlocker {
  readonly rule: MapRule;
  /** The map node the rule sits at. */
  readonly path: string;
  readonly code: 'TargetRepositoryAlreadyPresentInRegistry' | 'TargetRepositoryPrefixMatchesExistingRegistries';
  /** Some of the repositories in the way, and how many there are. */
  readonly repositories: readonly string[];
  readonly total: number;
  /** Why, in words. */
  readonly reason: string;
}

export interface BlockerInput {
  readonly repositories: RepositoryIndex;
  /** The saved rules' parsed targets to check (empty for a live registry). */
  readonly saved: ReadonlyArray<readonly [MapRule, RepositoryPattern]>;
  readonly candidate: RepositoryPattern | null;
}

function quote(list: readonly string[], total: number): string {
  const named = list.map((r) => `'${r}'`).join(', ');
  return total > list.length ? `${named} and ${total - list.length} more` : named;
}

export function blockerOf(rule: MapRule, target: RepositoryPattern, repositories: RepositoryIndex): RepositoryBlocker | null {
  const hits = repositoriesHitBy(target, repositories, LISTED + 1);
  if (hits.length === 0) return null;
  if (target.kind === 'static') {
    return {
      rule,
      path: target.path,
      code: 'TargetRepositoryAlreadyPresentInRegistry',
      repositories: hits,
      total: 1,
      reason: `'${target.path}' already exists in the registry; ACR refuses a rule whose target is an existing repository`,
    };
  }
  const total = hits.length > LISTED ? repositories.under(target.prefix).length : hits.length;
  const shown = hits.slice(0, LISTED);
  const where = target.prefix === '' ? "'*'" : `'${target.prefix}/*'`;
  return {
    rule,
    path: target.prefix,
    code: 'TargetRepositoryPrefixMatchesExistingRegistries',
    repositories: shown,
    total,
    reason: `${where} covers ${total} existing repositor${total === 1 ? 'y' : 'ies'} (${quote(shown, total)}); ACR refuses a wildcard whose prefix matches existing repositories`,
  };
}

/** Every rule the existing repositories block, the rule being edited first. */
export function repositoryBlockers(input: BlockerInput): RepositoryBlocker[] {
  const out: RepositoryBlocker[] = [];
  if (input.candidate !== null) {
    const blocker = blockerOf(CANDIDATE, input.candidate, input.repositories);
    if (blocker !== null) out.push(blocker);
  }
  for (const [rule, target] of input.saved) {
    const blocker = blockerOf(rule, target, input.repositories);
    if (blocker !== null) out.push(blocker);
  }
  return out;
}

/** Existing repositories at `path` or below it (the root counts them all). */
export function repositoriesAt(repositories: RepositoryIndex, path: string): number {
  return (path !== '' && repositories.has(path) ? 1 : 0) + repositories.under(path).length;
}

/**
 * Which of a draft's saved rules a registry's repositories can block: all of them, except (when
 * the registry is the one the draft was imported from) a rule still exactly as imported — it
 * exists there, so its repositories are its own cache, and applying the draft leaves it alone.
 */
export function rulesToCheck(rules: readonly CacheRule[], baseline: Baseline | null): number[] {
  const out: number[] = [];
  rules.forEach((rule, i) => {
    const key = nameKey(rule.name);
    // own keys only: names come from outside, and `__proto__` must be a key like any other
    const imported = baseline !== null && Object.prototype.hasOwnProperty.call(baseline.rules, key) ? baseline.rules[key] : undefined;
    if (imported === undefined || imported !== fingerprintRule(rule)) out.push(i);
  });
  return out;
}

/** The blockers an existing repository at `path` stands in the way of. */
export function blockedBy(path: string, blockers: readonly RepositoryBlocker[]): RepositoryBlocker[] {
  return blockers.filter((b) =>
    b.code === 'TargetRepositoryAlreadyPresentInRegistry' ? b.path === path : b.path === '' || path.startsWith(`${b.path}/`),
  );
}
