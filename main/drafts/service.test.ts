import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { CacheRule, RuleSet } from '../../core/model.ts';
import { AppError } from '../app-error.ts';
import { createDraftService, type FileDialogs, type RuleChecker, type RuleSetCodec } from './service.ts';
import { openDraftStore } from './store.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'acs-drafts-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Small stand-ins with real behaviour: the checker refuses empty targets and duplicate names; the
// codec reads and writes JSON. The real engine-backed ones are tested with the engine.
const checker: RuleChecker = {
  ruleErrors: (ruleSet, rule, replacing) => {
    const errors: string[] = [];
    if (!rule.target) errors.push('The target is empty.');
    if (ruleSet.rules.some((r) => r.name.toLowerCase() === rule.name.toLowerCase() && r.name !== replacing)) errors.push(`"${rule.name}" exists.`);
    return errors;
  },
  credentialSetErrors: () => [],
};
const codec: RuleSetCodec = {
  parse: (text) => {
    try {
      return { ok: true, ruleSet: JSON.parse(text) as RuleSet };
    } catch (error) {
      return { ok: false, errors: [(error as Error).message] };
    }
  },
  serialize: (ruleSet) => JSON.stringify(ruleSet),
};

function dialogs(open: string | null = null, save: string | null = null): FileDialogs {
  return { openRuleSetFile: async () => open, saveRuleSetFile: async () => save, saveExportFile: async () => save };
}

async function service(d: FileDialogs = dialogs()) {
  const store = await openDraftStore(dir, () => new Date('2026-11-23T10:00:00Z'));
  return createDraftService({ store, dialogs: d, codec, checker });
}

const hub: CacheRule = { name: 'hub-library', source: 'docker.io/library/*', target: 'library/*', credentialSet: 'dockerhub' };

