// Open Recent (issue 15.4): the rule-set files last imported or exported, newest first, at most
// RECENT_FILES_LIMIT, kept in the data folder's recent-files.json with the same atomic writes as
// settings.json. A file that is gone (moved, deleted, a removed drive) is pruned when the list is
// read, and the caller is told which, so the UI can say so instead of offering a dead entry.
// Entries are keyed by the file's real path (fs realpath, the OS's own resolution): the same file
// reached through a symlink or `..` is one entry, not two.
import { readFile, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import '../../core/zod-config.ts';
import { writeFileAtomic } from '../atomic-file.ts';

export const RECENT_FILES_FILE = 'recent-files.json';
export const RECENT_FILES_LIMIT = 10;

const recentFileSchema = z.object({
  path: z.string().min(1).max(4096),
  kind: z.enum(['imported', 'exported']),
  at: z.string().datetime(),
});
const recentFilesSchema = z.object({ files: z.array(recentFileSchema).max(100) });

export type RecentFile = z.infer<typeof recentFileSchema>;

export interface RecentFilesList {
  files: RecentFile[];
  /** Files that were in the list but are gone now; they are no longer listed. */
  pruned: string[];
}

export interface RecentFiles {
  /** The list, newest first, after pruning files that no longer exist. */
  list(): Promise<RecentFilesList>;
  /** The list as it is, without looking at the disk (the menu and the drafts area show it). */
  entries(): readonly RecentFile[];
  /** Puts a file at the top (once: an earlier entry of the same real path goes). */
  add(path: string, kind: RecentFile['kind']): Promise<void>;
  /** Takes one path off the list (a file found gone, or the user's "remove"); false when it was not there. */
  remove(path: string): Promise<boolean>;
  /** Empties the list ("Clear Recently Opened"). */
  clear(): Promise<void>;
  /** Whether the path is in the list (the renderer may only open a file from it). */
  has(path: string): boolean;
  /** Called after every change, with the new list (the File menu and the OS's list follow it). */
  onChange(listener: (files: readonly RecentFile[]) => void): () => void;
  /** Resolves once every change asked for so far is on disk (or has failed): quitting waits for it. */
  flush(): Promise<void>;
}

export interface RecentFilesOptions {
  now?: () => Date;
  /** Whether a path is still a file; tests replace it. */
  exists?: (path: string) => Promise<boolean>;
}

/** The file's real path (symlinks and `..` resolved), or its absolute path when it cannot be resolved. */
export async function canonicalPath(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    return resolve(path);
  }
}

const isFile = async (path: string) => {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
};

export async function openRecentFiles(dataDir: string, options: RecentFilesOptions = {}): Promise<RecentFiles> {
  const file = join(dataDir, RECENT_FILES_FILE);
  const now = options.now ?? (() => new Date());
  const exists = options.exists ?? isFile;
  let files: RecentFile[] = [];
  try {
    const parsed = recentFilesSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    // a damaged list is only a convenience lost: start empty rather than refuse to start
    if (parsed.success) files = parsed.data.files.slice(0, RECENT_FILES_LIMIT);
  } catch {
    files = [];
  }
  const listeners = new Set<(files: readonly RecentFile[]) => void>();
  // one write at a time, in order: the last change wins on disk as in memory
  let writing: Promise<void> = Promise.resolve();
  const pendingAdds = new Set<Promise<void>>();
  const commit = (next: RecentFile[]): Promise<void> => {
    files = next;
    for (const listener of listeners) listener(files);
    const snapshot = JSON.stringify({ files: next }, null, 2);
    writing = writing.catch(() => undefined).then(() => writeFileAtomic(file, snapshot));
    return writing;
  };
  return {
    async list() {
      const checked = await Promise.all(files.map(async (entry) => ({ entry, present: await exists(entry.path) })));
      const pruned = checked.filter((c) => !c.present).map((c) => c.entry.path);
      if (pruned.length > 0) await commit(files.filter((f) => !pruned.includes(f.path)));
      return { files: [...files], pruned };
    },
    entries: () => files,
    add(path, kind) {
      // an add waits for its real path before it commits: flush waits for that too
      const adding = (async () => {
        const real = await canonicalPath(path);
        const entry = recentFileSchema.parse({ path: real, kind, at: now().toISOString() });
        await commit([entry, ...files.filter((f) => f.path !== real)].slice(0, RECENT_FILES_LIMIT));
      })();
      pendingAdds.add(adding);
      void adding.catch(() => undefined).finally(() => pendingAdds.delete(adding));
      return adding;
    },
    async remove(path) {
      if (!files.some((f) => f.path === path)) return false;
      await commit(files.filter((f) => f.path !== path));
      return true;
    },
    async clear() {
      await commit([]);
    },
    has: (path) => files.some((f) => f.path === path),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async flush() {
      await Promise.all([...pendingAdds].map((adding) => adding.catch(() => undefined)));
      await writing.catch(() => undefined);
    },
  };
}
