// The fault suite's cases as figures (issue 9, "Done when"): each case is one apply of the app's
// sync service (its journal, executor and apply pipeline with the app's own retry settings)
// against the ARM emulator with one kind of fault, then as many "plan again → apply" rounds as
// it takes (at most three), as a user would. A case converges when the last plan proposes
// nothing; it is truthful when every result of the first apply says what the registry then
// shows (an operation reported done is done, one reported failed or skipped is not). The
// integration tests check each fault in detail; this counts them in one place.
import type { RuleSet } from '../../core/model.ts';
import type { PlanOperation } from '../../core/plan.ts';
import { readLiveRuleSet } from '../../main/apply/registry-writer.ts';
import { meetsIntent } from '../../main/apply/verify.ts';
import type { ApplyOutcomeView, PlanView } from '../../preload/api.ts';
import type { ArmRequestRecord } from '../emulators/arm.ts';
import { startAzureTestEnvironment, TEST_TENANT, type AzureTestEnvironment } from '../emulators/azure-environment.ts';
import { createApplySync } from '../support/apply-sync.ts';

const KV = 'https://kv-contoso.vault.azure.net/secrets';
/** What the app's write path is told to wait, and what every poll 429 says. */
export const RETRY_AFTER_MS = 400;

export interface FaultCase {
  readonly label: string;
  /** Faults to arm before the first apply (the emulator matches and counts them). */
  readonly arm: (env: AzureTestEnvironment) => void;
  readonly requestTimeoutMs?: number;
}

export interface FaultCaseResult {
  readonly label: string;
  readonly converged: boolean;
  readonly truthful: boolean;
  readonly rounds: number;
  /** 429 answers the emulator gave, each with the wait it asked for and the wait the app kept. */
  readonly retryAfter: readonly { askedMs: number; waitedMs: number }[];
}

/**
 * The registry before: two rules on Docker Hub's credential set (its login server written as the
 * alias, which the draft corrects: a replace of the set and of both rules), a rule the draft lacks
 * (prune off keeps it; it is replaced with the set), and eight plain rules.
 */
function seed(env: AzureTestEnvironment): void {
  env.registry.putCredentialSet({ name: 'hubcreds', loginServer: 'registry-1.docker.io', usernameSecret: `${KV}/hub-user`, passwordSecret: `${KV}/hub-token` });
  for (const [name, image] of [['hub-nginx', 'nginx'], ['hub-redis', 'redis'], ['kept-hub', 'busybox']] as const) env.registry.putRule({ name, source: `docker.io/library/${image}`, target: image, credentialSet: 'hubcreds' });
  for (let i = 0; i < 8; i++) env.registry.putRule({ name: `team-${i}`, source: `mcr.microsoft.com/team/app-${i}`, target: `team/app-${i}` });
}

/** The draft's edits: the set fixed, kept-hub dropped, three rules moved, two added. */
async function edit(app: Awaited<ReturnType<typeof createApplySync>>, draftId: string, ruleSet: RuleSet): Promise<void> {
  const set = ruleSet.credentialSets.find((s) => s.name === 'hubcreds')!;
  await app.drafts.deleteRule(draftId, 'kept-hub');
  await app.drafts.saveCredentialSet(draftId, { ...set, loginServer: 'docker.io' }, 'hubcreds');
  for (let i = 0; i < 3; i++) {
    const rule = ruleSet.rules.find((r) => r.name === `team-${i}`)!;
    await app.drafts.saveRule(draftId, { ...rule, target: `moved/app-${i}` }, rule.name);
  }
  for (let i = 8; i < 10; i++) await app.drafts.saveRule(draftId, { name: `team-${i}`, source: `mcr.microsoft.com/team/app-${i}`, target: `team/app-${i}` }, null);
}

/** Every result of the apply against what the registry shows right after it. */
function truthful(plan: PlanView, outcome: ApplyOutcomeView, live: RuleSet): boolean {
  const byId = new Map<string, PlanOperation>(plan.operations.map((op) => [op.id, op]));
  const rules = new Map(live.rules.map((r) => [r.name.toLowerCase(), r]));
  const sets = new Map(live.credentialSets.map((s) => [s.name.toLowerCase(), s]));
  return outcome.results.every((r) => {
    const op = byId.get(r.id);
    if (op === undefined) return false;
    const item = 'rule' in op ? rules.get(op.rule.name.toLowerCase()) : sets.get(op.credentialSet.name.toLowerCase());
    const done = meetsIntent(op, item ?? null);
    // a delete half whose create ran shows as its create; it was reported done, and it is
    if (r.status === 'succeeded') return done || (op.change === 'replace' && op.kind.startsWith('delete-') && item !== undefined);
    return r.status === 'held' || !done;
  });
}

