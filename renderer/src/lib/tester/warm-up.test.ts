import { describe, expect, test } from 'vitest';
import { createResolver, type RuleSet } from '../../../../core/index.ts';
import type { ContentsRow } from '../../../../preload/api.ts';
import { visibleRows } from '../azure/cache-contents.svelte.ts';
import { indexRules, runPullTest } from './pull-test.ts';
import { warmImagesOf } from './warm-up.svelte.ts';

const ruleSet: RuleSet = {
  registry: 'contoso.azurecr.io',
  rules: [{ name: 'hub-library', source: 'docker.io/library/*', target: 'library/*' }],
  credentialSets: [],
};

describe('what the pull tester hands to the warm-up', () => {
  test('served references once each, by registry repository and tag or digest; the rest counted as left out', () => {
    const digest = `sha256:${'c'.repeat(64)}`;
    const text = [
      'contoso.azurecr.io/library/nginx:1.27',
      'contoso.azurecr.io/library/nginx:1.27',
      `contoso.azurecr.io/library/redis@${digest}`,
      'contoso.azurecr.io/library/busybox',
      'contoso.azurecr.io/other/thing:1',
      'quay.io/x/y:1',
    ].join('\n');
    const test = runPullTest(text, createResolver(ruleSet), indexRules(ruleSet.rules));
    const { images, skipped } = warmImagesOf(test.rows);
    expect(images.map((i) => [i.repository, i.reference])).toEqual([
      ['library/nginx', '1.27'],
      ['library/redis', digest],
      ['library/busybox', 'latest'],
    ]);
    expect(skipped).toBe(2);
  });

  test('with each image, whether Sync now can take it: a tag of an ActiveSync rule inside its filter', () => {
    const set: RuleSet = {
      registry: 'contoso.azurecr.io',
      rules: [
        { name: 'hub-library', source: 'docker.io/library/*', target: 'library/*', syncMode: 'ActiveSync', artifactSyncFilters: { tags: { type: 'KQL', query: "Tags | where Name startswith '1'" } } },
        { name: 'ghcr-acme', source: 'ghcr.io/acme/*', target: 'acme/*' },
      ],
      credentialSets: [],
    };
    const text = ['contoso.azurecr.io/library/nginx:1.27', 'contoso.azurecr.io/library/nginx:2.0', `contoso.azurecr.io/library/nginx@sha256:${'d'.repeat(64)}`, 'contoso.azurecr.io/acme/tool:1'].join('\n');
    const { plans } = warmImagesOf(runPullTest(text, createResolver(set), indexRules(set.rules)).rows);
    expect(plans.map((p) => (p.ok ? `${p.sourceImage} -> ${p.targetTag}` : p.reason))).toEqual(['library/nginx:1.27 -> library/nginx:1.27', 'outside-filter', 'digest', 'passive']);
  });
});

describe('the cache contents table', () => {
  const rows: ContentsRow[] = [
    { rule: 'hub', target: 'library/*', repository: 'library/nginx', tagCount: 2, tags: '1.27 1.28', lastUpdated: '2026-05-02T00:00:00Z' },
    { rule: 'hub', target: 'library/*', repository: 'library/python', tagCount: 9, tags: '3.12', lastUpdated: '2026-04-01T00:00:00Z' },
    { rule: 'never', target: 'tools/acme', repository: '', tagCount: null, tags: '', lastUpdated: null },
    { rule: '', target: '', repository: 'old/app', tagCount: 1, tags: 'v1', lastUpdated: '2025-01-01T00:00:00Z' },
  ];
  test('filters never-served rules and uncovered repositories, searches tags too, and sorts both ways', () => {
    expect(visibleRows(rows, 'never-served', '', 'rule', true).map((r) => r.rule)).toEqual(['never']);
    expect(visibleRows(rows, 'uncovered', '', 'rule', true).map((r) => r.repository)).toEqual(['old/app']);
    expect(visibleRows(rows, 'all', '1.28', 'rule', true).map((r) => r.repository)).toEqual(['library/nginx']);
    expect(visibleRows(rows, 'all', '', 'tagCount', false).map((r) => r.tagCount)).toEqual([9, 2, 1, null]);
    expect(visibleRows(rows, 'all', '', 'lastUpdated', false)[0]!.repository).toBe('library/nginx');
  });
});
