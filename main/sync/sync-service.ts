// Drafts meet live registries: import a registry into a draft (remembering each item's
// fingerprint), plan a draft against a registry (drift shows against those fingerprints), apply
// with progress and cancel, compare any two rule sets, export as infrastructure as code.
import { baselineOf } from '../../core/fingerprint.ts';
import type { CacheRule, RuleSet } from '../../core/model.ts';
import { advanceBaseline, planChanges, unfinishedReplaces, type Conflict, type Plan } from '../../core/plan.ts';
import { exportRuleSet, type ExportFormat } from '../../core/export/index.ts';
import { takeTheirs } from '../../core/take-theirs.ts';
import type {
  ApplyOutcomeView,
  Comparison,
  DraftLink,
  DraftState,
  IacExport,
  PlanRequest,
  PlanView,
  RegistryRef,
  ResolvedConflicts,
  RuleSetSource,
} from '../../preload/api.ts';
import { writeFile } from 'node:fs/promises';
import { AppError } from '../app-error.ts';
import { executePlan, type RegistryWriter } from '../apply/executor.ts';
import { readLiveRuleSet, registryWriter } from '../apply/registry-writer.ts';
import type { RateBudget } from '../apply/apply-pipeline.ts';
import { ApplyJournal } from '../apply/journal.ts';
import { baselineWithOwnWrites } from '../apply/own-writes.ts';
import type { AzureService } from '../azure/azure-service.ts';
import type { DraftService, FileDialogs } from '../drafts/service.ts';
import type { EventHub } from '../events.ts';
import { parseRegistryId } from '../azure/resource-ids.ts';
import { isCloudName, resolveCloud } from '../auth/clouds.ts';
import { parseRegistryLoginServer } from '../../core/upstreams.ts';
import { checkRegistryLoginServer } from '../handlers/registry-login-server.ts';

export interface SyncServiceDeps {
  drafts: DraftService;
  /** Reads (lists, repositories) with the SDK's own retries. */
  azure: AzureService;
  /** Writes for an apply: SDK retries off, so the executor sees every 429 and paces (executor.ts). */
  applyAzure: AzureService;
  /** The write budget Azure's headers report to the apply client (pacing). */
  applyBudget?: RateBudget;
  events: EventHub;
  dialogs: FileDialogs;
  concurrency?: number;
  now?: () => Date;
  /** Test seam: the writer an apply uses. */
  writerFor?: (registry: RegistryRef) => RegistryWriter;
  /** Folder of the apply journals (journal.ts); none: applies keep no journal. */
  journalDir?: string;
}

function sameRegistry(a: RegistryRef, b: RegistryRef): boolean {
  return a.registryId.toLowerCase() === b.registryId.toLowerCase();
}

/**
 * The registry's login server for reading and labelling it: the one given (the registry browser's,
 * from ARM) or the draft's `registry` when it is a valid login server of this registry (core's
 * parseRegistryLoginServer: `contoso.azurecr` is no login server); failing both, the registry's
 * name with its cloud's suffix (the account says the cloud), so a US Government or China
 * registry is `.azurecr.us` / `.azurecr.cn`, never a guessed `.azurecr.io`.
 */
function loginServerOf(registry: RegistryRef, ...known: (string | undefined)[]): string {
  const name = parseRegistryId(registry.registryId).registryName.toLowerCase();
  for (const candidate of known) {
    if (candidate === undefined) continue;
    const parsed = parseRegistryLoginServer(candidate);
    // a registry's login server is its name, or its name with a domain-name-label hash (`-abc123`)
    if (parsed.ok && (parsed.value.startsWith(`${name}.`) || parsed.value.startsWith(`${name}-`))) return parsed.value;
  }
  const cloud = registry.accountId.slice(0, registry.accountId.indexOf('|'));
  return `${name}${resolveCloud(isCloudName(cloud) ? cloud : 'AzureCloud').acrSuffix}`;
}

