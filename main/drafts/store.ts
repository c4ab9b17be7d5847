// The drafts file: lowdb over one JSON document in the app data folder, written through
// writeFileAtomic (temporary file, fsync, rename), so a crash or SIGKILL mid-write leaves the old
// file whole. Opening never fails the app: a file that cannot be read as drafts is moved aside, a
// draft that fails the schema is set aside alone, and a file that cannot be read at all (a folder,
// a FIFO, no permission) leaves the store empty and refusing writes, with the reason to show.
// A write that fails throws a message that says what happened and what to do; the caller undoes
// the change in memory (service.ts), so the app never shows what the disk does not hold.
import { constants } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { AppError } from '../app-error.ts';
import { writeFileAtomic } from '../atomic-file.ts';
import { errnoOf, saveFailed, writeFailureText } from './save-errors.ts';
import { readStoreDocument, serializeStoreDocument, type StoreDocument } from './store-document.ts';
import { SpaceReserve } from './space-reserve.ts';

export type { StoreDocument } from './store-document.ts';

/** The file operations the store uses; tests inject failing ones (ENOSPC, EROFS, EACCES). */
export interface DraftStoreFs {
  stat(path: string): Promise<{ isFile(): boolean; isDirectory(): boolean; isFIFO(): boolean; size: number }>;
  readFile(path: string): Promise<string>;
  writeFileAtomic(path: string, data: string): Promise<void>;
  /** A plain write, for the space reserve (losing it to a crash costs nothing). */
  writeFile(path: string, data: Uint8Array): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string): Promise<void>;
  mkdir(path: string): Promise<void>;
  /** Resolves when `path` may be written (EROFS even for root on a read-only mount). */
  accessWrite(path: string): Promise<void>;
  readdir(path: string): Promise<string[]>;
}

export const nodeDraftStoreFs: DraftStoreFs = {
  stat: (path) => fsp.stat(path),
  readFile: (path) => fsp.readFile(path, 'utf8'),
  writeFileAtomic: (path, data) => writeFileAtomic(path, data),
  writeFile: (path, data) => fsp.writeFile(path, data, { mode: 0o600 }),
  rename: (from, to) => fsp.rename(from, to),
  rm: (path) => fsp.rm(path, { force: true }),
  mkdir: async (path) => void (await fsp.mkdir(path, { recursive: true, mode: 0o700 })),
  accessWrite: (path) => fsp.access(path, constants.W_OK),
  readdir: (path) => fsp.readdir(path),
};

export interface StoreRecovery {
  /** Where the unreadable file was moved; it is kept for the user to inspect or restore. */
  movedTo: string;
  reason: string;
}

export interface StoreSetAside {
  /** The quarantine file holding the drafts that failed, each as it was. */
  movedTo: string;
  drafts: { id: string | null; name: string; reason: string }[];
}

export interface StoreProblem {
  /** `unavailable`: nothing could be read, nothing is written. `read-only`: drafts load, changes are refused by the disk. */
  kind: 'unavailable' | 'read-only';
  message: string;
}

export interface DraftStore {
  readonly file: string;
  readonly recovery: StoreRecovery | null;
  readonly setAside: StoreSetAside | null;
  /** The file was not strict JSON (a BOM, a trailing comma) but was read; the original is kept. */
  readonly repaired: StoreRecovery | null;
  readonly problem: StoreProblem | null;
  readonly data: StoreDocument;
  /** Writes the document; throws an AppError ('save-failed' or 'drafts-unavailable') that says what to do. */
  write(): Promise<void>;
}

export interface OpenDraftStoreOptions {
  now?: () => Date;
  fs?: Partial<DraftStoreFs>;
}

/** What the store is blocked by, in words: the file is not a regular file, or could not be read. */
function unreadableText(file: string, error: unknown): string {
  const code = errnoOf(error);
  if (code === 'EACCES' || code === 'EPERM') return `${file} may not be read by this user. Give yourself read and write access to it, or start the app with --data-dir=<another folder>.`;
  if (code === 'EISDIR') return `${file} is a folder, not the drafts file. Move it away (nothing in it is deleted), then restart the app.`;
  if (code === 'ENOTDIR') return `${dirname(file)} is not a folder. Move that file away, or start the app with --data-dir=<another folder>, then restart.`;
  return `${file} could not be read (${code ?? (error instanceof Error ? error.message : String(error))}). Check the disk, or start the app with --data-dir=<another folder>.`;
}

