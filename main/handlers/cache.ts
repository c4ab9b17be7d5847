// IPC area `cache`: what a live registry's cache holds, and warming it. Repository paths, tags and
// digests go into data-plane URLs, so they are held to the distribution grammar here.
import { z } from 'zod';
import type { ContentsRow } from '../../core/cache-contents.ts';
import type { WarmImage, WarmRequest } from '../../preload/api-cache.ts';
import type { CacheService } from '../cache/cache-service.ts';
import type { HandlerTable } from '../ipc/router.ts';
import { registryRefSchema } from './azure-schemas.ts';

const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const repository = z.string().max(255).regex(new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`), 'expected a repository path (lowercase, distribution grammar)');
const reference = z.union([
  z.string().regex(/^[\w][\w.-]{0,127}$/, 'expected a tag'),
  z.string().regex(/^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-f0-9]{32,128}$/, 'expected a digest'),
]);
const jobId = z.string().uuid();
const text = (max: number) => z.string().max(max);

const warmImage = z.object({ label: text(600), repository, reference }).strict();
// sync now takes a tag (az acr cache sync --image TAG); a digest is refused here already
const syncImage: z.ZodType<WarmImage> = z.object({ label: text(600), repository, reference: z.string().regex(/^[\w][\w.-]{0,127}$/, 'expected a tag') }).strict();

const warmRequest: z.ZodType<WarmRequest> = z
  .object({
    jobId,
    registry: registryRefSchema,
    images: z
      .array(warmImage)
      .min(1)
      .max(500),
    mode: z.enum(['manifest', 'full']),
    platform: z.union([z.literal('all'), z.string().regex(/^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?$/, 'expected os/architecture[/variant]')]),
  })
  .strict();

const row: z.ZodType<ContentsRow> = z
  .object({ rule: text(100), target: text(600), repository: text(600), tagCount: z.number().int().min(0).nullable(), tags: text(200_000), lastUpdated: text(64).nullable() })
  .strict();

export function cacheHandlers(cache: CacheService): HandlerTable['cache'] {
  return {
    readContents: { args: z.tuple([registryRefSchema, jobId]), handle: (registry, id) => cache.readContents(registry, id) },
    saveContentsCsv: {
      args: z.tuple([z.string().min(1).max(200).regex(/^[\w .-]+\.csv$/, 'expected a file name ending in .csv'), z.array(row).max(100_000)]),
      handle: (name, rows) => cache.saveContentsCsv(name, rows),
    },
    warm: { args: z.tuple([warmRequest]), handle: (request) => cache.warm(request) },
    cancel: { args: z.tuple([jobId]), handle: (id) => cache.cancel(id) },
    syncNow: { args: z.tuple([registryRefSchema, syncImage]), handle: (registry, image) => cache.syncNow(registry, image) },
  };
}
