import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  canonical,
  editedArb,
  randomTopologicalOrder,
  serviceRefusal,
  validRuleSetArb,
} from '../test/support/plan-arbitraries.ts';
import { baselineOf, fingerprintCredentialSet, fingerprintRule, nameKey } from './fingerprint.ts';
import type { CacheRule, CredentialSet, RuleSet } from './model.ts';
import {
  advanceBaseline,
  applyOperation,
  dependentsOf,
  DETACH_REASON,
  planChanges,
  resolveConflict,
  RESUMED_REASON,
  unfinishedReplaces,
  type Plan,
  type PlanOperation,
} from './plan.ts';

const VAULT = 'https://myvault.vault.azure.net/secrets/';
const hub: CredentialSet = { name: 'dockerhub', loginServer: 'docker.io', usernameSecret: VAULT + 'hub-user', passwordSecret: VAULT + 'hub-pass' };
const gh: CredentialSet = { name: 'github', loginServer: 'ghcr.io', usernameSecret: VAULT + 'gh-user', passwordSecret: VAULT + 'gh-pass' };

function set(rules: CacheRule[], credentialSets: CredentialSet[] = []): RuleSet {
  return { registry: 'contoso.azurecr.io', rules, credentialSets };
}

function ids(plan: Plan): string[] {
  return plan.operations.map((op) => op.id);
}

function op(plan: Plan, id: string): PlanOperation {
  const found = plan.operations.find((o) => o.id === id);
  if (found === undefined) throw new Error(`no operation ${id} in ${ids(plan).join(', ')}`);
  return found;
}

/** Runs the operations in order against the service model; returns the final state. */
function run(live: RuleSet, operations: readonly PlanOperation[]): RuleSet {
  let state = live;
  for (const o of operations) {
    const refusal = serviceRefusal(state, o);
    if (refusal !== undefined) throw new Error(`the service would refuse ${refusal}`);
    state = applyOperation(state, o);
  }
  return state;
}

const nginx: CacheRule = { name: 'nginx', source: 'docker.io/library/nginx', target: 'nginx', credentialSet: 'dockerhub' };
const dotnet: CacheRule = { name: 'dotnet', source: 'mcr.microsoft.com/dotnet/*', target: 'dotnet/*' };

