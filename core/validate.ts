// Everything ACR enforces on a set of cache rules and credential sets, checked locally: the
// renderer calls it on every keystroke (through a RuleSetIndex), the main process before anything
// is sent to Azure, the CLI in CI. Problem codes are a stable contract (CLI JSON, UI, tests).
// Every message names the rules at fault and ends with what to do, so it can stand alone.
//
// Inputs may come straight from a file or an IPC payload, so nothing here trusts the static
// types: a missing or non-string field is a problem, never an exception. The checks live in
// validate-rule.ts (one rule), validate-credential-set.ts and validate-pairs.ts (between items).

import { MAX_RULES_PER_REGISTRY, type CacheRule, type CredentialSet, type RuleSet } from './model.ts';
import { CANDIDATE, RepositoryIndex, TargetTrie } from './overlap.ts';
import { credentialSetProblems } from './validate-credential-set.ts';
import { asPair, findGroups, groupCandidateOverlaps, involvedIn } from './validate-groups.ts';
import { duplicateNameGroupProblem, findingProblem, ruleLimitProblem } from './validate-pairs.ts';
import { parseRegistryLoginServer } from './upstreams.ts';
import { NO_PROBLEMS, problem, sentence, text, withEdit, type Problem } from './validate-problem.ts';
import { analyzeRule, type Context, type RuleFacts } from './validate-rule.ts';

export { hasErrors, type Problem, type ProblemCode, type ProblemEdit, type ProblemField, type Severity } from './validate-problem.ts';

export interface ValidateOptions {
  /**
   * The registry's existing repositories: with them, targets that would hit one are reported
   * (`target-exists`), as ACR refuses such rules.
   */
  readonly existingRepositories?: readonly string[];
  /**
   * Whether `credentialSets` lists the registry's credential sets (the default). Turn it off for
   * input that only holds rules, such as `az acr cache list` output: references to credential
   * sets are then not checked against the list.
   */
  readonly credentialSetsListed?: boolean;
}

export interface CheckOptions {
  /** The rule (or credential set) the candidate replaces, by name or by index; absent for a new one. */
  readonly replacing?: string | number;
}

/**
 * A rule set prepared for checking: whole-set validation, and the incremental checks an editor
 * runs on every keystroke (one candidate rule or credential set against everything else).
 * The index is immutable; build a new one when the set itself changes.
 */
export interface RuleSetIndex {
  readonly ruleSet: RuleSet;
  /** The target trie, for a visualizer (rule indices refer to `ruleSet.rules`); built on first use. */
  readonly trie: TargetTrie;
  /** All problems of the whole set (computed once). */
  problems(): Problem[];
  /** The problems of the whole set that involve rule `index` (as `rule` or as `with`). */
  problemsOfRule(index: number): readonly Problem[];
  /** All problems of `candidate` against the set, as if it replaced `replacing` (or were added). */
  checkRule(candidate: CacheRule, options?: CheckOptions): Problem[];
  /** All problems of a credential set against the set's other credential sets. */
  checkCredentialSet(candidate: CredentialSet, options?: CheckOptions): Problem[];
}

/**
 * Names to indices, case-insensitively (ARM's rule). Names rarely repeat, so a name maps to its
 * first index and only repeated names get a list.
 */
class NameIndex {
  readonly #first = new Map<string, number>();
  readonly #repeated = new Map<string, number[]>();

  add(name: string, index: number): void {
    const key = name.toLowerCase();
    const first = this.#first.get(key);
    if (first === undefined) {
      this.#first.set(key, index);
      return;
    }
    const list = this.#repeated.get(key);
    if (list === undefined) this.#repeated.set(key, [first, index]);
    else list.push(index);
  }

  /** The indices of the entries named `name` (any case), in order. */
  get(name: string): readonly number[] {
    const key = name.toLowerCase();
    const list = this.#repeated.get(key);
    if (list !== undefined) return list;
    const first = this.#first.get(key);
    return first === undefined ? [] : [first];
  }

  /** The index lists of names that occur more than once. */
  repeated(): IterableIterator<number[]> {
    return this.#repeated.values();
  }
}

function arrayOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

