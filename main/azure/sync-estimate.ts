// The sync estimate (Registries_CheckCacheRuleArtifactSyncEstimate): Azure's answer read
// defensively, and the requests in flight, so that the renderer can cancel one that a newer edit
// superseded. The answer's shape is CacheRuleArtifactSyncEstimateResult of acrcache's vendored
// 2025-09-01-preview swagger: `name`, `totalCount`, `filteredCount` (int32), `results: [{name}]`
// ("a sample of results processed by the query"); every property is optional there.
import { z } from 'zod';
import type { CacheRule } from '../../core/model.ts';
import type { RegistryRef } from '../../preload/api.ts';
import type { SyncEstimateView } from '../../preload/api-sync-estimate.ts';
import { AppError } from '../app-error.ts';
import { armErrorFacts, toAzureAppError } from './azure-errors.ts';
import { toWireCacheRule } from './cache-rule-wire.ts';
import type { CacheRulesRest } from './cache-rules-rest.ts';
import type { RegistryCoordinates } from './resource-ids.ts';

const count = z.number().int().min(0).max(2 ** 31 - 1);
const answerSchema = z.object({
  name: z.string().max(1000).optional(),
  totalCount: count.optional(),
  filteredCount: count.optional(),
  results: z.array(z.object({ name: z.string().max(1000).optional() }).passthrough()).max(100_000).optional(),
});

/** How many sampled names cross to the renderer (it shows a few; Azure's sample size is its own). */
export const SAMPLE_SHOWN = 20;

export function toSyncEstimateView(body: unknown, apiVersion: string): SyncEstimateView {
  const parsed = answerSchema.safeParse(body);
  if (!parsed.success || parsed.data.totalCount === undefined || parsed.data.filteredCount === undefined) {
    throw new AppError('azure-error', 'Azure answered the sync estimate without the counts it should have (totalCount and filteredCount).');
  }
  const { name, totalCount, filteredCount, results } = parsed.data;
  const sample = (results ?? []).map((r) => r.name).filter((n): n is string => typeof n === 'string' && n !== '');
  return { kind: 'estimate', repository: name ?? null, totalCount, filteredCount, sample: sample.slice(0, SAMPLE_SHOWN), apiVersion };
}

/** Kinds whose reason is Azure's own sentence: the generic ones ("Azure does not know this resource…") would mislead here. */
const AZURE_SAYS_WHY = new Set(['not-found', 'invalid-request', 'azure-error']);

/**
 * A failed estimate as an AppError. When Azure refused the request itself (the upstream has no
 * such repository, the query is not one it reads…), the message is Azure's; a sign-in, a missing
 * role, throttling, the network or a server error keep the app's explanation of what to do.
 */
export function syncEstimateError(err: unknown, source: string): AppError {
  const explained = toAzureAppError(err, { subject: `the sync estimate of ${source}`, action: 'read' });
  const facts = armErrorFacts(err);
  if (!AZURE_SAYS_WHY.has(explained.code) || typeof facts.status !== 'number' || !facts.message) return explained;
  return new AppError(explained.code, `Azure answered: ${facts.message.trim()}${facts.code ? ` (${facts.code})` : ''}`, { cause: err });
}

/** Asks Azure for the estimate of `rule` (sent whole, as a create would send it) and reads the answer. */
export async function estimateThrough(rest: CacheRulesRest, registry: RegistryCoordinates, rule: CacheRule, apiVersion: string, abortSignal?: AbortSignal): Promise<SyncEstimateView> {
  let answer: unknown;
  try {
    answer = await rest.estimateSync(registry, toWireCacheRule(registry, rule), abortSignal);
  } catch (err) {
    throw syncEstimateError(err, rule.source);
  }
  return toSyncEstimateView(answer, apiVersion);
}

export interface SyncEstimates {
  /** Asks Azure now; a request with the id of one still running cancels that one first. */
  check(requestId: string, registry: RegistryRef, rule: CacheRule): Promise<SyncEstimateView>;
  /** Aborts the request; false when none runs under that id. */
  cancel(requestId: string): boolean;
}

export function createSyncEstimates(estimate: (registry: RegistryRef, rule: CacheRule, options: { abortSignal: AbortSignal }) => Promise<SyncEstimateView>): SyncEstimates {
  const running = new Map<string, AbortController>();
  return {
    async check(requestId, registry, rule) {
      running.get(requestId)?.abort();
      const controller = new AbortController();
      running.set(requestId, controller);
      try {
        return await estimate(registry, rule, { abortSignal: controller.signal });
      } finally {
        if (running.get(requestId) === controller) running.delete(requestId);
      }
    },
    cancel(requestId) {
      const controller = running.get(requestId);
      if (!controller) return false;
      running.delete(requestId);
      controller.abort();
      return true;
    },
  };
}
