// fast-check generators of *valid* rule sets that share names, targets and credential sets often,
// so that planning one against another produces every kind of change (create, update, replace,
// delete, credential-set replace), and a model of what ACR refuses mid-way, to check that a plan
// never asks for it.

import fc from 'fast-check';
import { nameKey, credentialSetKey } from '../../core/fingerprint.ts';
import { MAX_RULES_PER_REGISTRY, type CacheRule, type CredentialSet, type RuleSet } from '../../core/model.ts';
import { TargetTrie } from '../../core/overlap.ts';
import type { PlanOperation } from '../../core/plan.ts';
import { parseTargetRepository } from '../../core/repository.ts';
import { createRuleSetIndex } from '../../core/validate.ts';

const SEGMENTS = ['a', 'b', 'lib', 'library', 'x-y'] as const;
const RULE_NAMES = ['rule-one', 'rule-two', 'Rule-Three', 'rule-four', 'rule-five', 'rule-six', 'RULE-ONE', 'rule-seven'] as const;
const SET_NAMES = ['hub-creds', 'gh-creds', 'quay-creds', 'Hub-Creds'] as const;
const HOSTS = ['docker.io', 'ghcr.io', 'quay.io', 'mcr.microsoft.com'] as const;
const VAULT = 'https://myvault.vault.azure.net/secrets/';

const pathArb = fc.array(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 3 }).map((s) => s.join('/'));

const targetArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: pathArb },
  { weight: 5, arbitrary: pathArb.map((p) => `${p}/*`) },
  { weight: 1, arbitrary: fc.constant('*') },
);

export const credentialSetArb: fc.Arbitrary<CredentialSet> = fc
  .record({
    name: fc.constantFrom(...SET_NAMES),
    loginServer: fc.constantFrom('docker.io', 'ghcr.io', 'quay.io'),
    user: fc.constantFrom('user-1', 'user-2'),
    pass: fc.constantFrom('pass-1', 'pass-2'),
  })
  .map(({ name, loginServer, user, pass }) => ({ name, loginServer, usernameSecret: VAULT + user, passwordSecret: VAULT + pass }));

const rawRuleArb: fc.Arbitrary<CacheRule> = fc
  .record({
    name: fc.constantFrom(...RULE_NAMES),
    target: targetArb,
    host: fc.constantFrom(...HOSTS),
    path: pathArb,
    credentialSet: fc.option(fc.constantFrom(...SET_NAMES), { nil: undefined }),
  })
  .map(({ name, target, host, path, credentialSet }) => {
    const source = target === '*' ? `${host}/*` : target.endsWith('/*') ? `${host}/${path}/*` : `${host}/${path}`;
    return credentialSet === undefined ? { name, source, target } : { name, source, target, credentialSet };
  });

/** Keeps the items the rule engine accepts, one by one, so the result has no error. */
export function repair(raw: RuleSet): RuleSet {
  const sets: CredentialSet[] = [];
  for (const set of raw.credentialSets) {
    const index = createRuleSetIndex({ rules: [], credentialSets: sets });
    if (!index.checkCredentialSet(set).some((p) => p.severity === 'error')) sets.push(set);
  }
  const rules: CacheRule[] = [];
  for (const rule of raw.rules) {
    const index = createRuleSetIndex({ rules, credentialSets: sets });
    if (!index.checkRule(rule).some((p) => p.severity === 'error')) rules.push(rule);
  }
  const out: RuleSet = { registry: 'contoso.azurecr.io', rules, credentialSets: sets };
  if (createRuleSetIndex(out).problems().some((p) => p.severity === 'error')) throw new Error('repair left an error');
  return out;
}

export const validRuleSetArb: fc.Arbitrary<RuleSet> = fc
  .record({ rules: fc.array(rawRuleArb, { maxLength: 9 }), credentialSets: fc.array(credentialSetArb, { maxLength: 4 }) })
  .map((raw) => repair({ rules: raw.rules, credentialSets: raw.credentialSets }));

/** A draft derived from `live` by edits, so that plans hold updates and replaces, not only creates. */
export function editedArb(live: RuleSet): fc.Arbitrary<RuleSet> {
  const ruleEdit: fc.Arbitrary<(r: CacheRule) => CacheRule | undefined> = fc.oneof(
    fc.constant((r: CacheRule) => r),
    fc.constant(() => undefined),
    fc.constantFrom(...SET_NAMES, undefined).map((cs) => (r: CacheRule) => (cs === undefined ? { name: r.name, source: r.source, target: r.target } : { ...r, credentialSet: cs })),
    rawRuleArb.map((other) => (r: CacheRule) => ({ ...other, name: r.name })),
  );
  const setEdit: fc.Arbitrary<(s: CredentialSet) => CredentialSet | undefined> = fc.oneof(
    fc.constant((s: CredentialSet) => s),
    fc.constant(() => undefined),
    credentialSetArb.map((other) => (s: CredentialSet) => ({ ...other, name: s.name })),
  );
  return fc
    .record({
      ruleEdits: fc.array(ruleEdit, { minLength: live.rules.length, maxLength: live.rules.length }),
      setEdits: fc.array(setEdit, { minLength: live.credentialSets.length, maxLength: live.credentialSets.length }),
      newRules: fc.array(rawRuleArb, { maxLength: 4 }),
      newSets: fc.array(credentialSetArb, { maxLength: 2 }),
    })
    .map(({ ruleEdits, setEdits, newRules, newSets }) => {
      const rules = live.rules.map((r, i) => (ruleEdits[i] as (r: CacheRule) => CacheRule | undefined)(r)).filter((r): r is CacheRule => r !== undefined);
      const credentialSets = live.credentialSets.map((s, i) => (setEdits[i] as (s: CredentialSet) => CredentialSet | undefined)(s)).filter((s): s is CredentialSet => s !== undefined);
      return repair({ rules: [...rules, ...newRules], credentialSets: [...credentialSets, ...newSets] });
    });
}