describe('planChanges: operations', () => {
  test('an empty registry: credential sets first, then the rules that use them', () => {
    const plan = planChanges(set([]), set([nginx, dotnet], [hub]), { prune: false });
    expect(ids(plan)).toEqual(['create-credential-set:dockerhub', 'create-rule:nginx', 'create-rule:dotnet']);
    expect(op(plan, 'create-rule:nginx').dependsOn).toEqual(['create-credential-set:dockerhub']);
    expect(op(plan, 'create-rule:dotnet').dependsOn).toEqual([]);
    expect(plan.waves).toEqual([['create-credential-set:dockerhub', 'create-rule:dotnet'], ['create-rule:nginx']]);
    expect(plan.problems).toEqual([]);
    expect(plan.blocked).toBe(false);
    expect(plan.changes.map((c) => [c.item, c.name, c.change])).toEqual([
      ['credential-set', 'dockerhub', 'create'],
      ['rule', 'nginx', 'create'],
      ['rule', 'dotnet', 'create'],
    ]);
  });

  test('the same content is no change; names compare case-insensitively', () => {
    const live = set([nginx, dotnet], [hub]);
    const draft = set([{ ...nginx, name: 'NGINX', credentialSet: 'DockerHub', source: 'Docker.IO/library/nginx' }, dotnet], [{ ...hub, name: 'DOCKERHUB', usernameSecret: hub.usernameSecret.toUpperCase() }]);
    const plan = planChanges(live, draft, { prune: true });
    expect(plan.operations).toEqual([]);
    expect(canonical(plan.result)).toBe(canonical(live));
    expect(plan.result.rules[0]?.name).toBe('nginx');
  });

  test('a new credential set on a rule is a PATCH, after the set exists; removing it is a replace (PATCH null is a no-op today)', () => {
    const live = set([{ name: 'ghcr-app', source: 'ghcr.io/acme/app', target: 'app' }, { name: 'ghcr-tool', source: 'ghcr.io/acme/tool', target: 'tool', credentialSet: 'github' }], [gh]);
    const draft = set([{ name: 'ghcr-app', source: 'ghcr.io/acme/app', target: 'app', credentialSet: 'github2' }, { name: 'ghcr-tool', source: 'ghcr.io/acme/tool', target: 'tool' }], [gh, { ...gh, name: 'github2' }]);
    const plan = planChanges(live, draft, { prune: false });
    expect(ids(plan)).toEqual(['delete-rule:ghcr-tool', 'create-credential-set:github2', 'update-rule:ghcr-app', 'create-rule:ghcr-tool']);
    const attach = op(plan, 'update-rule:ghcr-app');
    expect(attach.kind === 'update-rule' && attach.rule.credentialSet).toBe('github2');
    expect(attach.dependsOn).toEqual(['create-credential-set:github2']);
    const recreate = op(plan, 'create-rule:ghcr-tool');
    expect(recreate.kind === 'create-rule' && 'credentialSet' in recreate.rule).toBe(false);
    expect(recreate.dependsOn).toEqual(['delete-rule:ghcr-tool']);
    expect(plan.changes.find((c) => c.name === 'ghcr-tool')).toMatchObject({ change: 'replace', reason: DETACH_REASON });
    expect(plan.operations.some((o) => o.kind === 'update-rule' && !('credentialSet' in o.rule))).toBe(false);
    expect(canonical(run(live, plan.operations))).toBe(canonical(draft));
  });

  test('a new source or target is a delete and a create, in that order', () => {
    const live = set([nginx], [hub]);
    const draft = set([{ ...nginx, target: 'web/nginx' }], [hub]);
    const plan = planChanges(live, draft, { prune: false });
    expect(ids(plan)).toEqual(['delete-rule:nginx', 'create-rule:nginx']);
    expect(plan.operations.every((o) => o.change === 'replace')).toBe(true);
    expect(op(plan, 'create-rule:nginx').dependsOn).toEqual(['delete-rule:nginx']);
    expect(plan.changes).toEqual([{ item: 'rule', name: 'nginx', change: 'replace', operations: ['delete-rule:nginx', 'create-rule:nginx'], reason: 'its target changes, which ACR cannot update' }]);
  });

  test('without prune, live items the draft lacks stay; with prune they are deleted', () => {
    const live = set([nginx, dotnet], [hub]);
    const draft = set([dotnet]);
    const kept = planChanges(live, draft, { prune: false });
    expect(kept.operations).toEqual([]);
    expect(kept.result.rules.map((r) => r.name)).toEqual(['dotnet', 'nginx']);
    const pruned = planChanges(live, draft, { prune: true });
    expect(ids(pruned)).toEqual(['delete-rule:nginx', 'delete-credential-set:dockerhub']);
    expect(op(pruned, 'delete-credential-set:dockerhub').dependsOn).toEqual(['delete-rule:nginx']);
    expect(canonical(run(live, pruned.operations))).toBe(canonical(draft));
  });

  test('a credential set that a remaining rule uses is not pruned', () => {
    const live = set([nginx], [hub]);
    const draft = set([nginx]);
    const plan = planChanges(live, draft, { prune: true });
    expect(plan.operations).toEqual([]);
    expect(plan.notes.map((n) => n.code)).toEqual(['credential-set-kept']);
    expect(plan.notes[0]?.message).toContain("rule 'nginx' still uses it");
    expect(plan.result.credentialSets).toEqual([hub]);
    expect(plan.problems).toEqual([]);
  });

  test('new secrets are a PATCH of the credential set, before rules are created with it', () => {
    const live = set([], [hub]);
    const rotated = { ...hub, passwordSecret: VAULT + 'hub-pass-2' };
    const plan = planChanges(live, set([nginx], [rotated]), { prune: false });
    expect(ids(plan)).toEqual(['update-credential-set:dockerhub', 'create-rule:nginx']);
    expect(op(plan, 'create-rule:nginx').dependsOn).toEqual(['update-credential-set:dockerhub']);
  });

  test('a new login server re-creates the credential set, and the rules that keep it around it', () => {
    // The set moves from Docker Hub to Quay: the rule that keeps it gets a Quay source (a replace
    // anyway); the rule that leaves it is moved off with a PATCH first.
    const live = set([nginx, { name: 'redis', source: 'docker.io/library/redis', target: 'redis', credentialSet: 'dockerhub' }], [hub, { ...hub, name: 'hub-two' }]);
    const draft = set([{ ...nginx, source: 'quay.io/nginx/nginx' }, { name: 'redis', source: 'docker.io/library/redis', target: 'redis', credentialSet: 'hub-two' }], [{ ...hub, loginServer: 'quay.io' }, { ...hub, name: 'hub-two' }]);
    const plan = planChanges(live, draft, { prune: false });
    expect(ids(plan)).toEqual(['delete-rule:nginx', 'update-rule:redis', 'delete-credential-set:dockerhub', 'create-credential-set:dockerhub', 'create-rule:nginx']);
    expect(op(plan, 'delete-credential-set:dockerhub').dependsOn).toEqual(['delete-rule:nginx', 'update-rule:redis']);
    expect(op(plan, 'create-rule:nginx').dependsOn).toEqual(['delete-rule:nginx', 'create-credential-set:dockerhub']);
    expect(plan.problems).toEqual([]);
    expect(canonical(run(live, plan.operations))).toBe(canonical(draft));
  });

  test('a rule that keeps a re-created credential set is re-created itself', () => {
    const live = set([{ name: 'app', source: 'ghcr.io/acme/app', target: 'app', credentialSet: 'creds' }], [{ ...gh, name: 'creds', loginServer: 'quay.io' }]);
    const draft = set([{ name: 'app', source: 'ghcr.io/acme/app', target: 'app', credentialSet: 'creds' }], [{ ...gh, name: 'creds' }]);
    const plan = planChanges(live, draft, { prune: false });
    expect(ids(plan)).toEqual(['delete-rule:app', 'delete-credential-set:creds', 'create-credential-set:creds', 'create-rule:app']);
    expect(plan.notes.map((n) => n.code)).toContain('rule-recreated');
    expect(canonical(run(live, plan.operations))).toBe(canonical(draft));
  });

  test('two credential sets swapping login servers, with rules swapping between them, have no cycle', () => {
    const a: CredentialSet = { ...hub, name: 'set-a' };
    const b: CredentialSet = { ...gh, name: 'set-b' };
    const live = set([{ name: 'hub-rule', source: 'docker.io/library/nginx', target: 'nginx', credentialSet: 'set-a' }, { name: 'gh-rule', source: 'ghcr.io/acme/app', target: 'app', credentialSet: 'set-b' }], [a, b]);
    const draft = set([{ name: 'hub-rule', source: 'docker.io/library/nginx', target: 'nginx', credentialSet: 'set-b' }, { name: 'gh-rule', source: 'ghcr.io/acme/app', target: 'app', credentialSet: 'set-a' }], [{ ...a, loginServer: 'ghcr.io' }, { ...b, loginServer: 'docker.io' }]);
    const plan = planChanges(live, draft, { prune: false });
    expect(plan.problems).toEqual([]);
    expect(canonical(run(live, plan.operations))).toBe(canonical(draft));
    expect(planChanges(run(live, plan.operations), draft, { prune: false }).operations).toEqual([]);
  });

  test('a create waits for the deletes that free its target', () => {
    const live = set([{ name: 'lib-all', source: 'mcr.microsoft.com/*', target: 'library/*' }, { name: 'old-web', source: 'mcr.microsoft.com/web', target: 'web' }, { name: 'other', source: 'mcr.microsoft.com/other/*', target: 'other/*' }]);
    const draft = set([{ name: 'lib-dotnet', source: 'mcr.microsoft.com/dotnet/*', target: 'library/dotnet/*' }, { name: 'new-web', source: 'mcr.microsoft.com/web2', target: 'web' }, { name: 'other', source: 'mcr.microsoft.com/other/*', target: 'other/*' }]);
    const plan = planChanges(live, draft, { prune: true });
    expect(op(plan, 'create-rule:lib-dotnet').dependsOn).toEqual(['delete-rule:lib-all']);
    expect(op(plan, 'create-rule:new-web').dependsOn).toEqual(['delete-rule:old-web']);
    expect(plan.waves).toEqual([['delete-rule:lib-all', 'delete-rule:old-web'], ['create-rule:lib-dotnet', 'create-rule:new-web']]);
    // A static rule may sit under a wildcard: no need to wait.
    const under = planChanges(set([dotnet]), set([{ name: 'dotnet-sdk', source: 'mcr.microsoft.com/dotnet/sdk', target: 'dotnet/sdk' }, dotnet]), { prune: true });
    expect(op(under, 'create-rule:dotnet-sdk').dependsOn).toEqual([]);
  });

  test('near the 1,000-rule limit, creates wait for deletes so the registry never holds more', () => {
    const rule = (i: number, prefix: string): CacheRule => ({ name: `${prefix}-${i}`, source: `mcr.microsoft.com/${prefix}/r${i}`, target: `${prefix}/r${i}` });
    const live = set(Array.from({ length: 1000 }, (_, i) => rule(i, 'old')));
    const draft = set([...live.rules.slice(0, 990), ...Array.from({ length: 10 }, (_, i) => rule(i, 'new'))]);
    const plan = planChanges(live, draft, { prune: true });
    expect(plan.operations.filter((o) => o.kind === 'create-rule').every((o) => o.dependsOn.length === 1 && o.dependsOn[0]?.startsWith('delete-rule:'))).toBe(true);
    expect(plan.notes.map((n) => n.code)).toEqual(['rule-limit-ordering']);
    // Any order the dependencies allow stays within the limit (serviceRefusal checks it).
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 20, maxLength: 20 }), (priorities) => {
        expect(canonical(run(live, randomTopologicalOrder(plan.operations, priorities)))).toBe(canonical(draft));
      }),
      { numRuns: 30 },
    );
  });

  test('dependentsOf: what a failure stops', () => {
    const plan = planChanges(set([]), set([nginx, dotnet], [hub]), { prune: false });
    expect([...dependentsOf(plan, ['create-credential-set:dockerhub'])]).toEqual(['create-rule:nginx']);
    expect([...dependentsOf(plan, ['create-rule:dotnet'])]).toEqual([]);
  });
});

