// The credential setup's record on disk (setup-record.ts) and a flow restored from it (setup-flow.ts).
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { SetupFlow } from './setup-flow.ts';
import { createSetupRecordStore, type Removal, type SetupRecord } from './setup-record.ts';

const FLOW = '6f1c2d3e-4b5a-4c6d-8e7f-0123456789ab';
const record = (overrides: Partial<SetupRecord> = {}): SetupRecord => ({
  version: 1,
  flowId: FLOW,
  registry: { accountId: 'acc', tenantId: 'tenant', registryId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/r' },
  setName: 'hub-set',
  vaultName: 'kv',
  startedAt: '2026-12-03T05:00:00.000Z',
  state: 'running',
  steps: [
    { id: 'username-secret', label: 'Username secret', state: 'done', detail: 'Wrote it', error: null },
    { id: 'password-secret', label: 'Password secret', state: 'running', detail: null, error: null },
  ],
  created: [{ resource: { kind: 'secret', label: 'Secret u in kv', id: 'https://kv.vault.azure.net/secrets/u', state: 'removing', note: null }, removal: { kind: 'secret', vaultUri: 'https://kv.vault.azure.net/', name: 'u' } }],
  ...overrides,
});

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = '';
});

describe('setup record', () => {
  test('writes 0600, deletes the file once nothing is left to undo, and sets an unreadable one aside', async () => {
    dir = await mkdtemp(join(tmpdir(), 'setup-record-'));
    const store = createSetupRecordStore(join(dir, 'records'));
    await store.save(record());
    const path = join(dir, 'records', `${FLOW}.json`);
    if (process.platform !== 'win32') expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await store.load()).records).toEqual([record()]);

    await store.save(record({ state: 'undone', created: [{ ...record().created[0]!, resource: { ...record().created[0]!.resource, state: 'removed' } }] }));
    expect(await readdir(join(dir, 'records'))).toEqual([]);

    await writeFile(join(dir, 'records', 'broken.json'), '{"version":1,"flowId":"x"}');
    const loaded = await store.load();
    expect(loaded).toEqual({ records: [], unreadable: ['broken.json'] });
    expect(await readdir(join(dir, 'records'))).toEqual(['broken.json.unreadable']);
  });

  test('a flow the app stopped in the middle of comes back failed, its running step cut short and its removal to be tried again', async () => {
    const removed: Removal[] = [];
    const flow = SetupFlow.restore(record(), { onChange: () => {}, persist: () => {}, removerFor: (removal) => async () => (removed.push(removal), null) });
    const view = flow.view();
    expect(view.state).toBe('failed');
    expect(view.steps.map((s) => `${s.id}:${s.state}:${s.error?.code ?? ''}`)).toEqual(['username-secret:done:', 'password-secret:failed:interrupted']);
    expect(view.created.map((c) => c.state)).toEqual(['present']);
    expect(flow.unfinished).toBe(true);
    expect((await flow.undo()).state).toBe('undone');
    expect(removed).toEqual([{ kind: 'secret', vaultUri: 'https://kv.vault.azure.net/', name: 'u' }]);
    expect(flow.unfinished).toBe(false);
  });
});