export async function openDraftStore(dataDir: string, options: OpenDraftStoreOptions | (() => Date) = {}): Promise<DraftStore> {
  const opts = typeof options === 'function' ? { now: options } : options;
  const fs: DraftStoreFs = { ...nodeDraftStoreFs, ...opts.fs };
  const now = opts.now ?? (() => new Date());
  const file = join(dataDir, 'drafts.json');
  const stamp = () => now().toISOString().replace(/[:.]/g, '-');
  const aside = (what: string) => join(dirname(file), `${basename(file, '.json')}.${what}-${stamp()}.json`);
  const reserve = new SpaceReserve(join(dataDir, 'drafts.space-reserve'), fs);

  let recovery: StoreRecovery | null = null;
  let setAside: StoreSetAside | null = null;
  let repaired: StoreRecovery | null = null;
  let problem: StoreProblem | null = null;
  let document: StoreDocument = { version: 1, drafts: [] };
  let lastWritten = 0;
  let mustWrite = false;

  const block = (message: string) => {
    problem = { kind: 'unavailable', message };
  };

  async function load(): Promise<void> {
    try {
      await fs.mkdir(dataDir);
    } catch (error) {
      if (errnoOf(error) !== 'EEXIST') return block(unreadableText(file, error));
    }
    let text: string;
    try {
      const info = await fs.stat(file);
      // A FIFO would block the read forever, a device could be endless: only a plain file is read.
      if (info.isDirectory()) return block(unreadableText(file, Object.assign(new Error('a folder'), { code: 'EISDIR' })));
      if (!info.isFile()) return block(`${file} is not a regular file (${info.isFIFO() ? 'a named pipe' : 'a device or socket'}). Move it away, then restart the app.`);
      text = await fs.readFile(file);
    } catch (error) {
      if (errnoOf(error) === 'ENOENT') return;
      return block(unreadableText(file, error));
    }
    lastWritten = Buffer.byteLength(text);
    const reading = readStoreDocument(text);
    if (!reading.ok) {
      const movedTo = aside('unreadable');
      try {
        await fs.rename(file, movedTo);
      } catch (error) {
        return block(`${file} holds no drafts this app can read (${reading.reason}) and could not be moved aside: ${writeFailureText(error, dataDir)}`);
      }
      recovery = { movedTo, reason: reading.reason };
      mustWrite = true;
      return;
    }
    document = reading.document;
    if (reading.setAside.length > 0) {
      const movedTo = aside('set-aside');
      const kept = { version: 1, setAsideAt: now().toISOString(), from: file, drafts: reading.setAside.map((d) => ({ reason: d.reason, draft: d.raw })) };
      try {
        await fs.writeFileAtomic(movedTo, JSON.stringify(kept, null, 1));
      } catch (error) {
        // Rewriting the file without them would lose them: stay read-only until they are kept.
        document = { version: 1, drafts: [] };
        return block(`${reading.setAside.length} draft(s) in ${file} could not be read and could not be set aside. ${writeFailureText(error, dataDir)} Then restart the app.`);
      }
      setAside = { movedTo, drafts: reading.setAside.map(({ id, name, reason }) => ({ id, name, reason })) };
      mustWrite = true;
    }
    if (reading.leniency !== null) {
      const copiedTo = aside('before-repair');
      try {
        await fs.writeFileAtomic(copiedTo, text);
        repaired = { movedTo: copiedTo, reason: reading.leniency };
        mustWrite = true;
      } catch {
        // Without a copy the file is left as it is until the next change rewrites it.
        repaired = { movedTo: file, reason: reading.leniency };
      }
    }
  }

  await load();
  // Left over from writes a crash or kill interrupted (writeFileAtomic's and lowdb's own names).
  if (problem === null) {
    const names = await fs.readdir(dataDir).catch(() => [] as string[]);
    const own = basename(file);
    await Promise.all(names.filter((n) => (n.startsWith(`${own}.`) && n.endsWith('.tmp')) || n === `.${own}.tmp`).map((n) => fs.rm(join(dataDir, n)).catch(() => undefined)));
  }

  const adapter: Adapter<StoreDocument> = {
    read: async () => document,
    async write(data) {
      const text = serializeStoreDocument(data);
      const size = Buffer.byteLength(text);
      try {
        await fs.writeFileAtomic(file, text);
      } catch (error) {
        // A full disk must still let the user delete: a write no larger than the file it replaces
        // may use the space the reserve kept for exactly this.
        if (errnoOf(error) !== 'ENOSPC' || size > lastWritten || !(await reserve.release())) throw error;
        await fs.writeFileAtomic(file, text);
      }
      lastWritten = size;
      await reserve.keep(size);
    },
  };
  const db = new Low<StoreDocument>(adapter, { version: 1, drafts: [] });
  await db.read();

  async function write(): Promise<void> {
    if (problem?.kind === 'unavailable') throw new AppError('drafts-unavailable', `Nothing can be saved: ${problem.message}`);
    try {
      await db.write();
    } catch (error) {
      throw saveFailed(error, dataDir);
    }
    // The folder was made writable again since the app started.
    if (problem?.kind === 'read-only') problem = null;
  }

  if (problem === null) {
    try {
      await fs.accessWrite(dataDir);
    } catch (error) {
      problem = { kind: 'read-only', message: writeFailureText(error, dataDir) };
    }
  }
  if (problem === null) {
    if (mustWrite) await write().catch(() => undefined);
    await reserve.keep(lastWritten);
  }

  return {
    file,
    get recovery() {
      return recovery;
    },
    get setAside() {
      return setAside;
    },
    get repaired() {
      return repaired;
    },
    get problem() {
      return problem;
    },
    get data() {
      return db.data;
    },
    write,
  };
}