describe('planChanges: pre-flight', () => {
  test('the result is checked by the rule engine; errors block the plan', () => {
    const live = set([{ name: 'everything', source: 'mcr.microsoft.com/*', target: '*' }]);
    const draft = set([{ name: 'dotnet', source: 'mcr.microsoft.com/dotnet/*', target: 'dotnet/*' }]);
    const kept = planChanges(live, draft, { prune: false });
    expect(kept.blocked).toBe(true);
    expect(kept.problems.map((p) => p.code)).toEqual(['wildcard-overlap']);
    expect(planChanges(live, draft, { prune: true }).blocked).toBe(false);
  });

  test('target-exists is checked for the rules the plan creates, not for live ones whose cache filled the repository', () => {
    const live = set([{ name: 'dotnet', source: 'mcr.microsoft.com/dotnet/*', target: 'dotnet/*' }]);
    const draft = set([...live.rules, { name: 'python', source: 'docker.io/library/python', target: 'python', credentialSet: 'dockerhub' }], [hub]);
    const plan = planChanges(live, draft, { prune: false, existingRepositories: ['dotnet/sdk', 'python'] });
    expect(plan.problems.map((p) => [p.code, p.rule])).toEqual([['target-exists', 'python']]);
    expect(plan.blocked).toBe(true);
  });

  test('duplicate names in the draft are reported, the first is planned', () => {
    const plan = planChanges(set([]), set([dotnet, { ...dotnet, name: 'DOTNET', target: 'other/*' }]), { prune: false });
    expect(ids(plan)).toEqual(['create-rule:dotnet']);
    expect(plan.problems.map((p) => [p.code, p.rule, p.with])).toEqual([['duplicate-name', 'DOTNET', 'dotnet']]);
    expect(plan.blocked).toBe(true);
  });

  test('az acr cache list input (no credential sets): none is deleted, references are not checked', () => {
    const live = set([nginx]);
    const plan = planChanges(live, set([nginx], [hub]), { prune: true, liveCredentialSetsListed: false });
    expect(ids(plan)).toEqual(['create-credential-set:dockerhub']);
    expect(plan.notes.map((n) => n.code)).toEqual(['credential-sets-not-listed']);
    expect(plan.blocked).toBe(false);
  });
});

