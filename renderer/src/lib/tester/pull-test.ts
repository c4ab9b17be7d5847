// The local pull tester: the references found in the pasted text, each resolved by core's
// resolver against the draft. Offline; small pastes are tested as the user types, large ones off
// the keystroke path (pull-test-runner.ts).
import type { CacheRule, Resolution, Resolver } from '../../../../core/index.ts';
import { extractReferences, type ExtractedReference, type Extraction } from '../../../../core/extract/index.ts';

/**
 * `static`/`wildcard`: served through the cache by that kind of rule. `unserved`: through the
 * cache, but no rule covers it. `bypass`: pulled from the upstream directly. `elsewhere`: another
 * registry. `unresolved`: a variable without a value. `invalid`: not a reference.
 */
export type Outcome = 'static' | 'wildcard' | 'unserved' | 'bypass' | 'elsewhere' | 'unresolved' | 'invalid';

export interface PullTestRow {
  /** Position in the results (stable key). */
  readonly key: number;
  readonly source: ExtractedReference;
  readonly resolution: Resolution;
  readonly outcome: Outcome;
  /** Index of the serving rule in the draft's rules, or null. */
  readonly ruleIndex: number | null;
  /** `bypass`: index of the rule that would serve the cached equivalent, or null. */
  readonly cachedRuleIndex: number | null;
  /** Indices of the nearest rules when none serves it. */
  readonly candidateIndices: readonly number[];
}

export type PullTestSummary = Readonly<Record<Outcome | 'total' | 'withWarnings', number>>;

export interface PullTest {
  readonly extraction: Extraction;
  readonly rows: readonly PullTestRow[];
  readonly summary: PullTestSummary;
}

export const EMPTY_PULL_TEST: PullTest = {
  extraction: { format: 'lines', references: [], notes: [] },
  rows: [],
  summary: { total: 0, static: 0, wildcard: 0, unserved: 0, bypass: 0, elsewhere: 0, unresolved: 0, invalid: 0, withWarnings: 0 },
};

/** Rule objects → their index; the resolver hands back the very objects of the rule set. */
export function indexRules(rules: readonly CacheRule[]): ReadonlyMap<CacheRule, number> {
  return new Map(rules.map((rule, i) => [rule, i]));
}

export function outcomeOf(resolution: Resolution): Outcome {
  if (resolution.verdict === 'served') return resolution.matchedBy ?? 'unserved';
  return resolution.verdict;
}

export function testExtraction(extraction: Extraction, resolver: Resolver, ruleIndex: ReadonlyMap<CacheRule, number>): PullTest {
  const resolutions = resolver.resolveMany(extraction.references.map((r) => r.text));
  const summary = { ...EMPTY_PULL_TEST.summary };
  const rows = resolutions.map((resolution, key): PullTestRow => {
    const outcome = outcomeOf(resolution);
    summary.total++;
    summary[outcome]++;
    if (resolution.warnings.length > 0) summary.withWarnings++;
    const cached = resolution.throughCache?.rule;
    return {
      key,
      source: extraction.references[key] as ExtractedReference,
      resolution,
      outcome,
      ruleIndex: resolution.rule === null ? null : (ruleIndex.get(resolution.rule) ?? null),
      cachedRuleIndex: cached === undefined ? null : (ruleIndex.get(cached) ?? null),
      candidateIndices: (resolution.candidates ?? []).map((c) => ruleIndex.get(c)).filter((i): i is number => i !== undefined),
    };
  });
  return { extraction, rows, summary };
}

export function runPullTest(text: string, resolver: Resolver, ruleIndex: ReadonlyMap<CacheRule, number>): PullTest {
  return testExtraction(extractReferences(text), resolver, ruleIndex);
}