/** What ACR would refuse, or the state it would pass through that breaks pulls; undefined if fine. */
export function serviceRefusal(state: RuleSet, op: PlanOperation): string | undefined {
  const ruleKeys = new Set(state.rules.map((r) => nameKey(r.name)));
  const setKeys = new Set(state.credentialSets.map((s) => nameKey(s.name)));
  switch (op.kind) {
    case 'create-rule': {
      const key = nameKey(op.rule.name);
      if (ruleKeys.has(key)) return `${op.id}: a rule named ${op.rule.name} exists`;
      if (state.rules.length >= MAX_RULES_PER_REGISTRY) return `${op.id}: the registry already holds ${state.rules.length} rules`;
      const cs = credentialSetKey(op.rule);
      if (cs !== '' && !setKeys.has(cs)) return `${op.id}: credential set ${cs} does not exist`;
      const pattern = parseTargetRepository(op.rule.target);
      if (!pattern.ok) return `${op.id}: invalid target`;
      const trie = new TargetTrie(state.rules.map((r) => {
        const p = parseTargetRepository(r.target);
        return p.ok ? p.value : undefined;
      }));
      const clash = trie.overlapsOf(pattern.value).find((o) => o.kind !== 'static-under-wildcard');
      if (clash !== undefined) return `${op.id}: target ${op.rule.target} ${clash.kind} with ${state.rules[clash.with]?.name}`;
      return undefined;
    }
    case 'update-rule': {
      if (!ruleKeys.has(nameKey(op.rule.name))) return `${op.id}: no such rule`;
      const cs = credentialSetKey(op.rule);
      if (cs !== '' && !setKeys.has(cs)) return `${op.id}: credential set ${cs} does not exist`;
      return undefined;
    }
    case 'delete-rule':
      return ruleKeys.has(nameKey(op.rule.name)) ? undefined : `${op.id}: no such rule`;
    case 'create-credential-set':
      return setKeys.has(nameKey(op.credentialSet.name)) ? `${op.id}: a credential set named ${op.credentialSet.name} exists` : undefined;
    case 'update-credential-set':
      return setKeys.has(nameKey(op.credentialSet.name)) ? undefined : `${op.id}: no such credential set`;
    case 'delete-credential-set': {
      const key = nameKey(op.credentialSet.name);
      if (!setKeys.has(key)) return `${op.id}: no such credential set`;
      const user = state.rules.find((r) => credentialSetKey(r) === key);
      return user === undefined ? undefined : `${op.id}: rule ${user.name} still uses it`;
    }
  }
}

/** A rule set as a canonical, order-free string, for equality. */
export function canonical(ruleSet: RuleSet): string {
  const rules = ruleSet.rules.map((r) => [nameKey(r.name), r.source, r.target, credentialSetKey(r)].join('|')).sort();
  const sets = ruleSet.credentialSets.map((s) => [nameKey(s.name), s.loginServer.toLowerCase(), s.usernameSecret.toLowerCase(), s.passwordSecret.toLowerCase()].join('|')).sort();
  return JSON.stringify({ rules, sets });
}

/** A random order that respects the dependencies (Kahn's algorithm with random priorities). */
export function randomTopologicalOrder(operations: readonly PlanOperation[], priorities: readonly number[]): PlanOperation[] {
  const done = new Set<string>();
  const left = operations.map((op, i) => ({ op, priority: priorities[i % Math.max(1, priorities.length)] ?? 0 }));
  const out: PlanOperation[] = [];
  while (left.length > 0) {
    let best = -1;
    for (let i = 0; i < left.length; i++) {
      const entry = left[i] as { op: PlanOperation; priority: number };
      if (!entry.op.dependsOn.every((d) => done.has(d))) continue;
      if (best < 0 || entry.priority > (left[best] as { priority: number }).priority) best = i;
    }
    if (best < 0) throw new Error('the dependencies have a cycle');
    const entry = left.splice(best, 1)[0] as { op: PlanOperation };
    out.push(entry.op);
    done.add(entry.op.id);
  }
  return out;
}
