// Problems between rules (and between credential sets): overlapping targets, repeated names, and
// the registry's rule limit.

import { MAX_RULES_PER_REGISTRY } from './model.ts';
import { CANDIDATE, describeOverlapReason, type TargetOverlap } from './overlap.ts';
import { formatPattern, type RepositoryPattern } from './repository.ts';
import { asPair, type Finding } from './validate-groups.ts';
import { problem, quote, type Problem } from './validate-problem.ts';
import { labelOf, type RuleFacts } from './validate-rule.ts';

/** A pair problem between `a` (reported as `rule`) and `b` (reported as `with`). */
export function pairProblem(overlap: TargetOverlap, a: RuleFacts, b: RuleFacts): Problem {
  const at = a.target as RepositoryPattern;
  const bt = b.target as RepositoryPattern;
  const aLabel = labelOf(a.name, a.index);
  const bLabel = labelOf(b.name, b.index);
  switch (overlap.kind) {
    case 'wildcard-overlap': {
      const reason = describeOverlapReason(overlap.reason, at, bt);
      return problem('error', 'wildcard-overlap', a.name, 'target', `Wildcard ${aLabel} (target ${quote(formatPattern(at))}) overlaps wildcard ${bLabel} (target ${quote(formatPattern(bt))}): ${reason}. ACR refuses a wildcard rule that overlaps another.`, `remove one of the two rules, or move one target to a prefix the other does not contain (e.g. a sibling path)`, b.name);
    }
    case 'duplicate-target':
      return problem('error', 'duplicate-target', a.name, 'target', `Static ${aLabel} and ${bLabel} both have target ${quote(formatPattern(at))}; a target repository belongs to one rule only.`, `remove one of the two rules, or give one of them another target`, b.name);
    case 'static-under-wildcard':
      return problem('info', 'static-under-wildcard', a.name, 'target', `Static ${aLabel} (target ${quote(formatPattern(at))}) sits under wildcard ${bLabel} (target ${quote(formatPattern(bt))}): pulls of ${quote(formatPattern(at))} are served by ${aLabel}, everything else under ${quote(formatPattern(bt))} by ${bLabel}.`, `nothing to do if that is intended`, b.name);
  }
}

/** `duplicate-name` between `a` (reported) and `b` (the earlier one). */
export function duplicateNameProblem(kind: 'rule' | 'credential set', a: string, b: string): Problem {
  const what = kind === 'rule' ? 'Rules' : 'Credential sets';
  const same = a === b ? `both have the name ${quote(a)}` : `have the names ${quote(a)} and ${quote(b)}, which ARM treats as one (names compare case-insensitively)`;
  return problem('error', 'duplicate-name', a, 'name', `${what} ${same}; names must be unique in a registry.`, `rename one of them`, b);
}

export function ruleLimitProblem(count: number, firstOver: string): Problem {
  const over = count - MAX_RULES_PER_REGISTRY;
  return problem('error', 'rule-limit', firstOver, 'rules', `The rule set has ${count.toLocaleString('en-US')} cache rules; a registry holds at most ${MAX_RULES_PER_REGISTRY.toLocaleString('en-US')}, so ${over.toLocaleString('en-US')} of them (from ${firstOver === '' ? 'the first unnamed one' : quote(firstOver)} on) cannot be created.`, 'remove rules, or replace groups of static rules with one wildcard rule');
}


/** How many rules a grouped message names before "and N more" (the problem's `rules` has them all). */
const NAMED_IN_GROUP = 5;

/** `rule 'a'`, `rules 'a', 'b' and 'c'`, `rules 'a', …, 'e' and 995 more`. */
export function listRules(members: readonly RuleFacts[]): string {
  if (members.length === 1) return labelOf((members[0] as RuleFacts).name, (members[0] as RuleFacts).index);
  const named = members.slice(0, NAMED_IN_GROUP).map((f) => (f.name !== '' ? quote(f.name) : f.index === CANDIDATE ? 'the new rule' : `#${f.index + 1} (unnamed)`));
  const more = members.length - named.length;
  if (more > 0) return `rules ${named.join(', ')} and ${more.toLocaleString('en-US')} more`;
  return `rules ${named.slice(0, -1).join(', ')} and ${named[named.length - 1] as string}`;
}

