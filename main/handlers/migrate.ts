import { z } from 'zod';
import type { HandlerTable } from '../ipc/router.ts';
import { MAX_MANIFEST_BYTES, MAX_MANIFEST_FILES, type ManifestFiles } from '../migrate/manifest-files.ts';

const handle = z.string().uuid();

export function migrateHandlers(files: ManifestFiles): HandlerTable['migrate'] {
  return {
    openManifests: { args: z.tuple([z.enum(['files', 'folder'])]), handle: (pick) => files.open(pick) },
    saveManifests: {
      args: z.tuple([
        z
          .array(z.object({ handle, content: z.string().max(MAX_MANIFEST_BYTES * 2) }).strict())
          .min(1)
          .max(MAX_MANIFEST_FILES),
      ]),
      handle: (edits) => files.save(edits),
    },
  };
}
