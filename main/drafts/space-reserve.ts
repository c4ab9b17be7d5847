// A file of zeros beside the drafts file, as large as the drafts file and a bit more. When the
// disk is full, an atomic write cannot even create its temporary file, so deleting a draft to free
// space would fail too; the store then deletes the reserve, and the smaller document fits where it
// was. The reserve is put back (best effort) as soon as there is room again.
import type { DraftStoreFs } from './store.ts';

const STEP = 64 * 1024;

export class SpaceReserve {
  /** Bytes the reserve holds now; -1 until first looked at. */
  #size = -1;
  readonly #path: string;
  readonly #fs: Pick<DraftStoreFs, 'stat' | 'writeFile' | 'rm'>;

  constructor(path: string, fs: Pick<DraftStoreFs, 'stat' | 'writeFile' | 'rm'>) {
    this.#path = path;
    this.#fs = fs;
  }

  get size(): number {
    return Math.max(this.#size, 0);
  }

  /** Makes the reserve hold at least `bytes` (rounded up, with room to grow); never throws. */
  async keep(bytes: number): Promise<void> {
    if (this.#size < 0) this.#size = await this.#fs.stat(this.#path).then((s) => s.size, () => 0);
    if (this.#size >= bytes && this.#size > 0) return;
    const wanted = Math.ceil(Math.max(bytes * 1.25, STEP) / STEP) * STEP;
    try {
      await this.#fs.writeFile(this.#path, new Uint8Array(wanted));
      this.#size = wanted;
    } catch {
      // No room for it now: a partial reserve is worth nothing, try again after the next write.
      await this.#fs.rm(this.#path).catch(() => undefined);
      this.#size = 0;
    }
  }

  /** Frees the reserve's space; false when there was none to free. */
  async release(): Promise<boolean> {
    if (this.#size <= 0) return false;
    try {
      await this.#fs.rm(this.#path);
    } catch {
      return false;
    }
    this.#size = 0;
    return true;
  }
}
