// The sync estimate's part of the renderer's contract (preload/api.ts includes it): how many of an
// upstream repository's tags a cache rule's ActiveSync filter would select, as Azure counts them
// (Registries_CheckCacheRuleArtifactSyncEstimate, api-version 2025-09-01-preview). Nothing is
// written: the rule need not exist yet.
import type { CacheRule } from '../core/model.ts';
import type { RegistryRef } from './api.ts';

export interface SyncEstimateRequest {
  /** The renderer's id for this request, so that it can cancel it (a newer edit supersedes it). */
  readonly requestId: string;
  readonly registry: RegistryRef;
  /** The rule as edited: source, target, credential set or identity, and its sync settings. */
  readonly rule: CacheRule;
}

export type SyncEstimateView =
  | {
      readonly kind: 'estimate';
      /** The repository Azure counted in (`name` of the answer, e.g. `azure-cli`), when it said. */
      readonly repository: string | null;
      /** Tags the upstream repository has. */
      readonly totalCount: number;
      /** Tags the filter selects. */
      readonly filteredCount: number;
      /** Some of the selected tags, as Azure sampled them. */
      readonly sample: readonly string[];
      readonly apiVersion: string;
    }
  /** The api-version the app talks to the registry at has no estimate; nothing was sent. */
  | { readonly kind: 'unsupported'; readonly apiVersion: string };
