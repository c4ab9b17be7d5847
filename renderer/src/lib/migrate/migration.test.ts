import { describe, expect, test } from 'vitest';
import { createResolver, type RuleSet } from '../../../../core/index.ts';
import type { DesktopApi, ManifestSave } from '../../../../preload/api.ts';
import { Migration } from './migration.svelte.ts';

const ruleSet: RuleSet = {
  registry: 'contoso.azurecr.io',
  rules: [{ name: 'ghcr-acme', source: 'ghcr.io/acme/*', target: 'acme/*' }],
  credentialSets: [],
};

function migrationWith(api: Partial<DesktopApi['migrate']>, set: RuleSet = ruleSet) {
  const saves: ManifestSave[][] = [];
  const fake = {
    migrate: {
      openManifests: api.openManifests ?? (async () => null),
      saveManifests: async (files: ManifestSave[]) => {
        saves.push(files);
        return (api.saveManifests ?? (async (f: ManifestSave[]) => f.map((x) => ({ handle: x.handle, name: x.handle, ok: true }))))(files);
      },
    },
  } as unknown as DesktopApi;
  const migration = new Migration(() => fake, () => ({ ruleSet: set, resolver: createResolver(set), addRules: null }));
  return { migration, saves };
}

describe('a migration of manifests', () => {
  test('counts an image used in two files once among the uncovered', async () => {
    const { migration } = migrationWith({
      openManifests: async () => ({
        title: 'fleet',
        skipped: [],
        files: [
          { handle: 'a', name: 'a.yaml', content: 'image: quay.io/prometheus/node-exporter:v1.8.2\n' },
          { handle: 'b', name: 'b.yaml', content: 'image: quay.io/prometheus/node-exporter:v1.8.2\nother: ghcr.io/acme/app:1\n' },
        ],
      }),
    });
    await migration.open('folder');
    expect(migration.uncovered).toHaveLength(1);
    expect(migration.proposal?.rules.map((r) => r.rule.source)).toEqual(['quay.io/prometheus/*']);
  });

  test('saves only changed files that came from disk, and a refused one stays to save', async () => {
    const { migration, saves } = migrationWith({
      openManifests: async () => ({
        title: 'fleet',
        skipped: [],
        files: [
          { handle: 'a', name: 'a.yaml', content: 'image: ghcr.io/acme/app:1\n' },
          { handle: 'b', name: 'b.yaml', content: 'image: ghcr.io/acme/api:2\n' },
          { handle: 'c', name: 'c.yaml', content: 'image: contoso.azurecr.io/acme/app:1\n' },
        ],
      }),
      saveManifests: async (files) => files.map((f) => (f.handle === 'b' ? { handle: 'b', name: 'b.yaml', ok: false, message: "'b.yaml' changed on disk" } : { handle: f.handle, name: `${f.handle}.yaml`, ok: true })),
    });
    await migration.open('folder');
    migration.paste('pasted.yaml', 'image: ghcr.io/acme/tool:3\n');
    await migration.saveAll();
    expect(saves[0]!.map((s) => s.handle)).toEqual(['a', 'b']);
    expect(migration.message).toEqual({ kind: 'error', text: "Saved 1 of 2 files. 'b.yaml' changed on disk" });
    expect(migration.outcomes.filter((o) => o.changed).map((o) => o.file.name)).toEqual(['b.yaml', 'pasted.yaml']);
  });

  test('without a registry nothing is rewritten', () => {
    const { migration } = migrationWith({}, { ...ruleSet, registry: undefined });
    migration.paste('x.yaml', 'image: ghcr.io/acme/app:1\n');
    expect(migration.outcomes).toEqual([]);
  });
});