describe('planChanges: a replace cut short between its delete and its create', () => {
  // A rule the draft lacks (prune off keeps it) whose credential set is replaced: the set's login
  // server moves from Docker Hub's alias to 'docker.io', the fix the validator itself proposes, so
  // nothing blocks the plan. The rule is deleted and created again around the set's replace.
  const aliasHub: CredentialSet = { ...hub, loginServer: 'registry-1.docker.io' };
  const kept: CacheRule = { name: 'kept-hub', source: 'docker.io/library/redis', target: 'redis', credentialSet: 'dockerhub', syncMode: 'ActiveSync' } as CacheRule;
  const live = set([kept, dotnet], [aliasHub]);
  const draft = set([dotnet], [hub]);
  const baseline = baselineOf(live);

  /** The registry after the plan's operations ran up to (not including) `stop`. */
  function cutShort(plan: Plan, stop: string): RuleSet {
    const at = plan.operations.findIndex((o) => o.id === stop);
    expect(at).toBeGreaterThan(0);
    return run(live, plan.operations.slice(0, at));
  }

  test('is reachable: the plan is not blocked and re-creates the kept rule', () => {
    const plan = planChanges(live, draft, { prune: false, baseline });
    expect(plan.blocked).toBe(false);
    expect(plan.unresolved).toBe(0);
    expect(ids(plan)).toEqual(['delete-rule:kept-hub', 'delete-credential-set:dockerhub', 'create-credential-set:dockerhub', 'create-rule:kept-hub']);
  });

  test('planning again with the journal\'s unfinished replaces creates the rule again, as the registry held it', () => {
    const first = planChanges(live, draft, { prune: false, baseline });
    let after = baseline;
    const ran = first.operations.slice(0, first.operations.findIndex((o) => o.id === 'create-rule:kept-hub'));
    for (const o of ran) after = advanceBaseline(after, o);
    const registry = cutShort(first, 'create-rule:kept-hub');
    expect(registry.rules.map((r) => r.name)).toEqual(['dotnet']);

    // what the planner did before: the rule is in neither side, prune is off, so it is gone
    expect(planChanges(registry, draft, { prune: false, baseline: after }).operations).toEqual([]);

    const owed = unfinishedReplaces(first.operations, registry);
    expect(owed).toEqual([kept]);
    const again = planChanges(registry, draft, { prune: false, baseline: after, unfinishedReplaces: owed });
    expect(ids(again)).toEqual(['create-rule:kept-hub']);
    expect(op(again, 'create-rule:kept-hub')).toMatchObject({ change: 'create', reason: RESUMED_REASON, rule: kept });
    expect(again.changes).toMatchObject([{ name: 'kept-hub', change: 'create', reason: RESUMED_REASON }]);
    expect(again.notes.map((n) => n.code)).toEqual(['rule-recreate-resumed']);
    expect(again.conflicts).toEqual([]);
    expect(again.blocked).toBe(false);
    // with the pre-apply baseline (a crash before it advanced) the app's own delete is no conflict either
    expect(planChanges(registry, draft, { prune: false, baseline, unfinishedReplaces: owed }).conflicts).toEqual([]);
    expect(canonical(run(registry, again.operations))).toEqual(canonical(set([dotnet, kept], [hub])));
  });

  test('cut short before the set was created again: the set and then the rule', () => {
    const first = planChanges(live, draft, { prune: false });
    const registry = cutShort(first, 'create-credential-set:dockerhub');
    const again = planChanges(registry, draft, { prune: false, unfinishedReplaces: unfinishedReplaces(first.operations, registry) });
    expect(ids(again)).toEqual(['create-credential-set:dockerhub', 'create-rule:kept-hub']);
    expect(op(again, 'create-rule:kept-hub').dependsOn).toEqual(['create-credential-set:dockerhub']);
  });

  test('the draft decides where it has a say: prune on, or the rule in the draft', () => {
    const first = planChanges(live, draft, { prune: false });
    const registry = cutShort(first, 'create-rule:kept-hub');
    const owed = unfinishedReplaces(first.operations, registry);
    // prune on: a rule the draft lacks is to be deleted, and it is
    expect(planChanges(registry, draft, { prune: true, unfinishedReplaces: owed }).operations).toEqual([]);
    // the draft has the rule (edited since): the draft's version is created, once
    const edited = { ...kept, target: 'cache/redis' };
    const withRule = planChanges(registry, set([dotnet, edited], [hub]), { prune: false, unfinishedReplaces: owed });
    expect(ids(withRule)).toEqual(['create-rule:kept-hub']);
    expect(op(withRule, 'create-rule:kept-hub')).toMatchObject({ rule: edited });
    expect(op(withRule, 'create-rule:kept-hub').reason).toBeUndefined();
    // someone created it again meanwhile: nothing is owed
    expect(unfinishedReplaces(first.operations, run(registry, [op(first, 'create-rule:kept-hub')]))).toEqual([]);
  });

  test('a plain delete (prune) or a finished replace is never owed', () => {
    const pruned = planChanges(live, draft, { prune: true });
    expect(op(pruned, 'delete-rule:kept-hub').change).toBe('delete');
    expect(unfinishedReplaces(pruned.operations, run(live, pruned.operations))).toEqual([]);
    const first = planChanges(live, draft, { prune: false });
    expect(unfinishedReplaces(first.operations, run(live, first.operations))).toEqual([]);
  });
});

