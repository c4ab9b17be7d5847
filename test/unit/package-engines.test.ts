// Packaging hygiene (issue 9.13): package.json's `engines.node` is no looser than the build
// toolchain's own: electron-builder rebuilds native modules with @electron/rebuild, which needs
// node >= 22.12, and electron-vite / vite state theirs. A floor below any of them would let
// `npm install` pass on a node that cannot pack the app. Read from the installed packages, so a
// toolchain upgrade that raises its floor fails here until engines follows.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const engines = (path: string): string | undefined => (JSON.parse(readFileSync(resolve(root, path), 'utf8')) as { engines?: { node?: string } }).engines?.node;

type Version = [number, number, number];
const parse = (v: string): Version => v.split('.').map(Number) as Version;
const atLeast = (a: Version, b: Version): boolean => a[0] !== b[0] ? a[0] > b[0] : a[1] !== b[1] ? a[1] > b[1] : a[2] >= b[2];

/** The lowest version a `>=x.y.z` range admits; undefined for any other form (then it is no open floor). */
function openFloor(range: string): Version | undefined {
  const m = /^>=\s*(\d+\.\d+\.\d+)$/.exec(range.trim());
  return m ? parse(m[1] as string) : undefined;
}

/** Whether every node from `floor` up satisfies `range` (alternatives `||`, each `>=x.y.z` or `^x.y.z`). */
function admitsFrom(range: string, floor: Version): boolean {
  return range.split('||').some((alt) => {
    const open = openFloor(alt);
    return open !== undefined && atLeast(floor, open);
  });
}

describe('engines.node', () => {
  const ours = engines('package.json');
  test('is one open floor (>=x.y.z)', () => {
    expect(ours).toBeDefined();
    expect(openFloor(ours as string)).toBeDefined();
  });
  for (const tool of ['@electron/rebuild', 'electron-vite', 'vite']) {
    test(`admits only node versions ${tool} supports`, () => {
      const theirs = engines(`node_modules/${tool}/package.json`);
      expect(theirs, `${tool} states no engines.node`).toBeDefined();
      expect(admitsFrom(theirs as string, openFloor(ours as string) as Version), `package.json engines.node '${ours}' admits node versions ${tool} ('${theirs}') does not`).toBe(true);
    });
  }
  test('the check itself: a floor below a tool\'s is caught', () => {
    expect(admitsFrom('>=22.12.0', parse('20.19.0'))).toBe(false);
    expect(admitsFrom('^20.19.0 || >=22.12.0', parse('22.12.0'))).toBe(true);
    expect(admitsFrom('^20.19.0 || >=22.12.0', parse('20.19.0'))).toBe(false);
  });
});
