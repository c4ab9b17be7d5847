// The recent-files part of the renderer's contract (preload/api.ts includes it): File → Open
// Recent and the drafts area's "Recent files". Only a file's path and name cross IPC (never when
// it was used or what it holds), and the renderer may open only a path main put on the list.
import type { DraftState } from './api.ts';

export interface RecentFileView {
  /** The file's real path, as main recorded it. */
  path: string;
  /** The file's name (the path's last part), what the list shows first. */
  name: string;
}

/** Main asks the renderer to open a recent file (File → Open Recent in the application menu). */
export interface OpenRecentRequest {
  path: string;
}

export interface RecentApi {
  /** The recently imported and exported rule-set files, newest first. */
  list(): Promise<RecentFileView[]>;
  /**
   * Imports a file of the list as a new draft. A file that is gone or unreadable is taken off the
   * list and the call fails with `recent-file-gone`, whose message names the path.
   */
  open(path: string): Promise<DraftState>;
  /** Takes one file off the list; false when it was not on it. */
  remove(path: string): Promise<boolean>;
  /** Empties the list (and the OS's: the Windows jump list, the macOS dock menu). */
  clear(): Promise<void>;
  /**
   * Records a file dropped on the window and imported from its text. Main records the path only
   * when the file there holds that very text; false when it does not (or is no rule-set file).
   */
  recordDropped(path: string, text: string): Promise<boolean>;
  onChanged(callback: (files: RecentFileView[]) => void): () => void;
  onOpenRequested(callback: (request: OpenRecentRequest) => void): () => void;
}
