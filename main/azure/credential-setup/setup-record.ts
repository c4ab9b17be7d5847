// What a credential setup made in Azure, on disk, so that its one-click undo survives a restart.
// One file per flow in `<data>/credential-setups/`, replaced atomically (main/atomic-file.ts,
// 0600 in a 0700 folder) each time something is made or removed, and deleted once there is
// nothing left to undo (the setup succeeded, was undone, or the user chose to keep what it made).
// The file holds resource IDs, names and the flow's step texts only — never a secret's value:
// the username and password never reach SetupFlow (secret-material.ts), and a removal is
// described by where the thing is, not by what it holds.
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { CreatedResource, CredentialSetupStep, CredentialSetupView } from '../../../preload/api-credential-setup.ts';
import type { RegistryRef } from '../../../preload/api.ts';
import { removeStaleTemporaries, writeFileAtomic } from '../../atomic-file.ts';

/** How one created thing is removed, by where it is (enough to rebuild the remover after a restart). */
export type Removal =
  | { kind: 'vault'; vaultId: string; location: string }
  | { kind: 'role-assignment'; assignmentId: string }
  | { kind: 'access-policy'; vaultId: string; tenantId: string; principalId: string }
  | { kind: 'secret'; vaultUri: string; name: string }
  | { kind: 'credential-set'; name: string };

export interface SetupRecord {
  version: 1;
  flowId: string;
  registry: RegistryRef;
  setName: string;
  vaultName: string;
  startedAt: string;
  state: CredentialSetupView['state'];
  steps: CredentialSetupStep[];
  created: { resource: CreatedResource; removal: Removal }[];
}

// generous bounds: a record refused for one long Azure message would lose its undo
const text = (max: number) => z.string().max(max);
const errorShape = z.object({ code: text(100), message: text(20_000) }).strict();
const removalSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('vault'), vaultId: text(400), location: text(60) }).strict(),
  z.object({ kind: z.literal('role-assignment'), assignmentId: text(600) }).strict(),
  z.object({ kind: z.literal('access-policy'), vaultId: text(400), tenantId: text(60), principalId: text(60) }).strict(),
  z.object({ kind: z.literal('secret'), vaultUri: text(300), name: text(127) }).strict(),
  z.object({ kind: z.literal('credential-set'), name: text(60) }).strict(),
]);
const recordSchema = z
  .object({
    version: z.literal(1),
    flowId: z.string().uuid(),
    registry: z.object({ accountId: text(300), tenantId: text(60), registryId: text(400) }).strict(),
    setName: text(60),
    vaultName: text(30),
    startedAt: text(40),
    state: z.enum(['running', 'succeeded', 'failed', 'cancelled', 'undoing', 'undone', 'undo-failed']),
    steps: z
      .array(
        z
          .object({
            id: z.enum(['vault', 'vault-access', 'username-secret', 'password-secret', 'credential-set', 'grant', 'health']),
            label: text(200),
            state: z.enum(['pending', 'running', 'done', 'failed', 'skipped']),
            detail: text(20_000).nullable(),
            error: errorShape.nullable(),
          })
          .strict(),
      )
      .max(20),
    created: z
      .array(
        z
          .object({
            resource: z
              .object({
                kind: z.enum(['vault', 'role-assignment', 'access-policy', 'secret', 'credential-set']),
                label: text(300),
                id: text(600),
                state: z.enum(['present', 'removing', 'removed', 'remove-failed']),
                note: text(20_000).nullable(),
              })
              .strict(),
            removal: removalSchema,
          })
          .strict(),
      )
      .max(20),
  })
  .strict();

/** Whether anything the record names may still be in Azure. */
export const hasLeftovers = (record: Pick<SetupRecord, 'created'>): boolean => record.created.some((c) => c.resource.state !== 'removed');

export interface SetupRecordStore {
  /** Writes (or, with nothing left to undo, deletes) the flow's record; calls are applied in order. */
  save(record: SetupRecord): Promise<void>;
  forget(flowId: string): Promise<void>;
  /** Resolves once the writes asked for so far are done (failed ones included). */
  flush(): Promise<void>;
  /** Every readable record; one that does not parse is renamed `*.unreadable` and reported, the rest load. */
  load(): Promise<{ records: SetupRecord[]; unreadable: string[] }>;
}

export function createSetupRecordStore(dir: string): SetupRecordStore {
  const fileOf = (flowId: string) => join(dir, `${flowId.replace(/[^A-Za-z0-9-]/g, '_')}.json`);
  let queue: Promise<void> = Promise.resolve();
  // One chain for every write, so an older state never lands after a newer one.
  const serial = (work: () => Promise<void>): Promise<void> => {
    const next = queue.then(work, work);
    queue = next.catch(() => {});
    return next;
  };
  return {
    save(record) {
      const settled = record.state === 'succeeded' || !hasLeftovers(record);
      return serial(async () => {
        if (settled) return rm(fileOf(record.flowId), { force: true });
        await mkdir(dir, { recursive: true, mode: 0o700 });
        await writeFileAtomic(fileOf(record.flowId), JSON.stringify(record));
      });
    },
    forget(flowId) {
      return serial(() => rm(fileOf(flowId), { force: true }));
    },
    flush: () => queue,
    async load() {
      let names: string[];
      try {
        names = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();
      } catch {
        return { records: [], unreadable: [] };
      }
      const records: SetupRecord[] = [];
      const unreadable: string[] = [];
      for (const name of names) {
        const path = join(dir, name);
        await removeStaleTemporaries(path);
        try {
          records.push(recordSchema.parse(JSON.parse(await readFile(path, 'utf8'))) as SetupRecord);
        } catch {
          unreadable.push(name);
          await rename(path, `${path}.unreadable`).catch(() => {});
        }
      }
      return { records, unreadable };
    },
  };
}
