// Open Recent (issue 15.4) on top of the recent-files store: recording a file the app imported or
// exported (and telling the OS, for the Windows jump list and the macOS dock menu), opening one
// again as a new draft through the drafts service's own import, and pruning a file that is gone
// or unreadable when chosen, with a message that names it. Electron-free: the OS's recent
// documents come in as two functions, so tests and the e2e harness run exactly this code.
import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { basename, isAbsolute } from 'node:path';
import { decodeInput } from '../../core/input-text.ts';
import type { DraftState, RecentFileView } from '../../preload/api.ts';
import { AppError } from '../app-error.ts';
import type { EventHub } from '../events.ts';
import { emitEvent } from '../typed-events.ts';
import type { RecentFile, RecentFiles } from './recent-files.ts';

/** The OS's own recent-documents list (Electron's app.addRecentDocument / clearRecentDocuments). */
export interface OsRecentDocuments {
  add(path: string): void;
  clear(): void;
}

/** Why a file on the list cannot be opened now, as the end of a sentence that starts with its path; null when it can. */
export type FileCheck = (path: string) => Promise<string | null>;

export interface OpenRecentDeps {
  recentFiles: RecentFiles;
  /** The drafts service's importPath: reads, checks and adds the file as a draft (and records it again). */
  importPath: (path: string) => Promise<DraftState>;
  events: EventHub;
  os?: OsRecentDocuments;
  checkFile?: FileCheck;
  /** A failure of the OS list or of a write of the list: a convenience lost, logged, never thrown at the user. */
  onError?: (what: string, error: unknown) => void;
}

/** The extensions a rule-set file has (what File → Import… and a drop take). */
const RULE_SET_FILE = /\.(ya?ml|json)$/i;
/** A dropped file larger than this is not compared (what importText takes is 20M characters; UTF-16 is 2 bytes each). */
const MAX_DROPPED_BYTES = 40_000_000;

const checkOnDisk: FileCheck = async (path) => {
  try {
    if (!(await stat(path)).isFile()) return 'is no longer a file';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'no longer exists' : `can no longer be read (${code ?? 'error'})`;
  }
  try {
    await access(path, constants.R_OK);
    return null;
  } catch (error) {
    return `can no longer be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
  }
};

export function recentFileView(file: Pick<RecentFile, 'path'>): RecentFileView {
  return { path: file.path, name: basename(file.path) || file.path };
}

export function createOpenRecent(deps: OpenRecentDeps) {
  const { recentFiles, events } = deps;
  const checkFile = deps.checkFile ?? checkOnDisk;
  const report = (what: string, error: unknown) => deps.onError?.(what, error);
  const views = (): RecentFileView[] => recentFiles.entries().map(recentFileView);

  const unsubscribe = recentFiles.onChange(() => emitEvent(events, 'recent.onChanged', views()));

  /** Puts a file at the top of the app's list and of the OS's. */
  async function record(path: string, kind: RecentFile['kind']): Promise<void> {
    await recentFiles.add(path, kind);
    const top = recentFiles.entries()[0];
    if (!top || !deps.os) return;
    try {
      deps.os.add(top.path);
    } catch (error) {
      report('the OS recent documents', error);
    }
  }

  function onList(path: string): void {
    if (!recentFiles.has(path)) {
      throw new AppError('not-recent', `${path} is not in Open Recent any more. Import it with File → Import… instead.`);
    }
  }

  return {
    record,

    list: views,

    /** Imports a file of the list as a new draft; one that is gone or unreadable is taken off the list. */
    async open(path: string): Promise<DraftState> {
      onList(path);
      const problem = await checkFile(path);
      if (problem !== null) {
        await recentFiles.remove(path);
        throw new AppError('recent-file-gone', `${path} ${problem}; removed from Open Recent.`);
      }
      return deps.importPath(path);
    },

    remove: (path: string): Promise<boolean> => recentFiles.remove(path),

    async clear(): Promise<void> {
      // the OS's list first: it is cleared even when the app's own list cannot be written
      try {
        deps.os?.clear();
      } catch (error) {
        report('the OS recent documents', error);
      }
      await recentFiles.clear();
    },

    /**
     * A file dropped on the window was imported from its text; the renderer names its path. That
     * path is recorded only when the file there is a rule-set file holding that very text, so a
     * renderer can put on the list only a file whose content it already had.
     */
    async recordDropped(path: string, text: string): Promise<boolean> {
      if (!isAbsolute(path) || !RULE_SET_FILE.test(path)) return false;
      try {
        const info = await stat(path);
        if (!info.isFile() || info.size > MAX_DROPPED_BYTES) return false;
        const bytes = await readFile(path);
        // File.text() in the renderer is UTF-8; decodeInput also reads what PowerShell writes
        if (decodeInput(bytes) !== text && new TextDecoder().decode(bytes) !== text) return false;
      } catch {
        return false;
      }
      await record(path, 'imported');
      return true;
    },

    /** File → Open Recent → a file: the renderer opens it, exactly as its own list does. */
    requestOpen(path: string): void {
      emitEvent(events, 'recent.onOpenRequested', { path });
    },

    /** Called after every change of the list (the application menu is rebuilt from it). */
    onChange(listener: (files: RecentFileView[]) => void): () => void {
      return recentFiles.onChange(() => listener(views()));
    },

    dispose: unsubscribe,
  };
}

export type OpenRecent = ReturnType<typeof createOpenRecent>;
