// An apply killed mid-way (SIGKILL of the process running it) and the app started again: the
// journal on disk says which registry changes were the app's own, so they are not shown as
// someone else's drift; the plan says an apply was interrupted; applying again converges.
import { spawn } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { CacheRule } from '../../core/model.ts';
import { startAzureTestEnvironment, TEST_TENANT, type AzureTestEnvironment } from '../emulators/azure-environment.ts';
import { writeFileAtomic } from '../../main/atomic-file.ts';
import { createApplySync } from '../support/apply-sync.ts';

let env: AzureTestEnvironment | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

const RULES = 40;
const rules: CacheRule[] = Array.from({ length: RULES }, (_, i) => ({ name: `team-${String(i).padStart(3, '0')}`, source: `mcr.microsoft.com/team/app-${i}`, target: `team/app-${i}` }));

async function waitFor(condition: () => boolean, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

it('SIGKILL mid-apply, restart: own writes are not drift, "interrupted" is shown, and resuming converges', async () => {
  env = await startAzureTestEnvironment();
  const e = env;
  for (const rule of rules) e.registry.putRule(rule);
  const registry = { accountId: 'AzureCloud|test', tenantId: TEST_TENANT, registryId: e.registry.id };
  const first = await createApplySync({ dataDir: e.dataDir, armUrl: e.arm.url, tlsCa: e.cert.cert });
  const imported = await first.sync.importRegistry(registry, e.registry.loginServer, 'team rules');
  const draftId = imported.draft.id;
  // every rule moves: 40 replaces (delete + create each)
  for (const rule of rules) await first.drafts.saveRule(draftId, { ...rule, target: `moved/${rule.target}` }, rule.name);

  e.arm.faults.latency('cacheRules.delete', 40);
  e.arm.faults.latency('cacheRules.create', 40);
  const caFile = join(e.dataDir, 'ca.pem');
  await writeFile(caFile, e.cert.cert);
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/integration/fixtures/apply-child.ts'], {
    env: { ...process.env, APPLY_DATA_DIR: e.dataDir, APPLY_ARM_URL: e.arm.url, APPLY_CA_FILE: caFile, APPLY_DRAFT_ID: draftId },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  const writes = () => e.arm.requests.filter((r) => (r.op === 'cacheRules.delete' || r.op === 'cacheRules.create') && r.status > 0 && r.status < 300).length;
  try {
    await waitFor(() => writes() >= 20 || child.exitCode !== null, 60_000, `the child's writes (stderr: ${stderr})`);
  } finally {
    child.kill('SIGKILL');
  }
  expect(await exited).toBe('SIGKILL');
  const killedAfter = writes();
  expect(killedAfter).toBeGreaterThanOrEqual(20);
  expect(killedAfter).toBeLessThan(2 * RULES);
  // rule by rule: only the replaces in flight (the child's concurrency, 4) are missing, not every deleted rule
  expect(RULES - e.registry.rules().length).toBeLessThanOrEqual(4);
  // one journal; a kill between the journal's write and its rename may also leave a temporary
  // copy beside it, which the restart below removes (the last readdir expects nothing at all)
  expect((await readdir(join(e.dataDir, 'apply-journal'))).filter((f) => f.endsWith('.json'))).toHaveLength(1);
  e.arm.faults.clear();
  // Azure finishes what it accepted, whether or not the client that sent it still polls
  e.arm.completePendingOperations();

  // "restart": the services are built again from the data folder
  const again = await createApplySync({ dataDir: e.dataDir, armUrl: e.arm.url, tlsCa: e.cert.cert });
  const plan = await again.sync.plan({ draftId, prune: true, resolutions: {} });
  expect(plan.interruptedApply).toMatchObject({ finished: false, total: 2 * RULES });
  expect(plan.interruptedApply!.done).toBeGreaterThan(0);
  // the deletes and creates the killed apply made are its own, not "deleted in the registry since import"
  expect(plan.conflicts).toEqual([]);
  expect(plan.unresolved).toBe(0);
  expect(plan.operations.length).toBeLessThan(2 * RULES);

  const outcome = await again.sync.apply({ draftId, prune: true, resolutions: {} });
  expect(outcome).toMatchObject({ failed: 0, converged: true });
  expect(e.registry.rules().map((r) => r.targetRepository).sort()).toEqual(rules.map((r) => `moved/${r.target}`).sort());
  const after = await again.sync.plan({ draftId, prune: true, resolutions: {} });
  expect(after.operations).toEqual([]);
  expect(after.interruptedApply ?? null).toBeNull();
  expect(await readdir(join(e.dataDir, 'apply-journal'))).toEqual([]);
}, 90_000);

it('a finished apply whose result cannot be saved still reports every operation and that the registry matches; the baseline is saved later', async () => {
  env = await startAzureTestEnvironment();
  const e = env;
  for (const rule of rules.slice(0, 5)) e.registry.putRule(rule);
  const registry = { accountId: 'AzureCloud|test', tenantId: TEST_TENANT, registryId: e.registry.id };
  // the disk fills up after the import: every write of drafts.json fails as a full disk does
  let full = false;
  const storeFs = {
    writeFileAtomic: async (path: string, data: string) => {
      if (full) throw Object.assign(new Error(`ENOSPC: no space left on device, open '${path}'`), { code: 'ENOSPC' });
      await writeFileAtomic(path, data);
    },
  };
  const app = await createApplySync({ dataDir: e.dataDir, armUrl: e.arm.url, tlsCa: e.cert.cert, storeFs });
  const draftId = (await app.sync.importRegistry(registry, e.registry.loginServer, 'five')).draft.id;
  await app.drafts.saveRule(draftId, { ...rules[0]!, target: 'moved/zero' }, rules[0]!.name);
  await app.drafts.saveRule(draftId, rules[7]!, null);
  full = true;
  const outcome = await app.sync.apply({ draftId, prune: false, resolutions: {} });
  expect(outcome).toMatchObject({ failed: 0, succeeded: 3, converged: true });
  expect(outcome.results.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
  expect(outcome.saveNote).toMatch(/could not be saved with the draft \(.*full.*\).*registry is as reported/);
  expect(await readdir(join(e.dataDir, 'apply-journal'))).toHaveLength(1);

  // space is back: the next plan saves the baseline; the app's own writes are no drift
  full = false;
  const plan = await app.sync.plan({ draftId, prune: false, resolutions: {} });
  expect(plan.conflicts).toEqual([]);
  expect(plan.operations).toEqual([]);
  expect(plan.interruptedApply ?? null).toBeNull();
  expect(Object.keys(app.drafts.open(draftId).draft.link!.baseline.rules)).toContain(rules[7]!.name);
  expect(await readdir(join(e.dataDir, 'apply-journal'))).toEqual([]);
});
