import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createRuleSetIndex, parseTargetRepository, TargetTrie, type CacheRule } from '../../../../core/index.ts';
import { ancestorPaths, buildOverlapMap, CANDIDATE, type MapCandidate, type MapNode, type OverlapMap } from '../../../../renderer/src/lib/map/overlap-tree.ts';

// The seed documentation's example set (acr-facts.md §2): wildcards under library/ pointing at
// different upstreams, a static rule, and a registry-level quay mirror.
const SEED: CacheRule[] = [
  { name: 'dotnet-mcr', source: 'mcr.microsoft.com/dotnet/*', target: 'library/dotnet/*' },
  { name: 'python-hub', source: 'docker.io/library/python/*', target: 'library/python/*', credentialSet: 'dockerhub' },
  { name: 'hello-world', source: 'docker.io/library/hello-world', target: 'hello-world', credentialSet: 'dockerhub' },
  { name: 'quay-all', source: 'quay.io/*', target: 'quay/*' },
  { name: 'dotnet-sdk-pin', source: 'mcr.microsoft.com/dotnet/sdk', target: 'library/dotnet/sdk' },
];

function mapOf(rules: CacheRule[], candidate?: MapCandidate) {
  const index = createRuleSetIndex({ rules, credentialSets: [] });
  return buildOverlapMap({ rules, trie: index.trie, candidate: candidate ?? null });
}

function node(map: ReturnType<typeof mapOf>, path: string): MapNode {
  const found = map.nodeAt(path);
  if (!found) throw new Error(`no node at '${path}'`);
  return found;
}

describe('buildOverlapMap', () => {
  test('the target namespace as a tree, wildcards and statics at their nodes', () => {
    const map = mapOf(SEED);
    expect(map.root.children.map((c) => c.segment)).toEqual(['hello-world', 'library', 'quay']);
    expect(node(map, 'library').children.map((c) => c.segment)).toEqual(['dotnet', 'python']);
    expect(node(map, 'library/dotnet').wildcards).toEqual([0]);
    expect(node(map, 'hello-world').statics).toEqual([2]);
    expect(node(map, 'quay').wildcards).toEqual([3]);
    expect(map.root.ruleCount).toBe(5);
    expect(map.nodeCount).toBe(7);
    expect(map.ghostPath).toBeNull();
  });

  test('a static rule under a wildcard is marked covered, with the allowed conflict described', () => {
    const map = mapOf(SEED);
    const sdk = node(map, 'library/dotnet/sdk');
    expect(map.covered(sdk)).toBe(true);
    expect(sdk.conflicts).toEqual([
      { kind: 'static-under-wildcard', rule: 4, with: 0, reason: "'library/dotnet/*' covers 'library/dotnet/sdk'", live: false, refused: false },
    ]);
    expect(map.covered(node(map, 'library/dotnet'))).toBe(false);
    expect(map.root.conflictCount).toBe(0);
  });

  test('the seed set has no refused conflicts; a saved overlapping pair is red at both nodes', () => {
    expect(mapOf(SEED).conflicts.filter((c) => c.refused)).toEqual([]);
    const map = mapOf([...SEED, { name: 'library-all', source: 'docker.io/library/*', target: 'library/*', credentialSet: 'dockerhub' }]);
    const refused = map.conflicts.filter((c) => c.refused);
    expect(refused.map((c) => [c.rule, c.with, c.reason])).toEqual([
      [5, 0, "'library/*' covers everything under 'library/dotnet/*'"],
      [5, 1, "'library/*' covers everything under 'library/python/*'"],
    ]);
    expect(node(map, 'library').wildcardConflict).toBe(true);
    expect(node(map, 'library/dotnet').wildcardConflict).toBe(true);
    expect(node(map, 'library/python').wildcardConflict).toBe(true);
    expect(node(map, 'quay').wildcardConflict).toBe(false);
    expect(map.root.conflictCount).toBe(3);
    expect(refused.every((c) => !c.live)).toBe(true);
  });

  test('the rule being edited is a ghost whose would-be conflicts light up before saving', () => {
    const map = mapOf(SEED, { target: 'library/*', replacing: null });
    expect(map.ghostPath).toBe('library');
    const library = node(map, 'library');
    expect(library.ghost).toBe('wildcard');
    expect(library.ghostOnly).toBe(false);
    expect(library.live).toBe(true);
    expect(library.wildcardConflict).toBe(true);
    expect(node(map, 'library/dotnet').live).toBe(true);
    expect(node(map, 'library/python').live).toBe(true);
    expect(node(map, 'quay').live).toBe(false);
    const live = map.conflicts.filter((c) => c.live && c.refused);
    expect(live.map((c) => [c.rule, c.with, c.reason])).toEqual([
      [CANDIDATE, 1, "'library/*' covers everything under 'library/python/*'"],
      [CANDIDATE, 0, "'library/*' covers everything under 'library/dotnet/*'"],
    ].sort((a, b) => Number(b[1]) - Number(a[1])));
    // the static pin under library/dotnet would also sit under the new wildcard: allowed, marked
    expect(map.conflicts.some((c) => c.live && c.kind === 'static-under-wildcard' && c.rule === 4)).toBe(true);
  });

  test('a ghost on a new path adds ghost-only nodes where the saved rule will be', () => {
    const map = mapOf(SEED, { target: 'library/node/*', replacing: null });
    const library = node(map, 'library');
    expect(library.children.map((c) => [c.segment, c.ghostOnly])).toEqual([
      ['dotnet', false],
      ['node', true],
      ['python', false],
    ]);
    expect(node(map, 'library/node').ghost).toBe('wildcard');
    expect(map.conflicts.filter((c) => c.live)).toEqual([]);
  });

  test('"*" as the ghost covers the whole registry and overlaps every wildcard', () => {
    const map = mapOf(SEED, { target: '*', replacing: null });
    expect(map.ghostPath).toBe('');
    expect(map.root.ghost).toBe('wildcard');
    expect(map.conflicts.filter((c) => c.live && c.kind === 'wildcard-overlap').map((c) => c.with).sort()).toEqual([0, 1, 3]);
    expect(map.covered(node(map, 'hello-world'))).toBe(true);
    expect(mapOf(SEED).covered(node(mapOf(SEED), 'hello-world'))).toBe(false);
  });

  test('editing a rule moves it: its old conflicts go, its saved node disappears when empty', () => {
    const rules = [...SEED, { name: 'library-all', source: 'docker.io/library/*', target: 'library/*', credentialSet: 'dockerhub' }];
    // edit quay-all (index 3) to a new prefix: the old quay node goes, the ghost appears at mirror/quay
    const moved = mapOf(rules, { target: 'mirror/quay/*', replacing: 3 });
    expect(moved.nodeAt('quay')).toBeUndefined();
    expect(node(moved, 'mirror/quay').ghost).toBe('wildcard');
    // fix the overlap by editing library-all (index 5) to a sibling prefix: no refused conflicts remain
    const fixed = mapOf(rules, { target: 'hub/*', replacing: 5 });
    expect(fixed.conflicts.filter((c) => c.refused)).toEqual([]);
    expect(node(fixed, 'library').wildcards).toEqual([]);
  });

  test('an unfinished target draws no ghost and changes nothing', () => {
    const map = mapOf(SEED, { target: 'library/Py', replacing: null });
    expect(map.ghostPath).toBeNull();
    expect(map.conflicts).toEqual(mapOf(SEED).conflicts);
  });

  test('duplicate static targets are red', () => {
    const map = mapOf(SEED, { target: 'hello-world', replacing: null });
    const hello = node(map, 'hello-world');
    expect(hello.ghost).toBe('static');
    expect(hello.staticConflict).toBe(true);
    expect(hello.conflicts[0]).toMatchObject({ kind: 'duplicate-target', rule: CANDIDATE, with: 2, live: true, refused: true });
  });

  test('ancestorPaths lists what must be open to show a path', () => {
    expect(ancestorPaths('library/dotnet/sdk')).toEqual(['', 'library', 'library/dotnet']);
    expect(ancestorPaths('')).toEqual([]);
  });
});

