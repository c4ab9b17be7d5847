// Issue 14's cold start: the bundle's lint of a valid 1,000-rule block-YAML file loads neither
// zod nor yaml (about 750 KB of code, 45 ms of the start), and loads them when a problem needs
// their words or their parse. The modules the process loads are logged by a loader hook.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { writeRuleSet } from '../../core/rule-set-file.ts';
import { makeRuleSet } from '../../test/bench/core.bench.ts';
import { ensureCliBundle } from '../../test/support/cli-runner.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'acr-cache-cold-'));

/** What the bundle loads for `acr-cache lint FILE`: which of zod and yaml, and the exit code. */
function lintLoads(name: string, text: string): { zod: boolean; yaml: boolean; code: number } {
  ensureCliBundle();
  const file = join(dir, name);
  writeFileSync(file, text);
  const log = join(dir, `${name}.modules`);
  writeFileSync(log, '');
  let code = 0;
  try {
    execFileSync(process.execPath, ['--import', join(ROOT, 'test/support/module-log.mjs'), join(ROOT, 'cli/dist/acr-cache.mjs'), 'lint', file], { env: { ...process.env, MODULE_LOG: log }, stdio: 'ignore' });
  } catch (error) {
    code = (error as { status: number }).status;
  }
  const loaded = readFileSync(log, 'utf8').split('\n').filter((url) => url.includes('/cli/dist/'));
  expect(loaded.length).toBeGreaterThan(1);
  const sources = loaded.map((url) => readFileSync(fileURLToPath(url), 'utf8'));
  // markers of the two libraries in their bundled chunks: zod's error class, yaml's mapping node
  return { zod: sources.some((s) => s.includes('ZodError')), yaml: sources.some((s) => s.includes('YAMLMap')), code };
}

describe('acr-cache lint cold path (bundle)', () => {
  test('a valid 1,000-rule block-YAML file: neither zod nor yaml is loaded', () => {
    expect(lintLoads('rules-1000.yaml', writeRuleSet(makeRuleSet(1_000), 'yaml'))).toEqual({ zod: false, yaml: false, code: 0 });
  });

  test('a rule-set problem ACR would refuse (lint errors, exit 1) needs neither', () => {
    const text = 'rules:\n  - name: hub\n    source: docker.io/library/nginx\n    target: nginx\n';
    expect(lintLoads('acr-problem.yaml', text)).toEqual({ zod: false, yaml: false, code: 1 });
  });

  test('a value only zod words (a name over the storage limit) loads zod; a comment-laden file with problems loads yaml', () => {
    // the full reader (core/rule-set-file.ts) comes with yaml too
    const long = `rules:\n  - name: ${'a'.repeat(201)}\n    source: docker.io/x\n    target: x\n`;
    expect(lintLoads('long-name.yaml', long)).toMatchObject({ zod: true, code: 2 });
    const commented = '# rules\nrules:\n  - name: hub-rule\n    source: docker.io/library/*\n    target: library/*\n# end\n';
    expect(lintLoads('commented.yaml', commented)).toMatchObject({ yaml: true, code: 1 });
  });
});