function grouped(base: Problem, members: readonly RuleFacts[]): Problem {
  const { with: _with, ...rest } = base;
  return { ...rest, rules: members.map((f) => f.name) };
}

/**
 * The problem of a finding: the classic pair between two single rules, otherwise one problem
 * naming every rule involved (`rules`), reported on the first of the inner side.
 */
export function findingProblem(finding: Finding, factsOf: (index: number) => RuleFacts): Problem {
  const pair = asPair(finding);
  if (pair !== undefined) return pairProblem(pair, factsOf(pair.rule), factsOf(pair.with));
  const inner = finding.rules.map(factsOf);
  const outer = finding.others.map(factsOf);
  const first = inner[0] as RuleFacts;
  const innerTarget = quote(formatPattern(first.target as RepositoryPattern));
  const all = [...inner, ...outer];
  const count = all.length.toLocaleString('en-US');
  switch (finding.kind) {
    case 'duplicate-target':
      return grouped(problem('error', 'duplicate-target', first.name, 'target', `${count} static rules have the target ${innerTarget}: ${listRules(inner)}; a target repository belongs to one rule only.`, `keep one of them and give the others other targets, or remove them`), all);
    case 'wildcard-overlap': {
      if (outer.length === 0) {
        return grouped(problem('error', 'wildcard-overlap', first.name, 'target', `${count} wildcard rules have the target ${innerTarget}: ${listRules(inner)}. ACR refuses a wildcard rule that overlaps another.`, `keep one of them, and remove the others or move their targets to prefixes no other rule contains`), all);
      }
      const outerTarget = quote(formatPattern((outer[0] as RuleFacts).target as RepositoryPattern));
      return grouped(problem('error', 'wildcard-overlap', first.name, 'target', `Wildcard target ${outerTarget} (${listRules(outer)}) covers everything under wildcard target ${innerTarget} (${listRules(inner)}). ACR refuses a wildcard rule that overlaps another.`, `remove the rules on one side, or move one target to a prefix the other does not contain (e.g. a sibling path)`), all);
    }
    case 'static-under-wildcard': {
      const outerTarget = quote(formatPattern((outer[0] as RuleFacts).target as RepositoryPattern));
      return grouped(problem('info', 'static-under-wildcard', first.name, 'target', `Static target ${innerTarget} (${listRules(inner)}) sits under wildcard target ${outerTarget} (${listRules(outer)}): pulls of ${innerTarget} are served by the static rule, everything else under ${outerTarget} by the wildcard.`, `nothing to do if that is intended`), all);
    }
  }
}

/**
 * `duplicate-name` among rules (or credential sets) whose names are one to ARM: the classic pair
 * for two, one problem naming them all for more. `names` are in order; the first is the one kept.
 */
export function duplicateNameGroupProblem(kind: 'rule' | 'credential set', names: readonly string[]): Problem {
  if (names.length === 2) return duplicateNameProblem(kind, names[1] as string, names[0] as string);
  const what = kind === 'rule' ? 'rules' : 'credential sets';
  const first = names[0] as string;
  const listed = names.slice(0, NAMED_IN_GROUP).map(quote).join(', ') + (names.length > NAMED_IN_GROUP ? ` and ${(names.length - NAMED_IN_GROUP).toLocaleString('en-US')} more` : '');
  const base = problem('error', 'duplicate-name', first, 'name', `${names.length.toLocaleString('en-US')} ${what} have the name ${quote(first)} (names compare case-insensitively): ${listed}; names must be unique in a registry.`, `keep one of them and rename the others`);
  return { ...base, rules: names };
}