export function createSyncService(deps: SyncServiceDeps) {
  const now = deps.now ?? (() => new Date());
  const running = new Map<string, AbortController>();

  async function buildPlan(request: PlanRequest): Promise<{ plan: Plan; view: PlanView; link: DraftLink | undefined; journal: ApplyJournal | null }> {
    const { draft } = deps.drafts.open(request.draftId);
    const registry = request.registry ?? draft.link?.registry;
    if (!registry) {
      throw new AppError('no-target-registry', `Draft "${draft.name}" was not imported from a registry: pick the registry to plan against.`);
    }
    const linked = draft.link && sameRegistry(draft.link.registry, registry) ? draft.link : undefined;
    const loginServer = linked?.loginServer ?? loginServerOf(registry, request.loginServer, draft.ruleSet.registry);
    const [live, repositories] = await Promise.all([
      readLiveRuleSet(deps.azure, registry, loginServer),
      deps.azure.listRepositories(registry).then(
        (listing) => ({ names: listing.repositories, note: listing.truncated ? 'The repository list was long and only partly read; targets were checked against the part read.' : null }),
        (error: unknown) => ({ names: undefined, note: `The registry's repositories could not be listed (${(error as Error).message}); targets were not checked against existing repositories.` }),
      ),
    ]);
    // An interrupted apply's own writes are not drift: the baseline advances past every journal
    // operation whose intent the registry now shows.
    const journal = deps.journalDir ? await ApplyJournal.read(deps.journalDir, request.draftId) : null;
    const ours = journal && sameRegistry(journal.data.registry, registry) ? journal : null;
    const own = linked && ours ? baselineWithOwnWrites(linked.baseline, ours.data.operations, live) : null;
    const baseline = own?.baseline ?? linked?.baseline;
    // Rules the journal's apply deleted halfway through a replace: planned to be created again.
    const owed = ours ? unfinishedReplaces(ours.data.operations, live) : [];
    let pendingJournal = ours;
    if (ours && ours.data.finishedAt !== null && linked && baseline) {
      // a finished apply whose result could not be saved: save it now that the disk may have room
      try {
        const saved = await deps.drafts.setLink(request.draftId, { ...linked, baseline });
        if (saved.saved) {
          // the journal goes once nothing in it is owed; until then it is what remembers the rules
          if (owed.length === 0) await ours.remove();
          pendingJournal = null;
        }
      } catch {
        // still not writable: the journal stays and is tried again next time
      }
    }
    const plan = planChanges(live, draft.ruleSet, {
      prune: request.prune,
      resolutions: request.resolutions,
      ...(owed.length > 0 ? { unfinishedReplaces: owed } : {}),
      ...(baseline ? { baseline } : {}),
      ...(repositories.names ? { existingRepositories: repositories.names } : {}),
    });
    const { input: _input, ...rest } = plan;
    void _input;
    const interruptedApply = pendingJournal ? { startedAt: pendingJournal.data.startedAt, finished: pendingJournal.data.finishedAt !== null, total: pendingJournal.data.operations.length, done: own?.done ?? 0 } : null;
    const view: PlanView = { ...rest, registry, loginServer, driftChecked: linked !== undefined, repositoryNote: repositories.note, interruptedApply };
    return { plan, view, link: linked && baseline ? { ...linked, baseline } : linked, journal: pendingJournal };
  }

  /** Writes the registry's version of `conflicts`' items into the draft and the link's baseline (one undoable edit). */
  async function adoptTheirs(draftId: string, link: DraftLink, conflicts: readonly Conflict[]): Promise<{ draft: DraftState; link: DraftLink }> {
    const first = conflicts[0] as Conflict;
    const label = conflicts.length === 1 ? `Take theirs: ${first.item === 'rule' ? 'rule' : 'credential set'} ${first.name}` : `Take theirs for ${conflicts.length} items`;
    let adopted = link;
    const draft = await deps.drafts.editWithLink(draftId, label, (current) => {
      const next = takeTheirs(current.ruleSet, link.baseline, conflicts);
      adopted = { ...link, baseline: next.baseline };
      return { ruleSet: next.ruleSet, link: adopted };
    });
    return { draft, link: adopted };
  }

  async function ruleSetOf(source: RuleSetSource): Promise<{ label: string; ruleSet: RuleSet }> {
    if (source.kind === 'draft') {
      const { draft } = deps.drafts.open(source.id);
      return { label: `draft ${draft.name}`, ruleSet: draft.ruleSet };
    }
    const loginServer = loginServerOf(source.registry);
    return { label: loginServer, ruleSet: await readLiveRuleSet(deps.azure, source.registry, loginServer) };
  }

  return {
    async importRegistry(registry: RegistryRef, server: string, name: string): Promise<DraftState> {
      // the draft's link and `registry` keep this: a mistyped one would label every plan after
      const loginServer = checkRegistryLoginServer(server);
      const ruleSet = await readLiveRuleSet(deps.azure, registry, loginServer);
      const at = now().toISOString();
      return deps.drafts.adopt(name, ruleSet, { kind: 'registry', detail: loginServer, at }, { registry, loginServer, importedAt: at, baseline: baselineOf(ruleSet) });
    },

    async plan(request: PlanRequest): Promise<PlanView> {
      return (await buildPlan(request)).view;
    },

    /**
     * Take theirs for conflicts of the plan made now (ids from `plan.conflicts`): the registry's
     * version of each item goes into the draft and its baseline, as one undoable edit, so no later
     * plan proposes overwriting it. Answers the draft and the plan made again after the edit.
     */
    async takeTheirs(request: PlanRequest, conflictIds: readonly string[]): Promise<ResolvedConflicts> {
      if (running.has(request.draftId)) throw new AppError('apply-running', 'This draft is being applied; wait for it to finish or cancel it, then take theirs.');
      const { plan, link } = await buildPlan(request);
      if (!link) throw new AppError('not-linked', 'Take theirs needs the registry the draft was imported from: only its changes since import are conflicts.');
      const wanted = new Set(conflictIds);
      const taken = plan.conflicts.filter((c) => wanted.has(c.id));
      const missing = [...wanted].filter((id) => !taken.some((c) => c.id === id));
      if (missing.length > 0) {
        throw new AppError('conflict-gone', `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} no longer a conflict (the registry or the draft changed meanwhile); look at the new plan and choose again.`);
      }
      const { draft } = await adoptTheirs(request.draftId, link, taken);
      const resolutions = Object.fromEntries(Object.entries(request.resolutions).filter(([id]) => !wanted.has(id)));
      const { view } = await buildPlan({ ...request, resolutions });
      return { draft, plan: view };
    },

    async apply(request: PlanRequest): Promise<ApplyOutcomeView> {
      if (running.has(request.draftId)) throw new AppError('apply-running', 'This draft is being applied already; wait for it to finish or cancel it.');
      const controller = new AbortController();
      running.set(request.draftId, controller);
      try {
        // Planned again from the registry as it is now: whatever changed since the user looked at
        // the plan is taken into account (and shows as a conflict when it is drift).
        const { plan, view, link: planned, journal: earlier } = await buildPlan(request);
        if (plan.blocked) {
          const first = plan.problems.find((p) => p.severity === 'error');
          throw new AppError('plan-blocked', `Nothing was applied: the result would have errors. ${first ? first.message : ''}`.trim());
        }
        if (plan.unresolved > 0) {
          throw new AppError('plan-has-conflicts', `Nothing was applied: ${plan.unresolved} item(s) changed in ${view.loginServer} since import. Choose keep mine or take theirs for each, then apply.`);
        }
        // "Take theirs" chosen in the request is written into the draft before anything is sent:
        // otherwise the apply's new baseline would hide the colleague's change and the next plan
        // would overwrite it without a conflict.
        const theirs = plan.conflicts.filter((c) => c.resolution === 'theirs');
        const link = planned && theirs.length > 0 ? (await adoptTheirs(request.draftId, planned, theirs)).link : planned;
        const writer = deps.writerFor?.(view.registry) ?? registryWriter(deps.applyAzure, view.registry);
        // The intent is on disk before the first write: a crash mid-apply is recognised later.
        // An earlier interrupted apply's operations stay in it: they are still this app's own writes.
        let journal: ApplyJournal | null = null;
        if (deps.journalDir) {
          try {
            journal = await ApplyJournal.begin(deps.journalDir, { draftId: request.draftId, registry: view.registry, loginServer: view.loginServer, prune: request.prune, startedAt: now().toISOString(), operations: [...(earlier?.data.operations ?? []).filter((op) => !plan.operations.some((o) => o.id === op.id)), ...plan.operations] });
          } catch (error) {
            throw new AppError('journal-failed', `Nothing was applied: the apply journal could not be written in ${deps.journalDir} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Free disk space or make the folder writable, then apply again.`);
          }
        }
        let baseline = link?.baseline;
        const byId = new Map(plan.operations.map((op) => [op.id, op]));
        const outcome = await executePlan(plan, writer, {
          concurrency: deps.concurrency,
          signal: controller.signal,
          ...(deps.applyBudget ? { budget: deps.applyBudget } : {}),
          onProgress: (progress) => {
            const op = progress.changed && progress.changed.status === 'succeeded' ? byId.get(progress.changed.id) : undefined;
            if (op && baseline) baseline = advanceBaseline(baseline, op);
            if (progress.changed) journal?.note(progress.changed.id, progress.changed.status);
            deps.events.emit('sync.onApplyProgress', { draftId: request.draftId, ...progress });
          },
        });
        await journal?.finish().catch(() => {});
        // The registry is what it is whether or not the result can be saved: report both.
        let converged = false;
        let after: RuleSet | null = null;
        // Rules deleted to be created again and not created (null: not known, the registry could
        // not be read back). Only the journal remembers them: with prune off neither the registry
        // nor the draft has them, so the journal stays until they exist again.
        let owed: CacheRule[] | null = null;
        try {
          after = await readLiveRuleSet(deps.azure, view.registry, view.loginServer);
          // with prune on a rule the draft lacks is to be gone, and it is: nothing is owed
          owed = request.prune ? [] : unfinishedReplaces(journal?.data.operations ?? plan.operations, after);
          converged = planChanges(after, deps.drafts.open(request.draftId).draft.ruleSet, { prune: request.prune, unfinishedReplaces: owed }).operations.length === 0;
        } catch {
          // could not read the registry back; the per-operation results stand
        }
        const keepJournal = owed === null ? plan.operations.some((op) => op.kind === 'delete-rule' && op.change === 'replace') : owed.length > 0;
        let saveNote: string | null = null;
        if (link && baseline) {
          // A linked draft now remembers the registry as the apply left it: only later changes by
          // others count as drift. Items the apply did not touch keep their old fingerprints.
          const clean = after !== null && outcome.failed === 0 && outcome.cancelled === 0 && outcome.skipped === 0;
          let failure: string | null;
          try {
            // a full or read-only disk is an answer here (the link stays in memory, retried), not a throw
            const saved = await deps.drafts.setLink(request.draftId, { ...link, baseline: clean ? baselineOf(after as RuleSet) : baseline });
            failure = saved.saved ? null : saved.message;
          } catch (error) {
            failure = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
          }
          if (failure === null) {
            if (!keepJournal) await journal?.remove().catch(() => {});
          } else {
            saveNote = `The apply's result could not be saved with the draft (${failure}); the registry is as reported. It is kept in the apply journal and saved the next time you plan this draft, once the disk has space again.`;
          }
        } else if (!keepJournal) {
          await journal?.remove().catch(() => {});
        }
        return { ...outcome, converged, saveNote };
      } finally {
        running.delete(request.draftId);
      }
    },

    cancelApply(draftId: string): boolean {
      const controller = running.get(draftId);
      if (!controller) return false;
      controller.abort(new AppError('cancelled', 'The apply was cancelled.'));
      return true;
    },

    async compare(left: RuleSetSource, right: RuleSetSource): Promise<Comparison> {
      const [a, b] = await Promise.all([ruleSetOf(left), ruleSetOf(right)]);
      const plan = planChanges(a.ruleSet, b.ruleSet, { prune: true });
      return { left: a, right: b, changes: [...plan.changes] };
    },

    exportIac(draftId: string, format: ExportFormat): IacExport {
      const { draft } = deps.drafts.open(draftId);
      const result = exportRuleSet(draft.ruleSet, format, draft.ruleSet.registry ? { registry: draft.ruleSet.registry } : {});
      return { format, fileName: result.fileName, content: result.content, warnings: result.warnings.map((w) => w.message) };
    },

    async saveIac(draftId: string, format: ExportFormat): Promise<string | null> {
      const exported = this.exportIac(draftId, format);
      const path = await deps.dialogs.saveExportFile(exported.fileName, format);
      if (!path) return null;
      try {
        await writeFile(path, exported.content, 'utf8');
      } catch (error) {
        throw new AppError('export-failed', `${path} could not be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Pick a folder you may write to.`);
      }
      return path;
    },
  };
}

export type SyncService = ReturnType<typeof createSyncService>;
