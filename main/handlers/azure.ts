// IPC area `azure`: Resource Manager calls on behalf of a signed-in account.
import { z } from 'zod';
import type { AzureService } from '../azure/azure-service.ts';
import { createSyncEstimates } from '../azure/sync-estimate.ts';
import type { SyncEstimateRequest } from '../../preload/api-sync-estimate.ts';
import type { HandlerTable } from '../ipc/router.ts';
import {
  accountIdSchema,
  armNameSchema,
  credentialSecretsUpdateSchema,
  liveCacheRuleSchema,
  liveCredentialSetSchema,
  registryRefSchema,
  rulePatchSchema,
  subscriptionRefSchema,
} from './azure-schemas.ts';

const estimateRequestId = z.string().uuid();
const syncEstimateRequestSchema: z.ZodType<SyncEstimateRequest> = z.object({ requestId: estimateRequestId, registry: registryRefSchema, rule: liveCacheRuleSchema }).strict();

export function azureHandlers(azure: AzureService): HandlerTable['azure'] {
  // one per handler table: the estimates in flight, by the renderer's request id
  const estimates = createSyncEstimates((ref, rule, options) => azure.checkSyncEstimate(ref, rule, options));
  return {
    listSubscriptions: { args: z.tuple([accountIdSchema]), handle: (accountId) => azure.listSubscriptions(accountId) },
    listRegistries: { args: z.tuple([subscriptionRefSchema]), handle: (ref) => azure.listRegistries(ref) },
    listCacheRules: { args: z.tuple([registryRefSchema]), handle: (ref) => azure.listCacheRules(ref) },
    getCacheRule: { args: z.tuple([registryRefSchema, armNameSchema]), handle: (ref, name) => azure.getCacheRule(ref, name) },
    createCacheRule: { args: z.tuple([registryRefSchema, liveCacheRuleSchema]), handle: (ref, rule) => azure.createCacheRule(ref, rule) },
    updateCacheRuleCredentials: {
      args: z.tuple([registryRefSchema, armNameSchema, armNameSchema.nullable()]),
      handle: (ref, name, credentialSet) => azure.updateCacheRuleCredentials(ref, name, credentialSet),
    },
    updateCacheRule: {
      args: z.tuple([registryRefSchema, armNameSchema, rulePatchSchema]),
      handle: (ref, name, patch) => azure.updateCacheRule(ref, name, patch),
    },
    deleteCacheRule: { args: z.tuple([registryRefSchema, armNameSchema]), handle: (ref, name) => azure.deleteCacheRule(ref, name) },
    listCredentialSets: { args: z.tuple([registryRefSchema]), handle: (ref) => azure.listCredentialSets(ref) },
    getCredentialSet: { args: z.tuple([registryRefSchema, armNameSchema]), handle: (ref, name) => azure.getCredentialSet(ref, name) },
    createCredentialSet: { args: z.tuple([registryRefSchema, liveCredentialSetSchema]), handle: (ref, set) => azure.createCredentialSet(ref, set) },
    updateCredentialSet: {
      args: z.tuple([registryRefSchema, armNameSchema, credentialSecretsUpdateSchema]),
      handle: (ref, name, secrets) => azure.updateCredentialSet(ref, name, secrets),
    },
    deleteCredentialSet: { args: z.tuple([registryRefSchema, armNameSchema]), handle: (ref, name) => azure.deleteCredentialSet(ref, name) },
    listRepositories: { args: z.tuple([registryRefSchema]), handle: (ref) => azure.listRepositories(ref) },
    listUserAssignedIdentities: { args: z.tuple([subscriptionRefSchema]), handle: (ref) => azure.listUserAssignedIdentities(ref) },
    checkSyncEstimate: { args: z.tuple([syncEstimateRequestSchema]), handle: (request) => estimates.check(request.requestId, request.registry, request.rule) },
    cancelSyncEstimate: { args: z.tuple([estimateRequestId]), handle: (id) => estimates.cancel(id) },
  };
}
