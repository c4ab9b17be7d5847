// HTTPS emulator of Azure Resource Manager for what the app touches — tenants, subscriptions,
// container registries, cacheRules, credentialSets — plus a registry data plane (ACR token
// exchange and the /v2/_catalog listing). Faithful to the REST contract the real SDK relies on:
// PUT/PATCH answer 201 + Azure-AsyncOperation, DELETE 202 + Location (204 when there is nothing
// to delete), operationStatuses polling, nextLink paging, `{error:{code,message}}` bodies,
// 429 + Retry-After; and it validates rules the way the service does, implemented here
// independently of core/. Fault injection, latency, rate limits and a request log let tests
// (and later the apply engine's tests) script failures. See test/emulators/README.md.
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestCertificate } from './certs.ts';
import { formBody, jsonBody, sendJson, startHttpsServer, type RunningServer } from './https-server.ts';
import { decodeJwtPayload } from './jwt.ts';
import { SlidingWindow, TokenBucket, type SlidingWindowLimit, type TokenBucketLimit } from './arm-token-bucket.ts';
import { EXTENSION_PROPERTIES, readRuleExtensions } from './arm-cache-rule-extensions.ts';
import { answerTags, scopeAllowsTags, tagsRepository, type EmulatedTag } from './acr-tags.ts';
import { answerPullThrough, pullThroughRoute, type createPullThroughStandIn } from './acr-pull-through.ts';
import { createIdentityStore, identityWire, MSI_API_VERSIONS, type EmulatedIdentity } from './arm-identities.ts';
import { classifyKeyVault, handleKeyVaultArm, type KeyVaultArmOperation } from './arm-key-vault.ts';
import { answerImportImage, IMPORT_IMAGE_OPERATION } from './arm-cache-sync-now.ts';
import { createKeyVaultStore, type KeyVaultStore } from './key-vault-store.ts';
import { answerSyncEstimate, createUpstreamTagStore, isSyncEstimateRoute, type ArtifactSyncArmOperation, type UpstreamTagStore } from './arm-artifact-sync.ts';
import {
  ACR_HOST,
  CREDENTIAL_SET_IDENTITY_TYPE,
  EXTENDED_CACHE_RULE_API_VERSIONS,
  SERVICE_UPSTREAMS,
  SUPPORTED_API_VERSIONS,
  operationIdPrefix,
  operationResultsPath,
  ungrantedCredentialHealth,
  unsupportedApiVersionMessage,
  type DetachBehaviour,
} from './arm-service-facts.ts';

export type ArmOperation =
  | 'tenants.list'
  | 'subscriptions.list'
  | 'subscriptions.get'
  | 'registries.list'
  | 'registries.listByResourceGroup'
  | 'registries.get'
  | 'identities.list'
  | 'cacheRules.list'
  | 'cacheRules.get'
  | 'cacheRules.create'
  | 'cacheRules.update'
  | 'cacheRules.delete'
  | 'credentialSets.list'
  | 'credentialSets.get'
  | 'credentialSets.create'
  | 'credentialSets.update'
  | 'credentialSets.delete'
  | 'operations.get'
  | 'dataplane.exchange'
  | 'dataplane.token'
  | 'dataplane.catalog'
  | 'dataplane.tags'
  | KeyVaultArmOperation
  | ArtifactSyncArmOperation
  | 'dataplane.pull'
  | typeof IMPORT_IMAGE_OPERATION
  | 'unknown';

export const WRITE_OPERATIONS: readonly ArmOperation[] = [
  'cacheRules.create',
  'cacheRules.update',
  'cacheRules.delete',
  'credentialSets.create',
  'credentialSets.update',
  'credentialSets.delete',
];

export interface ArmRequestRecord {
  seq: number;
  /** Milliseconds since the emulator started (performance clock). */
  at: number;
  method: string;
  path: string;
  query: Record<string, string>;
  op: ArmOperation;
  /** Registry and child resource names the request addressed, when any. */
  registry: string | null;
  name: string | null;
  body: unknown;
  /** Claims of the bearer token (ARM) — never the token itself. */
  token: { tid: string | null; oid: string | null; aud: string | null } | null;
  status: number;
  /** ARM error code answered, when any. */
  errorCode: string | null;
  /** The fault that shaped the answer, when any. */
  fault: string | null;
  /** The `x-ms-request-id` ARM answered with (every answer carries one, as in Azure). */
  requestId: string;
}

export interface FaultMatch {
  op?: ArmOperation | readonly ArmOperation[];
  method?: string;
  /** Child resource name (cache rule / credential set), case-insensitive. */
  name?: string;
  /** Registry name, case-insensitive. */
  registry?: string;
}

export interface FaultResponse {
  status: number;
  code?: string;
  message?: string;
  /** Sets `Retry-After` (seconds). */
  retryAfterSeconds?: number;
  /** Sets `retry-after-ms` (the SDK honours it; keeps tests fast). */
  retryAfterMs?: number;
  headers?: Record<string, string>;
}

export interface Fault {
  match?: FaultMatch;
  /** How many matching requests it applies to (default 1; Infinity for all). */
  times?: number;
  /** Answer with this instead of handling the request. */
  respond?: FaultResponse;
  /** Accept the write (201/202) and let its long-running operation fail with this error. */
  failOperation?: { code: string; message: string; /** HTTP status of a failed Location poll (DELETE). Default 400. */ status?: number };
  /** Wait this long before handling (one-off latency). */
  delayMs?: number;
  /** Runs before the request is handled: a change made "by someone else" in between. */
  before?: (emulator: ArmEmulator) => void | Promise<void>;
  /** Destroys the connection without an answer (a network failure). */
  dropConnection?: boolean;
}

export interface FaultHandle {
  /** Requests this fault applied to so far. */
  readonly hits: number;
  readonly remaining: number;
  cancel(): void;
}

/** A sliding-window limit (arm-token-bucket.ts) on the matching requests. */
export interface RateLimit extends SlidingWindowLimit {
  match?: FaultMatch;
}

export interface FaultController {
  inject(fault: Fault): FaultHandle;
  /** The next `times` matching requests answer 429 with Retry-After. */
  throttle(op: ArmOperation | readonly ArmOperation[], options?: { times?: number; retryAfterSeconds?: number; retryAfterMs?: number }): FaultHandle;
  /** The next `times` matching requests answer this ARM error. */
  fail(op: ArmOperation | readonly ArmOperation[], response: FaultResponse, times?: number): FaultHandle;
  /** The next matching write is accepted and its long-running operation fails. */
  failOperation(op: ArmOperation | readonly ArmOperation[], code: string, message: string, match?: Omit<FaultMatch, 'op'>): FaultHandle;
  /** Runs `change` right before the next matching request: a concurrent change by someone else. */
  beforeNext(op: ArmOperation | readonly ArmOperation[], change: (emulator: ArmEmulator) => void | Promise<void>, match?: Omit<FaultMatch, 'op'>): FaultHandle;
  /** Every matching request waits `ms` first (until changed; 0 removes it). `'*'` for all. */
  latency(op: ArmOperation | '*', ms: number): void;
  /** A sliding-window rate limit answering 429 + Retry-After, like ARM's throttling. Returns a remover. */
  rateLimit(limit: RateLimit): () => void;
  /** ARM's token bucket (arm-token-bucket.ts) for the matching requests. Returns a remover. */
  tokenBucket(limit: TokenBucketLimit & { match?: FaultMatch }): () => void;
  clear(): void;
}

/**
 * What newer (preview) api-versions add to a cache rule, kept as sent (EX examples): the
 * user-assigned identities (ACR-to-ACR), `syncMode`, `artifactSyncFilters`, `syncReferrers`.
 */
export interface EmulatedCacheRuleExtensions {
  /** Resource IDs of the rule's user-assigned identities. */
  userAssignedIdentities?: string[];
  syncMode?: string;
  artifactSyncFilters?: unknown;
  syncReferrers?: string;
}

export interface EmulatedCacheRule {
  name: string;
  sourceRepository: string;
  targetRepository: string;
  credentialSetResourceId: string | null;
  provisioningState: string;
  creationDate: string;
  createdBy: string;
  extensions: EmulatedCacheRuleExtensions;
}

export interface EmulatedCredentialHealth {
  status: string;
  errorCode?: string;
  errorMessage?: string;
}

export interface EmulatedCredentialSet {
  name: string;
  loginServer: string;
  usernameSecretIdentifier: string;
  passwordSecretIdentifier: string;
  credentialName: string;
  principalId: string;
  identityTenantId: string;
  health: EmulatedCredentialHealth;
  /** Whether the set's identity may read its Key Vault secrets (`grantSecretsAccess`). */
  granted: boolean;
  provisioningState: string;
  creationDate: string;
}

export interface RegistryHandle {
  readonly id: string;
  readonly name: string;
  readonly loginServer: string;
  readonly resourceGroup: string;
  readonly subscriptionId: string;
  readonly location: string;
  readonly sku: string;
  /** Repositories that exist in the registry (data-plane catalog; checked by rule validation). */
  readonly repositories: Set<string>;
  addRepositories(...names: string[]): void;
  /** Tags of a repository for /acr/v1/<name>/_tags (adds the repository); see acr-tags.ts. */
  setTags(repository: string, tags: EmulatedTag[]): void;
  rules(): EmulatedCacheRule[];
  rule(name: string): EmulatedCacheRule | undefined;
  credentialSets(): EmulatedCredentialSet[];
  credentialSet(name: string): EmulatedCredentialSet | undefined;
  /** Creates or replaces a rule directly (seeding, or a change by someone else); no validation. */
  putRule(rule: { name: string; source: string; target: string; credentialSet?: string; extensions?: EmulatedCacheRuleExtensions }): void;
  removeRule(name: string): boolean;
  putCredentialSet(set: { name: string; loginServer: string; usernameSecret: string; passwordSecret: string; principalId?: string; health?: EmulatedCredentialHealth }): void;
  removeCredentialSet(name: string): boolean;
  setCredentialHealth(name: string, health: EmulatedCredentialHealth): void;
  /**
   * The set's identity is granted `get` on its secrets (access policy or Key Vault Secrets User):
   * its credential health turns `Healthy`. Until then a set created through ARM is `Unhealthy`
   * (`Forbidden`, or `unauthorized_client` at 2023-01-01-preview), as in the recordings.
   */
  grantSecretsAccess(name: string): void;
  /** The data plane refuses to list repositories (the account lacks a data-plane role). */
  denyCatalog: boolean;
  /** Manifests, blobs and their metadata served by a proxy-mode docker-registry (acr-pull-through.ts). */
  pullThrough: ReturnType<typeof createPullThroughStandIn> | null;
  /**
   * `azureADAuthenticationAsArmPolicy` (container-registry-disable-authentication-as-arm.md): when
   * false the token exchange refuses ARM-audience Entra tokens and takes only
   * https://containerregistry.azure.net ones. Default true, as for a new registry.
   */
  authenticationAsArm: boolean;
}

