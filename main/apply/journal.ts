// The apply journal: what an apply set out to do (every operation with its intent), written to
// disk before the first write, then which operations started and finished. If the app dies
// mid-apply, the next start knows which registry changes were its own: an item that now matches
// the journal's intent was written by this app, not "changed in the registry since import" by
// someone else, and the interrupted apply can be resumed (planning again yields exactly what is
// left). A journal whose apply finished but whose baseline could not be saved (disk full) is kept
// too, so the baseline can be written later.
//
// One file per draft, replaced atomically (write, fsync, rename: main/atomic-file.ts), 0600 in
// a 0700 folder. Status updates are coalesced: losing the last ones to a crash is harmless,
// because the intent was on disk before anything was sent and the registry says what happened.
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { PlanOperation } from '../../core/plan.ts';
import type { OperationResultView, RegistryRef } from '../../preload/api.ts';
import { removeStaleTemporaries, writeFileAtomic } from '../atomic-file.ts';

export type JournalStatus = OperationResultView['status'];

export interface ApplyJournalData {
  version: 1;
  draftId: string;
  registry: RegistryRef;
  loginServer: string;
  prune: boolean;
  startedAt: string;
  /** Set once every operation ended; the journal then only waits for the baseline to be saved. */
  finishedAt: string | null;
  operations: PlanOperation[];
  status: Record<string, JournalStatus>;
}

// The operations are the plan's own objects (core/plan.ts); their shape is checked loosely here
// and by planning code when used: only this app writes the file, and a damaged one is set aside.
const journalSchema = z.object({
  version: z.literal(1),
  draftId: z.string().min(1).max(200),
  registry: z.object({ accountId: z.string(), tenantId: z.string(), registryId: z.string() }),
  loginServer: z.string().max(300),
  prune: z.boolean(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  operations: z.array(z.object({ id: z.string(), kind: z.string() }).passthrough()).max(20_000),
  status: z.record(z.string(), z.string()),
});

const FLUSH_MS = 200;

function fileOf(dir: string, draftId: string): string {
  return join(dir, `${draftId.replace(/[^A-Za-z0-9_-]/g, '_')}.json`);
}

export class ApplyJournal {
  readonly data: ApplyJournalData;
  readonly #path: string;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #writing: Promise<void> = Promise.resolve();
  #dirty = false;

  private constructor(path: string, data: ApplyJournalData) {
    this.#path = path;
    this.data = data;
  }

  /** Writes the intent to disk; resolves once it is there (before any write is sent). */
  static async begin(dir: string, data: Omit<ApplyJournalData, 'version' | 'finishedAt' | 'status'>): Promise<ApplyJournal> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const journal = new ApplyJournal(fileOf(dir, data.draftId), { version: 1, finishedAt: null, status: {}, ...data });
    await writeFileAtomic(journal.#path, JSON.stringify(journal.data));
    return journal;
  }

  note(id: string, status: JournalStatus): void {
    this.data.status[id] = status;
    this.#dirty = true;
    this.#timer ??= setTimeout(() => {
      this.#timer = null;
      void this.flush().catch(() => {});
    }, FLUSH_MS);
  }

  /** Writes pending updates now (serialized with any write under way). */
  flush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    this.#writing = this.#writing.catch(() => {}).then(async () => {
      if (!this.#dirty) return;
      this.#dirty = false;
      await writeFileAtomic(this.#path, JSON.stringify(this.data));
    });
    return this.#writing;
  }

  async finish(): Promise<void> {
    this.data.finishedAt = new Date().toISOString();
    this.#dirty = true;
    await this.flush();
  }

  /** The apply's outcome is saved with the draft: the journal is no longer needed. */
  async remove(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#dirty = false;
    await this.#writing.catch(() => {});
    await rm(this.#path, { force: true });
  }

  static async read(dir: string, draftId: string): Promise<ApplyJournal | null> {
    const path = fileOf(dir, draftId);
    // an apply killed mid-write left a torn temporary copy; the journal itself is whole
    await removeStaleTemporaries(path);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      return null;
    }
    let parsed: ReturnType<typeof journalSchema.safeParse>;
    try {
      parsed = journalSchema.safeParse(JSON.parse(text));
    } catch {
      parsed = journalSchema.safeParse(undefined);
    }
    if (!parsed.success || parsed.data.draftId !== draftId) return null;
    return new ApplyJournal(path, parsed.data as unknown as ApplyJournalData);
  }

  /** Draft ids with a journal on disk (interrupted, or finished with the baseline unsaved). */
  static async list(dir: string): Promise<string[]> {
    try {
      return (await readdir(dir)).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length));
    } catch {
      return [];
    }
  }
}
