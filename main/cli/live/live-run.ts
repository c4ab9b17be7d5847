// What pull, plan --registry and apply do once their arguments are read: read the registry, plan
// against a file, and apply with the app's executor (main/apply/executor.ts: ordering, retries,
// pacing, verification) and its journal. Loaded only by the live commands: the Azure SDK and
// @azure/identity stay out of `lint`'s start-up.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planChanges, unfinishedReplaces, type Plan, type PlanOperation } from '../../../core/plan.ts';
import { writeRuleSet } from '../../../core/rule-set-file.ts';
import type { CacheRule, RuleSet } from '../../../core/model.ts';
import { executePlan, type ApplyProgress } from '../../apply/executor.ts';
import { ApplyJournal } from '../../apply/journal.ts';
import { readLiveRuleSet, registryWriter } from '../../apply/registry-writer.ts';
import type { CliIo } from '../cli-io.ts';
import { azureFailure, connectLiveAzure, findRegistry, type LiveAzure, type LiveRegistry } from './live-azure.ts';

export interface LiveTarget {
  live: LiveAzure;
  registry: LiveRegistry;
}

export async function connect(registry: string, env: Record<string, string | undefined> = process.env): Promise<LiveTarget> {
  const live = connectLiveAzure(env);
  return { live, registry: await findRegistry(live, registry, env.AZURE_TENANT_ID) };
}

export async function readRegistry(target: LiveTarget): Promise<RuleSet> {
  return readLiveRuleSet(target.live.azure, target.registry.ref, target.registry.loginServer);
}

export function pulledText(ruleSet: RuleSet, format: 'yaml' | 'json'): string {
  return writeRuleSet(ruleSet, format);
}

/** Where the CLI keeps its apply journals unless --journal-dir says otherwise. */
export function journalDirOf(option: string | undefined): string {
  return option ?? join(tmpdir(), 'acr-cache-journal');
}

/** One journal per registry: the CLI has no draft, the registry is what it applies to. */
function journalIdOf(registry: LiveRegistry): string {
  return `cli-${registry.name}`;
}

/**
 * The operations of an earlier apply to this registry that did not finish (its journal is kept
 * after a failure or a kill): they tell which rules it deleted halfway through a replace.
 */
export async function earlierApply(target: LiveTarget, journalDir: string): Promise<readonly PlanOperation[]> {
  const journal = await ApplyJournal.read(journalDir, journalIdOf(target.registry));
  if (journal === null || journal.data.registry.registryId.toLowerCase() !== target.registry.ref.registryId.toLowerCase()) return [];
  return journal.data.operations;
}

export function livePlan(live: RuleSet, draft: RuleSet, prune: boolean, earlier: readonly PlanOperation[] = []): Plan {
  const owed: CacheRule[] = unfinishedReplaces(earlier, live);
  return planChanges(live, draft, { prune, ...(owed.length > 0 ? { unfinishedReplaces: owed } : {}) });
}

export interface ApplyRunOptions {
  prune: boolean;
  journalDir: string;
  /** The operations of the earlier apply's journal (earlierApply), kept in the new one. */
  earlier?: readonly PlanOperation[];
  /** Progress as JSON lines on stdout (not a terminal), or lines on stderr (a terminal). */
  jsonLines: boolean;
}

export interface ApplyRunResult {
  ok: boolean;
  summary: Record<string, unknown>;
  journal: string | null;
}

function progressLine(progress: ApplyProgress): string | null {
  const c = progress.changed;
  if (!c || c.status === 'running' || c.status === 'pending') return null;
  const mark = c.status === 'succeeded' ? 'done  ' : c.status.padEnd(6);
  const detail = c.error ? `: ${c.error.message}` : c.reason ? `: ${c.reason}` : '';
  return `  [${progress.done}/${progress.total}] ${mark} ${c.id} (${c.attempts} attempt${c.attempts === 1 ? '' : 's'}, ${c.ms} ms)${detail}\n`;
}

/** Applies `plan` (already checked: not blocked, no unresolved conflict) to the registry. */
export async function applyPlan(target: LiveTarget, plan: Plan, draft: RuleSet, io: CliIo, options: ApplyRunOptions): Promise<ApplyRunResult> {
  const { registry, live } = target;
  const journalDir = options.journalDir;
  const draftId = journalIdOf(registry);
  // The intent is on disk before the first write, as in the app: a crash mid-apply is recognisable.
  // An earlier unfinished apply's operations stay in it: a rule it deleted to create again is
  // remembered there alone until it exists again.
  const earlier = (options.earlier ?? []).filter((op) => !plan.operations.some((o) => o.id === op.id));
  const operations = [...earlier, ...plan.operations];
  const journal = await ApplyJournal.begin(journalDir, { draftId, registry: registry.ref, loginServer: registry.loginServer, prune: options.prune, startedAt: new Date().toISOString(), operations });
  const controller = new AbortController();
  const onSignal = () => controller.abort(new Error('The apply was cancelled (signal).'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const outcome = await executePlan(plan, registryWriter(live.applyAzure, registry.ref), {
      signal: controller.signal,
      budget: live.applyBudget,
      onProgress: (progress) => {
        if (progress.changed) journal.note(progress.changed.id, progress.changed.status);
        if (options.jsonLines) {
          if (progress.changed && progress.changed.status !== 'running') io.out(JSON.stringify({ event: 'progress', ...progress }) + '\n');
        } else {
          const line = progressLine(progress);
          if (line) io.err(line);
          if (progress.pausedUntil) io.err(`  paused until ${new Date(progress.pausedUntil).toISOString()}: ${progress.pauseReason ?? 'Azure asked to wait'}\n`);
        }
      },
    });
    await journal.finish().catch(() => {});
    let converged = false;
    try {
      const after = await readLiveRuleSet(live.azure, registry.ref, registry.loginServer);
      converged = livePlan(after, draft, options.prune, operations).operations.length === 0;
    } catch (error) {
      io.err(`acr-cache apply: warning: the registry could not be read back (${azureFailure(error)}); the per-operation results stand.\n`);
    }
    const ok = outcome.failed === 0 && outcome.skipped === 0 && outcome.cancelled === 0 && converged;
    if (ok) await journal.remove().catch(() => {});
    const summary = {
      registry: registry.loginServer,
      converged,
      succeeded: outcome.succeeded,
      failed: outcome.failed,
      skipped: outcome.skipped,
      held: outcome.held,
      cancelled: outcome.cancelled,
      retries: outcome.retries,
      throttled: outcome.throttled,
      ms: outcome.ms,
      results: outcome.results,
    };
    return { ok, summary, journal: ok ? null : join(journalDir, `${draftId}.json`) };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
