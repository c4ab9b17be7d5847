import { describe, expect, test } from 'vitest';
import { baselineOf, createRuleSetIndex, parseTargetRepository, RepositoryIndex, type CacheRule, type RepositoryPattern } from '../../../../core/index.ts';
import { cellSummary } from '../../../../renderer/src/lib/map/map-labels.ts';
import { blockedBy, repositoryBlockers, rulesToCheck } from '../../../../renderer/src/lib/map/map-repositories.ts';
import { buildOverlapMap, CANDIDATE } from '../../../../renderer/src/lib/map/overlap-tree.ts';

const RULES: CacheRule[] = [
  { name: 'dotnet-mcr', source: 'mcr.microsoft.com/dotnet/*', target: 'library/dotnet/*' },
  { name: 'hello-world', source: 'docker.io/library/hello-world', target: 'hello-world' },
];
const REPOSITORIES = ['library/dotnet/sdk', 'library/dotnet/runtime', 'teams/payments/api', 'hello-world'];

function pattern(target: string): RepositoryPattern {
  const parsed = parseTargetRepository(target);
  if (!parsed.ok) throw new Error(target);
  return parsed.value;
}

describe('the registry\'s repositories on the map', () => {
  const index = createRuleSetIndex({ rules: RULES, credentialSets: [] });

  test('each existing repository is a node, merged with the rules\' namespace, and counted on its ancestors', () => {
    const map = buildOverlapMap({ rules: RULES, trie: index.trie, repositories: REPOSITORIES });
    expect(map.nodeAt('teams/payments/api')?.repository).toBe(true);
    expect(map.nodeAt('teams/payments')?.repository).toBe(false);
    expect(map.nodeAt('library/dotnet')?.wildcards).toEqual([0]);
    expect(map.nodeAt('library/dotnet')?.children.map((c) => c.segment)).toEqual(['runtime', 'sdk']);
    // a static rule's node can be an existing repository as well
    expect(map.nodeAt('hello-world')?.repository).toBe(true);
    expect(map.root.repositoryCount).toBe(4);
    expect(map.root.ruleCount).toBe(2);
    expect(cellSummary(map.nodeAt('library/dotnet')!)).toBe('1 rule · 2 repositories');
    expect(cellSummary(map.nodeAt('teams')!)).toBe('1 repository');
  });

  test('the rule being edited keeps the repositories: a keystroke copies only the nodes it touches', () => {
    const saved = buildOverlapMap({ rules: RULES, trie: index.trie, repositories: REPOSITORIES });
    const typing = buildOverlapMap({ rules: RULES, trie: index.trie, repositories: REPOSITORIES, candidate: { target: 'teams/*', replacing: null } });
    expect(typing.nodeAt('teams')?.ghost).toBe('wildcard');
    expect(typing.nodeAt('teams')?.repositoryCount).toBe(1);
    expect(typing.nodeAt('library')).toBe(saved.nodeAt('library'));
    expect(typing.root.repositoryCount).toBe(4);
  });

  test('a wildcard over existing repositories and a static target that exists are blocked, and the repositories say which rule they block', () => {
    const repositories = new RepositoryIndex(REPOSITORIES);
    const blockers = repositoryBlockers({ repositories, saved: [[1, pattern('hello-world')]], candidate: pattern('teams/*') });
    expect(blockers.map((b) => [b.rule, b.code, b.path])).toEqual([
      [CANDIDATE, 'TargetRepositoryPrefixMatchesExistingRegistries', 'teams'],
      [1, 'TargetRepositoryAlreadyPresentInRegistry', 'hello-world'],
    ]);
    expect(blockers[0]?.reason).toContain("covers 1 existing repository ('teams/payments/api')");
    expect(blockedBy('teams/payments/api', blockers).map((b) => b.rule)).toEqual([CANDIDATE]);
    expect(blockedBy('hello-world', blockers).map((b) => b.rule)).toEqual([1]);
    expect(blockedBy('library/dotnet/sdk', blockers)).toEqual([]);
  });

  test('a draft checks every rule against the registry it came from except those still exactly as imported', () => {
    const baseline = baselineOf({ rules: RULES, credentialSets: [] });
    expect(rulesToCheck(RULES, baseline)).toEqual([]);
    const edited = [RULES[0]!, { ...RULES[1]!, source: 'docker.io/library/hello-world-2' }, { name: 'new', source: 'quay.io/x/*', target: 'teams/*' }];
    expect(rulesToCheck(edited, baseline)).toEqual([1, 2]);
    // checked against another registry, nothing is exempt
    expect(rulesToCheck(RULES, null)).toEqual([0, 1]);
  });
});