describe('buildOverlapMap on every keystroke', () => {
  test('the saved tree is built once per rule set; a keystroke shares every node it does not touch', () => {
    const index = createRuleSetIndex({ rules: SEED, credentialSets: [] });
    const typing = ['l', 'li', 'library/n', 'library/node/*'].map((target) => buildOverlapMap({ rules: SEED, trie: index.trie, candidate: { target, replacing: null } }));
    const quay = typing.map((m) => m.nodeAt('quay'));
    expect(new Set(quay).size).toBe(1);
    // the ghost's own branch is copied each time
    expect(typing[3]?.nodeAt('library')).not.toBe(typing[2]?.nodeAt('library'));
    expect(typing[3]?.nodeAt('library/dotnet')).toBe(typing[2]?.nodeAt('library/dotnet'));
  });

  const segment = fc.constantFrom('a', 'b', 'lib', 'x');
  const target = fc.oneof(
    fc.constant('*'),
    fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => s.join('/')),
    fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => `${s.join('/')}/*`),
  );

  test('property: the map with a ghost equals the map of the set with the candidate saved', () => {
    fc.assert(
      fc.property(fc.array(target, { maxLength: 12 }), target, fc.option(fc.nat(11), { nil: null }), (targets, candidate, replacingRaw) => {
        const rules: CacheRule[] = targets.map((t, i) => ({ name: `rule-${i}`, source: 'quay.io/x', target: t }));
        const replacing = replacingRaw !== null && replacingRaw < rules.length ? replacingRaw : null;
        const index = createRuleSetIndex({ rules, credentialSets: [] });
        const ghost = buildOverlapMap({ rules, trie: index.trie, candidate: { target: candidate, replacing } });
        // the same set with the candidate saved in place of the replaced rule
        const patterns = rules.map((_, i) => (i === replacing ? undefined : index.trie.patternOf(i)));
        const candidatePattern = parseTargetRepository(candidate);
        if (!candidatePattern.ok) return;
        const savedTrie = new TargetTrie([...patterns, candidatePattern.value]);
        const saved = buildOverlapMap({ rules, trie: savedTrie, candidate: null });

        const shape = (map: OverlapMap, n: MapNode): unknown => ({
          path: n.path,
          rules: n.ruleCount,
          conflicts: n.conflictCount,
          wildcardConflict: n.wildcardConflict,
          staticConflict: n.staticConflict,
          covered: map.covered(n),
          children: [...n.children].sort((p, q) => (p.segment < q.segment ? -1 : 1)).map((c) => shape(map, c)),
        });
        expect(shape(ghost, ghost.root)).toEqual(shape(saved, saved.root));
        expect(ghost.conflicts.filter((c) => c.refused).length).toBe(saved.conflicts.filter((c) => c.refused).length);
        expect(ghost.nodeCount).toBe(saved.nodeCount);
      }),
      { numRuns: 400 },
    );
  });
});
