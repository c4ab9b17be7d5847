// The Plan & apply panel's words and groupings, from real plans made by core's planner.
import { describe, expect, it } from 'vitest';
import { baselineOf } from '../../../../core/fingerprint.ts';
import type { RuleSet } from '../../../../core/model.ts';
import { planChanges, RESUMED_REASON, type PlanOptions } from '../../../../core/plan.ts';
import type { PlanView } from '../../../../preload/api.ts';
import {
  applyConfirmation,
  applyGate,
  changeRows,
  conflictFields,
  countsSentence,
  describeOperation,
  interruptedText,
  mineAction,
  operationIdText,
  relativeTime,
  stepsOf,
  summarize,
  theirsAction,
} from '../../../../renderer/src/lib/sync/plan-view.ts';

const KV = 'https://kv-contoso.vault.azure.net/secrets';
const hub = { name: 'dockerhub', loginServer: 'docker.io', usernameSecret: `${KV}/u`, passwordSecret: `${KV}/p` };

function view(live: RuleSet, draft: RuleSet, options: Partial<PlanOptions> = {}): PlanView {
  const { input: _input, ...plan } = planChanges(live, draft, { prune: false, ...options });
  void _input;
  return {
    ...plan,
    registry: { accountId: 'a', tenantId: 't', registryId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/contoso' },
    loginServer: 'contoso.azurecr.io',
    driftChecked: options.baseline !== undefined,
    repositoryNote: null,
  };
}

const live: RuleSet = {
  rules: [
    { name: 'hub-python', source: 'docker.io/library/python/*', target: 'library/python/*', credentialSet: 'dockerhub' },
    { name: 'ghcr-tools', source: 'ghcr.io/contoso/tools/*', target: 'tools/*' },
    { name: 'quay-all', source: 'quay.io/*', target: 'quay/*' },
  ],
  credentialSets: [hub],
};
const draft: RuleSet = {
  rules: [
    { name: 'hub-python', source: 'docker.io/library/python/*', target: 'python/*', credentialSet: 'dockerhub' },
    { name: 'ghcr-tools', source: 'ghcr.io/contoso/tools/*', target: 'tools/*', credentialSet: 'ghcr-creds' },
    { name: 'mcr-dotnet', source: 'mcr.microsoft.com/dotnet/*', target: 'dotnet/*' },
  ],
  credentialSets: [hub, { name: 'ghcr-creds', loginServer: 'ghcr.io', usernameSecret: `${KV}/gh-u`, passwordSecret: `${KV}/gh-p` }],
};

describe('plan view', () => {
  it('counts changes by kind and says them in a sentence', () => {
    const plan = view(live, draft, { prune: true });
    const summary = summarize(plan);
    expect(summary.counts).toEqual({ create: 2, update: 1, replace: 1, delete: 1 });
    expect(summary.operations).toBe(6);
    expect(summary.held).toBe(0);
    expect(countsSentence(summary.counts)).toBe('2 creates, 1 update, 1 replace and 1 delete');
    expect(countsSentence({ create: 0, update: 0, replace: 0, delete: 0 })).toBe('no changes');
    expect(countsSentence({ create: 1, update: 0, replace: 0, delete: 0 })).toBe('1 create');
  });

  it('groups changes in a fixed order with their operations and the reason for a replace', () => {
    const groups = changeRows(view(live, draft, { prune: true }));
    expect(groups.map((g) => g.kind)).toEqual(['create', 'update', 'replace', 'delete']);
    const replace = groups.find((g) => g.kind === 'replace')!.rows[0]!;
    expect(replace.name).toBe('hub-python');
    expect(replace.reason).toBe('Replaced (deleted, then created) because its target changes, which ACR cannot update.');
    expect(replace.operations.map((o) => o.verb)).toEqual(['Delete rule', 'Create rule']);
    expect(replace.operations[1]!.detail).toBe("python/* ← docker.io/library/python/*, credential set 'dockerhub'");
    const update = groups.find((g) => g.kind === 'update')!.rows[0]!;
    expect(update.operations[0]!.detail).toBe("credential set none → 'ghcr-creds'");
    const creates = groups.find((g) => g.kind === 'create')!.rows.map((r) => `${r.item}:${r.name}`);
    expect(creates).toEqual(['credential-set:ghcr-creds', 'rule:mcr-dotnet']);
    expect(groups.find((g) => g.kind === 'delete')!.rows[0]!.name).toBe('quay-all');
  });

  it("says why a rule is created again after an earlier apply's replace was cut short", () => {
    const kept = { name: 'kept-hub', source: 'docker.io/library/redis', target: 'redis', credentialSet: 'dockerhub' };
    const groups = changeRows(view({ ...live, rules: [], credentialSets: [hub] }, { ...live, rules: [], credentialSets: [hub] }, { unfinishedReplaces: [kept] }));
    expect(groups.map((g) => [g.kind, g.rows.map((r) => r.name)])).toEqual([['create', ['kept-hub']]]);
    expect(groups[0]!.rows[0]!.reason).toBe(`Created again because ${RESUMED_REASON}.`);
  });

  it('leaves deletes out when prune is off', () => {
    const groups = changeRows(view(live, draft));
    expect(groups.map((g) => g.kind)).toEqual(['create', 'update', 'replace']);
  });

  it('numbers the waves as steps: the credential set before the rule that uses it', () => {
    const steps = stepsOf(view(live, draft, { prune: true }));
    const stepOf = (verb: string, name: string) => steps.find((s) => s.operations.some((o) => o.verb === verb && o.name === name))!.number;
    expect(steps[0]!.number).toBe(1);
    expect(stepOf('Create credential set', 'ghcr-creds')).toBeLessThan(stepOf('Update rule', 'ghcr-tools'));
    expect(stepOf('Delete rule', 'hub-python')).toBeLessThan(stepOf('Create rule', 'hub-python'));
  });

  it('describes every kind of operation', () => {
    const changedSecrets = view({ rules: [], credentialSets: [hub] }, { rules: [], credentialSets: [{ ...hub, passwordSecret: `${KV}/p2` }] });
    expect(describeOperation(changedSecrets.operations[0]!)).toEqual({ id: 'update-credential-set:dockerhub', verb: 'Update credential set', name: 'dockerhub', detail: 'new Key Vault secret for the password' });
    const deletedSet = view({ rules: [], credentialSets: [hub] }, { rules: [], credentialSets: [] }, { prune: true });
    expect(describeOperation(deletedSet.operations[0]!).detail).toBe('for docker.io');
    expect(operationIdText('delete-credential-set:dockerhub')).toBe('Delete credential set dockerhub');
  });

  it('shows a conflict field by field, with what each choice does', () => {
    const baseline = baselineOf(live);
    const now: RuleSet = { ...live, rules: live.rules.map((r) => (r.name === 'ghcr-tools' ? { ...r, source: 'ghcr.io/contoso/other/*' } : r)) };
    const plan = view(now, draft, { baseline });
    const conflict = plan.conflicts.find((c) => c.name === 'ghcr-tools')!;
    expect(conflict.drift).toBe('changed');
    expect(conflictFields(conflict)).toEqual([
      { label: 'Source', theirs: 'ghcr.io/contoso/other/*', mine: 'ghcr.io/contoso/tools/*', differs: true },
      { label: 'Target', theirs: 'tools/*', mine: 'tools/*', differs: false },
      { label: 'Credential set', theirs: '(none)', mine: 'ghcr-creds', differs: true },
    ]);
    expect(mineAction(conflict)).toBe('Keep mine: overwrite');
    expect(theirsAction(conflict)).toBe("Take theirs: keep the registry's");
    const gate = applyGate(plan);
    expect(gate.canApply).toBe(false);
    expect(gate.reasons).toEqual(['1 item changed in the registry since import: choose keep mine or take theirs for each.']);
    expect(changeRows(plan).flatMap((g) => g.rows).find((r) => r.name === 'ghcr-tools')!.heldBy).toBe('ghcr-tools');

    const deleted = view({ ...live, rules: live.rules.filter((r) => r.name !== 'ghcr-tools') }, draft, { baseline });
    const gone = deleted.conflicts.find((c) => c.name === 'ghcr-tools')!;
    expect(gone.drift).toBe('deleted');
    expect(conflictFields(gone)[0]).toEqual({ label: 'Source', theirs: null, mine: 'ghcr.io/contoso/tools/*', differs: true });
    expect(mineAction(gone)).toBe('Keep mine: create it again');
    expect(theirsAction(gone)).toBe('Take theirs: leave it deleted');
  });

  it('keeps Apply off with the reasons: blocking problems, nothing to do', () => {
    const blocked = view(live, { ...draft, rules: [...draft.rules, { name: 'tools-again', source: 'ghcr.io/contoso/*', target: 'tools/*' }] });
    expect(blocked.blocked).toBe(true);
    expect(applyGate(blocked).reasons[0]).toMatch(/^The registry would end up with 1 error/);
    expect(applyGate(view(live, live))).toEqual({ canApply: false, reasons: ['Nothing to do: the registry already matches the draft.'] });
    expect(applyGate(view(live, draft)).canApply).toBe(true);
  });

  it('names the registry, the counts and every delete in the confirmation', () => {
    const confirmation = applyConfirmation(view(live, draft, { prune: true }));
    expect(confirmation.title).toBe('Apply to contoso.azurecr.io?');
    expect(confirmation.message).toBe(
      'This changes the live registry contoso.azurecr.io: 2 creates, 1 update, 1 replace and 1 delete (6 operations). 1 replaced item is deleted and created again; pulls through it fail in between.',
    );
    expect(confirmation.deletes).toEqual(['rule quay-all']);
    expect(confirmation.confirmLabel).toBe('Apply, deleting 1');
    expect(applyConfirmation(view(live, draft)).confirmLabel).toBe('Apply');
  });

  it('says when in words', () => {
    const now = new Date('2026-03-01T12:00:00Z');
    expect(relativeTime('2026-03-01T11:59:40Z', now)).toBe('just now');
    expect(relativeTime('2026-03-01T11:55:00Z', now)).toBe('5 minutes ago');
    expect(relativeTime('2026-03-01T11:00:00Z', now)).toBe('1 hour ago');
    expect(relativeTime('2026-02-27T12:00:00Z', now)).toBe('2 days ago');
    expect(relativeTime('2025-12-01T12:00:00Z', now)).toBe('on 2025-12-01');
  });

  it('says an apply was interrupted, how far it got and that Resume applies the rest; or that only its result was not saved', () => {
    const now = new Date('2026-03-01T12:00:00Z');
    expect(interruptedText({ startedAt: '2026-03-01T11:55:00Z', finished: false, total: 12, done: 5 }, now)).toBe(
      'An apply started 5 minutes ago was interrupted: 5 of 12 operations are in the registry. Its own writes are not shown as changes by others; Resume applies what is left (the plan below).',
    );
    expect(interruptedText({ startedAt: '2026-03-01T11:59:50Z', finished: true, total: 3, done: 3 }, now)).toMatch(/^An apply started just now finished, but its result could not be saved with the draft/);
  });
});
