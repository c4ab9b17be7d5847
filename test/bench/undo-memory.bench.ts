// Undo history memory (issue 9.11): heap growth of 200 rule edits through the drafts service (the
// app's real edit path, with a real store on disk), for a 1,000-rule and a 20,000-rule draft.
// Before the history kept only changes, 200 edits of 20,000 rules added about 1 GB of heap.
// The baseline is a naive history keeping a full copy of the rule set per edit, measured the
// same way in the same run (1,000 rules only: at 20,000 it is the gigabyte this replaced).
// Heap is read after a full GC (v8's --expose-gc, switched on here, since tsx runs the bench).

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { CacheRule, RuleSet } from '../../core/model.ts';
import { createDraftService, type RuleChecker, type RuleSetCodec } from '../../main/drafts/service.ts';
import { openDraftStore } from '../../main/drafts/store.ts';
import type { BenchRow } from './bench-row.ts';
import { makeRuleSet } from './core.bench.ts';

const EDITS = 200;
const TARGET_MB_1000 = 50;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

// The bench measures memory, not the rule engine: the checker accepts everything.
const checker: RuleChecker = { ruleErrors: () => [], credentialSetErrors: () => [] };
const codec: RuleSetCodec = {
  parse: (text) => ({ ok: true, ruleSet: JSON.parse(text) as RuleSet }),
  serialize: (ruleSet) => JSON.stringify(ruleSet),
};

const edited = (rule: CacheRule, n: number): CacheRule => ({ ...rule, target: `${rule.target.replace(/\/\*$/, '')}-v${n}${rule.target.endsWith('/*') ? '/*' : ''}` });

/** Heap growth (bytes) and the history's own estimate after EDITS edits of an n-rule draft. */
async function serviceGrowth(rules: number): Promise<{ growth: number; estimated: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'acs-undo-bench-'));
  try {
    const store = await openDraftStore(dir);
    const drafts = createDraftService({ store, codec, checker, dialogs: { openRuleSetFile: async () => null, saveRuleSetFile: async () => null, saveExportFile: async () => null } });
    const { draft } = await drafts.adopt('bench', makeRuleSet(rules), { kind: 'file', detail: 'bench', at: new Date().toISOString() });
    const before = heapAfterGc();
    for (let i = 0; i < EDITS; i++) {
      const current = drafts.open(draft.id).draft.ruleSet.rules;
      const rule = current[(i * 7919) % current.length] as CacheRule;
      await drafts.saveRule(draft.id, edited(rule, i), rule.name);
    }
    const growth = heapAfterGc() - before;
    const estimated = drafts.historyBytes(draft.id);
    drafts.dispose();
    return { growth, estimated };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The naive history: a full copy of the rule set per edit (what 9.11 replaced). */
function naiveGrowth(rules: number): number {
  let ruleSet = makeRuleSet(rules);
  const copies: RuleSet[] = [];
  const before = heapAfterGc();
  for (let i = 0; i < EDITS; i++) {
    copies.push(structuredClone(ruleSet));
    const at = (i * 7919) % ruleSet.rules.length;
    const next = [...ruleSet.rules];
    next[at] = edited(next[at] as CacheRule, i);
    ruleSet = { ...ruleSet, rules: next };
  }
  const growth = heapAfterGc() - before;
  if (copies.length !== EDITS) throw new Error('unreachable');
  return growth;
}

const MB = 1024 * 1024;

export default async function undoMemoryBench(): Promise<BenchRow[]> {
  const small = await serviceGrowth(1_000);
  const naive = naiveGrowth(1_000);
  const large = await serviceGrowth(20_000);
  const growthMb = (b: number) => Math.max(0, b) / MB;
  return [
    { suite: 'undo memory', case: `heap growth, 1,000 rules × ${EDITS} edits`, value: growthMb(small.growth), unit: 'MB', baseline: growthMb(naive), target: `< ${TARGET_MB_1000} MB`, pass: growthMb(small.growth) < TARGET_MB_1000 },
    { suite: 'undo memory', case: `heap growth, 20,000 rules × ${EDITS} edits`, value: growthMb(large.growth), unit: 'MB', target: `< ${TARGET_MB_1000} MB`, pass: growthMb(large.growth) < TARGET_MB_1000 },
    { suite: 'undo memory', case: `history estimate, 20,000 rules × ${EDITS} edits`, value: large.estimated / 1024, unit: 'KiB', target: '≤ 16 MiB', pass: large.estimated <= 16 * MB },
  ];
}