export interface ArmEmulatorOptions {
  cert: TestCertificate;
  /** Items per page of every list (nextLink paging). Default 100. */
  pageSize?: number;
  /** Running-state answers (`Creating` / `Updating`, or 202 for a delete) before an operation completes. Default 1. */
  asyncPolls?: number;
  /** Retry-After (seconds) on LRO responses; unset by default (it would override the client's poll interval). */
  lroRetryAfterSeconds?: number;
  /** Token audiences ARM accepts. Default: the public cloud's ARM audiences. */
  audiences?: readonly string[];
  /** Upstream login servers cache rules may use (besides `*.pkg.dev`). */
  supportedUpstreams?: readonly string[];
  /** Cache rules per registry. Default 1,000, as in Azure. */
  maxRulesPerRegistry?: number;
  /**
   * `PATCH credentialSetResourceId: null`: `'ignored'` (default) is today's service (R26: Succeeded,
   * the rule keeps its set); `'clears'` is the 2023 behaviour (R23: the set is removed).
   */
  detachCredentialSet?: DetachBehaviour;
  /** New credential sets start Healthy (`true`) instead of Unhealthy until granted. Default false. */
  credentialSetsStartHealthy?: boolean;
  /** Vaults, secrets and role assignments (key-vault-store.ts); a new one when unset. */
  keyVaults?: KeyVaultStore;
  /** Tags of upstream repositories, for the sync estimate (arm-artifact-sync.ts); a new one when unset. */
  upstreamTags?: UpstreamTagStore;
  /** Reads of a credential set still Unhealthy after its grant (a role assignment takes a while to land). Default 1. */
  grantPropagationReads?: number;
}

export interface ArmEmulator {
  readonly url: string;
  readonly host: string;
  addTenant(tenant: { tenantId: string; displayName?: string; defaultDomain?: string; /** oids that see it; everyone when unset */ members?: string[] }): void;
  addSubscription(subscription: { subscriptionId: string; displayName: string; tenantId: string; state?: string }): void;
  addRegistry(registry: { subscriptionId: string; resourceGroup: string; name: string; location?: string; sku?: string; loginServer?: string; repositories?: string[] }): RegistryHandle;
  registry(name: string): RegistryHandle;
  /** A user-assigned managed identity the subscription's users can list (arm-identities.ts). */
  addUserAssignedIdentity(identity: { subscriptionId: string; resourceGroup: string; name: string; location?: string }): EmulatedIdentity;
  /** Where a registry's data plane is served, to map `https://<loginServer>` in tests. */
  dataPlaneUrl(loginServer: string): string;
  readonly faults: FaultController;
  /** Microsoft.KeyVault vaults and Microsoft.Authorization role assignments (arm-key-vault.ts). */
  readonly keyVaults: KeyVaultStore;
  /** Tags of upstream repositories the sync estimate counts (arm-artifact-sync.ts). */
  readonly upstreamTags: UpstreamTagStore;
  readonly requests: ArmRequestRecord[];
  clearRequests(): void;
  setPageSize(size: number): void;
  setAsyncPolls(polls: number): void;
  /** Switches how `PATCH credentialSetResourceId: null` behaves (see `ArmEmulatorOptions.detachCredentialSet`). */
  setDetachCredentialSet(behaviour: DetachBehaviour): void;
  /** Long-running operations still in progress. */
  pendingOperations(): number;
  /**
   * Completes every long-running operation still in progress, as the service does on its own
   * whether or not anyone polls (here operations advance when polled): for a client that died
   * mid-operation.
   */
  completePendingOperations(): number;
  close(): Promise<void>;
}

const DEFAULT_AUDIENCES = ['https://management.azure.com', 'https://management.azure.com/', 'https://management.core.windows.net', 'https://management.core.windows.net/'];
const DEFAULT_UPSTREAMS = SERVICE_UPSTREAMS;
const SUPPORTED_VERSIONS = new Set(SUPPORTED_API_VERSIONS);
const DOCKER_HUB = new Set(['docker.io', 'registry-1.docker.io', 'index.docker.io']);
const NAME = /^[a-zA-Z0-9-]{5,50}$/;
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const REPO_PATH = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+(?::\d+)?$/;
const NAMING_MESSAGE =
  'Repository names should follow the standardized docker repository naming conventions. All characters should be lowercase. For more information, please visit https://aka.ms/acr/cache.';
const API_VERSION_DEFAULT = '2025-11-01';

class ArmHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface RegistryState {
  handle: RegistryHandle;
  rules: Map<string, EmulatedCacheRule>;
  sets: Map<string, EmulatedCredentialSet>;
  createdAt: string;
}

interface PendingOperation {
  id: string;
  kind: 'async' | 'location';
  resourceId: string;
  /** R26: polls of a create/update answer `Creating` / `Updating` until done. */
  runningStatus: 'Creating' | 'Updating' | 'Deleting';
  remaining: number;
  startTime: string;
  failure: { code: string; message: string; status: number } | null;
  state: 'Running' | 'Succeeded' | 'Failed';
  complete: () => void;
  fail: () => void;
}

interface ActiveFault {
  fault: Fault;
  remaining: number;
  hits: number;
  label: string;
}

function lower(value: string): string {
  return value.toLowerCase();
}

function matches(match: FaultMatch | undefined, op: ArmOperation, method: string, registry: string | null, name: string | null): boolean {
  if (!match) return true;
  if (match.op !== undefined) {
    const ops: readonly ArmOperation[] = typeof match.op === 'string' ? [match.op] : match.op;
    if (!ops.includes(op)) return false;
  }
  if (match.method && match.method.toUpperCase() !== method.toUpperCase()) return false;
  if (match.name && (!name || lower(match.name) !== lower(name))) return false;
  if (match.registry && (!registry || lower(match.registry) !== lower(registry))) return false;
  return true;
}

function wildcardPrefix(target: string): string | null {
  if (target === '*') return '';
  return target.endsWith('/*') ? target.slice(0, -2) : null;
}

function wildcardsOverlap(a: string, b: string): boolean {
  return a === '' || b === '' || a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}

function normalizeUpstream(host: string): string {
  return DOCKER_HUB.has(host) ? 'docker.io' : host;
}

