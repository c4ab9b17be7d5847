import { describe, expect, test } from 'vitest';
import { createRuleSetIndex, type CacheRule } from '../../../../core/index.ts';
import { layoutIcicle } from '../../../../renderer/src/lib/map/icicle-layout.ts';
import { cellAriaLabel, cellName, cellSummary } from '../../../../renderer/src/lib/map/map-labels.ts';
import { proposedPaths, withProposals } from '../../../../renderer/src/lib/map/map-proposals.ts';
import { searchMap } from '../../../../renderer/src/lib/map/map-search.ts';
import { buildOverlapMap, type MapNode, type OverlapMap } from '../../../../renderer/src/lib/map/overlap-tree.ts';

const RULES: CacheRule[] = [
  { name: 'dotnet-mcr', source: 'mcr.microsoft.com/dotnet/*', target: 'library/dotnet/*' },
  { name: 'hub-all', source: 'docker.io/*', target: 'hub/*' },
  { name: 'hub-alpine', source: 'docker.io/library/alpine', target: 'hub/library/alpine' },
  { name: 'bitnami-pin', source: 'docker.io/bitnami/redis', target: 'docker-hub/bitnami/redis' },
];
// as the Migrate tab proposes them: a namespace wildcard over a pinned static, and a static
const PROPOSED: CacheRule[] = [
  { name: 'docker-hub-bitnami', source: 'docker.io/bitnami/*', target: 'docker-hub/bitnami/*' },
  { name: 'ghcr-fluxcd-flux', source: 'ghcr.io/fluxcd/flux', target: 'ghcr/fluxcd/flux' },
];

function setUp(proposed: readonly CacheRule[] = PROPOSED): { plain: OverlapMap; shown: OverlapMap } {
  const index = createRuleSetIndex({ rules: RULES, credentialSets: [] });
  const plain = buildOverlapMap({ rules: RULES, trie: index.trie });
  return { plain, shown: withProposals(plain, proposed, index.trie) };
}

function at(map: OverlapMap, path: string): MapNode {
  const node = map.nodeAt(path);
  if (node === undefined) throw new Error(`no node at '${path}'`);
  return node;
}

describe('withProposals', () => {
  test('with no proposal the map is the very same object (the keystroke path pays nothing)', () => {
    const { plain, shown } = setUp([]);
    expect(shown).toBe(plain);
  });

  test('draws each proposed rule at its target, with the nodes it needs, marked as proposed', () => {
    const { shown } = setUp();
    expect(at(shown, 'docker-hub/bitnami').proposed).toEqual([{ index: 0, name: 'docker-hub-bitnami', source: 'docker.io/bitnami/*', kind: 'wildcard' }]);
    expect(at(shown, 'docker-hub/bitnami').proposedOnly).toBe(false);
    expect(at(shown, 'ghcr/fluxcd/flux').proposed.map((p) => p.name)).toEqual(['ghcr-fluxcd-flux']);
    // ghcr/ and ghcr/fluxcd/ exist only for the proposal
    expect(at(shown, 'ghcr').proposedOnly).toBe(true);
    expect(at(shown, 'ghcr/fluxcd').proposedOnly).toBe(true);
    expect(shown.root.children.map((c) => c.segment)).toEqual(['docker-hub', 'ghcr', 'hub', 'library']);
  });

  test('counts no proposed rule as a rule or a conflict, and leaves the conflicts list alone', () => {
    const { plain, shown } = setUp();
    expect(shown.root.ruleCount).toBe(plain.root.ruleCount);
    expect(shown.root.conflictCount).toBe(plain.root.conflictCount);
    expect(shown.conflicts).toBe(plain.conflicts);
    expect(at(shown, 'ghcr').ruleCount).toBe(0);
    expect(at(shown, 'docker-hub/bitnami').ruleCount).toBe(1);
  });

  test('shows what a proposed rule would meet if added: the static pinned under a proposed wildcard', () => {
    const { shown } = setUp();
    const overlaps = at(shown, 'docker-hub/bitnami').proposedOverlaps;
    expect(overlaps).toHaveLength(1);
    expect(overlaps[0]).toMatchObject({ kind: 'static-under-wildcard', proposed: 0, with: 3, refused: false });
    expect(overlaps[0]?.reason).toContain('docker-hub/bitnami/redis');
    expect(at(shown, 'ghcr/fluxcd/flux').proposedOverlaps).toEqual([]);
  });

  test('a proposed rule that would overlap a wildcard of the set is shown refused', () => {
    const { shown } = setUp([{ name: 'hub-library', source: 'docker.io/library/*', target: 'hub/library/*' }]);
    expect(at(shown, 'hub/library').proposedOverlaps.map((o) => [o.kind, o.with, o.refused])).toEqual(
      expect.arrayContaining([['wildcard-overlap', 1, true]]),
    );
  });

  test('shares every node off the proposals’ paths', () => {
    const { plain, shown } = setUp();
    expect(at(shown, 'library')).toBe(at(plain, 'library'));
    expect(at(shown, 'hub')).toBe(at(plain, 'hub'));
  });

  test('the ghosts are labelled proposed, named like rules, found by search and listed for "Show"', () => {
    const { shown } = setUp();
    const bitnami = at(shown, 'docker-hub/bitnami');
    expect(cellName(bitnami, null)).toBe('bitnami/*');
    expect(cellSummary(bitnami)).toBe('proposed · 1 rule');
    expect(cellSummary(at(shown, 'ghcr/fluxcd/flux'))).toBe('proposed');
    expect(cellSummary(at(shown, 'ghcr'))).toBe('proposed');
    expect(cellAriaLabel(at(shown, 'ghcr/fluxcd/flux'), null, () => '', { folded: false, blocked: false, covered: false, blocking: false })).toContain(
      'proposed static rule ghcr-fluxcd-flux, not in the draft yet',
    );
    expect(searchMap(shown.root, 'fluxcd-flux', RULES)).toEqual(['ghcr/fluxcd/flux']);
    expect(proposedPaths(shown, PROPOSED)).toEqual(['docker-hub/bitnami', 'ghcr/fluxcd/flux']);
  });

  test('the ghosts take rows in the layout like any node', () => {
    const { plain, shown } = setUp();
    const before = layoutIcicle(plain.root, { collapsed: new Set() });
    const after = layoutIcicle(shown.root, { collapsed: new Set() });
    expect(after.byPath.has('ghcr/fluxcd/flux')).toBe(true);
    expect(after.rows).toBe(before.rows + 1);
  });
});
