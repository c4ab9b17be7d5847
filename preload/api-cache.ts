// The cache's part of the renderer's contract (preload/api.ts includes it): what a live registry's
// cache holds (data-plane catalog and tags, grouped under its rules), and warming it before a
// rollout. Tokens stay in main; only results and progress cross.
import type { ContentsRow } from '../core/cache-contents.ts';
import type { RegistryRef } from './api.ts';

export type { ContentsRow };

export interface CacheContentsView {
  /** One row per cached repository under its rule; a never-served rule is a row with no repository; uncovered ones have no rule. */
  readonly rows: ContentsRow[];
  /** Per rule (in rule order): how many repositories it created. */
  readonly perRule: { readonly rule: string; readonly target: string; readonly repositories: number }[];
  readonly neverServed: string[];
  readonly uncovered: number;
  /** Rules whose target does not parse (they cannot serve anything). */
  readonly invalidRules: string[];
  readonly repositoryCount: number;
  readonly catalogTruncated: boolean;
  readonly tagsNotRead: number;
  readonly tagReadCap: number;
  /** Repositories whose tags could not be read, with why. */
  readonly tagErrors: { readonly repository: string; readonly error: string }[];
  readonly readAt: string;
}

export type WarmMode = 'manifest' | 'full';

export interface WarmImage {
  /** What the user pasted, for the result line. */
  readonly label: string;
  /** Repository path inside the registry (the rule's target side). */
  readonly repository: string;
  /** Tag or `sha256:` digest. */
  readonly reference: string;
}

export interface WarmRequest {
  readonly jobId: string;
  readonly registry: RegistryRef;
  readonly images: WarmImage[];
  /** `manifest`: ACR fetches the manifests (enough for it to cache the tag); `full`: the layers too. */
  readonly mode: WarmMode;
  /** For multi-arch indexes: every platform, or one (`linux/amd64`, `linux/arm64/v8`). */
  readonly platform: 'all' | string;
}

export type WarmStatus = 'cached' | 'fetched' | 'failed' | 'cancelled';

export interface WarmImageResult {
  readonly index: number;
  readonly label: string;
  readonly status: WarmStatus;
  /** Manifest digest, when the registry gave one. */
  readonly digest: string | null;
  /** Platforms of a multi-arch index that were warmed, e.g. `linux/amd64`. */
  readonly platforms: string[];
  readonly bytes: number;
  /** What failed and what to do, in a sentence; null when it worked. */
  readonly message: string | null;
  /** The distribution error code the registry answered, e.g. `TOOMANYREQUESTS`, `MANIFEST_UNKNOWN`. */
  readonly code: string | null;
}

export interface WarmOutcome {
  readonly results: WarmImageResult[];
  readonly cached: number;
  readonly fetched: number;
  readonly failed: number;
  readonly cancelled: number;
  readonly bytes: number;
}

/**
 * "Sync this tag now" (`az acr cache sync --image`): `synced` = Azure imported the tag from the
 * upstream through its rule; `refused` = the app did not ask (a digest, a PassiveSync rule, a tag
 * outside the rule's filter); `failed` = Azure refused or the operation failed.
 */
export interface SyncNowResult {
  readonly label: string;
  readonly status: 'synced' | 'refused' | 'failed';
  /** Why, and what to do, in a sentence; null when it worked and was read back. */
  readonly message: string | null;
  /** The app's error kind or refusal reason (`passive`, `outside-filter`, `not-authorized`, …). */
  readonly code: string | null;
  /** What the tag holds now, read back from the registry. */
  readonly digest: string | null;
  readonly lastUpdated: string | null;
}

export type CacheProgressEvent =
  | { readonly jobId: string; readonly kind: 'contents'; readonly phase: 'catalog' | 'tags'; readonly done: number; readonly total: number }
  | {
      readonly jobId: string;
      readonly kind: 'warm';
      readonly done: number;
      readonly total: number;
      /** Layer bytes pulled so far (full warm), and the total of the manifests seen so far. */
      readonly bytes: number;
      readonly bytesTotal: number;
      /** The image that just finished, when one did. */
      readonly result?: WarmImageResult;
    };

export interface CacheApi {
  /** Reads the registry's catalog and tags and groups them under its rules (read from Azure now). */
  readContents(registry: RegistryRef, jobId: string): Promise<CacheContentsView>;
  /** Writes rows as CSV through the OS save dialog; the path, or null when cancelled. */
  saveContentsCsv(suggestedName: string, rows: ContentsRow[]): Promise<string | null>;
  /** Pulls each image's manifest (and, for `full`, its layers) through the registry so that ACR caches it now. */
  warm(request: WarmRequest): Promise<WarmOutcome>;
  /** Syncs one tag of an ActiveSync rule from its upstream now (importImage from the cache rule), to the operation's end. */
  syncNow(registry: RegistryRef, image: WarmImage): Promise<SyncNowResult>;
  /** Stops a running read or warm-up; false when none runs under that id. */
  cancel(jobId: string): Promise<boolean>;
  onProgress(callback: (event: CacheProgressEvent) => void): () => void;
}
