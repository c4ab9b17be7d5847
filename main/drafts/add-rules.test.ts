import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { CacheRule } from '../../core/model.ts';
import { engineRuleChecker, engineRuleSetCodec } from './engine-adapters.ts';
import { createDraftService } from './service.ts';
import { openDraftStore } from './store.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'acs-add-rules-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const none = async () => null;
async function service() {
  const store = await openDraftStore(dir, () => new Date('2026-12-02T10:00:00Z'));
  return createDraftService({ store, dialogs: { openRuleSetFile: none, saveRuleSetFile: none, saveExportFile: none }, codec: engineRuleSetCodec, checker: engineRuleChecker });
}

const quay: CacheRule = { name: 'quay-prometheus', source: 'quay.io/prometheus/*', target: 'quay/prometheus/*' };
const k8s: CacheRule = { name: 'k8s-ingress', source: 'registry.k8s.io/ingress-nginx/*', target: 'k8s/ingress-nginx/*' };

describe('adding a migration proposal to a draft', () => {
  test('adds every rule as one edit that one undo takes back', async () => {
    const drafts = await service();
    const { draft } = await drafts.create({ name: 'fleet', registry: 'contoso.azurecr.io' });
    const added = await drafts.addRules(draft.id, [quay, k8s]);
    expect(added.draft.ruleSet.rules.map((r) => r.name)).toEqual(['quay-prometheus', 'k8s-ingress']);
    expect(added.undo).toBe('Add 2 proposed rules');
    const undone = await drafts.undo(draft.id);
    expect(undone.draft.ruleSet.rules).toEqual([]);
    // and it was written: a new service over the same folder sees the redone state
    await drafts.redo(draft.id);
    expect((await service()).open(draft.id).draft.ruleSet.rules).toHaveLength(2);
  });

  test('refuses the whole proposal, naming the rule, when one rule overlaps another of the same batch', async () => {
    const drafts = await service();
    const { draft } = await drafts.create({ name: 'fleet', registry: 'contoso.azurecr.io' });
    const clash: CacheRule = { name: 'quay-all', source: 'quay.io/*', target: 'quay/*' };
    await expect(drafts.addRules(draft.id, [quay, clash])).rejects.toThrow(/Rule "quay-all".*not saved/);
    expect(drafts.open(draft.id).draft.ruleSet.rules).toEqual([]);
  });
});
