import { afterEach, describe, expect, test, vi } from 'vitest';
import { DraftsState } from '../../../renderer/src/lib/drafts/drafts.svelte.ts';
import { followOpenedFiles } from '../../../renderer/src/lib/drafts/opened-files.ts';
import type { DesktopApi, OpenedFileEvent } from '../../../preload/api.ts';
import { draftState } from './fake-drafts-api.ts';

// Files the OS opened with the app reach the renderer already imported by main: the payload is
// checked, then the drafts area opens the draft (as after File → Import) or shows the refusal.
afterEach(() => vi.restoreAllMocks());

function fakeOpenedFiles() {
  let listener: ((payload: unknown) => void) | null = null;
  const api = {
    drafts: {
      onFileOpened: (callback: (payload: unknown) => void) => {
        listener = callback;
        return () => (listener = null);
      },
    },
  } as unknown as Pick<DesktopApi, 'drafts'>;
  return { api, send: (payload: unknown) => listener?.(payload), listening: () => listener !== null };
}

describe('opened files (drafts.onFileOpened)', () => {
  test('a well-formed outcome is handed on; anything else is dropped with a warning', () => {
    const events = fakeOpenedFiles();
    const seen: OpenedFileEvent[] = [];
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const stop = followOpenedFiles(events.api, (event) => seen.push(event));
    const opened = { ok: true, path: '/x/contoso.acrcache.yaml', draftId: 'd1', draftName: 'contoso', ruleCount: 3 } as const;
    const refused = { ok: false, path: '/x/gone.yaml', message: '/x/gone.yaml could not be read (ENOENT).' } as const;
    events.send(opened);
    events.send(refused);
    for (const bad of [null, 'x', { ok: true, path: '/x' }, { ...refused, message: '' }, { ...opened, extra: 1 }, { ...opened, ruleCount: -1 }]) events.send(bad);
    expect(seen).toEqual([opened, refused]);
    expect(warn).toHaveBeenCalledTimes(6);
    stop();
    expect(events.listening()).toBe(false);
  });

  test("an imported file's draft opens with the import notice; a refused one is an error notice naming the file", async () => {
    const state = draftState({ rules: [{ name: 'hub', source: 'docker.io/library/*', target: 'hub/*' }], credentialSets: [] }, 'contoso');
    const open = vi.fn(async () => state);
    const list = vi.fn(async () => []);
    const drafts = new DraftsState({ drafts: { open, list } } as unknown as DesktopApi);
    await drafts.showOpenedFile({ ok: true, path: '/x/contoso.acrcache.yaml', draftId: 'draft-1', draftName: 'contoso', ruleCount: 1 });
    expect(open).toHaveBeenCalledWith('draft-1');
    expect(drafts.workspace?.draft.id).toBe('draft-1');
    expect(drafts.notices.map((n) => [n.kind, n.text])).toEqual([['info', 'Imported "contoso" with 1 rule.']]);

    await drafts.showOpenedFile({ ok: false, path: '/x/gone.yaml', message: '/x/gone.yaml could not be read (ENOENT). Check the file exists and you may read it.' });
    expect(open).toHaveBeenCalledTimes(1);
    expect(drafts.notices.at(-1)).toMatchObject({ kind: 'error', text: '/x/gone.yaml could not be read (ENOENT). Check the file exists and you may read it.' });
  });
});