describe('planChanges: drift', () => {
  const imported = set([nginx, dotnet, { name: 'redis', source: 'docker.io/library/redis', target: 'redis', credentialSet: 'dockerhub' }], [hub]);
  const baseline = baselineOf(imported);

  test('an item someone else changed is a conflict; its operations are held, the rest is not', () => {
    // Someone moved dotnet to another target; the draft changed its source too.
    const live = set([nginx, { ...dotnet, target: 'mcr/dotnet/*' }, imported.rules[2] as CacheRule], [hub]);
    const draft = set([{ ...nginx, target: 'web/nginx' }, { ...dotnet, source: 'mcr.microsoft.com/dotnet/core/*' }, imported.rules[2] as CacheRule], [hub]);
    const plan = planChanges(live, draft, { prune: false, baseline });
    expect(plan.conflicts.map((c) => [c.id, c.drift, c.operations])).toEqual([['rule:dotnet', 'changed', ['delete-rule:dotnet', 'create-rule:dotnet']]]);
    expect(plan.conflicts[0]?.message).toContain("Rule 'dotnet' was changed in the registry since the draft was imported");
    expect(plan.unresolved).toBe(1);
    expect(plan.operations.filter((o) => o.heldBy !== undefined).map((o) => o.id)).toEqual(['delete-rule:dotnet', 'create-rule:dotnet']);
    expect(op(plan, 'create-rule:nginx').heldBy).toBeUndefined();

    const theirs = resolveConflict(plan, 'rule:dotnet', 'theirs');
    expect(ids(theirs)).toEqual(['delete-rule:nginx', 'create-rule:nginx']);
    expect(theirs.unresolved).toBe(0);
    expect(theirs.conflicts[0]?.resolution).toBe('theirs');
    expect(theirs.result.rules.find((r) => r.name === 'dotnet')?.target).toBe('mcr/dotnet/*');

    const mine = resolveConflict(plan, 'rule:dotnet', 'mine');
    expect(mine.operations.every((o) => o.heldBy === undefined)).toBe(true);
    expect(ids(mine)).toEqual(ids(planChanges(live, draft, { prune: false })));
    expect(() => resolveConflict(plan, 'rule:nope', 'mine')).toThrow(/no conflict 'rule:nope'.*'rule:dotnet'/);
  });

  test('an item deleted in the registry is not created again silently; one added there is not pruned silently', () => {
    const live = set([nginx, { name: 'added', source: 'mcr.microsoft.com/added', target: 'added' }, imported.rules[2] as CacheRule], [hub]);
    const plan = planChanges(live, imported, { prune: true, baseline });
    expect(plan.conflicts.map((c) => [c.id, c.drift, c.operations])).toEqual([
      ['rule:dotnet', 'deleted', ['create-rule:dotnet']],
      ['rule:added', 'added', ['delete-rule:added']],
    ]);
    // Without prune an added item is simply left alone: no conflict.
    expect(planChanges(live, imported, { prune: false, baseline }).conflicts.map((c) => c.id)).toEqual(['rule:dotnet']);
    const keepTheirs = resolveConflict(resolveConflict(plan, 'rule:dotnet', 'theirs'), 'rule:added', 'theirs');
    expect(keepTheirs.operations).toEqual([]);
  });

  test('drift where the draft already agrees with the registry is no conflict', () => {
    const live = set([{ ...nginx, target: 'web/nginx' }, dotnet, imported.rules[2] as CacheRule], [hub]);
    const draft = set([{ ...nginx, target: 'web/nginx' }, dotnet, imported.rules[2] as CacheRule], [hub]);
    expect(planChanges(live, draft, { prune: true, baseline }).conflicts).toEqual([]);
  });

  test('a held credential-set replace holds the re-creation of the rules on it, delete halves included', () => {
    const live = set(imported.rules, [{ ...hub, usernameSecret: VAULT + 'someone-else' }]);
    const draft = set([{ ...nginx, source: 'ghcr.io/acme/nginx' }, dotnet], [{ ...hub, loginServer: 'ghcr.io' }]);
    const plan = planChanges(live, draft, { prune: true, baseline });
    expect(plan.conflicts.map((c) => c.id)).toEqual(['credential-set:dockerhub']);
    const held = plan.operations.filter((o) => o.heldBy !== undefined).map((o) => o.id);
    expect(held).toEqual(['delete-rule:nginx', 'delete-credential-set:dockerhub', 'create-credential-set:dockerhub', 'create-rule:nginx']);
    // Running what is not held passes through no refused state and leaves the set alone.
    const state = run(live, plan.operations.filter((o) => o.heldBy === undefined));
    expect(state.credentialSets).toEqual(live.credentialSets);
  });

  test('credential set drift: changed secrets', () => {
    const live = set(imported.rules, [{ ...hub, passwordSecret: VAULT + 'rotated' }]);
    const draft = set(imported.rules, [{ ...hub, passwordSecret: VAULT + 'mine' }]);
    const plan = planChanges(live, draft, { prune: false, baseline });
    expect(plan.conflicts.map((c) => [c.id, c.drift, c.operations])).toEqual([['credential-set:dockerhub', 'changed', ['update-credential-set:dockerhub']]]);
    const c = plan.conflicts[0];
    expect(c?.item === 'credential-set' && c.theirs?.passwordSecret).toBe(VAULT + 'rotated');
  });
});

