// The app's sync service (drafts + plan + apply with its journal) over a data folder, talking to
// the ARM emulator with a fixed test token: what the apply tests and the kill test's child
// process both run, so that the child is the app's real code and nothing else.
import { join } from 'node:path';
import { APPLY_RETRY_OPTIONS } from '../../main/apply/executor.ts';
import { applyPipelinePolicies, RateBudget, type ApplyPipelineOptions, type ReadRetryOptions } from '../../main/apply/apply-pipeline.ts';
import { resolveCloud } from '../../main/auth/clouds.ts';
import { createAzureService } from '../../main/azure/azure-service.ts';
import { engineRuleChecker, engineRuleSetCodec } from '../../main/drafts/engine-adapters.ts';
import { createDraftService } from '../../main/drafts/service.ts';
import { openDraftStore, type DraftStoreFs } from '../../main/drafts/store.ts';
import { createEventHub } from '../../main/events.ts';
import { createSyncService } from '../../main/sync/sync-service.ts';
import { TEST_TENANT } from '../emulators/azure-environment.ts';
import { fakeArmToken } from '../emulators/jwt.ts';

export interface ApplySyncOptions {
  dataDir: string;
  armUrl: string;
  tlsCa: string;
  concurrency?: number;
  /** The drafts store's file system (main/drafts/store.ts), to fail its writes as a full disk does. */
  storeFs?: Partial<DraftStoreFs>;
  /** The apply client's request timeout (default the app's 60 s). */
  requestTimeoutMs?: number;
  /** The apply client's GET retries (default fast: 5 ms doubling to at most 50 ms; `{}` is the app's own). */
  readRetry?: ReadRetryOptions;
}

export async function createApplySync(options: ApplySyncOptions) {
  const events = createEventHub();
  const auth = {
    credential: () => ({ getToken: async () => ({ token: fakeArmToken({ tid: TEST_TENANT }), expiresOnTimestamp: Date.now() + 3_600_000 }) }),
    cloudOf: async () => resolveCloud('AzureCloud', { AzureCloud: { armEndpoint: options.armUrl } }),
  };
  const common = { auth, events, tlsCa: options.tlsCa, pollIntervalMs: 0 };
  const budget = new RateBudget();
  const drafts = createDraftService({
    store: await openDraftStore(options.dataDir, options.storeFs ? { fs: options.storeFs } : {}),
    dialogs: { openRuleSetFile: async () => null, saveRuleSetFile: async () => null, saveExportFile: async () => null },
    codec: engineRuleSetCodec,
    checker: engineRuleChecker,
  });
  const azure = createAzureService({ ...common, retryOptions: { maxRetries: 3, retryDelayInMs: 5, maxRetryDelayInMs: 20 } });
  const sync = createSyncService({
    drafts,
    azure,
    applyAzure: createAzureService({ ...common, retryOptions: APPLY_RETRY_OPTIONS, policies: [...applyPipelinePolicies({ readRetry: options.readRetry ?? { baseDelayMs: 5, maxDelayMs: 50 }, ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}) } satisfies ApplyPipelineOptions), budget.policy] }),
    applyBudget: budget,
    journalDir: join(options.dataDir, 'apply-journal'),
    events,
    dialogs: { openRuleSetFile: async () => null, saveRuleSetFile: async () => null, saveExportFile: async () => null },
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
  });
  return { drafts, sync, events, azure };
}
