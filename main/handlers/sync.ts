import { z } from 'zod';
import { EXPORT_FORMATS } from '../../core/export/index.ts';
import { text } from '../../core/rule-set-schema.ts';
import { draftIdSchema, draftNameSchema } from '../domain-schemas.ts';
import type { HandlerTable } from '../ipc/router.ts';
import type { SyncService } from '../sync/sync-service.ts';
// The same strict shapes as azure.*: sync calls reach ARM with the same account, tenant and
// registry, so what azure.* refuses (a tenant that is no GUID, a foreign resource ID) sync.* must too.
import { registryRefSchema } from './azure-schemas.ts';
// The registry's own login server, checked as lint checks a rule set's `registry` (11.4).
import { registryLoginServerSchema as loginServer } from './registry-login-server.ts';

const planRequest = z
  .object({
    draftId: draftIdSchema,
    registry: registryRefSchema.optional(),
    loginServer: loginServer.optional(),
    prune: z.boolean(),
    resolutions: z.record(text(300), z.enum(['mine', 'theirs'])),
  })
  .strict();
const source = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('draft'), id: draftIdSchema }).strict(),
  z.object({ kind: z.literal('registry'), registry: registryRefSchema }).strict(),
]);
const exportFormat = z.enum(EXPORT_FORMATS as unknown as ['az', 'bicep', 'arm', 'terraform']);

export function syncHandlers(sync: SyncService): HandlerTable['sync'] {
  return {
    importRegistry: {
      args: z.tuple([registryRefSchema, loginServer, draftNameSchema]),
      handle: (registry, server, name) => sync.importRegistry(registry, server, name),
    },
    plan: { args: z.tuple([planRequest]), handle: (request) => sync.plan(request) },
    apply: { args: z.tuple([planRequest]), handle: (request) => sync.apply(request) },
    takeTheirs: { args: z.tuple([planRequest, z.array(text(300)).min(1).max(2000)]), handle: (request, ids) => sync.takeTheirs(request, ids) },
    cancelApply: { args: z.tuple([draftIdSchema]), handle: (draftId) => sync.cancelApply(draftId) },
    compare: { args: z.tuple([source, source]), handle: (left, right) => sync.compare(left, right) },
    exportIac: { args: z.tuple([draftIdSchema, exportFormat]), handle: (draftId, format) => sync.exportIac(draftId, format) },
    saveIac: { args: z.tuple([draftIdSchema, exportFormat]), handle: (draftId, format) => sync.saveIac(draftId, format) },
  };
}
