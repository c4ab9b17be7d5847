// The recent-files area of the IPC API (preload/api-recent.ts). A path from the renderer is only
// ever one main gave it: open refuses anything not on the list, recordDropped checks the file.
import { z } from 'zod';
import '../../core/zod-config.ts';
import type { OpenRecent } from '../drafts/open-recent.ts';
import type { HandlerTable } from '../ipc/router.ts';

const path = z.string().min(1).max(4096);

export function recentHandlers(recent: OpenRecent): HandlerTable['recent'] {
  return {
    list: { args: z.tuple([]), handle: () => recent.list() },
    open: { args: z.tuple([path]), handle: (file) => recent.open(file) },
    remove: { args: z.tuple([path]), handle: (file) => recent.remove(file) },
    clear: { args: z.tuple([]), handle: () => recent.clear() },
    // the same bound on the text as drafts.importText, which imported it
    recordDropped: { args: z.tuple([path, z.string().max(20_000_000)]), handle: (file, text) => recent.recordDropped(file, text) },
  };
}
