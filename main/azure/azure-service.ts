// Azure Resource Manager for the app: subscriptions → registries → cache rules and credential
// sets, plus the registry's repositories from its data plane. The real SDK clients, built the same
// way in production and tests (endpoint, ARM scope and TLS trust are the only knobs). Writes go
// through the SDK's long-running-operation pollers and report progress as `azure.onOperation`.
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { createContainerRegistryManagement } from '@azure/arm-containerregistry/api';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import type { TokenCredential } from '@azure/core-auth';
import type { AzureOperationEvent, RegistryRef, SubscriptionSummary, UnavailableTenant } from '../../preload/api.ts';
import { AppError } from '../app-error.ts';
import type { CloudEndpoints } from '../auth/clouds.ts';
import { emitEvent } from '../typed-events.ts';
import { armErrorFacts, errorBodyPolicy, toAzureAppError } from './azure-errors.ts';
import { CACHE_RULE_API_VERSION, fromWireCacheRule, toWireCacheRule, toWirePatch } from './cache-rule-wire.ts';
import { createCacheRulesRest, type CacheRulesRest } from './cache-rules-rest.ts';
import { CREDENTIAL_NAME, toLiveCredentialSet, toRegistrySummary, toSdkCredentialSet, toSubscriptionSummary } from './mappers.ts';
import { listUserAssignedIdentities } from './identities.ts';
import { RegistryCatalogClient, type CatalogRequest } from './registry-catalog.ts';
import { parseRegistryId, type RegistryCoordinates } from './resource-ids.ts';
import { azureCallLogPolicy } from '../log/azure-call-log.ts';
import { offersSyncEstimate } from '../../core/sync-settings.ts';
import { estimateThrough } from './sync-estimate.ts';

import type { AzureService, AzureServiceOptions, CallOptions, WriteFailureFacts } from './azure-service-contract.ts';

// the contract lives in azure-service-contract.ts; importers keep using this module's name
export type { AzureService, AzureServiceOptions, CallOptions, RetryOptions, WriteFailureFacts } from './azure-service-contract.ts';

/** The part of the SDK's long-running-operation poller the app uses (core-lro's PollerLike). */
interface OperationPoller<T> extends PromiseLike<T> {
  submitted(): Promise<void>;
  onProgress(callback: (state: { status: string }) => void): () => void;
}

type Resource = AzureOperationEvent['resource'];
type Action = AzureOperationEvent['action'];

const describe = (resource: Resource, name: string) => `${resource === 'cacheRule' ? 'cache rule' : 'credential set'} "${name}"`;

