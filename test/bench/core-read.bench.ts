// Reading a 1,000-rule set (core/rule-set-file.ts readRuleSet) in each input format, so the strict
// checks of the reader (duplicate keys, nesting depth, encodings, message caps) are measured
// against the plain parse: the parse itself beside JSON.parse / YAML parse alone as the baseline.

import { parse as parseYaml } from 'yaml';
import { readRuleSet, writeRuleSet } from '../../core/rule-set-file.ts';
import { makeRuleSet } from './core.bench.ts';
import type { BenchRow } from './bench-row.ts';

/** Median wall time of `fn` in ms over `runs` runs, after two unmeasured ones. */
function medianMs(fn: () => unknown, runs: number): number {
  fn();
  fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

let sink = 0;

export default async function coreReadBench(): Promise<BenchRow[]> {
  const set = makeRuleSet(1_000);
  const json = writeRuleSet(set, 'json');
  const yaml = writeRuleSet(set, 'yaml');
  const az = JSON.stringify(set.rules.map((r) => ({ name: r.name, sourceRepository: r.source, targetRepository: r.target })), null, 2);
  const read = (text: string) => () => {
    const result = readRuleSet(text);
    if (result.ok) sink += result.ruleSet.rules.length;
  };
  const rows: BenchRow[] = [
    { suite: 'core', case: 'parse 1,000 rules, JSON (readRuleSet vs JSON.parse alone)', value: medianMs(read(json), 41), unit: 'ms', baseline: medianMs(() => (sink += (JSON.parse(json) as { rules: unknown[] }).rules.length), 41) },
    { suite: 'core', case: 'parse 1,000 rules, YAML (readRuleSet vs YAML parse alone)', value: medianMs(read(yaml), 21), unit: 'ms', baseline: medianMs(() => (sink += (parseYaml(yaml) as { rules: unknown[] }).rules.length), 21) },
    { suite: 'core', case: "parse 1,000 rules, 'az acr cache list' JSON (readRuleSet vs JSON.parse alone)", value: medianMs(read(az), 41), unit: 'ms', baseline: medianMs(() => (sink += (JSON.parse(az) as unknown[]).length), 41) },
  ];
  if (sink === -1) rows.push({ suite: 'core', case: 'unreachable', value: 0, unit: '' });
  return rows;
}
