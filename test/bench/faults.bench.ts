// The fault suite's figures for issue 9: kills survived (an apply and the drafts store, SIGKILLed
// at random moments), faults converged (each kind of fault the integration tests inject, through
// the app's sync service, counted as converged and truthfully reported), and Retry-After honoured
// (every 429 of those runs against the wait the app kept before asking again). Apply time after a
// 429 burst against one write at a time is apply-throttling.bench.ts's. BENCH_KILLS sets the
// number of kills of each kind (default 6 applies, 20 store writers).
import type { BenchRow } from './bench-row.ts';
import { FAULT_CASES, RETRY_AFTER_MS, runFaultCase, type FaultCaseResult } from './fault-cases.ts';
import { applyKills, storeKills } from './kill-cases.ts';

const APPLY_KILLS = Number(process.env['BENCH_KILLS'] ?? 6);
const STORE_KILLS = Number(process.env['BENCH_KILLS'] ?? 20);

export default async function faultsBench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const kills = 'kills survived (SIGKILL, restart)';
  const apply = await applyKills(APPLY_KILLS);
  rows.push({ suite: kills, case: 'apply of 40 replaces killed mid-way: interrupted shown, no false drift, resume converges', value: apply.survived, unit: `of ${apply.kills}`, target: `${apply.kills} of ${apply.kills}`, pass: apply.survived === apply.kills });
  const store = await storeKills(STORE_KILLS);
  rows.push({ suite: kills, case: 'drafts store writer killed mid-write: opens clean, nothing lost, no temporary left', value: store.survived, unit: `of ${store.kills}`, target: `${store.kills} of ${store.kills}`, pass: store.survived === store.kills });

  const suite = 'faults converged (ARM emulator, app sync service)';
  const results: FaultCaseResult[] = [];
  for (const c of FAULT_CASES) {
    const r = await runFaultCase(c);
    results.push(r);
    const ok = r.converged && r.truthful;
    rows.push({ suite, case: `${r.label}${r.truthful ? '' : ' (a result misreported)'}`, value: r.rounds, unit: r.rounds === 1 ? 'apply' : 'applies', target: 'converged, reported truly', pass: ok });
  }
  const converged = results.filter((r) => r.converged && r.truthful).length;
  rows.push({ suite, case: 'faults converged and reported truly', value: converged, unit: `of ${results.length}`, target: `${results.length} of ${results.length}`, pass: converged === results.length });

  const waits = results.flatMap((r) => r.retryAfter);
  const honoured = waits.filter((w) => w.waitedMs >= w.askedMs).length;
  const shortest = waits.length === 0 ? 0 : Math.min(...waits.map((w) => w.waitedMs));
  const retry = `Retry-After honoured (${RETRY_AFTER_MS} ms asked, writes and polls)`;
  rows.push({ suite: retry, case: '429 answers followed by a wait at least as long as asked', value: honoured, unit: `of ${waits.length}`, target: `${waits.length} of ${waits.length}`, pass: waits.length > 0 && honoured === waits.length });
  rows.push({ suite: retry, case: 'shortest wait kept after a 429', value: shortest, unit: 'ms', target: `≥ ${RETRY_AFTER_MS} ms`, pass: shortest >= RETRY_AFTER_MS });
  return rows;
}
