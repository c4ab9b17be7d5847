// The cache area: what a live registry's cache holds and warming it. Rules and credential sets
// are read from Azure at the start of each job (not taken from the renderer), the data plane is
// reached with the account's token through the Azure service; each job can be cancelled by id
// and reports progress as `cache.onProgress` events.
import { writeFile } from 'node:fs/promises';
import { CacheRuleMatcher, contentsCsv, contentsRows, type ContentsRow } from '../../core/cache-contents.ts';
import { createResolver } from '../../core/resolve.ts';
import type { CacheContentsView, SyncNowResult, WarmImage, WarmOutcome, WarmRequest } from '../../preload/api-cache.ts';
import type { RegistryRef } from '../../preload/api.ts';
import { AppError } from '../app-error.ts';
import type { AzureService } from '../azure/azure-service.ts';
import { readCacheContents } from '../azure/registry-contents.ts';
import type { EventHub } from '../events.ts';
import { emitEvent } from '../typed-events.ts';
import { syncTagNow } from './sync-now.ts';
import { warmImages } from './warm.ts';

export interface CacheServiceDeps {
  azure: AzureService;
  events: EventHub;
  tlsCa?: string;
  /** Save dialog for a CSV export; the path, or null when cancelled. */
  saveCsvFile?: (suggestedName: string) => Promise<string | null>;
}

export interface CacheService {
  readContents(registry: RegistryRef, jobId: string): Promise<CacheContentsView>;
  saveContentsCsv(suggestedName: string, rows: ContentsRow[]): Promise<string | null>;
  warm(request: WarmRequest): Promise<WarmOutcome>;
  syncNow(registry: RegistryRef, image: WarmImage): Promise<SyncNowResult>;
  cancel(jobId: string): boolean;
}

export function createCacheService(deps: CacheServiceDeps): CacheService {
  const jobs = new Map<string, AbortController>();

  async function run<T>(jobId: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (jobs.has(jobId)) throw new AppError('busy', `A job with id ${jobId} is already running.`);
    const controller = new AbortController();
    jobs.set(jobId, controller);
    try {
      return await work(controller.signal);
    } catch (error) {
      if (controller.signal.aborted) throw new AppError('cancelled', 'Cancelled: nothing more was read.');
      throw error;
    } finally {
      jobs.delete(jobId);
    }
  }

  return {
    readContents(registry, jobId) {
      return run(jobId, async (signal) => {
        const rules = await deps.azure.listCacheRules(registry, { abortSignal: signal });
        const { client, request } = await deps.azure.dataPlane(registry, { abortSignal: signal });
        const report = await readCacheContents(client, { ...request, abortSignal: signal }, rules, {
          onProgress: (p) => emitEvent(deps.events, 'cache.onProgress', { jobId, kind: 'contents', ...p }),
        });
        const c = report.contents;
        const all = [...c.rules.flatMap((g) => g.repositories), ...c.uncovered];
        return {
          rows: contentsRows(c),
          perRule: c.rules.map((g) => ({ rule: g.rule.name, target: g.rule.target, repositories: g.repositories.length })),
          neverServed: c.neverServed.map((r) => r.name),
          uncovered: c.uncovered.length,
          invalidRules: c.invalidRules.map((r) => r.name),
          repositoryCount: report.repositoryCount,
          catalogTruncated: report.catalogTruncated,
          tagsNotRead: report.tagsNotRead,
          tagReadCap: report.tagReadCap,
          tagErrors: all.filter((r) => r.tagError).map((r) => ({ repository: r.name, error: r.tagError! })),
          readAt: new Date().toISOString(),
        };
      });
    },

    async saveContentsCsv(suggestedName, rows) {
      if (!deps.saveCsvFile) throw new AppError('no-file-dialog', 'This build of the app has no file dialog.');
      const path = await deps.saveCsvFile(suggestedName);
      if (path === null) return null;
      try {
        await writeFile(path, contentsCsv(rows), { encoding: 'utf8', mode: 0o644 });
      } catch (error) {
        throw new AppError('write-failed', `The CSV could not be written to ${path}: ${(error as Error).message}`);
      }
      return path;
    },

    warm(warmRequest) {
      const { jobId, registry } = warmRequest;
      return run(jobId, async (signal) => {
        const [rules, sets] = await Promise.all([deps.azure.listCacheRules(registry, { abortSignal: signal }), deps.azure.listCredentialSets(registry, { abortSignal: signal })]);
        const matcher = new CacheRuleMatcher(rules);
        const { client, request } = await deps.azure.dataPlane(registry, { abortSignal: signal });
        // what ACR asks the upstream for, to name it when the upstream refuses
        const resolver = createResolver({ registry: request.loginServer, rules, credentialSets: [] });
        return warmImages(
          {
            client,
            request,
            ...(deps.tlsCa ? { tlsCa: deps.tlsCa } : {}),
            signal,
            contextFor: (repository, reference) => {
              const rule = matcher.match(repository)?.rule ?? null;
              const set = rule?.credentialSet ? sets.find((s) => s.name.toLowerCase() === rule.credentialSet!.toLowerCase()) : undefined;
              return {
                rule: rule ? { name: rule.name, source: rule.source } : null,
                upstreamImage: resolver.resolve(`${request.loginServer}/${repository}${/^[a-z0-9]+:/.test(reference) ? '@' : ':'}${reference}`).upstream,
                credentialSet: set ? { name: set.name, status: set.health.status, errorCode: set.health.errorCode } : null,
              };
            },
            onProgress: (p) => emitEvent(deps.events, 'cache.onProgress', { jobId, kind: 'warm', ...p }),
          },
          warmRequest.images,
          warmRequest.mode,
          warmRequest.platform,
        );
      });
    },

    syncNow(registry, image) {
      return syncTagNow(deps.azure, registry, image);
    },

    cancel(jobId) {
      const job = jobs.get(jobId);
      if (!job) return false;
      job.abort();
      return true;
    },
  };
}