export function createAzureService(options: AzureServiceOptions): AzureService {
  const { auth, events } = options;
  const tls = options.tlsCa ? { tlsOptions: { ca: options.tlsCa } } : {};
  const retryOptions = options.retryOptions ?? {};
  const userAgentPrefix = options.userAgentPrefix ?? 'acr-cache-studio';
  const lroOptions = (abortSignal?: AbortSignal) => ({
    ...(options.pollIntervalMs !== undefined ? { updateIntervalInMs: options.pollIntervalMs } : {}),
    ...(abortSignal ? { abortSignal } : {}),
  });
  const catalog = new RegistryCatalogClient({ ...(options.tlsCa ? { tlsCa: options.tlsCa } : {}), retryOptions, userAgentPrefix });
  let operationSequence = 0;
  // The registry clients' pipelines (SDK client and cache-rule REST client alike): the caller's
  // policies (the apply's read retries and timeouts) per call, then ARM error bodies per retry.
  // every attempt's outcome and request ids go to the app log (log/azure-call-log.ts)
  const callLog = { policy: azureCallLogPolicy(), position: 'perRetry' as const };
  const registryPolicies = [...(options.policies ?? []).map((policy) => ({ policy, position: 'perCall' as const })), { policy: errorBodyPolicy, position: 'perRetry' as const }, callLog];

  function subscriptionClient(credential: TokenCredential, cloud: CloudEndpoints): SubscriptionClient {
    // arm-resources-subscriptions 2.x is an older generator: `credentialScopes`, not `credentials.scopes`.
    return new SubscriptionClient(credential, {
      endpoint: cloud.armEndpoint,
      credentialScopes: [cloud.armScope],
      retryOptions,
      additionalPolicies: [{ policy: errorBodyPolicy, position: 'perRetry' }, callLog],
      userAgentOptions: { userAgentPrefix },
      ...tls,
    });
  }

  async function registryClient(accountId: string, tenantId: string, subscriptionId: string): Promise<ContainerRegistryManagementClient> {
    const cloud = await auth.cloudOf(accountId);
    // A new client per call: a pipeline caches its token, and a signed-out account must lose access at once.
    return new ContainerRegistryManagementClient(auth.credential(accountId, tenantId), subscriptionId, {
      endpoint: cloud.armEndpoint,
      // The default scope follows `endpoint`; ARM tokens are always for the cloud's ARM resource.
      credentials: { scopes: [cloud.armScope] },
      retryOptions,
      additionalPolicies: registryPolicies,
      userAgentOptions: { userAgentPrefix },
      ...(options.apiVersion ? { apiVersion: options.apiVersion } : {}),
      ...tls,
    });
  }

  async function forRegistry(ref: RegistryRef): Promise<{ client: ContainerRegistryManagementClient; registry: RegistryCoordinates }> {
    const registry = parseRegistryId(ref.registryId);
    return { client: await registryClient(ref.accountId, ref.tenantId, registry.subscriptionId), registry };
  }

  /** Cache rules at CACHE_RULE_API_VERSION through the SDK's REST pipeline (same auth, retries, policies). */
  async function cacheRulesFor(ref: RegistryRef): Promise<{ rest: CacheRulesRest; registry: RegistryCoordinates }> {
    const registry = parseRegistryId(ref.registryId);
    const cloud = await auth.cloudOf(ref.accountId);
    const context = createContainerRegistryManagement(auth.credential(ref.accountId, ref.tenantId), registry.subscriptionId, {
      endpoint: cloud.armEndpoint,
      credentials: { scopes: [cloud.armScope] },
      retryOptions,
      additionalPolicies: registryPolicies,
      userAgentOptions: { userAgentPrefix },
      apiVersion: options.cacheRuleApiVersion ?? CACHE_RULE_API_VERSION,
      ...tls,
    });
    return { rest: createCacheRulesRest(context), registry };
  }

  async function collect<T, R>(items: AsyncIterable<T>, map: (item: T) => R | null): Promise<R[]> {
    const out: R[] = [];
    for await (const item of items) {
      const mapped = map(item);
      if (mapped !== null) out.push(mapped);
    }
    return out;
  }

  async function read<T>(subject: string, action: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      throw toAzureAppError(err, { subject, action });
    }
  }

  async function runOperation<T>(
    registry: RegistryCoordinates,
    resource: Resource,
    name: string,
    action: Action,
    start: () => OperationPoller<T>,
  ): Promise<T> {
    const operationId = `azure-op-${++operationSequence}`;
    const emit = (state: AzureOperationEvent['state'], error: AzureOperationEvent['error'] = null) =>
      emitEvent(events, 'azure.onOperation', { operationId, registryId: registry.id, resource, name, action, state, error });
    let submitted = false;
    try {
      const poller = start();
      await poller.submitted();
      submitted = true;
      emit('submitted');
      let running = false;
      const stop = poller.onProgress((state) => {
        if (!running && state.status === 'running') {
          running = true;
          emit('running');
        }
      });
      try {
        const result = await poller;
        emit('succeeded');
        return result;
      } finally {
        stop();
      }
    } catch (err) {
      const appError = toAzureAppError(err, { subject: describe(resource, name), action });
      emit('failed', { code: appError.code, message: appError.message });
      const facts: WriteFailureFacts = { submitted, serverCode: armErrorFacts(err).code ?? null };
      throw Object.assign(appError, facts);
    }
  }

  async function dataPlaneOf(ref: RegistryRef, callOptions: CallOptions = {}): Promise<{ client: RegistryCatalogClient; request: CatalogRequest }> {
    const { client, registry } = await forRegistry(ref);
    const cloud = await auth.cloudOf(ref.accountId);
    const found = await read(`registry ${registry.registryName}`, 'read', () => client.registries.get(registry.resourceGroup, registry.registryName));
    const loginServer = found.loginServer?.toLowerCase();
    // The Entra token goes only to a login server of this cloud, as reported by ARM itself.
    if (!loginServer || !loginServer.endsWith(cloud.acrSuffix) || !/^[a-z0-9.-]+$/.test(loginServer)) {
      throw new AppError(
        'invalid-registry',
        `Registry ${registry.registryName} reports the login server "${loginServer ?? ''}", which is not a ${cloud.acrSuffix} registry; its repositories are not read.`,
      );
    }
    const endpoint = options.registryEndpoint ? options.registryEndpoint(loginServer) : `https://${loginServer}`;
    return {
      client: catalog,
      request: {
        credential: auth.credential(ref.accountId, ref.tenantId),
        scope: cloud.armScope,
        tenantId: ref.tenantId,
        loginServer,
        endpoint,
        ...(callOptions.abortSignal ? { abortSignal: callOptions.abortSignal } : {}),
      },
    };
  }

  return {
    async listSubscriptions(accountId) {
      const cloud = await auth.cloudOf(accountId);
      const tenants = await read('your tenants', 'list', () => collect(subscriptionClient(auth.credential(accountId), cloud).tenants.list(), (t) => t));
      const subscriptions = new Map<string, SubscriptionSummary>();
      const unavailableTenants: UnavailableTenant[] = [];
      for (const tenant of tenants) {
        if (!tenant.tenantId) continue;
        const tenantId = tenant.tenantId;
        try {
          const client = subscriptionClient(auth.credential(accountId, tenantId), cloud);
          for (const summary of await collect(client.subscriptions.list(), (s) => toSubscriptionSummary(s, tenantId))) {
            subscriptions.set(summary.subscriptionId.toLowerCase(), summary);
          }
        } catch (err) {
          // One tenant that wants MFA (or denies access) must not hide the others.
          const appError = toAzureAppError(err, { subject: `the subscriptions of tenant ${tenant.displayName ?? tenantId}`, action: 'list' });
          unavailableTenants.push({ tenantId, displayName: tenant.displayName ?? null, code: appError.code, message: appError.message });
        }
      }
      return {
        subscriptions: [...subscriptions.values()].sort((a, b) => a.displayName.localeCompare(b.displayName)),
        unavailableTenants,
      };
    },

    async listRegistries(ref) {
      return read(`the registries of subscription ${ref.subscriptionId}`, 'list', async () => {
        const client = await registryClient(ref.accountId, ref.tenantId, ref.subscriptionId);
        const registries = await collect(client.registries.list(), toRegistrySummary);
        return registries.sort((a, b) => a.name.localeCompare(b.name));
      });
    },

    async listCacheRules(ref, callOptions = {}) {
      const { rest, registry } = await cacheRulesFor(ref);
      return read(`the cache rules of ${registry.registryName}`, 'list', async () => (await rest.list(registry, callOptions.abortSignal)).map((rule) => fromWireCacheRule(registry, rule)));
    },

    async getCacheRule(ref, name, callOptions = {}) {
      const { rest, registry } = await cacheRulesFor(ref);
      return read(describe('cacheRule', name), 'read', async () => fromWireCacheRule(registry, await rest.get(registry, name, callOptions.abortSignal)));
    },

    async createCacheRule(ref, rule, callOptions = {}) {
      const { rest, registry } = await cacheRulesFor(ref);
      const created = await runOperation(registry, 'cacheRule', rule.name, 'create', () => rest.write(registry, rule.name, 'PUT', toWireCacheRule(registry, rule), lroOptions(callOptions.abortSignal)));
      return fromWireCacheRule(registry, created);
    },

    async updateCacheRuleCredentials(ref, name, credentialSet, callOptions = {}) {
      return this.updateCacheRule(ref, name, { credentialSet }, callOptions);
    },

    async updateCacheRule(ref, name, patch, callOptions = {}) {
      const { rest, registry } = await cacheRulesFor(ref);
      const updated = await runOperation(registry, 'cacheRule', name, 'update', () => rest.write(registry, name, 'PATCH', toWirePatch(registry, patch), lroOptions(callOptions.abortSignal)));
      return fromWireCacheRule(registry, updated);
    },

    async deleteCacheRule(ref, name, callOptions = {}) {
      const { rest, registry } = await cacheRulesFor(ref);
      await runOperation(registry, 'cacheRule', name, 'delete', () => rest.remove(registry, name, lroOptions(callOptions.abortSignal)));
    },

    async listCredentialSets(ref, callOptions = {}) {
      const { client, registry } = await forRegistry(ref);
      return read(`the credential sets of ${registry.registryName}`, 'list', () =>
        collect(client.credentialSets.list(registry.resourceGroup, registry.registryName, callOptions), (set) => toLiveCredentialSet(registry, set)),
      );
    },

    async getCredentialSet(ref, name, callOptions = {}) {
      const { client, registry } = await forRegistry(ref);
      return read(describe('credentialSet', name), 'read', async () =>
        toLiveCredentialSet(registry, await client.credentialSets.get(registry.resourceGroup, registry.registryName, name, callOptions)),
      );
    },

    async createCredentialSet(ref, set, callOptions = {}) {
      const { client, registry } = await forRegistry(ref);
      const created = await runOperation(registry, 'credentialSet', set.name, 'create', () =>
        client.credentialSets.create(registry.resourceGroup, registry.registryName, set.name, toSdkCredentialSet(set), lroOptions(callOptions.abortSignal)),
      );
      return toLiveCredentialSet(registry, created);
    },

    async updateCredentialSet(ref, name, secrets, callOptions = {}) {
      if (!secrets.usernameSecret && !secrets.passwordSecret) {
        throw new AppError('invalid-payload', `Nothing to change on credential set "${name}": give a new username secret, password secret, or both.`);
      }
      const { client, registry } = await forRegistry(ref);
      // Like `az acr credential-set update`: the credential is replaced as a whole, so the secret
      // that does not change is taken from the set as it is now.
      let usernameSecret = secrets.usernameSecret;
      let passwordSecret = secrets.passwordSecret;
      if (!usernameSecret || !passwordSecret) {
        const current = await read(describe('credentialSet', name), 'read', () =>
          client.credentialSets.get(registry.resourceGroup, registry.registryName, name, callOptions),
        );
        const credential = current.authCredentials?.find((c) => c.name === CREDENTIAL_NAME) ?? current.authCredentials?.[0];
        usernameSecret ??= credential?.usernameSecretIdentifier;
        passwordSecret ??= credential?.passwordSecretIdentifier;
      }
      const updated = await runOperation(registry, 'credentialSet', name, 'update', () =>
        client.credentialSets.update(
          registry.resourceGroup,
          registry.registryName,
          name,
          { authCredentials: [{ name: CREDENTIAL_NAME, usernameSecretIdentifier: usernameSecret, passwordSecretIdentifier: passwordSecret }] },
          lroOptions(callOptions.abortSignal),
        ),
      );
      return toLiveCredentialSet(registry, updated);
    },

    async deleteCredentialSet(ref, name, callOptions = {}) {
      const { client, registry } = await forRegistry(ref);
      await runOperation(registry, 'credentialSet', name, 'delete', () =>
        client.credentialSets.delete(registry.resourceGroup, registry.registryName, name, lroOptions(callOptions.abortSignal)),
      );
    },

    async listUserAssignedIdentities(ref, callOptions = {}) {
      const cloud = await auth.cloudOf(ref.accountId);
      return read(`the managed identities of subscription ${ref.subscriptionId}`, 'list', () =>
        listUserAssignedIdentities(ref.subscriptionId, {
          endpoint: cloud.armEndpoint,
          credential: auth.credential(ref.accountId, ref.tenantId),
          scope: cloud.armScope,
          clientOptions: { retryOptions, additionalPolicies: registryPolicies, userAgentOptions: { userAgentPrefix }, ...tls },
          ...(callOptions.abortSignal ? { abortSignal: callOptions.abortSignal } : {}),
        }),
      );
    },

    async checkSyncEstimate(ref, rule, callOptions = {}) {
      const apiVersion = options.cacheRuleApiVersion ?? CACHE_RULE_API_VERSION;
      if (!offersSyncEstimate(apiVersion)) return { kind: 'unsupported', apiVersion };
      const { rest, registry } = await cacheRulesFor(ref);
      return estimateThrough(rest, registry, rule, apiVersion, callOptions.abortSignal);
    },

    dataPlane: dataPlaneOf,

    async importFromCacheRule(ref, body, callOptions = {}) {
      const { rest, registry } = await cacheRulesFor(ref);
      const rule = /\/cacheRules\/([^/]+)$/i.exec(body.source.cacheRuleResourceId)?.[1] ?? body.source.cacheRuleResourceId;
      await read(`${body.targetTags.join(', ')} from cache rule "${rule}"`, 'sync', async () => {
        await rest.importImage(registry, body, lroOptions(callOptions.abortSignal));
      });
    },

    async listRepositories(ref, callOptions = {}) {
      const { client, request } = await dataPlaneOf(ref, callOptions);
      try {
        return await client.listRepositories({
          ...request,
          ...(callOptions.pageSize ? { pageSize: callOptions.pageSize } : {}),
          ...(callOptions.maxRepositories ? { maxRepositories: callOptions.maxRepositories } : {}),
        });
      } catch (err) {
        throw toAzureAppError(err, { subject: `the repositories of ${request.loginServer}`, action: 'list' });
      }
    },
  };
}
