// The migration's part of the renderer's contract (preload/api.ts includes it): the renderer gets
// the text of manifests the user picked with the OS dialog, each under an opaque handle, and can
// write back only to those handles. It never sees or names a path.

export type ManifestPick = 'files' | 'folder';

export interface OpenedManifest {
  readonly handle: string;
  /** Relative to the picked folder, or the file's name. */
  readonly name: string;
  readonly content: string;
}

export interface ManifestSelection {
  /** The picked folder's name, the file's name, or "3 files". */
  readonly title: string;
  readonly files: readonly OpenedManifest[];
  /** Files not read, with why (too big, binary, unreadable, over the file limit). */
  readonly skipped: readonly { readonly name: string; readonly reason: string }[];
}

export interface ManifestSave {
  readonly handle: string;
  readonly content: string;
}

export interface ManifestSaveResult {
  readonly handle: string;
  readonly name: string;
  readonly ok: boolean;
  /** Why a file was not written, and what to do. */
  readonly message?: string;
}

export interface MigrateApi {
  /** Asks for manifests with the OS dialog (files, or a folder read recursively); null when cancelled. */
  openManifests(pick: ManifestPick): Promise<ManifestSelection | null>;
  /** Writes rewritten manifests back, each only if it is unchanged on disk since it was opened. */
  saveManifests(files: ManifestSave[]): Promise<ManifestSaveResult[]>;
}