class Index implements RuleSetIndex {
  readonly ruleSet: RuleSet;
  #trie: TargetTrie | undefined;
  readonly #rules: readonly unknown[];
  readonly #sets: readonly unknown[];
  readonly #facts: RuleFacts[];
  readonly #context: Context;
  /** Lowercased rule name → indices of the rules with that name, in order. */
  readonly #names = new NameIndex();
  readonly #setNames = new NameIndex();
  #problems: Problem[] | undefined;
  #byRule: Map<number, Problem[]> | undefined;
  /** Every problem between rules with the rules it involves, from problems(). */
  #involved: [readonly number[], Problem][] | undefined;

  constructor(ruleSet: RuleSet, options: ValidateOptions) {
    this.ruleSet = ruleSet;
    const input = (typeof ruleSet === 'object' && ruleSet !== null ? ruleSet : {}) as Partial<Record<keyof RuleSet, unknown>>;
    this.#rules = arrayOf(input.rules);
    this.#sets = arrayOf(input.credentialSets);
    const credentialSets = new Map<string, CredentialSet>();
    this.#sets.forEach((raw, i) => {
      const name = typeof raw === 'object' && raw !== null ? text((raw as { name?: unknown }).name) : undefined;
      if (name === undefined) return;
      const key = name.toLowerCase();
      if (!credentialSets.has(key)) credentialSets.set(key, raw as CredentialSet);
      this.#setNames.add(name, i);
    });
    const repos = options.existingRepositories;
    this.#context = {
      credentialSets,
      credentialSetsListed: options.credentialSetsListed !== false,
      repositories: Array.isArray(repos) ? new RepositoryIndex(repos) : undefined,
    };
    this.#facts = this.#rules.map((raw, i) => analyzeRule(raw, i, this.#context));
    this.#facts.forEach((facts, i) => {
      if (facts.name !== '') this.#names.add(facts.name, i);
    });
  }

  // A whole-set lint needs no tree (findGroups hashes); the editor's incremental checks and the
  // visualizer do, so it is built the first time one of them asks.
  get trie(): TargetTrie {
    this.#trie ??= new TargetTrie(this.#facts.map((f) => f.target));
    return this.#trie;
  }

  problems(): Problem[] {
    if (this.#problems !== undefined) return this.#problems;
    const facts = this.#facts;
    const factsOf = (i: number): RuleFacts => facts[i] as RuleFacts;
    // Problems between rules are few next to the rules: keep them aside, keyed by the rule they
    // are reported on, rather than allocating a bucket per rule. Each is one per group of rules
    // (validate-groups.ts), so their number and size grow with the rules, not their square.
    const between = new Map<number, Problem[]>();
    const involved: [readonly number[], Problem][] = [];
    const report = (rule: number, rules: readonly number[], p: Problem): void => {
      const bucket = between.get(rule);
      if (bucket === undefined) between.set(rule, [p]);
      else bucket.push(p);
      involved.push([rules, p]);
    };
    for (const indices of this.#names.repeated()) {
      const p = duplicateNameGroupProblem('rule', indices.map((i) => factsOf(i).name));
      report(indices.length === 2 ? (indices[1] as number) : (indices[0] as number), indices, p);
    }
    for (const finding of findGroups(facts.map((f) => f.target))) {
      const p = findingProblem(finding, factsOf);
      const pair = asPair(finding);
      report(pair === undefined ? (finding.rules[0] as number) : pair.rule, involvedIn(finding), p);
    }
    this.#involved = involved;
    const out: Problem[] = [];
    const registry = registryProblem(this.ruleSet);
    if (registry !== undefined) out.push(registry);
    if (facts.length > MAX_RULES_PER_REGISTRY) out.push(ruleLimitProblem(facts.length, factsOf(MAX_RULES_PER_REGISTRY).name));
    for (let i = 0; i < facts.length; i++) {
      for (const p of factsOf(i).own) out.push(p);
      const bucket = between.get(i);
      if (bucket !== undefined) for (const p of bucket) out.push(p);
    }
    this.#sets.forEach((raw, i) => {
      for (const p of credentialSetProblems(raw, i)) out.push(p);
    });
    for (const indices of this.#setNames.repeated()) out.push(duplicateNameGroupProblem('credential set', indices.map((i) => this.#setName(i))));
    this.#problems = out;
    return out;
  }

  problemsOfRule(index: number): readonly Problem[] {
    if (this.#byRule === undefined) {
      if (this.#involved === undefined) this.problems();
      const byRule = new Map<number, Problem[]>();
      const add = (i: number, p: Problem): void => {
        const list = byRule.get(i);
        if (list === undefined) byRule.set(i, [p]);
        else list.push(p);
      };
      this.#facts.forEach((f, i) => f.own.forEach((p) => add(i, p)));
      for (const [rules, p] of this.#involved ?? []) for (const i of rules) add(i, p);
      this.#byRule = byRule;
    }
    return this.#byRule.get(index) ?? NO_PROBLEMS;
  }

  #setName(index: number): string {
    return text((this.#sets[index] as { name?: unknown }).name) ?? '';
  }

  /** The index `replacing` refers to: an index as is; a name, exact match first, then case-insensitive. */
  #resolveReplacing(replacing: string | number | undefined, names: NameIndex, nameOf: (i: number) => string, count: number): number {
    if (typeof replacing === 'number') return Number.isInteger(replacing) && replacing >= 0 && replacing < count ? replacing : CANDIDATE;
    if (typeof replacing !== 'string') return CANDIDATE;
    const indices = names.get(replacing);
    if (indices.length === 0) return CANDIDATE;
    return indices.find((i) => nameOf(i) === replacing) ?? (indices[0] as number);
  }

  checkRule(candidate: CacheRule, options: CheckOptions = {}): Problem[] {
    const count = this.#facts.length;
    const replacing = this.#resolveReplacing(options.replacing, this.#names, (i) => (this.#facts[i] as RuleFacts).name, count);
    const facts = analyzeRule(candidate, replacing === CANDIDATE ? CANDIDATE : replacing, this.#context);
    const out = facts.own.slice();
    if (replacing === CANDIDATE && count + 1 > MAX_RULES_PER_REGISTRY) {
      out.unshift(ruleLimitProblem(count + 1, facts.name));
    }
    if (facts.name !== '') {
      const same = this.#names.get(facts.name).filter((i) => i !== replacing);
      if (same.length > 0) out.push(duplicateNameGroupProblem('rule', [...same.map((i) => (this.#facts[i] as RuleFacts).name), facts.name]));
    }
    if (facts.target !== undefined) {
      const factsOf = (i: number): RuleFacts => (i === CANDIDATE ? facts : (this.#facts[i] as RuleFacts));
      const overlaps = this.trie.overlapsOf(facts.target, replacing);
      for (const finding of groupCandidateOverlaps(overlaps, (i) => factsOf(i).target, replacing === CANDIDATE ? count : replacing)) out.push(findingProblem(finding, factsOf));
    }
    return out;
  }

  checkCredentialSet(candidate: CredentialSet, options: CheckOptions = {}): Problem[] {
    const replacing = this.#resolveReplacing(options.replacing, this.#setNames, (i) => this.#setName(i), this.#sets.length);
    const out = credentialSetProblems(candidate, replacing);
    const name = typeof candidate === 'object' && candidate !== null ? text(candidate.name) : undefined;
    if (name !== undefined && name !== '') {
      const same = this.#setNames.get(name).filter((i) => i !== replacing);
      if (same.length > 0) out.push(duplicateNameGroupProblem('credential set', [...same.map((i) => this.#setName(i)), name]));
    }
    return out;
  }
}

/** `invalid-login-server` for a rule set whose `registry` is not an ACR login server (`contoso.azurecr`). */
function registryProblem(ruleSet: RuleSet): Problem | undefined {
  const registry = typeof ruleSet === 'object' && ruleSet !== null ? text((ruleSet as { registry?: unknown }).registry) : undefined;
  if (registry === undefined || registry === '') return undefined;
  const parsed = parseRegistryLoginServer(registry);
  if (parsed.ok) return undefined;
  const p = problem('error', 'invalid-login-server', registry, 'registry', `The rule set's registry: ${sentence(parsed.error)}`, parsed.fix);
  return parsed.replacement === undefined ? p : withEdit(p, 'registry', parsed.replacement);
}

export function createRuleSetIndex(ruleSet: RuleSet, options: ValidateOptions = {}): RuleSetIndex {
  return new Index(ruleSet, typeof options === 'object' && options !== null ? options : {});
}

/** Every problem of a rule set: its registry and rule-limit first, then each rule's problems in order, then credential sets. */
export function validateRuleSet(ruleSet: RuleSet, options: ValidateOptions = {}): Problem[] {
  return createRuleSetIndex(ruleSet, options).problems();
}
