// The local pull tester: the references found in the pasted text, each resolved by core's
// resolver against the draft. Offline and instant, so it runs as the user types.
import type { CacheRule, Resolution, Resolver } from '../../../../core/index.ts';
import { extractReferences, type ExtractedReference, type Extraction } from './extract-references.ts';

export type Outcome = 'static' | 'wildcard' | 'unserved' | 'invalid';

export interface PullTestRow {
  /** Position in the results (stable key). */
  readonly key: number;
  readonly source: ExtractedReference;
  readonly resolution: Resolution;
  readonly outcome: Outcome;
  /** Index of the serving rule in the draft's rules, or null. */
  readonly ruleIndex: number | null;
  /** Indices of the nearest rules when none serves it. */
  readonly candidateIndices: readonly number[];
}

export interface PullTestSummary {
  readonly total: number;
  readonly static: number;
  readonly wildcard: number;
  readonly unserved: number;
  readonly invalid: number;
  readonly withWarnings: number;
}

export interface PullTest {
  readonly extraction: Extraction;
  readonly rows: readonly PullTestRow[];
  readonly summary: PullTestSummary;
}

/** Rule objects → their index; the resolver hands back the very objects of the rule set. */
export function indexRules(rules: readonly CacheRule[]): ReadonlyMap<CacheRule, number> {
  return new Map(rules.map((rule, i) => [rule, i]));
}

export function runPullTest(text: string, resolver: Resolver, ruleIndex: ReadonlyMap<CacheRule, number>): PullTest {
  const extraction = extractReferences(text);
  const resolutions = resolver.resolveMany(extraction.references.map((r) => r.text));
  const summary = { total: 0, static: 0, wildcard: 0, unserved: 0, invalid: 0, withWarnings: 0 };
  const rows = resolutions.map((resolution, key): PullTestRow => {
    const outcome: Outcome = resolution.error !== undefined ? 'invalid' : (resolution.matchedBy ?? 'unserved');
    summary.total++;
    summary[outcome]++;
    if (resolution.warnings.length > 0) summary.withWarnings++;
    return {
      key,
      source: extraction.references[key] as ExtractedReference,
      resolution,
      outcome,
      ruleIndex: resolution.rule === null ? null : (ruleIndex.get(resolution.rule) ?? null),
      candidateIndices: (resolution.candidates ?? []).map((c) => ruleIndex.get(c)).filter((i): i is number => i !== undefined),
    };
  });
  return { extraction, rows, summary };
}
