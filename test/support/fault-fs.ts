// File operations for the draft store with faults injected: a disk of a given size that answers
// ENOSPC as a real one does (an atomic write needs room for the new file while the old one still
// exists), and switches that make writes fail with EROFS or EACCES. Everything else is the real
// file system, in a temporary folder.
import { stat } from 'node:fs/promises';
import { nodeDraftStoreFs, type DraftStoreFs } from '../../main/drafts/store.ts';

function errno(code: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated, '${path}'`), { code, path });
}

export interface FaultFs extends DraftStoreFs {
  /** Bytes the simulated disk holds at most (Infinity: no limit). */
  capacity: number;
  /** When set, every write fails with this code (EROFS, EACCES, EIO...). */
  failWritesWith: string | null;
  /** Bytes the files written through this object take now. */
  used(): number;
  /** Takes all room left, as another program filling the disk would. */
  fill(): void;
  /** Frees `bytes` of what fill() took. */
  free(bytes: number): void;
  writes: number;
}

export function faultFs(): FaultFs {
  const sizes = new Map<string, number>();
  let filler = 0;
  const used = () => filler + [...sizes.values()].reduce((a, b) => a + b, 0);
  const sizeOf = async (path: string) => sizes.get(path) ?? (await stat(path).then((s) => s.size, () => 0));
  const fs: FaultFs = {
    ...nodeDraftStoreFs,
    capacity: Infinity,
    failWritesWith: null,
    writes: 0,
    used,
    fill() {
      filler += Math.max(0, fs.capacity - used());
    },
    free(bytes) {
      filler = Math.max(0, filler - bytes);
    },
    async writeFileAtomic(path, data) {
      fs.writes++;
      if (fs.failWritesWith) throw errno(fs.failWritesWith, path);
      const size = Buffer.byteLength(data);
      // the temporary file is written in full before the rename frees the old one
      if (used() + size > fs.capacity) throw errno('ENOSPC', `${path}.tmp`);
      await nodeDraftStoreFs.writeFileAtomic(path, data);
      sizes.set(path, size);
    },
    async writeFile(path, data) {
      if (fs.failWritesWith) throw errno(fs.failWritesWith, path);
      const old = await sizeOf(path);
      if (used() - old + data.byteLength > fs.capacity) throw errno('ENOSPC', path);
      await nodeDraftStoreFs.writeFile(path, data);
      sizes.set(path, data.byteLength);
    },
    async rename(from, to) {
      if (fs.failWritesWith) throw errno(fs.failWritesWith, to);
      await nodeDraftStoreFs.rename(from, to);
      const size = await sizeOf(from);
      sizes.delete(from);
      sizes.set(to, size);
    },
    async rm(path) {
      await nodeDraftStoreFs.rm(path);
      sizes.delete(path);
    },
    async accessWrite(path) {
      if (fs.failWritesWith) throw errno(fs.failWritesWith, path);
      await nodeDraftStoreFs.accessWrite(path);
    },
  };
  return fs;
}