export async function startArmEmulator(options: ArmEmulatorOptions): Promise<ArmEmulator> {
  let pageSize = options.pageSize ?? 100;
  let asyncPolls = options.asyncPolls ?? 1;
  const audiences = new Set((options.audiences ?? DEFAULT_AUDIENCES).map(lower));
  const upstreams = new Set((options.supportedUpstreams ?? DEFAULT_UPSTREAMS).map(lower));
  const maxRules = options.maxRulesPerRegistry ?? 1000;
  let detachBehaviour: DetachBehaviour = options.detachCredentialSet ?? 'ignored';
  const tenants = new Map<string, { tenantId: string; displayName: string; defaultDomain: string; members: string[] | null }>();
  const subscriptions = new Map<string, { subscriptionId: string; displayName: string; tenantId: string; state: string }>();
  const registries = new Map<string, RegistryState>();
  const operations = new Map<string, PendingOperation>();
  const faults: ActiveFault[] = [];
  const latencies = new Map<ArmOperation | '*', number>();
  const rateLimits: Array<{ limit: RateLimit; window: SlidingWindow }> = [];
  const tokenBuckets: Array<{ match: FaultMatch | undefined; bucket: TokenBucket }> = [];
  const dataPlaneRefresh = new Map<string, string>();
  const dataPlaneAccess = new Map<string, { loginServer: string; catalog: boolean; scopes: string[] }>();
  /** `<login server> <repository>` → tags; repositories without an entry have none. */
  const repositoryTags = new Map<string, EmulatedTag[]>();
  const requests: ArmRequestRecord[] = [];
  const keyVaults = options.keyVaults ?? createKeyVaultStore();
  const upstreamTags = options.upstreamTags ?? createUpstreamTagStore();
  const started = performance.now();
  let seq = 0;
  let base = '';

  const registryKey = (sub: string, rg: string, name: string) => `${lower(sub)}/${lower(rg)}/${lower(name)}`;
  const registryId = (sub: string, rg: string, name: string) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ContainerRegistry/registries/${name}`;

  function findRegistryByName(name: string): RegistryState | undefined {
    return [...registries.values()].find((r) => lower(r.handle.name) === lower(name));
  }

  function makeHandle(state: Omit<RegistryState, 'handle'>, info: { id: string; name: string; loginServer: string; resourceGroup: string; subscriptionId: string; location: string; sku: string; repositories: Set<string> }): RegistryHandle {
    const handle: RegistryHandle = {
      ...info,
      denyCatalog: false,
      pullThrough: null,
      authenticationAsArm: true,
      addRepositories: (...names) => names.forEach((n) => info.repositories.add(n)),
      setTags: (repository, tags) => {
        info.repositories.add(repository);
        repositoryTags.set(`${lower(info.loginServer)} ${repository}`, structuredClone(tags));
      },
      rules: () => [...state.rules.values()].map((r) => structuredClone(r)),
      rule: (name) => {
        const r = state.rules.get(lower(name));
        return r ? structuredClone(r) : undefined;
      },
      credentialSets: () => [...state.sets.values()].map((s) => ({ ...s, health: { ...s.health } })),
      credentialSet: (name) => {
        const s = state.sets.get(lower(name));
        return s ? { ...s, health: { ...s.health } } : undefined;
      },
      putRule: (rule) => {
        state.rules.set(lower(rule.name), {
          name: rule.name,
          sourceRepository: rule.source,
          targetRepository: rule.target,
          credentialSetResourceId: rule.credentialSet ? `${info.id}/credentialSets/${rule.credentialSet}` : null,
          provisioningState: 'Succeeded',
          creationDate: new Date().toISOString(),
          createdBy: 'someone-else@contoso.example',
          extensions: structuredClone(rule.extensions ?? {}),
        });
      },
      removeRule: (name) => state.rules.delete(lower(name)),
      putCredentialSet: (set) => {
        state.sets.set(lower(set.name), {
          name: set.name,
          loginServer: set.loginServer,
          usernameSecretIdentifier: set.usernameSecret,
          passwordSecretIdentifier: set.passwordSecret,
          credentialName: 'Credential1',
          principalId: set.principalId ?? randomUUID(),
          identityTenantId: subscriptions.get(lower(info.subscriptionId))?.tenantId ?? randomUUID(),
          health: set.health ?? { status: 'Healthy' },
          granted: !set.health || set.health.status === 'Healthy',
          provisioningState: 'Succeeded',
          creationDate: new Date().toISOString(),
        });
      },
      removeCredentialSet: (name) => state.sets.delete(lower(name)),
      setCredentialHealth: (name, health) => {
        const set = state.sets.get(lower(name));
        if (!set) throw new Error(`ARM emulator: no credential set ${name} in ${info.name}`);
        set.health = { ...health };
      },
      grantSecretsAccess: (name) => {
        const set = state.sets.get(lower(name));
        if (!set) throw new Error(`ARM emulator: no credential set ${name} in ${info.name}`);
        set.granted = true;
        set.health = { status: 'Healthy' };
      },
    };
    return handle;
  }

  // ---------- wire formats ----------
  /** A stable fake client/principal id per identity resource ID (EX: userAssignedIdentities values). */
  const identities = createIdentityStore();
  function userIdentity(resourceId: string) {
    return identities.idsOf(resourceId);
  }

  function ruleWire(reg: RegistryState, rule: EmulatedCacheRule, apiVersion: string) {
    // Older and stable versions do not know the preview properties: the service leaves them out.
    const ext = EXTENDED_CACHE_RULE_API_VERSIONS.has(apiVersion) ? rule.extensions : {};
    const identities = ext.userAssignedIdentities ?? [];
    return {
      type: 'Microsoft.ContainerRegistry/registries/cacheRules',
      id: `${reg.handle.id}/cacheRules/${rule.name}`,
      name: rule.name,
      ...(identities.length ? { identity: { type: 'UserAssigned', userAssignedIdentities: Object.fromEntries(identities.map((id) => [id, userIdentity(id)])) } } : {}),
      systemData: { createdBy: rule.createdBy, createdByType: 'User', createdAt: rule.creationDate, lastModifiedBy: rule.createdBy, lastModifiedByType: 'User', lastModifiedAt: rule.creationDate },
      properties: {
        ...(rule.credentialSetResourceId ? { credentialSetResourceId: rule.credentialSetResourceId } : {}),
        sourceRepository: rule.sourceRepository,
        targetRepository: rule.targetRepository,
        ...(ext.syncMode !== undefined ? { syncMode: ext.syncMode } : {}),
        ...(ext.artifactSyncFilters !== undefined ? { artifactSyncFilters: ext.artifactSyncFilters } : {}),
        ...(ext.syncReferrers !== undefined ? { syncReferrers: ext.syncReferrers } : {}),
        creationDate: rule.creationDate,
        provisioningState: rule.provisioningState,
      },
    };
  }

  function setWire(reg: RegistryState, set: EmulatedCredentialSet) {
    // Unhealthy until the identity may read every vault its secrets are in (key-vault-store.ts)
    if (!set.granted && keyVaults.grantLanded(set.principalId, [set.usernameSecretIdentifier, set.passwordSecretIdentifier], options.grantPropagationReads ?? 1)) {
      set.granted = true;
      set.health = { status: 'Healthy' };
    }
    return {
      id: `${reg.handle.id}/credentialSets/${set.name}`,
      name: set.name,
      type: 'Microsoft.ContainerRegistry/registries/credentialSets',
      identity: { principalId: set.principalId, tenantId: set.identityTenantId, type: CREDENTIAL_SET_IDENTITY_TYPE },
      properties: {
        loginServer: set.loginServer,
        authCredentials: [
          {
            name: set.credentialName,
            usernameSecretIdentifier: set.usernameSecretIdentifier,
            passwordSecretIdentifier: set.passwordSecretIdentifier,
            credentialHealth: { ...set.health },
          },
        ],
        creationDate: set.creationDate,
        provisioningState: set.provisioningState,
      },
    };
  }

  function registryWire(reg: RegistryState) {
    const h = reg.handle;
    return {
      id: h.id,
      name: h.name,
      type: 'Microsoft.ContainerRegistry/registries',
      location: h.location,
      tags: {},
      sku: { name: h.sku, tier: h.sku },
      properties: {
        loginServer: h.loginServer,
        creationDate: reg.createdAt,
        provisioningState: 'Succeeded',
        adminUserEnabled: false,
        publicNetworkAccess: 'Enabled',
        zoneRedundancy: 'Disabled',
        anonymousPullEnabled: false,
        dataEndpointEnabled: false,
        policies: { azureADAuthenticationAsArmPolicy: { status: h.authenticationAsArm ? 'enabled' : 'disabled' } },
      },
    };
  }

  function page(url: URL, items: unknown[]) {
    const skip = Math.max(0, Number(url.searchParams.get('$skipToken') ?? 0) || 0);
    const value = items.slice(skip, skip + pageSize);
    if (skip + pageSize >= items.length) return { value };
    const next = new URL(url.href);
    next.searchParams.set('$skipToken', String(skip + pageSize));
    return { value, nextLink: next.href };
  }

  // ---------- long-running operations ----------
  function startOperation(
    kind: PendingOperation['kind'],
    target: { reg: RegistryState; child: 'cacheRules' | 'credentialSets' | 'registries'; resourceId: string; runningStatus: PendingOperation['runningStatus'] },
    apiVersion: string,
    effects: { complete: () => void; fail: () => void },
    failure: PendingOperation['failure'],
  ): Record<string, string> {
    const id = `${operationIdPrefix(target.child)}-${randomUUID()}`;
    operations.set(id, { id, kind, resourceId: target.resourceId, runningStatus: target.runningStatus, remaining: asyncPolls, startTime: new Date().toISOString(), failure, state: 'Running', ...effects });
    // R26: create/update → Azure-AsyncOperation under the resource; delete → Location under
    // /subscriptions/{sub}/providers/Microsoft.ContainerRegistry/locations/{LOC}/operationResults.
    const headers: Record<string, string> =
      kind === 'async'
        ? { 'azure-asyncoperation': `${base}${target.resourceId}/operationStatuses/${id}?api-version=${apiVersion}` }
        : { location: `${base}${operationResultsPath(target.reg.handle.subscriptionId, target.reg.handle.location, id)}?api-version=${apiVersion}` };
    if (options.lroRetryAfterSeconds !== undefined) headers['retry-after'] = String(options.lroRetryAfterSeconds);
    return headers;
  }

  function pollOperation(res: ServerResponse, record: ArmRequestRecord, id: string, url: URL): void {
    const op = operations.get(id);
    if (!op) throw new ArmHttpError(404, 'NotFound', `The operation '${id}' was not found.`);
    if (op.state === 'Running') {
      if (op.remaining > 0) op.remaining--;
      else if (op.failure) {
        op.state = 'Failed';
        op.fail();
      } else {
        op.state = 'Succeeded';
        op.complete();
      }
    }
    const retry: Record<string, string> = options.lroRetryAfterSeconds !== undefined ? { 'retry-after': String(options.lroRetryAfterSeconds) } : {};
    if (op.kind === 'async') {
      record.status = 200;
      // R26: the body is only `{"status": …}`; in progress it names the running state.
      const status = op.state === 'Running' ? op.runningStatus : op.state;
      sendJson(res, 200, { status, ...(op.state === 'Failed' && op.failure ? { error: { code: op.failure.code, message: op.failure.message } } : {}) }, op.state === 'Running' ? retry : {});
      return;
    }
    if (op.state === 'Running') {
      record.status = 202;
      sendJson(res, 202, undefined, { location: url.href, ...retry });
      return;
    }
    if (op.state === 'Failed' && op.failure) throw new ArmHttpError(op.failure.status, op.failure.code, op.failure.message);
    // R26: the finished delete's poll answers 200 with an EMPTY body.
    record.status = 200;
    sendJson(res, 200, undefined);
  }

  // ---------- validation (the service's rules, independent of the app's core/) ----------
  function parseSource(source: string): { host: string; path: string; wildcard: boolean } {
    const slash = source.indexOf('/');
    if (slash <= 0) throw new ArmHttpError(400, 'InvalidParameter', `The source repository '${source}' must be '<upstream login server>/<repository path>'. ${NAMING_MESSAGE}`);
    const host = source.slice(0, slash);
    let path = source.slice(slash + 1);
    const wildcard = path === '*' || path.endsWith('/*');
    if (wildcard) path = path === '*' ? '' : path.slice(0, -2);
    if (!HOST.test(host) || (path !== '' && !REPO_PATH.test(path))) throw new ArmHttpError(400, 'InvalidParameter', NAMING_MESSAGE);
    return { host, path, wildcard };
  }

  function validateTarget(target: string): { prefix: string | null } {
    const prefix = wildcardPrefix(target);
    const path = prefix ?? target;
    if (prefix === '') return { prefix };
    if (!REPO_PATH.test(path)) throw new ArmHttpError(400, 'InvalidParameter', `The target repository '${target}' is not valid. ${NAMING_MESSAGE}`);
    return { prefix };
  }

  function credentialSetFor(reg: RegistryState, resourceId: string): EmulatedCredentialSet {
    const match = /^(.*)\/credentialSets\/([^/]+)$/i.exec(resourceId);
    const set = match && lower(match[1]!) === lower(reg.handle.id) ? reg.sets.get(lower(match[2]!)) : undefined;
    if (!set || set.provisioningState === 'Deleting') {
      throw new ArmHttpError(400, 'InvalidParameter', `The credential set '${resourceId}' does not exist in registry '${reg.handle.name}'.`);
    }
    return set;
  }

  function checkCredentialFits(reg: RegistryState, host: string, credentialSetResourceId: string | null, extensions: EmulatedCacheRuleExtensions): void {
    if (!credentialSetResourceId) {
      if (DOCKER_HUB.has(host)) {
        // Real error body (terraform-provider-azurerm PR #27983's acceptance-test log).
        throw new ArmHttpError(400, 'EnforceDockerAuthentication', 'Cannot create cache rule pointing to Docker Hub without credentials. Please add a credential set to cache rule. Learn more: https://aka.ms/acr/cache-auth');
      }
      // artifact-cache-acr-to-acr-cli.md: another ACR is read with the rule's user-assigned identity.
      if (ACR_HOST.test(host) && !extensions.userAssignedIdentities?.length) {
        throw new ArmHttpError(400, 'InvalidParameter', `Caching from the Azure container registry '${host}' needs a user-assigned managed identity on the cache rule (with AcrPull on '${host}').`);
      }
      return;
    }
    const set = credentialSetFor(reg, credentialSetResourceId);
    if (normalizeUpstream(lower(set.loginServer)) !== normalizeUpstream(host)) {
      throw new ArmHttpError(400, 'InvalidParameter', `The login server '${set.loginServer}' of credential set '${set.name}' does not match the source registry '${host}'.`);
    }
  }

  function validateNewRule(reg: RegistryState, name: string, source: string, target: string, credentialSetResourceId: string | null, extensions: EmulatedCacheRuleExtensions): void {
    const src = parseSource(source);
    const { prefix } = validateTarget(target);
    if (src.wildcard !== (prefix !== null)) {
      throw new ArmHttpError(400, 'InvalidParameter', `The source '${source}' and the target '${target}' must both end with '/*' (wildcard rule) or neither.`);
    }
    const host = lower(src.host);
    if (!upstreams.has(host) && !host.endsWith('.pkg.dev') && !ACR_HOST.test(host)) {
      throw new ArmHttpError(400, 'InvalidParameter', `The upstream registry '${src.host}' is not supported by artifact cache.`);
    }
    checkCredentialFits(reg, host, credentialSetResourceId, extensions);
    const others = [...reg.rules.values()].filter((r) => lower(r.name) !== lower(name) && r.provisioningState !== 'Deleting');
    if (others.length >= maxRules) {
      throw new ArmHttpError(409, 'QuotaExceeded', `The registry '${reg.handle.name}' already has ${others.length} cache rules; the limit is ${maxRules}.`);
    }
    for (const other of others) {
      const otherPrefix = wildcardPrefix(other.targetRepository);
      if (prefix === null && otherPrefix === null && other.targetRepository === target) {
        throw new ArmHttpError(409, 'Conflict', `The cache rule '${other.name}' already uses the target repository '${target}'.`);
      }
      if (prefix !== null && otherPrefix !== null && wildcardsOverlap(prefix, otherPrefix)) {
        throw new ArmHttpError(409, 'Conflict', `The target repository '${target}' overlaps the wildcard cache rule '${other.name}' (target '${other.targetRepository}'); wildcard rules cannot overlap.`);
      }
    }
    const repos = [...reg.handle.repositories];
    if (prefix === null && repos.includes(target)) {
      throw new ArmHttpError(400, 'TargetRepositoryAlreadyPresentInRegistry', `The target repository '${target}' already exists in the registry.`);
    }
    if (prefix !== null && repos.some((r) => prefix === '' || r.startsWith(`${prefix}/`))) {
      throw new ArmHttpError(400, 'TargetRepositoryPrefixMatchesExistingRegistries', `There are one or more target repositories in the registry which match the target repository prefix '${target}'.`);
    }
  }

  // ---------- handlers ----------
  function requireRegistry(sub: string, rg: string, name: string): RegistryState {
    const subscription = subscriptions.get(lower(sub));
    if (!subscription) throw new ArmHttpError(404, 'SubscriptionNotFound', `The subscription '${sub}' could not be found.`);
    const reg = registries.get(registryKey(sub, rg, name));
    if (!reg) {
      const rgExists = [...registries.values()].some((r) => lower(r.handle.subscriptionId) === lower(sub) && lower(r.handle.resourceGroup) === lower(rg));
      if (!rgExists) throw new ArmHttpError(404, 'ResourceGroupNotFound', `Resource group '${rg}' could not be found.`);
      throw new ArmHttpError(404, 'ResourceNotFound', `The Resource 'Microsoft.ContainerRegistry/registries/${name}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
    }
    return reg;
  }

  function checkTenant(sub: string, token: ArmRequestRecord['token']): void {
    const subscription = subscriptions.get(lower(sub));
    if (subscription && token?.tid && lower(token.tid) !== lower(subscription.tenantId)) {
      throw new ArmHttpError(
        401,
        'InvalidAuthenticationTokenTenant',
        `The access token is from the wrong issuer 'https://sts.windows.net/${token.tid}/'. It must match the tenant 'https://sts.windows.net/${subscription.tenantId}/' associated with this subscription. Please use the authority (URL) 'https://login.windows.net/${subscription.tenantId}' to get the token.`,
      );
    }
  }

  function classify(method: string, parts: string[]): { op: ArmOperation; registry: string | null; name: string | null; sub: string | null; rg: string | null; child: 'cacheRules' | 'credentialSets' | null; opId: string | null } {
    const none = { registry: null, name: null, sub: null, rg: null, child: null, opId: null };
    const p = parts.map(lower);
    if (p.length === 1 && p[0] === 'tenants') return { op: 'tenants.list', ...none };
    if (p[0] !== 'subscriptions') return { op: 'unknown', ...none };
    if (p.length === 1) return { op: 'subscriptions.list', ...none };
    const keyVault = classifyKeyVault(method, parts);
    if (keyVault) return { op: keyVault.op, ...none, sub: keyVault.sub, name: keyVault.name };
    const sub = parts[1]!;
    if (p.length === 2) return { op: 'subscriptions.get', ...none, sub };
    // R26: DELETE's location-scoped status monitor.
    if (p.length === 8 && p[2] === 'providers' && p[3] === 'microsoft.containerregistry' && p[4] === 'locations' && p[6] === 'operationresults') return { op: 'operations.get', ...none, sub, opId: parts[7]! };
    if (p.length === 5 && p[2] === 'providers' && p[3] === 'microsoft.containerregistry' && p[4] === 'registries') return { op: 'registries.list', ...none, sub };
    if (p.length === 5 && p[2] === 'providers' && p[3] === 'microsoft.managedidentity' && p[4] === 'userassignedidentities') return { op: 'identities.list', ...none, sub };
    if (p[2] !== 'resourcegroups' || p[4] !== 'providers' || p[5] !== 'microsoft.containerregistry' || p[6] !== 'registries') return { op: 'unknown', ...none, sub };
    const rg = parts[3]!;
    if (p.length === 7) return { op: 'registries.listByResourceGroup', ...none, sub, rg };
    const registry = parts[7]!;
    if (p.length === 8) return { op: 'registries.get', ...none, sub, rg, registry };
    if (p.length === 9 && p[8] === 'importimage' && method === 'POST') return { op: IMPORT_IMAGE_OPERATION, ...none, sub, rg, registry };
    if (isSyncEstimateRoute(method, p)) return { op: 'registries.checkSyncEstimate', ...none, sub, rg, registry };
    const child = p[8] === 'cacherules' ? 'cacheRules' : p[8] === 'credentialsets' ? 'credentialSets' : null;
    if (!child) return { op: 'unknown', ...none, sub, rg, registry };
    if (p.length === 9) return { op: `${child}.list`, ...none, sub, rg, registry, child };
    const name = parts[9]!;
    if (p.length === 12 && p[10] === 'operationstatuses') return { op: 'operations.get', sub, rg, registry, child, name, opId: parts[11]! };
    if (p.length !== 10) return { op: 'unknown', ...none, sub, rg, registry };
    const verb = method === 'GET' ? 'get' : method === 'PUT' ? 'create' : method === 'PATCH' ? 'update' : method === 'DELETE' ? 'delete' : null;
    if (!verb) return { op: 'unknown', ...none, sub, rg, registry };
    return { op: `${child}.${verb}`, sub, rg, registry, child, name, opId: null };
  }

  function handleArm(req: IncomingMessage, res: ServerResponse, body: Buffer, url: URL, record: ArmRequestRecord, route: ReturnType<typeof classify>, failure: Fault['failOperation'] | null): void {
    const method = record.method;
    const apiVersion = url.searchParams.get('api-version');
    if (!apiVersion) throw new ArmHttpError(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.");
    const auth = req.headers.authorization;
    if (!auth || !/^Bearer\s+\S+/i.test(auth)) throw new ArmHttpError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.");
    const claims = decodeJwtPayload(auth.replace(/^Bearer\s+/i, ''));
    if (!claims) throw new ArmHttpError(401, 'InvalidAuthenticationToken', 'The access token is invalid.');
    const aud = typeof claims['aud'] === 'string' ? claims['aud'] : '';
    if (!audiences.has(lower(aud))) {
      throw new ArmHttpError(401, 'InvalidAuthenticationTokenAudience', `The access token has been obtained for wrong audience or resource '${aud}'. It should exactly match with one of the allowed audiences '${[...audiences].join("','")}'.`);
    }
    const token = record.token;
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      sendJson(res, status, payload, headers);
    };
    const keyVault = route.op.startsWith('vaults.') || route.op.startsWith('roleAssignments.') ? classifyKeyVault(method, url.pathname.split('/').filter(Boolean).map(decodeURIComponent)) : null;
    if (keyVault) {
      if (!subscriptions.has(lower(keyVault.sub))) throw new ArmHttpError(404, 'SubscriptionNotFound', `The subscription '${keyVault.sub}' could not be found.`);
      checkTenant(keyVault.sub, token);
      const answer = handleKeyVaultArm(keyVaults, keyVault, apiVersion, jsonBody(body), { oid: token?.oid ?? null, upn: typeof claims['upn'] === 'string' ? claims['upn'] : null });
      if (answer.errorCode) record.errorCode = answer.errorCode;
      return send(answer.status, answer.body);
    }

    switch (route.op) {
      case 'tenants.list': {
        const visible = [...tenants.values()].filter((t) => !t.members || (token?.oid && t.members.includes(token.oid)));
        return send(200, page(url, visible.map((t) => ({ id: `/tenants/${t.tenantId}`, tenantId: t.tenantId, tenantCategory: 'Home', displayName: t.displayName, defaultDomain: t.defaultDomain, domains: [t.defaultDomain] }))));
      }
      case 'subscriptions.list': {
        const visible = [...subscriptions.values()].filter((s) => !token?.tid || lower(s.tenantId) === lower(token.tid));
        return send(
          200,
          page(
            url,
            visible.map((s) => ({ id: `/subscriptions/${s.subscriptionId}`, subscriptionId: s.subscriptionId, tenantId: s.tenantId, displayName: s.displayName, state: s.state, subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' }, authorizationSource: 'RoleBased' })),
          ),
        );
      }
      case 'subscriptions.get': {
        const s = subscriptions.get(lower(route.sub!));
        if (!s) throw new ArmHttpError(404, 'SubscriptionNotFound', `The subscription '${route.sub}' could not be found.`);
        checkTenant(route.sub!, token);
        return send(200, { id: `/subscriptions/${s.subscriptionId}`, subscriptionId: s.subscriptionId, tenantId: s.tenantId, displayName: s.displayName, state: s.state });
      }
      case 'registries.list':
      case 'registries.listByResourceGroup': {
        if (!subscriptions.has(lower(route.sub!))) throw new ArmHttpError(404, 'SubscriptionNotFound', `The subscription '${route.sub}' could not be found.`);
        checkTenant(route.sub!, token);
        const list = [...registries.values()].filter((r) => lower(r.handle.subscriptionId) === lower(route.sub!) && (!route.rg || lower(r.handle.resourceGroup) === lower(route.rg)));
        if (route.rg && !list.length) throw new ArmHttpError(404, 'ResourceGroupNotFound', `Resource group '${route.rg}' could not be found.`);
        return send(200, page(url, list.map(registryWire)));
      }
      case 'identities.list': {
        if (!MSI_API_VERSIONS.has(apiVersion)) throw new ArmHttpError(400, 'NoRegisteredProviderFound', `No registered resource provider found for location 'westus' and API version '${apiVersion}' for type 'userAssignedIdentities'.`);
        if (!subscriptions.has(lower(route.sub!))) throw new ArmHttpError(404, 'SubscriptionNotFound', `The subscription '${route.sub}' could not be found.`);
        checkTenant(route.sub!, token);
        return send(200, page(url, identities.ofSubscription(route.sub!).map(identityWire)));
      }
      default:
        break;
    }

    if (!SUPPORTED_VERSIONS.has(apiVersion)) {
      const type = route.child ? `registries/${route.child}` : route.opId ? 'locations/operationResults' : 'registries';
      throw new ArmHttpError(400, 'NoRegisteredProviderFound', unsupportedApiVersionMessage(apiVersion, type));
    }
    checkTenant(route.sub!, token);
    if (route.op === 'operations.get' && !route.registry) {
      if (!subscriptions.has(lower(route.sub!))) throw new ArmHttpError(404, 'SubscriptionNotFound', `The subscription '${route.sub}' could not be found.`);
      return pollOperation(res, record, route.opId!, url);
    }
    const reg = requireRegistry(route.sub!, route.rg!, route.registry!);
    if (route.op === 'registries.get') return send(200, registryWire(reg));
    if (route.op === IMPORT_IMAGE_OPERATION) {
      // arm-cache-sync-now.ts: "sync this tag now" (importImage from a cache rule), a location-polled operation
      const context = { apiVersion, body: jsonBody(body), registry: reg.handle, injectedFailure: failure ?? null, tagsOf: (repository: string) => repositoryTags.get(`${lower(reg.handle.loginServer)} ${repository}`) };
      const start = (effects: { complete: () => void; fail: () => void }, f: PendingOperation['failure']) => startOperation('location', { reg, child: 'registries', resourceId: reg.handle.id, runningStatus: 'Updating' }, apiVersion, effects, f);
      return void answerImportImage({ ...context, startOperation: start }).then((a) => (a.errorCode && (record.errorCode = a.errorCode), send(a.status, a.body, a.headers)), (error: Error) => send(500, { error: { code: 'InternalServerError', message: error.message } }));
    }
    if (route.op === 'registries.checkSyncEstimate') {
      const answer = answerSyncEstimate(upstreamTags, apiVersion, jsonBody(body));
      if (answer.errorCode) record.errorCode = answer.errorCode;
      return send(answer.status, answer.body);
    }
    const createdBy = typeof claims['upn'] === 'string' ? claims['upn'] : 'unknown';

    if (route.op === 'operations.get') return pollOperation(res, record, route.opId!, url);

    if (route.child === 'cacheRules') {
      const name = route.name;
      const resourceId = name ? `${reg.handle.id}/cacheRules/${name}` : '';
      switch (route.op) {
        case 'cacheRules.list':
          return send(200, page(url, [...reg.rules.values()].map((r) => ruleWire(reg, r, apiVersion))));
        case 'cacheRules.get': {
          const rule = reg.rules.get(lower(name!));
          if (!rule) throw new ArmHttpError(404, 'ResourceNotFound', `The Resource 'Microsoft.ContainerRegistry/registries/${reg.handle.name}/cacheRules/${name}' under resource group '${reg.handle.resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
          return send(200, ruleWire(reg, rule, apiVersion));
        }
        case 'cacheRules.create': {
          if (!NAME.test(name!)) throw new ArmHttpError(400, 'InvalidResourceName', `Resource name '${name}' is invalid. The name can be between 5 and 50 characters long and may contain letters, numbers and hyphens.`);
          const parsed = jsonBody(body) as { identity?: unknown; properties?: { sourceRepository?: unknown; targetRepository?: unknown; credentialSetResourceId?: unknown } } | symbol | undefined;
          const props = typeof parsed === 'object' && parsed ? parsed.properties : undefined;
          if (!props || typeof props.sourceRepository !== 'string' || typeof props.targetRepository !== 'string') {
            throw new ArmHttpError(400, 'InvalidRequestContent', 'The request content is not valid: properties.sourceRepository and properties.targetRepository are required.');
          }
          const credentialSetResourceId = typeof props.credentialSetResourceId === 'string' && props.credentialSetResourceId ? props.credentialSetResourceId : null;
          const extRead = readRuleExtensions(parsed as { identity?: unknown; properties?: Record<string, unknown> }, apiVersion, {});
          if (!extRead.ok) throw new ArmHttpError(400, extRead.code, extRead.message);
          const extensions = extRead.extensions;
          const existing = reg.rules.get(lower(name!));
          if (existing) {
            if (existing.provisioningState === 'Creating' || existing.provisioningState === 'Updating' || existing.provisioningState === 'Deleting') {
              throw new ArmHttpError(409, 'AnotherOperationInProgress', `Another operation is in progress on cache rule '${existing.name}'.`);
            }
            if (existing.sourceRepository !== props.sourceRepository || existing.targetRepository !== props.targetRepository) {
              throw new ArmHttpError(409, 'Conflict', `The cache rule '${existing.name}' exists with source '${existing.sourceRepository}' and target '${existing.targetRepository}'; they cannot be changed. Delete the rule and create it again.`);
            }
            checkCredentialFits(reg, lower(parseSource(props.sourceRepository).host), credentialSetResourceId, extensions);
            const previous = structuredClone(existing);
            existing.credentialSetResourceId = credentialSetResourceId;
            // A PUT at a version that does not know the preview properties leaves them as they are.
            existing.extensions = EXTENDED_CACHE_RULE_API_VERSIONS.has(apiVersion) ? extensions : existing.extensions;
            existing.provisioningState = 'Updating';
            const headers = startOperation('async', { reg, child: 'cacheRules', resourceId, runningStatus: 'Updating' }, apiVersion, { complete: () => (existing.provisioningState = 'Succeeded'), fail: () => Object.assign(existing, previous, { provisioningState: 'Failed' }) }, failure ? { ...failure, status: failure.status ?? 400 } : null);
            return send(200, ruleWire(reg, existing, apiVersion), headers);
          }
          validateNewRule(reg, name!, props.sourceRepository, props.targetRepository, credentialSetResourceId, extensions);
          const rule: EmulatedCacheRule = {
            name: name!,
            sourceRepository: props.sourceRepository,
            targetRepository: props.targetRepository,
            credentialSetResourceId,
            provisioningState: 'Creating',
            creationDate: new Date().toISOString(),
            createdBy,
            extensions,
          };
          reg.rules.set(lower(name!), rule);
          const headers = startOperation(
            'async',
            { reg, child: 'cacheRules', resourceId, runningStatus: 'Creating' },
            apiVersion,
            { complete: () => (rule.provisioningState = 'Succeeded'), fail: () => reg.rules.delete(lower(name!)) },
            failure ? { ...failure, status: failure.status ?? 400 } : null,
          );
          return send(201, ruleWire(reg, rule, apiVersion), headers);
        }
        case 'cacheRules.update': {
          const rule = reg.rules.get(lower(name!));
          if (!rule) throw new ArmHttpError(404, 'ResourceNotFound', `The Resource 'Microsoft.ContainerRegistry/registries/${reg.handle.name}/cacheRules/${name}' under resource group '${reg.handle.resourceGroup}' was not found.`);
          if (rule.provisioningState !== 'Succeeded' && rule.provisioningState !== 'Failed') throw new ArmHttpError(409, 'AnotherOperationInProgress', `Another operation is in progress on cache rule '${rule.name}'.`);
          const parsed = jsonBody(body) as { identity?: unknown; properties?: Record<string, unknown> } | symbol | undefined;
          if (typeof parsed !== 'object' || !parsed) throw new ArmHttpError(400, 'InvalidRequestContent', 'The request content is not valid JSON.');
          const props = parsed.properties ?? {};
          const patchable = EXTENDED_CACHE_RULE_API_VERSIONS.has(apiVersion) ? ['credentialSetResourceId', ...EXTENSION_PROPERTIES] : ['credentialSetResourceId'];
          for (const key of Object.keys(props)) {
            if (!patchable.includes(key)) throw new ArmHttpError(400, 'InvalidParameter', `The property '${key}' of a cache rule cannot be updated; only ${patchable.join(', ')} can.`);
          }
          const extRead = readRuleExtensions(parsed, apiVersion, rule.extensions);
          if (!extRead.ok) throw new ArmHttpError(400, extRead.code, extRead.message);
          const previous = structuredClone(rule);
          let nextSet = rule.credentialSetResourceId;
          if ('credentialSetResourceId' in props) {
            const value = props['credentialSetResourceId'];
            if (value !== null && typeof value !== 'string') throw new ArmHttpError(400, 'InvalidRequestContent', 'credentialSetResourceId must be a string or null.');
            // R26: an explicit null is accepted and ends Succeeded, but the rule keeps its set.
            if (value || detachBehaviour === 'clears') nextSet = value ? value : null;
          }
          checkCredentialFits(reg, lower(parseSource(rule.sourceRepository).host), nextSet, extRead.extensions);
          rule.credentialSetResourceId = nextSet;
          rule.extensions = extRead.extensions;
          rule.provisioningState = 'Updating';
          const headers = startOperation('async', { reg, child: 'cacheRules', resourceId, runningStatus: 'Updating' }, apiVersion, { complete: () => (rule.provisioningState = 'Succeeded'), fail: () => Object.assign(rule, previous, { provisioningState: 'Failed' }) }, failure ? { ...failure, status: failure.status ?? 400 } : null);
          return send(201, ruleWire(reg, rule, apiVersion), headers);
        }
        case 'cacheRules.delete': {
          const rule = reg.rules.get(lower(name!));
          if (!rule) return send(204, undefined);
          if (rule.provisioningState === 'Deleting') throw new ArmHttpError(409, 'AnotherOperationInProgress', `Cache rule '${rule.name}' is already being deleted.`);
          const before = rule.provisioningState;
          rule.provisioningState = 'Deleting';
          const headers = startOperation('location', { reg, child: 'cacheRules', resourceId, runningStatus: 'Deleting' }, apiVersion, { complete: () => reg.rules.delete(lower(name!)), fail: () => (rule.provisioningState = before) }, failure ? { ...failure, status: failure.status ?? 400 } : null);
          // R26: 202 with an empty body.
          return send(202, undefined, headers);
        }
        default:
          break;
      }
    }

    if (route.child === 'credentialSets') {
      const name = route.name;
      const resourceId = name ? `${reg.handle.id}/credentialSets/${name}` : '';
      const notFound = () =>
        new ArmHttpError(404, 'ResourceNotFound', `The Resource 'Microsoft.ContainerRegistry/registries/${reg.handle.name}/credentialSets/${name}' under resource group '${reg.handle.resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
      switch (route.op) {
        case 'credentialSets.list':
          return send(200, page(url, [...reg.sets.values()].map((s) => setWire(reg, s))));
        case 'credentialSets.get': {
          const set = reg.sets.get(lower(name!));
          if (!set) throw notFound();
          return send(200, setWire(reg, set));
        }
        case 'credentialSets.create': {
          if (!NAME.test(name!)) throw new ArmHttpError(400, 'InvalidResourceName', `Resource name '${name}' is invalid. The name can be between 5 and 50 characters long and may contain letters, numbers and hyphens.`);
          const parsed = jsonBody(body) as { identity?: { type?: unknown }; properties?: { loginServer?: unknown; authCredentials?: unknown } } | symbol | undefined;
          if (typeof parsed !== 'object' || !parsed) throw new ArmHttpError(400, 'InvalidRequestContent', 'The request content is not valid JSON.');
          const identityType = parsed.identity?.type;
          // The recordings send `SystemAssigned` and read back `systemAssigned`: compare without case.
          if (identityType !== undefined && (typeof identityType !== 'string' || lower(identityType) !== 'systemassigned')) {
            throw new ArmHttpError(400, 'CannotSetResourceIdentity', `Resource type 'Microsoft.ContainerRegistry/registries/credentialSets' does not support creation of '${String(identityType)}' resource identity. The supported types are 'SystemAssigned'.`);
          }
          const props = parsed.properties;
          const creds = Array.isArray(props?.authCredentials) ? (props.authCredentials as Array<Record<string, unknown>>) : [];
          const cred = creds[0];
          if (!props || typeof props.loginServer !== 'string' || !HOST.test(lower(props.loginServer)) || !cred || typeof cred['usernameSecretIdentifier'] !== 'string' || typeof cred['passwordSecretIdentifier'] !== 'string') {
            throw new ArmHttpError(400, 'InvalidRequestContent', 'properties.loginServer and one authCredentials entry with usernameSecretIdentifier and passwordSecretIdentifier are required.');
          }
          for (const uri of [cred['usernameSecretIdentifier'], cred['passwordSecretIdentifier']] as string[]) {
            if (!/^https:\/\/[a-zA-Z0-9-]+\.vault\.[a-z.]+\/secrets\/[a-zA-Z0-9-]+(\/[0-9a-f]{32})?\/?$/.test(uri)) {
              throw new ArmHttpError(400, 'InvalidParameter', `'${uri}' is not a valid Key Vault secret identifier.`);
            }
          }
          const existing = reg.sets.get(lower(name!));
          if (existing && lower(existing.loginServer) !== lower(props.loginServer)) {
            throw new ArmHttpError(400, 'InvalidParameter', `The login server of credential set '${existing.name}' cannot be changed (it is '${existing.loginServer}').`);
          }
          const previous = existing ? { ...existing, health: { ...existing.health } } : null;
          const set: EmulatedCredentialSet = existing ?? {
            name: name!,
            loginServer: props.loginServer,
            usernameSecretIdentifier: '',
            passwordSecretIdentifier: '',
            credentialName: 'Credential1',
            principalId: randomUUID(),
            identityTenantId: subscriptions.get(lower(reg.handle.subscriptionId))?.tenantId ?? randomUUID(),
            health: { status: 'Healthy' },
            granted: options.credentialSetsStartHealthy ?? false,
            provisioningState: 'Creating',
            creationDate: new Date().toISOString(),
          };
          // R23/R26: a fresh identity cannot read the vault yet, so the set is Unhealthy at once.
          if (!set.granted) set.health = ungrantedCredentialHealth(apiVersion, set.principalId, set.identityTenantId, cred['passwordSecretIdentifier'] as string);
          set.usernameSecretIdentifier = cred['usernameSecretIdentifier'] as string;
          set.passwordSecretIdentifier = cred['passwordSecretIdentifier'] as string;
          set.credentialName = typeof cred['name'] === 'string' ? cred['name'] : 'Credential1';
          set.provisioningState = existing ? 'Updating' : 'Creating';
          reg.sets.set(lower(name!), set);
          const headers = startOperation(
            'async',
            { reg, child: 'credentialSets', resourceId, runningStatus: existing ? 'Updating' : 'Creating' },
            apiVersion,
            {
              complete: () => (set.provisioningState = 'Succeeded'),
              fail: () => (previous ? Object.assign(set, previous, { provisioningState: 'Failed' }) : reg.sets.delete(lower(name!))),
            },
            failure ? { ...failure, status: failure.status ?? 400 } : null,
          );
          return send(existing ? 200 : 201, setWire(reg, set), headers);
        }
        case 'credentialSets.update': {
          const set = reg.sets.get(lower(name!));
          if (!set) throw notFound();
          if (set.provisioningState !== 'Succeeded' && set.provisioningState !== 'Failed') throw new ArmHttpError(409, 'AnotherOperationInProgress', `Another operation is in progress on credential set '${set.name}'.`);
          const parsed = jsonBody(body) as { properties?: Record<string, unknown>; identity?: unknown } | symbol | undefined;
          if (typeof parsed !== 'object' || !parsed) throw new ArmHttpError(400, 'InvalidRequestContent', 'The request content is not valid JSON.');
          const props = parsed.properties ?? {};
          if ('loginServer' in props) throw new ArmHttpError(400, 'InvalidParameter', `The login server of credential set '${set.name}' cannot be changed.`);
          const previous = { ...set, health: { ...set.health } };
          if (Array.isArray(props['authCredentials'])) {
            const cred = (props['authCredentials'] as Array<Record<string, unknown>>)[0];
            if (!cred || typeof cred['usernameSecretIdentifier'] !== 'string' || typeof cred['passwordSecretIdentifier'] !== 'string') {
              throw new ArmHttpError(400, 'InvalidRequestContent', 'authCredentials[0] needs usernameSecretIdentifier and passwordSecretIdentifier.');
            }
            set.usernameSecretIdentifier = cred['usernameSecretIdentifier'];
            set.passwordSecretIdentifier = cred['passwordSecretIdentifier'];
          }
          set.provisioningState = 'Updating';
          const headers = startOperation('async', { reg, child: 'credentialSets', resourceId, runningStatus: 'Updating' }, apiVersion, { complete: () => (set.provisioningState = 'Succeeded'), fail: () => Object.assign(set, previous, { provisioningState: 'Failed' }) }, failure ? { ...failure, status: failure.status ?? 400 } : null);
          return send(201, setWire(reg, set), headers);
        }
        case 'credentialSets.delete': {
          const set = reg.sets.get(lower(name!));
          if (!set) return send(204, undefined);
          const users = [...reg.rules.values()].filter((r) => r.credentialSetResourceId && lower(r.credentialSetResourceId) === lower(resourceId));
          if (users.length) {
            throw new ArmHttpError(409, 'Conflict', `The credential set '${set.name}' is used by the cache rule(s) ${users.map((u) => `'${u.name}'`).join(', ')}; detach it from them first.`);
          }
          const before = set.provisioningState;
          set.provisioningState = 'Deleting';
          const headers = startOperation('location', { reg, child: 'credentialSets', resourceId, runningStatus: 'Deleting' }, apiVersion, { complete: () => reg.sets.delete(lower(name!)), fail: () => (set.provisioningState = before) }, failure ? { ...failure, status: failure.status ?? 400 } : null);
          // The recorded credential-set delete answered 202 with the literal body `null`.
          return send(202, null, headers);
        }
        default:
          break;
      }
    }
    throw new ArmHttpError(404, 'NotFound', `The emulator has no route for ${method} ${url.pathname}.`);
  }

  // ---------- data plane (https://<loginServer> mapped under /_dataplane/<loginServer>) ----------
  function handleDataPlane(req: IncomingMessage, res: ServerResponse, body: Buffer, url: URL, loginServer: string, rest: string, record: ArmRequestRecord): void {
    const reg = [...registries.values()].find((r) => lower(r.handle.loginServer) === lower(loginServer));
    record.registry = reg?.handle.name ?? null;
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      sendJson(res, status, payload, headers);
    };
    const distributionError = (status: number, code: string, message: string, headers: Record<string, string> = {}) => {
      record.errorCode = code;
      send(status, { errors: [{ code, message, detail: null }] }, headers);
    };
    if (!reg) return distributionError(404, 'NAME_UNKNOWN', `registry ${loginServer} does not exist`);
    if (rest === 'oauth2/exchange' && req.method === 'POST') {
      record.op = 'dataplane.exchange';
      const form = formBody(body);
      const claims = decodeJwtPayload(form.get('access_token') ?? '');
      const aud = typeof claims?.['aud'] === 'string' ? lower(claims['aud']) : '';
      if (form.get('grant_type') !== 'access_token' || form.get('service') !== loginServer) return distributionError(400, 'BAD_REQUEST', 'grant_type=access_token and service=<login server> are required');
      if (!claims || !(audiences.has(aud) || aud.startsWith('https://containerregistry.azure.net'))) return distributionError(401, 'UNAUTHORIZED', 'the access token is not valid for this registry');
      // The service's exact refusal text is not public; the status and the distribution error shape are.
      if (!reg.handle.authenticationAsArm && audiences.has(aud)) return distributionError(401, 'UNAUTHORIZED', 'this registry accepts only Microsoft Entra tokens for the audience https://containerregistry.azure.net (authentication-as-arm is disabled)');
      const refresh = `acr-rt.${randomBytes(18).toString('base64url')}`;
      dataPlaneRefresh.set(refresh, loginServer);
      return send(200, { refresh_token: refresh });
    }
    if (rest === 'oauth2/token' && req.method === 'POST') {
      record.op = 'dataplane.token';
      const form = formBody(body);
      const owner = dataPlaneRefresh.get(form.get('refresh_token') ?? '');
      if (form.get('grant_type') !== 'refresh_token' || !owner || owner !== loginServer || form.get('service') !== loginServer) {
        return distributionError(401, 'UNAUTHORIZED', 'authentication required, visit https://aka.ms/acr/authorization for more information.');
      }
      // Several scopes may be asked for at once: repeated `scope` fields or space-separated.
      const scopes = form.getAll('scope').flatMap((s) => s.split(' ')).filter(Boolean);
      const access = `acr-at.${randomBytes(18).toString('base64url')}`;
      // Like the real token server: insufficient rights are not an error here, the token just grants less.
      dataPlaneAccess.set(access, { loginServer, catalog: scopes.includes('registry:catalog:*') && !reg.handle.denyCatalog, scopes });
      return send(200, { access_token: access });
    }
    if (rest === 'v2/_catalog' && req.method === 'GET') {
      record.op = 'dataplane.catalog';
      const challenge = { 'www-authenticate': `Bearer realm="https://${loginServer}/oauth2/token",service="${loginServer}",scope="registry:catalog:*"` };
      const token = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
      const access = dataPlaneAccess.get(token);
      if (!access || access.loginServer !== loginServer) return distributionError(401, 'UNAUTHORIZED', 'authentication required, visit https://aka.ms/acr/authorization for more information.', challenge);
      if (!access.catalog) return distributionError(401, 'UNAUTHORIZED', 'authentication required, visit https://aka.ms/acr/authorization for more information.', challenge);
      const n = Math.min(Math.max(Number(url.searchParams.get('n') ?? 100) || 100, 1), 1000);
      const last = url.searchParams.get('last');
      const all = [...reg.handle.repositories].sort();
      const from = last ? all.findIndex((r) => r > last) : 0;
      const slice = from < 0 ? [] : all.slice(from, from + n);
      const headers: Record<string, string> = {};
      if (from >= 0 && from + n < all.length) headers['link'] = `</v2/_catalog?last=${encodeURIComponent(slice[slice.length - 1]!)}&n=${n}>; rel="next"`;
      return send(200, { repositories: slice }, headers);
    }
    const tagsOf = tagsRepository(rest);
    if (tagsOf !== null && req.method === 'GET') {
      record.op = 'dataplane.tags';
      const challenge = { 'www-authenticate': `Bearer realm="https://${loginServer}/oauth2/token",service="${loginServer}",scope="repository:${tagsOf}:metadata_read"` };
      const access = dataPlaneAccess.get((req.headers.authorization ?? '').replace(/^Bearer\s+/i, ''));
      if (!access || access.loginServer !== loginServer || !scopeAllowsTags(access.scopes, tagsOf)) {
        return distributionError(401, 'UNAUTHORIZED', 'authentication required, visit https://aka.ms/acr/authorization for more information.', challenge);
      }
      const known = reg.handle.repositories.has(tagsOf) ? (repositoryTags.get(`${lower(loginServer)} ${tagsOf}`) ?? []) : undefined;
      const answer = answerTags(loginServer, tagsOf, known, url);
      if (answer.status !== 200) record.errorCode = 'NAME_UNKNOWN';
      return send(answer.status, answer.body, answer.headers ?? {});
    }
    const pull = reg.handle.pullThrough ? pullThroughRoute(rest) : null;
    if (pull && reg.handle.pullThrough && (req.method === 'GET' || req.method === 'HEAD')) {
      record.op = 'dataplane.pull';
      record.name = `${pull.kind} ${pull.repository}:${pull.reference}`;
      const standIn = reg.handle.pullThrough;
      const access = dataPlaneAccess.get((req.headers.authorization ?? '').replace(/^Bearer\s+/i, ''));
      void answerPullThrough(standIn, pull, req, res, loginServer, access && access.loginServer === loginServer ? access.scopes : null).then((status) => {
        record.status = status;
        // like ACR, a repository the cache fetched shows in the catalog from then on
        if (pull.kind === 'manifest' && status === 200) reg.handle.addRepositories(pull.repository);
      });
      return;
    }
    distributionError(404, 'UNSUPPORTED', `the emulator does not serve ${req.method} /${rest}`);
  }

  // ---------- faults ----------
  function takeFaults(op: ArmOperation, method: string, registry: string | null, name: string | null): ActiveFault[] {
    const hit: ActiveFault[] = [];
    for (const active of faults) {
      if (active.remaining <= 0) continue;
      if (!matches(active.fault.match, op, method, registry, name)) continue;
      active.remaining--;
      active.hits++;
      hit.push(active);
    }
    return hit;
  }

  function rateLimited(op: ArmOperation, method: string, registry: string | null, name: string | null, res?: ServerResponse): Record<string, string> | null {
    for (const entry of rateLimits) {
      if (!matches(entry.limit.match, op, method, registry, name)) continue;
      // ARM reports the budget left on every write it admits
      const answer = entry.window.take(performance.now(), method === 'GET' ? null : method === 'DELETE' ? 'deletes' : 'writes');
      if (!answer.ok) return answer.headers;
      if (res) for (const [header, value] of Object.entries(answer.headers)) res.setHeader(header, value);
    }
    return null;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', base);
    const method = (req.method ?? 'GET').toUpperCase();
    const parts = url.pathname.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
    const auth = req.headers.authorization;
    const claims = auth ? decodeJwtPayload(auth.replace(/^Bearer\s+/i, '')) : null;
    const str = (v: unknown) => (typeof v === 'string' ? v : null);
    const isDataPlane = parts[0] === '_dataplane';
    const route = isDataPlane ? null : classify(method, parts);
    let parsedBody: unknown = undefined;
    if (body.length) {
      const json = jsonBody(body);
      parsedBody = typeof json === 'symbol' ? body.toString('utf8').slice(0, 2000) : json;
    }
    const record: ArmRequestRecord = {
      seq: ++seq,
      at: performance.now() - started,
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      op: route?.op ?? 'unknown',
      registry: route?.registry ?? null,
      name: route?.name ?? null,
      // Data-plane bodies carry tokens: keep them out of the log.
      body: isDataPlane ? undefined : parsedBody,
      token: claims && !isDataPlane ? { tid: str(claims['tid']), oid: str(claims['oid']), aud: str(claims['aud']) } : null,
      status: 0,
      errorCode: null,
      fault: null,
      requestId: randomUUID(),
    };
    // ARM's common response headers: the request id, and the correlation id (the client's, if it sent one)
    res.setHeader('x-ms-request-id', record.requestId);
    const correlation = req.headers['x-ms-correlation-request-id'];
    res.setHeader('x-ms-correlation-request-id', typeof correlation === 'string' ? correlation : record.requestId);
    if (isDataPlane) {
      const rest = parts.slice(2).join('/');
      // classified before faults and latency apply, so a test can slow or fail tag reads and pulls too
      record.op = rest === 'v2/_catalog' ? 'dataplane.catalog' : rest === 'oauth2/token' ? 'dataplane.token' : tagsRepository(rest) !== null ? 'dataplane.tags' : pullThroughRoute(rest) !== null ? 'dataplane.pull' : 'dataplane.exchange';
    }
    requests.push(record);

    const latency = (latencies.get(record.op) ?? 0) + (latencies.get('*') ?? 0);
    if (latency > 0) await sleep(latency);

    const hit = takeFaults(record.op, method, record.registry, record.name);
    for (const active of hit) {
      if (active.fault.delayMs) await sleep(active.fault.delayMs);
      if (active.fault.before) await active.fault.before(emulator);
    }
    const answering = hit.find((a) => a.fault.respond || a.fault.dropConnection);
    if (answering?.fault.dropConnection) {
      record.fault = answering.label;
      record.status = -1;
      req.socket.destroy();
      return;
    }
    if (answering?.fault.respond) {
      const r = answering.fault.respond;
      const headers: Record<string, string> = { ...(r.headers ?? {}) };
      if (r.retryAfterSeconds !== undefined) headers['retry-after'] = String(r.retryAfterSeconds);
      if (r.retryAfterMs !== undefined) headers['retry-after-ms'] = String(r.retryAfterMs);
      const code = r.code ?? (r.status === 429 ? 'TooManyRequests' : r.status >= 500 ? 'InternalServerError' : 'BadRequest');
      record.fault = answering.label;
      record.status = r.status;
      record.errorCode = code;
      sendJson(res, r.status, isDataPlane ? { errors: [{ code, message: r.message ?? code }] } : { error: { code, message: r.message ?? `Injected ${r.status} ${code}.` } }, headers);
      return;
    }
    let limited = rateLimited(record.op, method, record.registry, record.name, res);
    for (const entry of tokenBuckets) {
      if (limited || !matches(entry.match, record.op, method, record.registry, record.name)) continue;
      const answer = entry.bucket.take(performance.now());
      if (answer.ok) for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
      else limited = answer.headers;
    }
    if (limited) {
      record.fault = 'rate-limit';
      record.status = 429;
      record.errorCode = 'TooManyRequests';
      sendJson(res, 429, { error: { code: 'TooManyRequests', message: 'The request is being throttled as the limit has been reached for operation type - Write_ObservationWindow_00:01:00.' } }, limited);
      return;
    }
    const failing = hit.find((a) => a.fault.failOperation);
    if (failing) record.fault = failing.label;

    try {
      if (isDataPlane) return handleDataPlane(req, res, body, url, parts[1] ?? '', parts.slice(2).join('/'), record);
      handleArm(req, res, body, url, record, route!, failing?.fault.failOperation ?? null);
    } catch (err) {
      if (err instanceof ArmHttpError) {
        record.status = err.status;
        record.errorCode = err.code;
        sendJson(res, err.status, { error: { code: err.code, message: err.message } }, err.status === 401 ? { 'www-authenticate': 'Bearer authorization_uri="https://login.windows.net/", error="invalid_token"' } : {});
        return;
      }
      throw err;
    }
  }

  const server: RunningServer = await startHttpsServer(options.cert, handle);
  base = server.url;

  function addFault(fault: Fault, label: string): FaultHandle {
    const active: ActiveFault = { fault, remaining: fault.times ?? 1, hits: 0, label };
    faults.push(active);
    return {
      get hits() {
        return active.hits;
      },
      get remaining() {
        return active.remaining;
      },
      cancel: () => {
        active.remaining = 0;
      },
    };
  }

  const faultController: FaultController = {
    inject: (fault) => addFault(fault, 'inject'),
    throttle: (op, o = {}) =>
      addFault(
        {
          match: { op },
          times: o.times ?? 1,
          respond: {
            status: 429,
            code: 'TooManyRequests',
            message: 'The request is being throttled as the limit has been reached for operation type - Read_ObservationWindow_00:05:00.',
            ...(o.retryAfterMs !== undefined ? { retryAfterMs: o.retryAfterMs } : { retryAfterSeconds: o.retryAfterSeconds ?? 1 }),
          },
        },
        'throttle',
      ),
    fail: (op, response, times = 1) => addFault({ match: { op }, times, respond: response }, `fail ${response.status} ${response.code ?? ''}`.trim()),
    failOperation: (op, code, message, match = {}) => addFault({ match: { ...match, op }, failOperation: { code, message } }, `fail-operation ${code}`),
    beforeNext: (op, change, match = {}) => addFault({ match: { ...match, op }, before: change }, 'concurrent-change'),
    latency: (op, ms) => {
      if (ms > 0) latencies.set(op, ms);
      else latencies.delete(op);
    },
    rateLimit: (limit) => {
      const entry = { limit, window: new SlidingWindow(limit) };
      rateLimits.push(entry);
      return () => {
        const at = rateLimits.indexOf(entry);
        if (at >= 0) rateLimits.splice(at, 1);
      };
    },
    tokenBucket: ({ match, ...limit }) => {
      const entry = { match, bucket: new TokenBucket(limit, performance.now()) };
      tokenBuckets.push(entry);
      return () => {
        const at = tokenBuckets.indexOf(entry);
        if (at >= 0) tokenBuckets.splice(at, 1);
      };
    },
    clear: () => {
      faults.length = 0;
      latencies.clear();
      rateLimits.length = 0;
      tokenBuckets.length = 0;
    },
  };

  const emulator: ArmEmulator = {
    url: server.url,
    host: server.host,
    addTenant: (tenant) => {
      tenants.set(lower(tenant.tenantId), {
        tenantId: tenant.tenantId,
        displayName: tenant.displayName ?? `Tenant ${tenant.tenantId.slice(0, 8)}`,
        defaultDomain: tenant.defaultDomain ?? `${tenant.tenantId.slice(0, 8)}.onmicrosoft.com`,
        members: tenant.members ?? null,
      });
    },
    addSubscription: (s) => {
      subscriptions.set(lower(s.subscriptionId), { ...s, state: s.state ?? 'Enabled' });
      if (!tenants.has(lower(s.tenantId))) emulator.addTenant({ tenantId: s.tenantId });
    },
    addRegistry: (r) => {
      if (!subscriptions.has(lower(r.subscriptionId))) throw new Error(`ARM emulator: add subscription ${r.subscriptionId} first`);
      const key = registryKey(r.subscriptionId, r.resourceGroup, r.name);
      const state: Omit<RegistryState, 'handle'> = { rules: new Map(), sets: new Map(), createdAt: new Date().toISOString() };
      const handle = makeHandle(state, {
        id: registryId(r.subscriptionId, r.resourceGroup, r.name),
        name: r.name,
        loginServer: r.loginServer ?? `${lower(r.name)}.azurecr.io`,
        resourceGroup: r.resourceGroup,
        subscriptionId: r.subscriptionId,
        location: r.location ?? 'westeurope',
        sku: r.sku ?? 'Standard',
        repositories: new Set(r.repositories ?? []),
      });
      registries.set(key, { ...state, handle });
      return handle;
    },
    addUserAssignedIdentity: (identity) => {
      const subscription = subscriptions.get(lower(identity.subscriptionId));
      if (!subscription) throw new Error(`ARM emulator: add subscription ${identity.subscriptionId} first`);
      return identities.add({ ...identity, tenantId: subscription.tenantId });
    },
    registry: (name) => {
      const found = findRegistryByName(name);
      if (!found) throw new Error(`ARM emulator: no registry ${name}`);
      return found.handle;
    },
    dataPlaneUrl: (loginServer) => `${server.url}/_dataplane/${loginServer}`,
    faults: faultController,
    keyVaults,
    upstreamTags,
    requests,
    clearRequests: () => {
      requests.length = 0;
    },
    setPageSize: (size) => {
      pageSize = size;
    },
    setAsyncPolls: (polls) => {
      asyncPolls = polls;
    },
    setDetachCredentialSet: (behaviour) => {
      detachBehaviour = behaviour;
    },
    pendingOperations: () => [...operations.values()].filter((o) => o.state === 'Running').length,
    completePendingOperations: () => {
      let completed = 0;
      for (const op of operations.values()) {
        if (op.state !== 'Running') continue;
        op.remaining = 0;
        if (op.failure) {
          op.state = 'Failed';
          op.fail();
        } else {
          op.state = 'Succeeded';
          op.complete();
        }
        completed++;
      }
      return completed;
    },
    close: () => server.close(),
  };
  return emulator;
}
