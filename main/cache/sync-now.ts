// "Sync this tag now" from the warm-up list: what `az acr cache sync --image TAG` calls (an
// importImage whose source is the cache rule, core/sync-now.ts), for one image of the list. The
// rules are read from Azure now (not taken from the renderer), the request waits for the
// operation's end, and the registry's metadata then says which digest the tag holds. Azure's
// refusals become one sentence naming the image, the rule and what to do.
import { CacheRuleMatcher } from '../../core/cache-contents.ts';
import { createResolver } from '../../core/resolve.ts';
import { planSyncNow, SYNC_NOW_IMPORT_MODE } from '../../core/sync-now.ts';
import type { SyncNowResult, WarmImage } from '../../preload/api-cache.ts';
import type { RegistryRef } from '../../preload/api.ts';
import { AppError } from '../app-error.ts';
import { armErrorFacts } from '../azure/azure-errors.ts';
import type { AzureService } from '../azure/azure-service.ts';

/** Why Azure refused, told for a sync: the generic fix names cache-rule roles, this one the import. */
function syncFailure(error: AppError, image: string, rule: string, registryName: string, upstream: string): string {
  // Azure's own words, without the generic explanation that names no image
  const facts = error.cause ? armErrorFacts(error.cause) : null;
  const said = facts?.message ? `(Azure said: ${facts.code ? `${facts.code}: ` : ''}${facts.message})` : error.message;
  switch (error.code) {
    case 'not-authorized':
      return `Not allowed to sync ${image}: syncing a tag imports it, which needs Microsoft.ContainerRegistry/registries/importImage/action on ${registryName} (Contributor, or a custom role with it). ${said}`;
    case 'api-version-unsupported':
      return `${image} could not be synced here: this cloud or region does not serve the preview API that syncs a tag from a cache rule. Run az acr cache sync -r ${registryName} -n ${rule} --image ${image.slice(image.lastIndexOf(':') + 1)}, or pull the tag (Warm now). ${said}`;
    case 'operation-failed':
    case 'invalid-request':
      if (/not found|MANIFEST_UNKNOWN|does not exist/i.test(said) && !/cache rule/i.test(facts?.message ?? '')) return `${image} was not synced: the upstream has no ${upstream}. Check the tag at the upstream. ${said}`;
      if (/not enabled|ActiveSync|artifact sync/i.test(said)) return `${image} was not synced: Azure says artifact sync is not on for rule "${rule}". Turn on ActiveSync in the rule's sync settings, or pull the tag (Warm now). ${said}`;
      if (/tag filter/i.test(said)) return `${image} was not synced: the tag is outside rule "${rule}"'s tag filter. Widen the filter, or pull the tag (Warm now). ${said}`;
      return `${image} was not synced through rule "${rule}". ${error.message}`;
    default:
      return error.message;
  }
}

export async function syncTagNow(azure: AzureService, registry: RegistryRef, image: WarmImage, signal?: AbortSignal): Promise<SyncNowResult> {
  const base = { label: image.label, digest: null, lastUpdated: null };
  const options = signal ? { abortSignal: signal } : {};
  const rules = await azure.listCacheRules(registry, options);
  const { client, request } = await azure.dataPlane(registry, options);
  const ref = `${image.repository}:${image.reference}`;
  const rule = new CacheRuleMatcher(rules).match(image.repository)?.rule;
  if (!rule) return { ...base, status: 'refused', code: 'no-rule', message: `No cache rule of ${request.loginServer} serves ${image.repository} any more; nothing to sync it from.` };
  const resolver = createResolver({ registry: request.loginServer, rules, credentialSets: [] });
  const upstream = resolver.resolve(`${request.loginServer}/${ref}`).upstream;
  const plan = planSyncNow(rule, image.repository, image.reference, upstream);
  if (!plan.ok) return { ...base, status: 'refused', code: plan.reason, message: plan.message };
  const registryName = registry.registryId.slice(registry.registryId.lastIndexOf('/') + 1);
  const live = rules.find((r) => r.name === plan.rule);
  try {
    await azure.importFromCacheRule(
      registry,
      { source: { sourceImage: plan.sourceImage, cacheRuleResourceId: live?.id ?? `${registry.registryId}/cacheRules/${plan.rule}` }, targetTags: [plan.targetTag], mode: SYNC_NOW_IMPORT_MODE },
      options,
    );
  } catch (error) {
    if (!(error instanceof AppError) || signal?.aborted) throw error;
    return { ...base, status: 'failed', code: error.code, message: syncFailure(error, ref, plan.rule, registryName, upstream ?? plan.sourceImage) };
  }
  // what the registry holds now (ACR's metadata API); a refused read does not undo the sync
  try {
    const token = await client.accessToken({ ...request, ...options }, [`repository:${image.repository}:metadata_read`], `read the tag ${ref}`);
    const held = await client.raw({ ...request, ...options }, `/acr/v1/${image.repository}/_tags/${encodeURIComponent(image.reference)}`, token, 'application/json');
    if (held.status === 200) {
      const tag = (JSON.parse(held.bodyAsText ?? '{}') as { tag?: { digest?: unknown; lastUpdateTime?: unknown } }).tag;
      return { ...base, status: 'synced', code: null, message: null, digest: typeof tag?.digest === 'string' ? tag.digest : null, lastUpdated: typeof tag?.lastUpdateTime === 'string' ? tag.lastUpdateTime : null };
    }
    return { ...base, status: 'synced', code: null, message: `Azure reports ${ref} synced; reading it back answered HTTP ${held.status}.` };
  } catch (error) {
    return { ...base, status: 'synced', code: null, message: `Azure reports ${ref} synced; reading it back failed: ${(error as Error).message}` };
  }
}
