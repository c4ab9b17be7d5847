import fc from 'fast-check';
import { expect, test } from 'vitest';
import { editDistance } from './edit-distance.ts';

/** Levenshtein distance, the textbook table: the reference the bounded version must agree with. */
function levenshtein(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = rows[i] as number[];
      const above = rows[i - 1] as number[];
      row[j] = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}

test('gives the exact distance up to the limit and something past it beyond', () => {
  // short words over a small alphabet, so shared prefixes, suffixes and near-misses are common
  const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '-', '1'), maxLength: 12 });
  fc.assert(
    fc.property(word, word, fc.integer({ min: 0, max: 4 }), (a, b, limit) => {
      const exact = levenshtein(a, b);
      const bounded = editDistance(a, b, limit);
      if (exact <= limit) expect(bounded).toBe(exact);
      else expect(bounded).toBeGreaterThan(limit);
    }),
    { numRuns: 3000 },
  );
});

test('names one slip between look-alike segment names', () => {
  expect(editDistance('libary', 'library', 2)).toBe(1);
  expect(editDistance('mirror-120', 'mirror-128', 3)).toBe(1);
  expect(editDistance('team5', 'team5', 1)).toBe(0);
  expect(editDistance('missing-1', 'mirror-12', 3)).toBeGreaterThan(3);
});
