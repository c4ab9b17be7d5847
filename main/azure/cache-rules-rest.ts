// Cache rules through the SDK's own REST pipeline (createContainerRegistryManagement from
// @azure/arm-containerregistry/api: auth, retries, user agent, the app's policies) at an explicit
// api-version that carries the preview properties, with the raw JSON read and written by
// cache-rule-wire.ts and the SDK's long-running-operation engine (@azure/core-lro) polling.
import { createRestError, type Client, type PathUncheckedResponse } from '@azure-rest/core-client';
import { createHttpPoller, type OperationState, type PollerLike, type ResourceLocationConfig } from '@azure/core-lro';
import type { RegistryCoordinates } from './resource-ids.ts';
import type { WireCacheRule } from './cache-rule-wire.ts';

type Method = 'GET' | 'PUT' | 'PATCH' | 'DELETE' | 'POST';

export interface CacheRulesRest {
  list(registry: RegistryCoordinates, abortSignal?: AbortSignal): Promise<WireCacheRule[]>;
  get(registry: RegistryCoordinates, name: string, abortSignal?: AbortSignal): Promise<WireCacheRule>;
  /** PUT (create) or PATCH (update): a poller whose result is the rule as Azure holds it afterwards. */
  write(registry: RegistryCoordinates, name: string, method: 'PUT' | 'PATCH', body: WireCacheRule, options: LroCallOptions): PollerLike<OperationState<WireCacheRule>, WireCacheRule>;
  remove(registry: RegistryCoordinates, name: string, options: LroCallOptions): PollerLike<OperationState<void>, void>;
  /** Registries_CheckCacheRuleArtifactSyncEstimate: POST the rule, 200 with the counts (not a long-running operation). */
  estimateSync(registry: RegistryCoordinates, rule: WireCacheRule, abortSignal?: AbortSignal): Promise<unknown>;
  /** POST …/importImage (Registries_ImportImage): 200, or 202 + Location polled to the end (final-state-via location). */
  importImage(registry: RegistryCoordinates, body: ImportImageBody, options: LroCallOptions): PollerLike<OperationState<void>, void>;
}

/** ImportImageParameters as "sync this tag now" sends it (2025-09-01-preview: ImportSource.cacheRuleResourceId). */
export interface ImportImageBody {
  source: { sourceImage: string; cacheRuleResourceId: string };
  targetTags: string[];
  mode: 'Force' | 'NoForce';
}

export interface LroCallOptions {
  abortSignal?: AbortSignal;
  updateIntervalInMs?: number;
}

const ruleUrl = (registry: RegistryCoordinates, name?: string) => `${registry.id}/cacheRules${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;

function check(response: PathUncheckedResponse, expected: readonly string[]): PathUncheckedResponse {
  if (!expected.includes(response.status)) throw createRestError(response);
  return response;
}

export function createCacheRulesRest(context: Client): CacheRulesRest {
  const send = (method: Method, url: string, options: { body?: unknown; abortSignal?: AbortSignal } = {}) => {
    const path = context.pathUnchecked(url);
    const request = { ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}), ...(options.body !== undefined ? { body: options.body, contentType: 'application/json' } : {}), headers: { accept: 'application/json' } };
    switch (method) {
      case 'GET':
        return path.get(request);
      case 'PUT':
        return path.put(request);
      case 'PATCH':
        return path.patch(request);
      case 'DELETE':
        return path.delete(request);
      case 'POST':
        return path.post(request);
    }
  };

  function poller<T>(initial: () => PromiseLike<PathUncheckedResponse>, expected: readonly string[], resourceLocationConfig: ResourceLocationConfig, result: (body: unknown) => T, options: LroCallOptions): PollerLike<OperationState<T>, T> {
    const toLro = (response: PathUncheckedResponse) => ({
      flatResponse: response,
      rawResponse: { ...response, statusCode: Number.parseInt(response.status, 10), body: response.body },
    });
    return createHttpPoller<T, OperationState<T>>(
      {
        sendInitialRequest: async () => toLro(check(await initial(), expected)),
        // Poll answers (200/201/202/204) and failures alike go to core-lro, which reads their status.
        sendPollRequest: async (path, pollOptions) => toLro(await context.pathUnchecked(path).get({ ...(pollOptions?.abortSignal ? { abortSignal: pollOptions.abortSignal } : options.abortSignal ? { abortSignal: options.abortSignal } : {}) })),
      },
      {
        ...(options.updateIntervalInMs !== undefined ? { intervalInMs: options.updateIntervalInMs } : {}),
        resourceLocationConfig,
        // core-lro hands over the flat response of the final GET; its JSON is the resource.
        processResult: async (final) => result((final as PathUncheckedResponse | undefined)?.body),
      },
    );
  }

  return {
    async list(registry, abortSignal) {
      const out: WireCacheRule[] = [];
      let next: string | undefined = ruleUrl(registry);
      for (let pages = 0; next && pages < 1000; pages++) {
        const response = check(await send('GET', next, abortSignal ? { abortSignal } : {}), ['200']);
        const body = (response.body ?? {}) as { value?: WireCacheRule[]; nextLink?: string };
        out.push(...(body.value ?? []));
        next = body.nextLink || undefined;
      }
      return out;
    },
    async get(registry, name, abortSignal) {
      return check(await send('GET', ruleUrl(registry, name), abortSignal ? { abortSignal } : {}), ['200']).body as WireCacheRule;
    },
    write(registry, name, method, body, options) {
      // The final GET after the operation (core-lro's default for PUT/PATCH) returns the rule.
      return poller(() => send(method, ruleUrl(registry, name), { body, ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}) }), ['200', '201'], 'azure-async-operation', (b) => b as WireCacheRule, options);
    },
    async estimateSync(registry, rule, abortSignal) {
      const url = `${registry.id}/checkCacheRuleArtifactSyncEstimate`;
      return check(await send('POST', url, { body: rule, ...(abortSignal ? { abortSignal } : {}) }), ['200']).body;
    },
    remove(registry, name, options) {
      return poller(() => send('DELETE', ruleUrl(registry, name), options.abortSignal ? { abortSignal: options.abortSignal } : {}), ['200', '202', '204'], 'location', () => undefined, options);
    },
    importImage(registry, body, options) {
      return poller(() => send('POST', `${registry.id}/importImage`, { body, ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}) }), ['200', '202'], 'location', () => undefined, options);
    },
  };
}
