// What the app's Azure layer offers (AzureService) and how it is built (AzureServiceOptions):
// the contract that handlers, the apply executor and tests program against. The implementation is
// azure-service.ts; this file only names types, so importing it costs nothing at run time.
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import type { CacheRule, CredentialSet } from '../../core/model.ts';
import type {
  CredentialSecretsUpdate,
  LiveCacheRule,
  LiveCredentialSet,
  RegistryRef,
  RegistrySummary,
  RepositoryListing,
  SubscriptionListing,
  SubscriptionRef,
  UserAssignedIdentitySummary,
} from '../../preload/api.ts';
import type { SyncEstimateView } from '../../preload/api-sync-estimate.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { EventHub } from '../events.ts';
import type { CacheRulePatch } from './cache-rule-wire.ts';
import type { ImportImageBody } from './cache-rules-rest.ts';
import type { RegistryCatalogClient, CatalogRequest } from './registry-catalog.ts';

export interface RetryOptions {
  maxRetries?: number;
  retryDelayInMs?: number;
  maxRetryDelayInMs?: number;
}

export interface AzureServiceOptions {
  auth: Pick<AuthService, 'credential' | 'cloudOf'>;
  events: EventHub;
  /** Extra trusted CA certificate(s) in PEM for ARM and registries (tests: the emulators' certificate). */
  tlsCa?: string;
  /** Delay between polls of a long-running operation; the SDK's default (2 s, or Retry-After) when unset. */
  pollIntervalMs?: number;
  retryOptions?: RetryOptions;
  /** https origin of a registry's data plane; `https://<loginServer>` when unset. */
  registryEndpoint?: (loginServer: string) => string;
  apiVersion?: string;
  /** api-version of cache-rule calls; CACHE_RULE_API_VERSION (the one with the preview properties) when unset. */
  cacheRuleApiVersion?: string;
  userAgentPrefix?: string;
  /** More policies for the registry client's pipeline, per call (the apply client's read retries and timeouts). */
  policies?: readonly PipelinePolicy[];
}

/** What a failed write adds to its AppError, for the executor to decide between retry and re-read. */
export interface WriteFailureFacts {
  /** Azure accepted the request; what failed came later (polling the operation). */
  submitted: boolean;
  /** ARM's own error code (`AnotherOperationInProgress`, …), when it answered one. */
  serverCode: string | null;
}

export interface CallOptions {
  abortSignal?: AbortSignal;
}

export interface AzureService {
  listSubscriptions(accountId: string): Promise<SubscriptionListing>;
  listRegistries(ref: SubscriptionRef): Promise<RegistrySummary[]>;
  listCacheRules(ref: RegistryRef, options?: CallOptions): Promise<LiveCacheRule[]>;
  getCacheRule(ref: RegistryRef, name: string, options?: CallOptions): Promise<LiveCacheRule>;
  createCacheRule(ref: RegistryRef, rule: CacheRule, options?: CallOptions): Promise<LiveCacheRule>;
  /** Attaches another credential set of the same registry, or detaches it with null (PATCH). */
  updateCacheRuleCredentials(ref: RegistryRef, name: string, credentialSet: string | null, options?: CallOptions): Promise<LiveCacheRule>;
  /** PATCHes what Azure lets change on a rule: credential set, identity, sync settings (null removes). */
  updateCacheRule(ref: RegistryRef, name: string, patch: CacheRulePatch, options?: CallOptions): Promise<LiveCacheRule>;
  deleteCacheRule(ref: RegistryRef, name: string, options?: CallOptions): Promise<void>;
  listCredentialSets(ref: RegistryRef, options?: CallOptions): Promise<LiveCredentialSet[]>;
  getCredentialSet(ref: RegistryRef, name: string, options?: CallOptions): Promise<LiveCredentialSet>;
  createCredentialSet(ref: RegistryRef, set: CredentialSet, options?: CallOptions): Promise<LiveCredentialSet>;
  updateCredentialSet(ref: RegistryRef, name: string, secrets: CredentialSecretsUpdate, options?: CallOptions): Promise<LiveCredentialSet>;
  deleteCredentialSet(ref: RegistryRef, name: string, options?: CallOptions): Promise<void>;
  listRepositories(ref: RegistryRef, options?: CallOptions & { pageSize?: number; maxRepositories?: number }): Promise<RepositoryListing>;
  /** The registry's data plane (login server checked against the cloud) and a request to reach it with the account's token. */
  dataPlane(ref: RegistryRef, options?: CallOptions): Promise<{ client: RegistryCatalogClient; request: CatalogRequest }>;
  /** The user-assigned managed identities of a subscription the account can see (ACR-to-ACR rules). */
  listUserAssignedIdentities(ref: SubscriptionRef, options?: CallOptions): Promise<UserAssignedIdentitySummary[]>;
  /** "Sync this tag now": importImage from a cache rule (cache-sync-now.ts builds the body), polled to the end. */
  importFromCacheRule(ref: RegistryRef, body: ImportImageBody, options?: CallOptions): Promise<void>;
  /** How many upstream tags the rule's sync filter selects (Azure's estimate; nothing is written). */
  checkSyncEstimate(ref: RegistryRef, rule: CacheRule, options?: CallOptions): Promise<SyncEstimateView>;
}
