// The CLI's one-parse read gives what core's readRuleSet gives (apart from naming YAML input
// 'yaml' where ruleSetFromData would say 'json'), for every kind of input, and keeps the
// document for positions only when it parsed YAML cleanly.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { readRuleSet } from '../../core/rule-set-file.ts';
import { readRuleSetOnce } from './read-once.ts';
import type { InputFormat } from './rule-set-input.ts';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

const CASES: [string, string, InputFormat][] = [
  ['example', read('examples/rules.yaml'), 'auto'],
  ['golden sample', read('core/export/__golden__/sample.yaml'), 'yaml'],
  ['az output as YAML', '- name: hub\n  sourceRepository: docker.io/library/*\n  targetRepository: library/*\n', 'auto'],
  ['JSON', read('examples/live.json'), 'auto'],
  ['JSON read as YAML', '{"rules": [{"name": "dotnet-mcr", "source": "mcr.microsoft.com/dotnet/*", "target": "dotnet/*"}]}', 'yaml'],
  ['BOM', '\ufeffrules: []\n', 'auto'],
  ['empty', '   \n', 'auto'],
  ['syntax error', 'rules:\n  - name: [unclosed\n', 'auto'],
  ['duplicate key', 'rules: []\nrules: []\n', 'auto'],
  ['aliases and unknown fields', 'x: &r {name: a-rule, source: docker.io/x, target: x}\nrules:\n  - *r\n  - {name: b-rule, source: docker.io/y, target: y, colour: red}\n', 'auto'],
  ['wrong types', 'rules:\n  - name: 42\n    source: docker.io/x\n    target: x\n', 'auto'],
  ['a scalar', 'just text\n', 'auto'],
];

describe('readRuleSetOnce', () => {
  for (const [name, text, format] of CASES) {
    test(`${name}: the same result as readRuleSet`, async () => {
      const once = await readRuleSetOnce(text, format);
      const core = readRuleSet(text, { format });
      const { format: a, ...restOnce } = once.result;
      const { format: b, ...restCore } = core;
      expect(restOnce).toEqual(restCore);
      if (a !== b) expect([a, b]).toEqual(['yaml', 'json']);
      if (once.document !== undefined) expect(once.result.ok || core.ok === false).toBe(true);
    });
  }

  test('a YAML file keeps its document; JSON and broken YAML do not', async () => {
    expect((await readRuleSetOnce(read('examples/rules.yaml'), 'auto')).document).toBeDefined();
    expect((await readRuleSetOnce(read('examples/live.json'), 'auto')).document).toBeUndefined();
    expect((await readRuleSetOnce('rules:\n  - name: [x\n', 'auto')).document).toBeUndefined();
  });
});
