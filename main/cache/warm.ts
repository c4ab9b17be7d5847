// Warming the cache: ACR caches an image only when it is first pulled through a cache rule, so the
// warm-up pulls each image's manifest through the registry with a data-plane token (ACR fetches it
// from the upstream now) and, for a full warm-up, its layers. Before that it asks ACR's metadata
// API whether the registry already holds the tag or digest (/acr/v1/<name>/_tags/<tag>,
// /acr/v1/<name>/_manifests/<digest>), which is how "already cached" is told from "fetched now".
// Multi-arch indexes: every platform's manifest, or one chosen platform's.
import type { WarmImage, WarmImageResult, WarmMode, WarmOutcome } from '../../preload/api-cache.ts';
import { AppError } from '../app-error.ts';
import type { CatalogRequest, RegistryCatalogClient } from '../azure/registry-catalog.ts';
import { pullBlob } from './blob-pull.ts';
import { distributionErrorOf, explainPullFailure, type FailureContext } from './warm-errors.ts';

export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');
const INDEX_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);

export interface WarmDeps {
  readonly client: RegistryCatalogClient;
  readonly request: CatalogRequest;
  readonly tlsCa?: string;
  /** The rule and credential set behind a repository, to explain failures. */
  readonly contextFor: (repository: string, reference: string) => Omit<FailureContext, 'image'>;
  readonly signal: AbortSignal;
  readonly onProgress: (progress: { done: number; total: number; bytes: number; bytesTotal: number; result?: WarmImageResult }) => void;
}

interface Descriptor {
  digest?: unknown;
  size?: unknown;
  mediaType?: unknown;
  platform?: { os?: unknown; architecture?: unknown; variant?: unknown };
}
interface ManifestBody {
  mediaType?: unknown;
  manifests?: Descriptor[];
  config?: Descriptor;
  layers?: Descriptor[];
}

class PullRefused extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    readonly detail: string | null,
  ) {
    super(`HTTP ${status}`);
  }
}

const isDigest = (reference: string) => /^[a-z0-9]+:[a-f0-9]{32,}$/.test(reference);
export const platformOf = (d: Descriptor): string =>
  [d.platform?.os, d.platform?.architecture, d.platform?.variant].filter((p): p is string => typeof p === 'string' && p !== '').join('/');

/** `linux/arm64` takes any variant of it (`linux/arm64/v8`); `linux/arm/v7` only that variant. */
export function platformMatches(has: string, wanted: string): boolean {
  return has === wanted || (wanted.split('/').length === 2 && has.startsWith(`${wanted}/`));
}

