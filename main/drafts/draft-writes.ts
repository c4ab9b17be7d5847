// How the drafts service changes the document: one change at a time (a queue), each written to
// disk before it counts. A change whose write fails is undone in memory, so what the app shows is
// what the disk holds, and undo never records it. The one exception is the registry's state after
// an apply (a draft's link): it is the truth about the registry whether or not the disk has room,
// so it stays in memory, is reported as unsaved, and is written as soon as a write succeeds.
import { dirname } from 'node:path';
import type { Draft } from '../../preload/api.ts';
import { isSaveFailure, writeFailureText } from './save-errors.ts';
import type { DraftStore } from './store.ts';

export interface UnsavedLink {
  draftId: string;
  name: string;
  message: string;
}

export interface DraftWrites {
  /** Runs `task` after every change queued before it. */
  exclusive<T>(task: () => Promise<T>): Promise<T>;
  /** Makes `change` and writes it; on a failed write the document is put back and the error thrown. */
  commit(change: () => void): Promise<void>;
  /** Makes `change` and writes it; a failed write keeps it in memory as unsaved instead. */
  commitOrKeep(draftId: string, change: () => void): Promise<{ saved: true } | { saved: false; message: string }>;
  /** Tries again to write what is unsaved; true when nothing is left unsaved. */
  retryUnsaved(): Promise<boolean>;
  unsaved(): UnsavedLink[];
  forget(draftId: string): void;
  dispose(): void;
}

const RETRY_MS = 10_000;

export function createDraftWrites(store: DraftStore): DraftWrites {
  const dataDir = dirname(store.file);
  let tail: Promise<unknown> = Promise.resolve();
  const unsaved = new Map<string, string>();
  let timer: ReturnType<typeof setInterval> | null = null;

  const exclusive = <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };

  // Drafts are replaced, never edited in place (service.ts), so shallow copies are a snapshot.
  const snapshot = (): Draft[] => store.data.drafts.map((d) => ({ ...d }));
  const restore = (saved: Draft[]) => {
    store.data.drafts = saved;
  };

  const written = () => {
    unsaved.clear();
    if (timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };

  async function commit(change: () => void): Promise<void> {
    const saved = snapshot();
    change();
    try {
      await store.write();
    } catch (error) {
      restore(saved);
      throw error;
    }
    written();
  }

  async function retryUnsaved(): Promise<boolean> {
    if (unsaved.size === 0) return true;
    return exclusive(async () => {
      if (unsaved.size === 0) return true;
      try {
        await store.write();
        written();
        return true;
      } catch {
        return false;
      }
    });
  }

  return {
    exclusive,
    commit,
    async commitOrKeep(draftId, change) {
      const saved = snapshot();
      change();
      try {
        await store.write();
        written();
        return { saved: true };
      } catch (error) {
        if (!isSaveFailure(error)) {
          restore(saved);
          throw error;
        }
        const message = `${(error as Error).message.replace(/^The change was not saved, and the draft is as it was\. /, '')}`;
        unsaved.set(draftId, message);
        if (timer === null) {
          timer = setInterval(() => void retryUnsaved(), RETRY_MS);
          timer.unref?.();
        }
        return { saved: false, message };
      }
    },
    retryUnsaved,
    unsaved() {
      return [...unsaved].map(([draftId, message]) => ({
        draftId,
        name: store.data.drafts.find((d) => d.id === draftId)?.name ?? draftId,
        message: message || writeFailureText(new Error('unknown'), dataDir),
      }));
    },
    forget(draftId) {
      unsaved.delete(draftId);
    },
    dispose() {
      if (timer !== null) clearInterval(timer);
      timer = null;
    },
  };
}