describe('drafts', () => {
  test('a created draft with rules survives reopening the store', async () => {
    const drafts = await service();
    const { draft } = await drafts.create({ name: 'contoso-prod', registry: 'Contoso.azurecr.io' });
    await drafts.saveRule(draft.id, hub, null);
    const again = await service();
    expect(again.list()).toEqual([
      expect.objectContaining({ id: draft.id, name: 'contoso-prod', registry: 'contoso.azurecr.io', ruleCount: 1 }),
    ]);
    expect(again.open(draft.id).draft.ruleSet.rules).toEqual([hub]);
  });

  test('refuses a rule with errors and keeps the draft as it was', async () => {
    const drafts = await service();
    const { draft } = await drafts.create({ name: 'd1' });
    await expect(drafts.saveRule(draft.id, { ...hub, target: '' }, null)).rejects.toMatchObject({
      code: 'rule-has-errors',
      message: 'Rule "hub-library" was not saved: The target is empty.',
    });
    expect(drafts.open(draft.id).draft.ruleSet.rules).toEqual([]);
  });

  test('edits a rule in place, and undo/redo walk the history with labels', async () => {
    const drafts = await service();
    const { draft } = await drafts.create({ name: 'd1' });
    await drafts.saveRule(draft.id, hub, null);
    const edited = await drafts.saveRule(draft.id, { ...hub, name: 'hub-lib' }, 'HUB-LIBRARY');
    expect(edited.draft.ruleSet.rules.map((r) => r.name)).toEqual(['hub-lib']);
    expect(edited.undo).toBe('Edit rule hub-lib');
    const undone = await drafts.undo(draft.id);
    expect(undone.draft.ruleSet.rules.map((r) => r.name)).toEqual(['hub-library']);
    expect(undone.redo).toBe('Edit rule hub-lib');
    await drafts.undo(draft.id);
    expect(drafts.open(draft.id).draft.ruleSet.rules).toEqual([]);
    await expect(drafts.undo(draft.id)).rejects.toMatchObject({ code: 'nothing-to-undo' });
    const redone = await drafts.redo(draft.id);
    expect(redone.draft.ruleSet.rules).toEqual([hub]);
    // a new edit clears the redo stack
    await drafts.deleteRule(draft.id, 'hub-library');
    expect(drafts.open(draft.id).redo).toBeNull();
  });

  test('rename, duplicate and remove', async () => {
    const drafts = await service();
    const { draft } = await drafts.create({ name: 'd1' });
    await drafts.saveRule(draft.id, hub, null);
    await drafts.create({ name: 'other' });
    await expect(drafts.rename(draft.id, 'OTHER')).rejects.toMatchObject({ code: 'duplicate-draft-name' });
    await expect(drafts.rename(draft.id, '   ')).rejects.toMatchObject({ code: 'invalid-draft-name' });
    expect((await drafts.rename(draft.id, ' prod ')).draft.name).toBe('prod');
    const copy = await drafts.duplicate(draft.id);
    expect(copy.draft).toMatchObject({ name: 'prod copy', origin: { kind: 'copy', detail: 'prod' } });
    expect(copy.draft.ruleSet).toEqual(drafts.open(draft.id).draft.ruleSet);
    expect(copy.draft.id).not.toBe(draft.id);
    await drafts.remove(draft.id);
    expect(drafts.list().map((d) => d.name).sort()).toEqual(['other', 'prod copy']);
    expect(() => drafts.open(draft.id)).toThrow(AppError);
  });

  test('a credential set in use cannot be deleted, and a rename carries its rules along', async () => {
    const drafts = await service();
    const { draft } = await drafts.create({ name: 'd1' });
    const set = { name: 'dockerhub', loginServer: 'docker.io', usernameSecret: 'https://kv.vault.azure.net/secrets/u', passwordSecret: 'https://kv.vault.azure.net/secrets/p' };
    await drafts.saveCredentialSet(draft.id, set, null);
    await drafts.saveRule(draft.id, hub, null);
    await expect(drafts.deleteCredentialSet(draft.id, 'dockerhub')).rejects.toMatchObject({ code: 'credential-set-in-use', message: expect.stringContaining('"hub-library"') });
    const renamed = await drafts.saveCredentialSet(draft.id, { ...set, name: 'hub-creds' }, 'dockerhub');
    expect(renamed.draft.ruleSet.rules[0]!.credentialSet).toBe('hub-creds');
  });

  test('an unreadable drafts file is moved aside, reported, and the app starts empty', async () => {
    await writeFile(join(dir, 'drafts.json'), '{"version":1,"drafts":[{"id":"x"', 'utf8');
    const drafts = await service();
    const status = drafts.status();
    expect(status.recovered).toMatchObject({ reason: expect.stringContaining('not valid JSON') });
    expect(status.recovered!.movedTo).toMatch(/drafts\.unreadable-2026-11-23T10-00-00-000Z\.json$/);
    expect(await readFile(status.recovered!.movedTo, 'utf8')).toBe('{"version":1,"drafts":[{"id":"x"');
    expect(drafts.list()).toEqual([]);
    expect(JSON.parse(await readFile(join(dir, 'drafts.json'), 'utf8'))).toEqual({ version: 1, drafts: [] });
  });

  test('a drafts file of the wrong shape is moved aside, naming what is wrong', async () => {
    await writeFile(join(dir, 'drafts.json'), JSON.stringify({ version: 1, drafts: { id: 'a' } }), 'utf8');
    const drafts = await service();
    expect(drafts.status().recovered?.reason).toMatch(/does not hold drafts/);
    expect((await readdir(dir)).filter((f) => f.startsWith('drafts.unreadable-'))).toHaveLength(1);
  });

  test('imports through the open dialog and exports through the save dialog', async () => {
    const source = join(dir, 'team-rules.json');
    await writeFile(source, JSON.stringify({ rules: [hub], credentialSets: [] }), 'utf8');
    const target = join(dir, 'out.json');
    const drafts = await service(dialogs(source, target));
    const imported = await drafts.importFile();
    expect(imported!.draft).toMatchObject({ name: 'team-rules', origin: { kind: 'file', detail: source } });
    expect(await drafts.exportFile(imported!.draft.id, 'json')).toBe(target);
    expect(JSON.parse(await readFile(target, 'utf8'))).toEqual({ rules: [hub], credentialSets: [] });
    // cancelled dialogs change nothing
    const cancelled = await service(dialogs(null, null));
    expect(await cancelled.importFile()).toBeNull();
    expect(await cancelled.exportFile(imported!.draft.id, 'yaml')).toBeNull();
  });

  test('an import that cannot be parsed says which file and why', async () => {
    const source = join(dir, 'broken.json');
    await writeFile(source, '{', 'utf8');
    const drafts = await service(dialogs(source));
    await expect(drafts.importFile()).rejects.toMatchObject({ code: 'import-failed', message: expect.stringContaining(source) });
    await expect((await service(dialogs(join(dir, 'missing.yaml')))).importFile()).rejects.toMatchObject({ code: 'import-failed', message: expect.stringContaining('ENOENT') });
  });
});
