// Which registry changes an interrupted apply made itself: an operation of its journal whose
// intent the registry now shows ran (or ran far enough). The draft's baseline advances past those,
// so that planning again does not show the app's own writes as "changed in the registry since
// import" by someone else; anything else that differs from the baseline is still drift.
import type { Baseline } from '../../core/fingerprint.ts';
import { nameKey } from '../../core/fingerprint.ts';
import type { RuleSet } from '../../core/model.ts';
import { advanceBaseline, type PlanOperation } from '../../core/plan.ts';
import { meetsIntent } from './verify.ts';

export function baselineWithOwnWrites(baseline: Baseline, operations: readonly PlanOperation[], live: RuleSet): { baseline: Baseline; done: number } {
  const rules = new Map(live.rules.map((r) => [nameKey(r.name), r]));
  const sets = new Map(live.credentialSets.map((s) => [nameKey(s.name), s]));
  let advanced = baseline;
  let done = 0;
  for (const op of operations) {
    const item = 'rule' in op ? rules.get(nameKey(op.rule.name)) : sets.get(nameKey(op.credentialSet.name));
    if (!meetsIntent(op, item ?? null)) continue;
    // the delete half of a replace whose create also ran counts once, as the create
    advanced = advanceBaseline(advanced, op);
    done++;
  }
  return { baseline: advanced, done };
}