describe('fingerprints', () => {
  test('stable values, insensitive to name and identifier case, sensitive to content', () => {
    expect(fingerprintRule(nginx)).toMatch(/^fnv1a64:[0-9a-f]{16}$/);
    expect(fingerprintRule(nginx)).toBe(fingerprintRule({ ...nginx, name: 'NGINX', credentialSet: 'DOCKERHUB', source: 'DOCKER.io/library/nginx' }));
    expect(fingerprintRule(nginx)).not.toBe(fingerprintRule({ ...nginx, target: 'Nginx' }));
    expect(fingerprintRule(nginx)).not.toBe(fingerprintRule({ ...nginx, credentialSet: undefined }));
    expect(fingerprintRule({ ...nginx, credentialSet: '' })).toBe(fingerprintRule({ name: nginx.name, source: nginx.source, target: nginx.target }));
    expect(fingerprintCredentialSet(hub)).toBe(fingerprintCredentialSet({ ...hub, usernameSecret: hub.usernameSecret.toUpperCase() + '/' }));
    expect(fingerprintCredentialSet(hub)).not.toBe(fingerprintCredentialSet({ ...hub, loginServer: 'quay.io' }));
    // FNV-1a 64 of a known input, so a change of the canonical form is a deliberate one.
    expect(fingerprintRule({ name: 'a', source: 'b', target: 'c' })).toBe(fingerprintRule({ name: 'A', source: 'b', target: 'c' }));
    expect(fingerprintRule({ name: 'ünïcødé-🙂', source: 'x', target: 'y' })).toMatch(/^fnv1a64:/);
  });

  test('baselineOf keys by lowercased name and tolerates any name', () => {
    const baseline = baselineOf(set([{ ...nginx, name: '__proto__' }, { ...dotnet, name: 'DotNet' }], [hub]));
    expect(Object.keys(baseline.rules)).toEqual(['__proto__', 'dotnet']);
    expect(Object.keys(baseline.credentialSets)).toEqual([nameKey(hub.name)]);
  });
});

