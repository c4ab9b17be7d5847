import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { naiveOverlaps, naiveTarget } from '../test/support/naive-rule-engine.ts';
import { pathArb, targetArb } from '../test/support/rule-arbitraries.ts';
import { CANDIDATE, findOverlaps, RepositoryIndex, repositoriesHitBy, TargetTrie, type TargetOverlap } from './overlap.ts';
import { parseTargetRepository, type RepositoryPattern } from './repository.ts';

function pattern(target: string): RepositoryPattern {
  const result = parseTargetRepository(target);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

function parsed(targets: readonly string[]): (RepositoryPattern | undefined)[] {
  return targets.map((t) => {
    const result = parseTargetRepository(t);
    return result.ok ? result.value : undefined;
  });
}

function pairs(overlaps: readonly TargetOverlap[]): string[] {
  return overlaps.map((o) => `${o.kind}:${o.rule}:${o.with}`).sort();
}

describe('the documented overlap examples', () => {
  test.each([
    [['*', 'library/*'], true],
    [['library/*', 'library/dotnet/*'], true],
    [['*', '*'], true],
    [['library/*', 'library/*'], true],
    [['lib/*', 'library/*'], false],
    [['library/dotnet/*', 'library/python/*'], false],
    [['dotnet/*', 'library/dotnet/*'], false],
  ])('%j overlap: %s', (targets, overlapping) => {
    const found = findOverlaps(parsed(targets));
    expect(found.some((o) => o.kind === 'wildcard-overlap')).toBe(overlapping);
  });

  test('a static rule may sit under a wildcard; it is reported as info material, not a conflict', () => {
    expect(findOverlaps(parsed(['*', 'library/dotnet']))).toEqual([{ kind: 'static-under-wildcard', rule: 1, with: 0, reason: 'under-wildcard' }]);
  });

  test('p/* does not cover p itself', () => {
    expect(findOverlaps(parsed(['library/*', 'library']))).toEqual([]);
  });

  test('two static rules with one target are a duplicate target', () => {
    expect(findOverlaps(parsed(['ubuntu', 'ubuntu']))).toEqual([{ kind: 'duplicate-target', rule: 1, with: 0, reason: 'same-target' }]);
  });

  test('one entry per pair, the later rule first, with the reason', () => {
    const found = findOverlaps(parsed(['library/dotnet/*', 'library/*', '*']));
    expect(found).toEqual(
      expect.arrayContaining([
        { kind: 'wildcard-overlap', rule: 1, with: 0, reason: 'rule-contains-with' },
        { kind: 'wildcard-overlap', rule: 2, with: 1, reason: 'rule-contains-with' },
        { kind: 'wildcard-overlap', rule: 2, with: 0, reason: 'rule-contains-with' },
      ]),
    );
    expect(found).toHaveLength(3);
  });

  test('rules whose target did not parse take no part', () => {
    expect(findOverlaps([undefined, pattern('*'), undefined])).toEqual([]);
  });
});

describe('incremental check of one candidate', () => {
  const trie = new TargetTrie(parsed(['library/*', 'library/dotnet', 'quay/*', 'hello-world']));

  test('a wildcard candidate meets the wildcards above, beside and below it, and the statics below', () => {
    expect(pairs(trie.overlapsOf(pattern('*')))).toEqual(
      [`wildcard-overlap:${CANDIDATE}:0`, `wildcard-overlap:${CANDIDATE}:2`, `static-under-wildcard:1:${CANDIDATE}`, `static-under-wildcard:3:${CANDIDATE}`].sort(),
    );
    expect(pairs(trie.overlapsOf(pattern('library/python/*')))).toEqual([`wildcard-overlap:${CANDIDATE}:0`]);
    expect(pairs(trie.overlapsOf(pattern('lib/*')))).toEqual([]);
  });

  test('a static candidate meets a static with its target and the wildcards above it', () => {
    expect(pairs(trie.overlapsOf(pattern('library/dotnet')))).toEqual([`duplicate-target:${CANDIDATE}:1`, `static-under-wildcard:${CANDIDATE}:0`].sort());
    expect(pairs(trie.overlapsOf(pattern('library')))).toEqual([]);
  });

  test('the rule being replaced is left out', () => {
    expect(pairs(trie.overlapsOf(pattern('library/dotnet'), 1))).toEqual([`static-under-wildcard:${CANDIDATE}:0`]);
    expect(pairs(trie.overlapsOf(pattern('library/*'), 0))).toEqual([`static-under-wildcard:1:${CANDIDATE}`]);
  });
});

describe('the trie as a visualizer sees it', () => {
  test('nodes hold their rules and counts of what lies below', () => {
    const trie = new TargetTrie(parsed(['library/*', 'library/dotnet', 'library/dotnet/*', '*']));
    expect(trie.root.wildcards).toEqual([3]);
    expect(trie.root.wildcardsBelow).toBe(2);
    expect(trie.root.staticsBelow).toBe(1);
    const library = trie.nodeAt('library');
    expect(library?.wildcards).toEqual([0]);
    expect(trie.nodeAt('library/dotnet')).toMatchObject({ path: 'library/dotnet', segment: 'dotnet', depth: 2, statics: [1], wildcards: [2] });
    expect(trie.nodeAt('nope')).toBeUndefined();
    expect(trie.wildcardsCovering('library/dotnet/sdk')).toEqual([2, 0, 3]);
  });
});

describe('existing repositories a target would hit', () => {
  const repositories = ['library/python', 'library/dotnet/sdk', 'libraryx', 'ubuntu', 'lib/a'];

  test('a static target hits the repository of its name', () => {
    expect(repositoriesHitBy(pattern('ubuntu'), repositories)).toEqual(['ubuntu']);
    expect(repositoriesHitBy(pattern('library'), repositories)).toEqual([]);
  });

  test('a wildcard hits what is strictly under its prefix, at segment boundaries', () => {
    expect(repositoriesHitBy(pattern('library/*'), repositories)).toEqual(['library/dotnet/sdk', 'library/python']);
    expect(repositoriesHitBy(pattern('lib/*'), repositories)).toEqual(['lib/a']);
    expect(repositoriesHitBy(pattern('*'), new RepositoryIndex(repositories))).toHaveLength(5);
    expect(repositoriesHitBy(pattern('library/*'), repositories, 1)).toEqual(['library/dotnet/sdk']);
    expect(repositoriesHitBy('library/*', repositories)).toEqual(['library/dotnet/sdk', 'library/python']);
    expect(repositoriesHitBy('Library/*', repositories)).toEqual([]);
  });

  test('agrees with a filter over the list', () => {
    fc.assert(
      fc.property(targetArb, fc.array(pathArb, { maxLength: 15 }), (target, repos) => {
        const p = parseTargetRepository(target);
        if (!p.ok) return;
        const t = naiveTarget(target);
        const expected = [...new Set(repos)]
          .filter((r) => (t?.wildcard ? t.path === '' || r.startsWith(t.path + '/') : r === t?.path))
          .sort();
        expect(repositoriesHitBy(p.value, repos)).toEqual(expected);
      }),
    );
  });
});

describe('agreement with a naive pairwise check', () => {
  test('whole-set conflicts equal the pairwise ones on random sets', () => {
    fc.assert(
      fc.property(fc.array(targetArb, { maxLength: 25 }), (targets) => {
        const fast = pairs(findOverlaps(parsed(targets)));
        const naive = naiveOverlaps(targets.map(naiveTarget))
          .map((o) => `${o.kind}:${o.rule}:${o.with}`)
          .sort();
        expect(fast).toEqual(naive);
      }),
      { numRuns: 500 },
    );
  });

  test('the trie walk finds the same conflicts as the hashing whole-set check', () => {
    fc.assert(
      fc.property(fc.array(targetArb, { maxLength: 25 }), (targets) => {
        const p = parsed(targets);
        expect(pairs(new TargetTrie(p).overlaps())).toEqual(pairs(findOverlaps(p)));
      }),
      { numRuns: 500 },
    );
  });

  test('the incremental check finds exactly the pairwise conflicts of the candidate', () => {
    fc.assert(
      fc.property(fc.array(targetArb, { maxLength: 20 }), targetArb, fc.nat(), (targets, candidate, pick) => {
        const c = parseTargetRepository(candidate);
        if (!c.ok) return;
        const replacing = targets.length > 0 && pick % 3 === 0 ? pick % targets.length : CANDIDATE;
        const trie = new TargetTrie(parsed(targets));
        // The naive view: the candidate appended as the last rule (or in place of the replaced one).
        const all = targets.map(naiveTarget);
        if (replacing !== CANDIDATE) all[replacing] = undefined;
        all.push(naiveTarget(candidate));
        const me = all.length - 1;
        const naive = naiveOverlaps(all)
          .filter((o) => o.rule === me || o.with === me)
          .map((o) => `${o.kind}:${o.rule === me ? CANDIDATE : o.rule}:${o.with === me ? CANDIDATE : o.with}`)
          .sort();
        expect(pairs(trie.overlapsOf(c.value, replacing))).toEqual(naive);
      }),
      { numRuns: 500 },
    );
  });
});
