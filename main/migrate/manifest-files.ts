// The files a migration reads and rewrites: manifests, compose files, Helm values and Dockerfiles
// the user picked with the OS dialog. The renderer never names a path: it gets an opaque handle
// per file it was shown, and can only write back to those files, and only when a file still has
// the content it was read with (someone else's edit since is refused, not overwritten).
import { createHash, randomUUID } from 'node:crypto';
import { chmod, readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { AppError } from '../app-error.ts';
import { writeFileAtomic } from '../atomic-file.ts';
import type { ManifestPick, ManifestSave, ManifestSaveResult, ManifestSelection, OpenedManifest } from '../../preload/api-migrate.ts';

/** A file bigger than this is named and skipped: manifests are small, a 20 MB "YAML" is not one. */
export const MAX_MANIFEST_BYTES = 2 * 1024 * 1024;
/** At most this many files from one folder, so a mis-picked home folder cannot flood the view. */
export const MAX_MANIFEST_FILES = 500;
const MAX_DEPTH = 10;
/** Folders that hold no manifests of the user's own. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn', 'vendor', '.terraform', 'dist', 'out']);

export interface ManifestDialogs {
  /** Paths the user picked (files, or one folder), or null when cancelled. */
  openManifests(pick: ManifestPick): Promise<string[] | null>;
}

/** Names the migration reads from a folder: YAML (manifests, compose, Helm values) and Dockerfiles. */
export function isManifestName(name: string): boolean {
  return /\.(ya?ml)$/i.test(name) || /(^|\.)(docker|container)file($|\.)/i.test(name);
}

interface Opened {
  readonly path: string;
  readonly name: string;
  readonly sha256: string;
}

const digest = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

export function createManifestFiles(dialogs: ManifestDialogs) {
  /** Every file shown to the renderer this session, by handle. */
  const opened = new Map<string, Opened>();

  async function readOne(path: string, name: string, skipped: { name: string; reason: string }[]): Promise<OpenedManifest | null> {
    try {
      const info = await stat(path);
      if (!info.isFile()) {
        skipped.push({ name, reason: 'not a regular file' });
        return null;
      }
      if (info.size > MAX_MANIFEST_BYTES) {
        skipped.push({ name, reason: `${(info.size / 1024 / 1024).toFixed(1)} MB, over the ${MAX_MANIFEST_BYTES / 1024 / 1024} MB a manifest may have` });
        return null;
      }
      const data = await readFile(path);
      if (data.includes(0)) {
        skipped.push({ name, reason: 'binary (holds NUL bytes), not a text manifest' });
        return null;
      }
      const content = data.toString('utf8').replace(/^\uFEFF/, '');
      const handle = randomUUID();
      opened.set(handle, { path, name, sha256: digest(data) });
      return { handle, name, content };
    } catch (error) {
      skipped.push({ name, reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` });
      return null;
    }
  }

  async function walk(root: string): Promise<{ paths: string[]; truncated: boolean }> {
    const paths: string[] = [];
    let truncated = false;
    async function visit(dir: string, depth: number): Promise<void> {
      if (depth > MAX_DEPTH || truncated) return;
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      entries.sort((a, b) => a.name.localeCompare(b.name));
      for (const entry of entries) {
        if (entry.name.startsWith('.') && entry.isDirectory()) continue;
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!SKIPPED_FOLDERS.has(entry.name)) await visit(path, depth + 1);
        } else if (entry.isFile() && isManifestName(entry.name)) {
          if (paths.length >= MAX_MANIFEST_FILES) {
            truncated = true;
            return;
          }
          paths.push(path);
        }
      }
    }
    await visit(root, 0);
    return { paths, truncated };
  }

  return {
    async open(pick: ManifestPick): Promise<ManifestSelection | null> {
      const picked = await dialogs.openManifests(pick);
      if (picked === null || picked.length === 0) return null;
      const files: OpenedManifest[] = [];
      const skipped: { name: string; reason: string }[] = [];
      if (pick === 'folder') {
        const root = picked[0]!;
        const { paths, truncated } = await walk(root);
        for (const path of paths) {
          const file = await readOne(path, relative(root, path), skipped);
          if (file) files.push(file);
        }
        if (truncated) skipped.push({ name: basename(root), reason: `more than ${MAX_MANIFEST_FILES} manifests; only the first ${MAX_MANIFEST_FILES} (by name) were read — pick a smaller folder` });
        return { title: basename(root), files, skipped };
      }
      for (const path of picked.slice(0, MAX_MANIFEST_FILES)) {
        const file = await readOne(path, basename(path), skipped);
        if (file) files.push(file);
      }
      return { title: picked.length === 1 ? basename(picked[0]!) : `${picked.length} files`, files, skipped };
    },

    async save(edits: readonly ManifestSave[]): Promise<ManifestSaveResult[]> {
      const results: ManifestSaveResult[] = [];
      for (const edit of edits) {
        const file = opened.get(edit.handle);
        if (!file) throw new AppError('unknown-file', 'This file was not opened in this session; open it again before saving.');
        try {
          const now = await readFile(file.path);
          if (digest(now) !== file.sha256) {
            results.push({ handle: edit.handle, name: file.name, ok: false, message: `'${file.name}' changed on disk since it was opened; nothing was written. Open it again to rewrite the new version.` });
            continue;
          }
          const mode = (await stat(file.path)).mode & 0o777;
          await writeFileAtomic(file.path, edit.content);
          // the app's own files are 0600; a user's manifest keeps the mode it had
          await chmod(file.path, mode);
          opened.set(edit.handle, { ...file, sha256: digest(edit.content) });
          results.push({ handle: edit.handle, name: file.name, ok: true });
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          const why =
            code === 'ENOSPC' ? 'the disk is full; free some space and save again'
            : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? `the folder is not writable (${code}); check its permissions`
            : code === 'ENOENT' ? 'it was moved or deleted since it was opened'
            : `the write failed (${code ?? String(error)})`;
          results.push({ handle: edit.handle, name: file.name, ok: false, message: `'${file.name}' was not saved: ${why}. The file on disk is unchanged.` });
        }
      }
      return results;
    },
  };
}

export type ManifestFiles = ReturnType<typeof createManifestFiles>;