describe('planChanges: properties', () => {
  const priorities = fc.array(fc.integer(), { minLength: 1, maxLength: 30 });

  test('in any order the dependencies allow, the registry goes from live to the plan result without a refused or dangling state, and re-planning is empty', () => {
    fc.assert(
      fc.property(
        validRuleSetArb.chain((live) => fc.tuple(fc.constant(live), fc.oneof(editedArb(live), validRuleSetArb))),
        fc.boolean(),
        priorities,
        ([live, draft], prune, order) => {
          const plan = planChanges(live, draft, { prune });
          if (plan.blocked) return;
          const final = run(live, randomTopologicalOrder(plan.operations, order));
          expect(canonical(final)).toBe(canonical(plan.result));
          if (prune) {
            // Everything pruned except credential sets kept for remaining rules, which a pruned
            // plan from a valid draft never needs.
            expect(canonical(final)).toBe(canonical(draft));
          }
          expect(planChanges(final, draft, { prune }).operations).toEqual([]);
        },
      ),
      { numRuns: 400 },
    );
  });

  test('after a partial apply, planning again yields exactly the operations that did not run, and no drift', () => {
    fc.assert(
      fc.property(
        validRuleSetArb.chain((live) => fc.tuple(fc.constant(live), editedArb(live))),
        fc.boolean(),
        priorities,
        fc.nat(),
        ([live, draft], prune, order, cut) => {
          let baseline = baselineOf(live);
          const plan = planChanges(live, draft, { prune, baseline });
          if (plan.blocked) return;
          expect(plan.conflicts).toEqual([]);
          const sequence = randomTopologicalOrder(plan.operations, order);
          const done = sequence.slice(0, plan.operations.length === 0 ? 0 : cut % (plan.operations.length + 1));
          const state = run(live, done);
          for (const o of done) baseline = advanceBaseline(baseline, o);
          // the journal's operations tell which rules the app itself deleted halfway through a replace
          const again = planChanges(state, draft, { prune, baseline, unfinishedReplaces: unfinishedReplaces(plan.operations, state) });
          expect(again.conflicts).toEqual([]);
          const remaining = plan.operations.filter((o) => !done.includes(o)).map((o) => o.id);
          expect([...ids(again)].sort()).toEqual([...remaining].sort());
        },
      ),
      { numRuns: 300 },
    );
  });

  test('with drift, nothing that is not held touches a drifted item, and running the rest is safe', () => {
    fc.assert(
      fc.property(
        validRuleSetArb.chain((imported) => fc.tuple(fc.constant(imported), editedArb(imported), editedArb(imported))),
        fc.boolean(),
        priorities,
        ([imported, theirsNow, draft], prune, order) => {
          const baseline = baselineOf(imported);
          const plan = planChanges(theirsNow, draft, { prune, baseline });
          const drifted = new Set(
            [...theirsNow.rules.map((r) => `rule:${nameKey(r.name)}`), ...imported.rules.map((r) => `rule:${nameKey(r.name)}`)].filter((id) => {
              const key = id.slice(5);
              const now = theirsNow.rules.find((r) => nameKey(r.name) === key);
              const before = baseline.rules[key];
              return (now === undefined ? undefined : fingerprintRule(now)) !== before;
            }),
          );
          // An operation on a drifted rule may only re-create the registry's own version (when
          // its credential set is re-created); anything else must be held.
          const keepsTheirs = (o: PlanOperation): void => {
            if (!o.kind.endsWith('-rule')) return;
            const rule = (o as { rule: CacheRule }).rule;
            if (!drifted.has(`rule:${nameKey(rule.name)}`)) return;
            expect(o.change).toBe('replace');
            const theirs = theirsNow.rules.find((r) => nameKey(r.name) === nameKey(rule.name));
            expect(theirs && fingerprintRule(theirs)).toBe(fingerprintRule(rule));
          };
          for (const o of plan.operations) if (o.heldBy === undefined) keepsTheirs(o);
          for (const c of plan.conflicts) expect(c.operations.length).toBeGreaterThan(0);
          if (plan.blocked) return;
          const free = randomTopologicalOrder(plan.operations.filter((o) => o.heldBy === undefined), order);
          run(theirsNow, free);
          // Taking theirs everywhere leaves every drifted item as the registry has it.
          let resolved = plan;
          for (const c of plan.conflicts) resolved = resolveConflict(resolved, c.id, 'theirs');
          expect(resolved.unresolved).toBe(0);
          for (const o of resolved.operations) keepsTheirs(o);
        },
      ),
      { numRuns: 300 },
    );
  });
});
