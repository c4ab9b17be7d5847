// The rows of the rules table: each rule with its problems from core's whole-set check, plus
// filtering and sorting. Kept apart from the component so that 1,000-rule sorting and filtering
// is plain array work, testable without a DOM.
import type { CacheRule, Problem, RuleSetIndex } from '../../../../core/index.ts';

export interface RuleRow {
  readonly index: number;
  readonly rule: CacheRule;
  readonly kind: 'wildcard' | 'static' | 'invalid';
  readonly problems: readonly Problem[];
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  /** Lowercased text the filter searches. */
  readonly haystack: string;
}

export type SortKey = 'order' | 'name' | 'target' | 'source' | 'credentialSet' | 'problems';

export interface RowQuery {
  readonly text: string;
  readonly show: 'all' | 'errors' | 'warnings' | 'clean';
  readonly sort: SortKey;
  readonly descending: boolean;
}

export const DEFAULT_QUERY: RowQuery = { text: '', show: 'all', sort: 'order', descending: false };

export function buildRows(index: RuleSetIndex): RuleRow[] {
  const rules = index.ruleSet.rules;
  return rules.map((rule, i) => {
    const problems = index.problemsOfRule(i);
    const pattern = index.trie.patternOf(i);
    return {
      index: i,
      rule,
      kind: pattern === undefined ? 'invalid' : pattern.kind,
      problems,
      ...totalsOf(problems),
      haystack: `${rule.name}\n${rule.source}\n${rule.target}\n${rule.credentialSet ?? ''}`.toLowerCase(),
    };
  });
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

function compareBy(key: SortKey): (a: RuleRow, b: RuleRow) => number {
  switch (key) {
    case 'order':
      return (a, b) => a.index - b.index;
    case 'name':
      return (a, b) => collator.compare(a.rule.name, b.rule.name);
    case 'target':
      return (a, b) => collator.compare(a.rule.target, b.rule.target);
    case 'source':
      return (a, b) => collator.compare(a.rule.source, b.rule.source);
    case 'credentialSet':
      return (a, b) => collator.compare(a.rule.credentialSet ?? '', b.rule.credentialSet ?? '');
    case 'problems':
      // most serious first when ascending: what needs attention comes to the top
      return (a, b) => b.errors - a.errors || b.warnings - a.warnings || b.infos - a.infos;
  }
}

export function queryRows(rows: readonly RuleRow[], query: RowQuery): RuleRow[] {
  const needle = query.text.trim().toLowerCase();
  const words = needle === '' ? [] : needle.split(/\s+/);
  const out = rows.filter((row) => {
    if (query.show === 'errors' && row.errors === 0) return false;
    if (query.show === 'warnings' && row.warnings === 0) return false;
    if (query.show === 'clean' && row.errors + row.warnings > 0) return false;
    return words.every((w) => row.haystack.includes(w));
  });
  const compare = compareBy(query.sort);
  out.sort((a, b) => {
    const c = compare(a, b);
    return (query.descending ? -c : c) || a.index - b.index;
  });
  return out;
}

export interface ProblemTotals {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
}

export function totalsOf(problems: readonly Problem[]): ProblemTotals {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const p of problems) {
    if (p.severity === 'error') errors++;
    else if (p.severity === 'warning') warnings++;
    else infos++;
  }
  return { errors, warnings, infos };
}