export async function warmImages(deps: WarmDeps, images: readonly WarmImage[], mode: WarmMode, platform: string): Promise<WarmOutcome> {
  const request: CatalogRequest = { ...deps.request, abortSignal: deps.signal };
  const tokens = new Map<string, string>();
  const results: WarmImageResult[] = [];
  let bytes = 0;
  let bytesTotal = 0;
  let lastReport = 0;
  const report = (force: boolean, result?: WarmImageResult) => {
    const now = Date.now();
    // layer bytes arrive in many chunks: a progress event at most every 100 ms, plus one per image
    if (!force && now - lastReport < 100) return;
    lastReport = now;
    deps.onProgress({ done: results.length, total: images.length, bytes, bytesTotal, ...(result ? { result } : {}) });
  };

  const tokenFor = async (repository: string): Promise<string> => {
    let token = tokens.get(repository);
    if (!token) {
      token = await deps.client.accessToken(request, [`repository:${repository}:pull,metadata_read`], `get a registry token to pull ${repository}`);
      tokens.set(repository, token);
    }
    return token;
  };

  const manifest = async (repository: string, reference: string, token: string): Promise<{ body: ManifestBody; mediaType: string; digest: string | null }> => {
    const response = await deps.client.raw(request, `/v2/${repository}/manifests/${reference}`, token, MANIFEST_ACCEPT);
    if (response.status !== 200) {
      const error = distributionErrorOf(response.bodyAsText ?? undefined);
      throw new PullRefused(response.status, error.code, error.message);
    }
    let body: ManifestBody = {};
    try {
      body = JSON.parse(response.bodyAsText ?? '{}') as ManifestBody;
    } catch {
      throw new PullRefused(200, 'MANIFEST_INVALID', 'the manifest is not JSON');
    }
    const mediaType = (response.headers.get('content-type') ?? (typeof body.mediaType === 'string' ? body.mediaType : '')).split(';')[0]!.trim();
    return { body, mediaType, digest: response.headers.get('docker-content-digest') ?? null };
  };

  const pullLayers = async (repository: string, body: ManifestBody, token: string): Promise<number> => {
    const blobs = [body.config, ...(body.layers ?? [])].filter((d): d is Descriptor => typeof d?.digest === 'string');
    for (const blob of blobs) bytesTotal += typeof blob.size === 'number' ? blob.size : 0;
    let pulled = 0;
    for (const blob of blobs) {
      pulled += await pullBlob(`${request.endpoint}/v2/${repository}/blobs/${blob.digest as string}`, token, blob.digest as string, {
        ...(deps.tlsCa ? { tlsCa: deps.tlsCa } : {}),
        signal: deps.signal,
        onBytes: (n) => {
          bytes += n;
          report(false);
        },
      });
    }
    return pulled;
  };

  const warmOne = async (image: WarmImage, index: number): Promise<WarmImageResult> => {
    const base = { index, label: image.label, digest: null, platforms: [] as string[], bytes: 0, message: null, code: null };
    const token = await tokenFor(image.repository);
    const metadataPath = isDigest(image.reference) ? `/acr/v1/${image.repository}/_manifests/${image.reference}` : `/acr/v1/${image.repository}/_tags/${image.reference}`;
    const held = await deps.client.raw(request, metadataPath, token, 'application/json');
    const wasCached = held.status === 200;
    const top = await manifest(image.repository, image.reference, token);
    const platforms: string[] = [];
    let pulled = 0;
    if (INDEX_TYPES.has(top.mediaType) || Array.isArray(top.body.manifests)) {
      const entries = (top.body.manifests ?? []).filter((d) => typeof d.digest === 'string' && platformOf(d) !== 'unknown/unknown');
      const chosen = platform === 'all' ? entries : entries.filter((d) => platformMatches(platformOf(d), platform));
      if (chosen.length === 0) {
        const has = entries.map(platformOf).filter(Boolean).join(', ') || 'none';
        return { ...base, status: 'failed', digest: top.digest, code: 'PLATFORM_UNKNOWN', message: `${image.label} is a multi-arch image without ${platform}; it has ${has}. Pick one of those or all platforms.` };
      }
      for (const entry of chosen) {
        const child = await manifest(image.repository, entry.digest as string, token);
        platforms.push(platformOf(entry) || (entry.digest as string).slice(0, 19));
        if (mode === 'full') pulled += await pullLayers(image.repository, child.body, token);
      }
    } else if (mode === 'full') {
      pulled += await pullLayers(image.repository, top.body, token);
    }
    // a refused metadata read (a role without metadata_read) says nothing about what the registry held
    const unknown = held.status !== 200 && held.status !== 404;
    return {
      ...base,
      status: wasCached ? 'cached' : 'fetched',
      digest: top.digest,
      platforms,
      bytes: pulled,
      message: unknown ? `Pulled through the registry; whether it held the image before could not be told (its metadata read answered HTTP ${held.status}).` : null,
    };
  };

  for (const [index, image] of images.entries()) {
    let result: WarmImageResult;
    if (deps.signal.aborted) {
      result = { index, label: image.label, status: 'cancelled', digest: null, platforms: [], bytes: 0, message: 'Not warmed: the warm-up was cancelled.', code: null };
    } else {
      try {
        result = await warmOne(image, index);
      } catch (error) {
        result = failedResult(deps, image, index, error);
      }
    }
    results.push(result);
    report(true, result);
  }
  return {
    results,
    cached: results.filter((r) => r.status === 'cached').length,
    fetched: results.filter((r) => r.status === 'fetched').length,
    failed: results.filter((r) => r.status === 'failed').length,
    cancelled: results.filter((r) => r.status === 'cancelled').length,
    bytes,
  };
}

function failedResult(deps: WarmDeps, image: WarmImage, index: number, error: unknown): WarmImageResult {
  const base = { index, label: image.label, digest: null, platforms: [], bytes: 0 };
  if (deps.signal.aborted) return { ...base, status: 'cancelled', message: 'Stopped: the warm-up was cancelled while this image was being pulled.', code: null };
  if (error instanceof PullRefused) {
    const context = { image: `${image.repository}${isDigest(image.reference) ? '@' : ':'}${image.reference}`, ...deps.contextFor(image.repository, image.reference) };
    return { ...base, status: 'failed', code: error.code, message: explainPullFailure({ status: error.status, code: error.code, message: error.detail }, context) };
  }
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number') {
    const context = { image: `${image.repository}:${image.reference}`, ...deps.contextFor(image.repository, image.reference) };
    return { ...base, status: 'failed', code: null, message: explainPullFailure({ status, code: null, message: error instanceof Error ? error.message : null }, context) };
  }
  const message = error instanceof AppError || error instanceof Error ? error.message : String(error);
  return { ...base, status: 'failed', code: error instanceof AppError ? error.code : null, message };
}
