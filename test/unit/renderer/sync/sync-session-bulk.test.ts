// Conflicts resolved in bulk (issue 9.4): the plan's "Keep all mine" and "Take all theirs" act on
// every conflict still open at once, through the same calls one choice makes: keep mine plans again
// with a resolution per conflict, take theirs asks main to write the registry's versions into the
// draft (one call, one undoable edit) for all but those already set to keep mine.
import { describe, expect, it, vi } from 'vitest';
import { baselineOf } from '../../../../core/fingerprint.ts';
import type { RuleSet } from '../../../../core/model.ts';
import { planChanges, type Resolution } from '../../../../core/plan.ts';
import type { DesktopApi, DraftState, PlanRequest, PlanView, ResolvedConflicts } from '../../../../preload/api.ts';
import { AzureState } from '../../../../renderer/src/lib/azure/azure.svelte.ts';
import { DraftDocument } from '../../../../renderer/src/lib/documents/draft-document.svelte.ts';
import { Workspace } from '../../../../renderer/src/lib/drafts/workspace.svelte.ts';
import { SyncSession } from '../../../../renderer/src/lib/sync/sync-session.svelte.ts';
import { draftState, fakeDraftsApi } from '../fake-drafts-api.ts';

const registry = { accountId: 'AzureCloud|test', tenantId: 't', registryId: '/subscriptions/s/resourceGroups/g/providers/Microsoft.ContainerRegistry/registries/contoso' };
const rule = (name: string, target = name) => ({ name, source: `mcr.microsoft.com/${name}`, target });
const imported: RuleSet = { registry: 'contoso.azurecr.io', rules: [rule('alpha'), rule('bravo'), rule('charlie')], credentialSets: [] };
// since the import a colleague moved alpha and bravo; the draft moves them (and charlie) elsewhere
const liveNow: RuleSet = { ...imported, rules: [rule('alpha', 'theirs/alpha'), rule('bravo', 'theirs/bravo'), rule('charlie')] };
const draft: RuleSet = { ...imported, rules: [rule('alpha', 'mine/alpha'), rule('bravo', 'mine/bravo'), rule('charlie', 'mine/charlie')] };

function viewOf(request: PlanRequest): PlanView {
  const { input: _input, ...plan } = planChanges(liveNow, draft, { prune: request.prune, baseline: baselineOf(imported), resolutions: request.resolutions });
  return { ...plan, registry, loginServer: 'contoso.azurecr.io', driftChecked: true, repositoryNote: null, interruptedApply: null };
}

function setup() {
  const fake = fakeDraftsApi(draft);
  const state: DraftState = draftState(draft);
  state.draft.link = { registry, loginServer: 'contoso.azurecr.io', importedAt: '2026-11-23T00:00:00.000Z', baseline: baselineOf(imported) };
  const plan = vi.fn(async (request: PlanRequest) => viewOf(request));
  const takeTheirs = vi.fn(async (request: PlanRequest, ids: readonly string[]): Promise<ResolvedConflicts> => {
    // main's answer: the draft holds theirs for those items, so they are no conflict any more
    const resolutions: Record<string, Resolution> = { ...request.resolutions, ...Object.fromEntries(ids.map((id) => [id, 'theirs' as const])) };
    const view = viewOf({ ...request, resolutions });
    return { draft: state, plan: { ...view, conflicts: view.conflicts.filter((c) => !ids.includes(c.id)), unresolved: 0 } };
  });
  const api = { ...fake.api, sync: { plan, takeTheirs } } as unknown as DesktopApi;
  const notify = vi.fn();
  const workspace = new Workspace(new DraftDocument(api, state), { notify });
  const session = new SyncSession(api, workspace, new AzureState(api), { notify });
  return { session, plan, takeTheirs };
}

describe('conflicts resolved in bulk', () => {
  it('Keep all mine: one plan again with mine for every open conflict, and Apply is on', async () => {
    const { session, plan } = setup();
    await session.makePlan();
    expect(session.plan!.conflicts.map((c) => c.id)).toEqual(['rule:alpha', 'rule:bravo']);
    expect(session.gate.canApply).toBe(false);
    await session.keepAllMine();
    expect(plan).toHaveBeenCalledTimes(2);
    expect(plan.mock.calls[1]![0].resolutions).toEqual({ 'rule:alpha': 'mine', 'rule:bravo': 'mine' });
    expect(session.plan!.unresolved).toBe(0);
    expect(session.unresolvedIds).toEqual([]);
    expect(session.gate.canApply).toBe(true);
  });

  it('Take all theirs: one call for every conflict not already set to keep mine', async () => {
    const { session, takeTheirs } = setup();
    await session.makePlan();
    await session.resolve('rule:alpha', 'mine');
    await session.takeAllTheirs();
    expect(takeTheirs).toHaveBeenCalledTimes(1);
    expect(takeTheirs.mock.calls[0]![1]).toEqual(['rule:bravo']);
    expect(session.plan!.conflicts.map((c) => c.id)).toEqual(['rule:alpha']);
    expect(session.resolutions).toEqual({ 'rule:alpha': 'mine' });
  });
});
