import { z } from 'zod';
import type { HandlerTable } from '../ipc/router.ts';
import { probeUpstream, type ProbeOptions } from '../probe/upstream-probe.ts';

export function probeHandlers(options: ProbeOptions): HandlerTable['probe'] {
  return {
    checkUpstream: { args: z.tuple([z.string().min(1).max(600)]), handle: (reference) => probeUpstream(reference, options) },
  };
}