/** The 429s in the log, each with the gap to the next request for the same thing. */
function retryAfterKept(requests: readonly ArmRequestRecord[], asked: (r: ArmRequestRecord) => number | null): { askedMs: number; waitedMs: number }[] {
  const out: { askedMs: number; waitedMs: number }[] = [];
  requests.forEach((r, i) => {
    if (r.status !== 429) return;
    const askedMs = asked(r);
    if (askedMs === null) return;
    const next = requests.slice(i + 1).find((q) => q.method === r.method && q.path === r.path);
    if (next !== undefined) out.push({ askedMs, waitedMs: next.at - r.at });
  });
  return out;
}

export async function runFaultCase(c: FaultCase): Promise<FaultCaseResult> {
  const env = await startAzureTestEnvironment({ arm: { asyncPolls: 2 } });
  try {
    seed(env);
    const registry = { accountId: 'AzureCloud|bench', tenantId: TEST_TENANT, registryId: env.registry.id };
    // the app's own read retries (Retry-After honoured up to 60 s), and its write back-off
    const app = await createApplySync({ dataDir: env.dataDir, armUrl: env.arm.url, tlsCa: env.cert.cert, readRetry: {}, ...(c.requestTimeoutMs ? { requestTimeoutMs: c.requestTimeoutMs } : {}) });
    const imported = await app.sync.importRegistry(registry, env.registry.loginServer, 'bench');
    const draftId = imported.draft.id;
    await edit(app, draftId, imported.draft.ruleSet);
    const request = { draftId, prune: false, resolutions: {} as Record<string, 'mine' | 'theirs'> };
    const plan = await app.sync.plan(request);
    env.arm.clearRequests();
    c.arm(env);
    const first = await app.sync.apply(request);
    const honest = truthful(plan, first, await readLiveRuleSet(app.azure, registry, env.registry.loginServer));
    // every 429 here is one of the case's faults, each asking for RETRY_AFTER_MS
    const retryAfter = retryAfterKept(env.arm.requests, () => RETRY_AFTER_MS);
    env.arm.faults.clear();
    let rounds = 1;
    let again = await app.sync.plan(request);
    while (again.operations.length > 0 && rounds < 3) {
      // a colleague's change shows as a conflict: the user keeps the draft's version
      for (const conflict of again.conflicts) request.resolutions[conflict.id] = 'mine';
      await app.sync.apply(request);
      rounds++;
      again = await app.sync.plan(request);
    }
    return { label: c.label, converged: again.operations.length === 0 && again.unresolved === 0, truthful: honest, rounds, retryAfter };
  } finally {
    await env.close();
  }
}

const THROTTLE = { status: 429, retryAfterMs: RETRY_AFTER_MS } as const;

export const FAULT_CASES: readonly FaultCase[] = [
  { label: 'poll answered 429 with Retry-After', arm: (e) => e.arm.faults.inject({ match: { op: 'operations.get' }, times: 6, respond: THROTTLE }) },
  { label: 'poll answered 500', arm: (e) => e.arm.faults.inject({ match: { op: 'operations.get' }, times: 3, respond: { status: 500 } }) },
  { label: 'poll connection dropped', arm: (e) => e.arm.faults.inject({ match: { op: 'operations.get' }, times: 3, dropConnection: true }) },
  { label: 'write answered 429 with Retry-After', arm: (e) => e.arm.faults.inject({ match: { op: ['cacheRules.create', 'cacheRules.delete', 'credentialSets.create'] }, times: 6, respond: THROTTLE }) },
  { label: 'write answered 500', arm: (e) => e.arm.faults.inject({ match: { op: 'cacheRules.create' }, times: 3, respond: { status: 500, code: 'InternalServerError', message: 'try again' } }) },
  {
    label: 'write done, answer lost, re-send meets 409 AnotherOperationInProgress',
    arm: (e) => e.arm.faults.inject({ match: { op: 'cacheRules.create', name: 'team-8' }, before: (arm) => arm.registry('contosocache').putRule({ name: 'team-8', source: 'mcr.microsoft.com/team/app-8', target: 'team/app-8' }), respond: { status: 409, code: 'AnotherOperationInProgress', message: 'Another operation is in progress.' } }),
  },
  { label: 'write never answered (request timeout)', requestTimeoutMs: 500, arm: (e) => e.arm.faults.inject({ match: { op: 'cacheRules.create', name: 'team-9' }, delayMs: 20_000, respond: { status: 500 } }) },
  { label: 'long-running operation fails after Azure accepted it', arm: (e) => e.arm.faults.failOperation('cacheRules.create', 'QuotaExceeded', 'Cache rule quota exceeded', { name: 'team-9' }) },
  { label: 'create refused between the halves of a replace (kept rule)', arm: (e) => e.arm.faults.inject({ match: { op: 'cacheRules.create', name: 'kept-hub' }, respond: { status: 403, code: 'AuthorizationFailed', message: 'no write access' } }) },
  {
    // the colleague's change lands after the apply planned, right before the app re-reads the rule
    label: 'a colleague changes a rule between the plan and its write',
    arm: (e) => e.arm.faults.inject({ match: { op: 'cacheRules.get', name: 'team-1' }, before: (arm) => arm.registry('contosocache').putRule({ name: 'team-1', source: 'mcr.microsoft.com/team/app-1', target: 'colleague/app-1' }) }),
  },
];
