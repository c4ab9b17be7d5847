// Rule-set files the OS opened with the app arrive from main already imported
// (main/shell/open-files.ts). The payload is checked like a menu command's, then handed on: the
// drafts area opens each draft, or shows the refusal, which names the file.
import '../../../../core/zod-config.ts';
import { z } from 'zod';
import type { DesktopApi, OpenedFileEvent, Unsubscribe } from '../../../../preload/api.ts';

const openedFileSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), path: z.string(), draftId: z.string().min(1), draftName: z.string(), ruleCount: z.number().int().nonnegative() }),
  z.strictObject({ ok: z.literal(false), path: z.string(), message: z.string().min(1) }),
]);

/** Follows main's opened files until the result is called. Malformed payloads are dropped with a warning. */
export function followOpenedFiles(api: Pick<DesktopApi, 'drafts'>, onOpened: (event: OpenedFileEvent) => void): Unsubscribe {
  return api.drafts.onFileOpened((payload: unknown) => {
    const parsed = openedFileSchema.safeParse(payload);
    if (!parsed.success) {
      console.warn('ignored a malformed opened-file event', parsed.error.issues.map((i) => i.message).join('; '));
      return;
    }
    onOpened(parsed.data);
  });
}
