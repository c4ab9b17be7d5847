import { describe, expect, test } from 'vitest';
import { createRuleSetIndex, type CacheRule } from '../../../../core/index.ts';
import { initialCollapsed, layoutIcicle, nearestShown } from '../../../../renderer/src/lib/map/icicle-layout.ts';
import { groupConflicts } from '../../../../renderer/src/lib/map/map-conflicts.ts';
import { cellName, cellSummary, count, fitLabel, fitSummary } from '../../../../renderer/src/lib/map/map-labels.ts';
import { buildOverlapMap, CANDIDATE } from '../../../../renderer/src/lib/map/overlap-tree.ts';
import { scaleRuleSet } from '../../../support/scale-rule-set.ts';

const SEED: CacheRule[] = [
  { name: 'dotnet-mcr', source: 'mcr.microsoft.com/dotnet/*', target: 'library/dotnet/*' },
  { name: 'python-hub', source: 'docker.io/library/python/*', target: 'library/python/*', credentialSet: 'dockerhub' },
  { name: 'hello-world', source: 'docker.io/library/hello-world', target: 'hello-world', credentialSet: 'dockerhub' },
  { name: 'quay-all', source: 'quay.io/*', target: 'quay/*' },
  { name: 'dotnet-sdk-pin', source: 'mcr.microsoft.com/dotnet/sdk', target: 'library/dotnet/sdk' },
];

function mapOf(rules: readonly CacheRule[], candidate: string | null = null) {
  const index = createRuleSetIndex({ rules: [...rules], credentialSets: [] });
  return buildOverlapMap({ rules, trie: index.trie, candidate: candidate === null ? null : { target: candidate, replacing: null } });
}

describe('layoutIcicle', () => {
  test('one column per segment; a block spans exactly the rows of everything under it', () => {
    const layout = layoutIcicle(mapOf(SEED).root, { collapsed: new Set() });
    const at = (path: string) => layout.byPath.get(path)!;
    // leaves: hello-world, library/dotnet/sdk, library/python, quay → 4 rows
    expect(layout.rows).toBe(4);
    expect(layout.columns).toBe(4);
    expect(at('library/dotnet/sdk').depth).toBe(3);
    for (const cell of layout.cells) {
      if (cell.children.length === 0) continue;
      const first = cell.children[0]!;
      const last = cell.children[cell.children.length - 1]!;
      expect(first.row).toBe(cell.row);
      expect(last.row + last.rows).toBe(cell.row + cell.rows);
    }
    // keyboard order is depth-first; posinset/setsize count the shown siblings
    expect(layout.cells.map((c) => c.node.path)).toEqual(['', 'hello-world', 'library', 'library/dotnet', 'library/dotnet/sdk', 'library/python', 'quay']);
    expect(layout.cells.map((c) => c.order)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect([at('hello-world').posinset, at('hello-world').setsize]).toEqual([1, 3]);
    expect([at('quay').posinset, at('quay').setsize]).toEqual([3, 3]);
  });

  test('a folded subtree is one row; the rule being edited is revealed whatever is folded', () => {
    const map = mapOf(SEED, 'library/dotnet/runtime');
    const folded = layoutIcicle(map.root, { collapsed: new Set(['library']) });
    expect(folded.byPath.get('library')!.folded).toBe(true);
    expect(folded.byPath.has('library/dotnet')).toBe(false);
    expect(nearestShown(folded, 'library/dotnet/sdk').node.path).toBe('library');
    const revealed = layoutIcicle(map.root, { collapsed: new Set(['library']), reveal: ['library/dotnet/runtime'] });
    expect(revealed.byPath.has('library/dotnet/runtime')).toBe(true);
  });

  test('conflicts only keeps the paths to refused overlaps and says how much it hid', () => {
    const map = mapOf(SEED, 'library/*');
    const layout = layoutIcicle(map.root, { collapsed: new Set(), conflictsOnly: true });
    expect(layout.byPath.has('quay')).toBe(false);
    expect(layout.byPath.has('hello-world')).toBe(false);
    expect(layout.byPath.has('library/dotnet')).toBe(true);
    expect(layout.root.filteredOut).toBe(2);
  });

  test('1,000 rules start with the top level open and the rest folded, within the row budget', () => {
    const rules = scaleRuleSet(1000).rules;
    const map = mapOf(rules);
    const collapsed = initialCollapsed(map.root);
    const layout = layoutIcicle(map.root, { collapsed });
    expect(layout.rows).toBe(map.root.children.length);
    expect(layout.root.folded).toBe(false);
  });
});

describe('labels and counts', () => {
  test('"1 rule", never "1 rules"; thousands are grouped', () => {
    expect(count(1, 'rule', 'rules')).toBe('1 rule');
    expect(count(0, 'rule', 'rules')).toBe('0 rules');
    expect(count(1000, 'rule', 'rules')).toBe('1,000 rules');
  });

  test('a namespace says what it holds; a wildcard reads as its target', () => {
    const map = mapOf(SEED);
    expect(cellName(map.nodeAt('library/dotnet')!, null)).toBe('dotnet/*');
    expect(cellName(map.nodeAt('')!, 'contoso.azurecr.io')).toBe('contoso.azurecr.io');
    expect(cellSummary(map.nodeAt('library')!)).toBe('3 rules');
    expect(cellSummary(map.nodeAt('hello-world')!)).toBe('');
  });

  test('a label keeps the whole name before any summary, and ends in an ellipsis only when the name itself is too long', () => {
    expect(fitLabel('team-x/', '120 rules', 200, 7)).toBe('team-x/ · 120 rules');
    expect(fitLabel('team-x/', '120 rules', 70, 7)).toBe('team-x/');
    expect(fitLabel('a-very-long-namespace', '', 70, 7)).toBe('a-very-lo…');
    expect(fitLabel('x', '', 14, 7)).toBeNull();
  });

  test('a summary is shortened by whole parts, never cut inside one', () => {
    expect(fitLabel('team-x/', '120 rules · 3 in conflict', 7 * 20, 7)).toBe('team-x/ · 120 rules');
    expect(fitSummary('1 rule · 12 repositories', 7 * 10, 7)).toBe('1 rule');
    expect(fitSummary('1 rule · 12 repositories', 7 * 24, 7)).toBe('1 rule · 12 repositories');
    expect(fitSummary('1,000 rules', 7 * 5, 7)).toBeNull();
  });
});

describe('groupConflicts', () => {
  test('a broad wildcard heads one group of everything it overlaps; a lone pair is its own group', () => {
    const map = mapOf(scaleRuleSet(1000).rules);
    const groups = groupConflicts(map.conflicts);
    const broad = groups[0]!;
    expect(broad.rule).toBe(1); // ghcr-everything
    expect(broad.conflicts.length).toBe(40);
    expect(groups.slice(1).every((g) => g.conflicts.length === 1)).toBe(true);
    expect(groups.reduce((n, g) => n + g.conflicts.length, 0)).toBe(map.conflicts.filter((c) => c.refused).length);
  });

  test('the rule being edited heads its own conflicts, listed first', () => {
    const map = mapOf(SEED, 'library/*');
    const groups = groupConflicts(map.conflicts);
    expect(groups[0]).toMatchObject({ rule: CANDIDATE, live: true });
    expect(groups[0]!.conflicts.length).toBe(2);
  });
});
