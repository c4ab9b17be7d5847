// The drafts file: lowdb over one JSON document in the app data folder. lowdb's writer (steno)
// writes to a temporary file and renames it, so a crash mid-write leaves the old file whole.
// A file that cannot be read as drafts is moved aside, never deleted, and the app starts empty.
import { rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import { z } from 'zod';
import { draftIdSchema, registryRefSchema, ruleSetSchema } from '../domain-schemas.ts';
import type { Draft } from '../../preload/api.ts';

const draftSchema: z.ZodType<Draft> = z
  .object({
    id: draftIdSchema,
    name: z.string().max(200),
    createdAt: z.string(),
    updatedAt: z.string(),
    ruleSet: ruleSetSchema,
    origin: z
      .object({
        kind: z.enum(['new', 'file', 'registry', 'copy']),
        detail: z.string().max(2000).optional(),
        at: z.string().optional(),
      })
      .strict()
      .optional(),
    link: z
      .object({
        registry: registryRefSchema,
        loginServer: z.string().max(300),
        importedAt: z.string(),
        baseline: z.object({ rules: z.record(z.string(), z.string()), credentialSets: z.record(z.string(), z.string()) }).strict(),
      })
      .strict()
      .optional(),
  })
  .strict();

const storeSchema = z.object({ version: z.literal(1), drafts: z.array(draftSchema) }).strict();
export type StoreDocument = z.infer<typeof storeSchema>;

export interface StoreRecovery {
  /** Where the unreadable file was moved; it is kept for the user to inspect or restore. */
  movedTo: string;
  reason: string;
}

class UnreadableStoreError extends Error {}

function parseStore(text: string): StoreDocument {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UnreadableStoreError(`it is not valid JSON (${(error as Error).message})`);
  }
  const parsed = storeSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UnreadableStoreError(`it does not hold drafts (${issue.path.join('.') || 'document'}: ${issue.message})`);
  }
  return parsed.data;
}

export interface DraftStore {
  readonly file: string;
  readonly recovery: StoreRecovery | null;
  readonly data: StoreDocument;
  write(): Promise<void>;
}

export async function openDraftStore(dataDir: string, now: () => Date = () => new Date()): Promise<DraftStore> {
  const file = join(dataDir, 'drafts.json');
  const db = new Low<StoreDocument>(new DataFile<StoreDocument>(file, { parse: parseStore, stringify: (d) => JSON.stringify(d, null, 1) }), {
    version: 1,
    drafts: [],
  });
  let recovery: StoreRecovery | null = null;
  try {
    await db.read();
  } catch (error) {
    if (!(error instanceof UnreadableStoreError)) throw error;
    const stamp = now().toISOString().replace(/[:.]/g, '-');
    const movedTo = join(dirname(file), `${basename(file, '.json')}.unreadable-${stamp}.json`);
    await rename(file, movedTo);
    recovery = { movedTo, reason: error.message };
    db.data = { version: 1, drafts: [] };
    await db.write();
  }
  return {
    file,
    get recovery() {
      return recovery;
    },
    get data() {
      return db.data;
    },
    write: () => db.write(),
  };
}
