// Kill figures (issue 9, "Done when"): processes SIGKILLed at random moments, then started again
// from what is on disk, as after a crash or a forced quit. Every wait is bounded, so a hang counts
// as a kill not survived instead of stalling the benchmark.
//  - an apply: the child runs the app's sync service (test/integration/fixtures/apply-child.ts)
//    on 40 replaced rules and is killed after a random number of writes; survived when the
//    restart's plan says an apply was interrupted, shows none of the app's own writes as someone
//    else's drift, and applying it converges.
//  - the drafts store: a child edits as fast as it can (test/support/draft-writer-child.ts) and is
//    killed after a random delay; survived when the store opens clean with its draft and no
//    temporary file is left.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CacheRule } from '../../core/model.ts';
import { engineRuleChecker, engineRuleSetCodec } from '../../main/drafts/engine-adapters.ts';
import { createDraftService } from '../../main/drafts/service.ts';
import { openDraftStore } from '../../main/drafts/store.ts';
import { startAzureTestEnvironment, TEST_TENANT } from '../emulators/azure-environment.ts';
import { createApplySync } from '../support/apply-sync.ts';

const RULES = 40;
const CHILD_MS = 60_000;

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
  return true;
}

/** One apply killed after `after` writes (of 2 × RULES); whether everything after it held. */
async function killOneApply(after: number): Promise<boolean> {
  const e = await startAzureTestEnvironment();
  try {
    const rules: CacheRule[] = Array.from({ length: RULES }, (_, i) => ({ name: `team-${String(i).padStart(3, '0')}`, source: `mcr.microsoft.com/team/app-${i}`, target: `team/app-${i}` }));
    for (const rule of rules) e.registry.putRule(rule);
    const registry = { accountId: 'AzureCloud|bench', tenantId: TEST_TENANT, registryId: e.registry.id };
    const first = await createApplySync({ dataDir: e.dataDir, armUrl: e.arm.url, tlsCa: e.cert.cert });
    const draftId = (await first.sync.importRegistry(registry, e.registry.loginServer, 'team')).draft.id;
    for (const rule of rules) await first.drafts.saveRule(draftId, { ...rule, target: `moved/${rule.target}` }, rule.name);
    e.arm.faults.latency('cacheRules.delete', 20);
    e.arm.faults.latency('cacheRules.create', 20);
    const caFile = join(e.dataDir, 'ca.pem');
    await writeFile(caFile, e.cert.cert);
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/integration/fixtures/apply-child.ts'], {
      env: { ...process.env, APPLY_DATA_DIR: e.dataDir, APPLY_ARM_URL: e.arm.url, APPLY_CA_FILE: caFile, APPLY_DRAFT_ID: draftId },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    const exited = new Promise<void>((done) => child.on('exit', () => done()));
    const writes = () => e.arm.requests.filter((r) => (r.op === 'cacheRules.delete' || r.op === 'cacheRules.create') && r.status > 0 && r.status < 300).length;
    await until(() => writes() >= after || child.exitCode !== null, CHILD_MS);
    child.kill('SIGKILL');
    await exited;
    e.arm.faults.clear();
    e.arm.completePendingOperations();

    const again = await createApplySync({ dataDir: e.dataDir, armUrl: e.arm.url, tlsCa: e.cert.cert });
    const request = { draftId, prune: true, resolutions: {} };
    const plan = await again.sync.plan(request);
    if (plan.conflicts.length > 0 || plan.interruptedApply == null) return false;
    const outcome = await again.sync.apply(request);
    const moved = e.registry.rules().every((r) => r.targetRepository.startsWith('moved/')) && e.registry.rules().length === RULES;
    return outcome.failed === 0 && outcome.converged && moved && (await again.sync.plan(request)).operations.length === 0;
  } catch {
    return false;
  } finally {
    await e.close();
  }
}

export async function applyKills(kills: number): Promise<{ survived: number; kills: number }> {
  let survived = 0;
  for (let k = 0; k < kills; k++) {
    // anywhere from the first few writes to the last few of the 80
    const after = 4 + Math.floor(Math.random() * (2 * RULES - 8));
    if (await killOneApply(after)) survived++;
  }
  return { survived, kills };
}

export async function storeKills(kills: number): Promise<{ survived: number; kills: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'acs-bench-kill-'));
  const child = resolve('test/support/draft-writer-child.ts');
  let survived = 0;
  try {
    for (let k = 0; k < kills; k++) {
      const proc = spawn(process.execPath, ['--import', 'tsx', child, dir], { stdio: ['ignore', 'pipe', 'ignore'] });
      const exited = new Promise<void>((done) => proc.once('exit', () => done()));
      let ready = false;
      proc.stdout.once('data', () => (ready = true));
      await until(() => ready || proc.exitCode !== null, CHILD_MS);
      await new Promise((r) => setTimeout(r, 20 + Math.floor(Math.random() * 200)));
      proc.kill('SIGKILL');
      await exited;
      const drafts = createDraftService({
        store: await openDraftStore(dir),
        dialogs: { openRuleSetFile: async () => null, saveRuleSetFile: async () => null, saveExportFile: async () => null },
        codec: engineRuleSetCodec,
        checker: engineRuleChecker,
      });
      const status = drafts.status();
      const clean = status.recovered === null && status.setAside === null && status.repaired === null && status.problem === null;
      const names = drafts.list().map((d) => d.name);
      drafts.dispose();
      if (ready && clean && names.length === 1 && names[0] === 'victim') survived++;
    }
    // a torn temporary copy is removed when the store opens: none may stay
    if ((await readdir(dir)).some((f) => f.endsWith('.tmp'))) survived = Math.min(survived, kills - 1);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { survived, kills };
}
