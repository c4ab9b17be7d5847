// Run in a child process with a small --max-old-space-size by core/validate-scale.test.ts: lints
// rule sets of 100,000 clashing rules and prints what it found, one JSON line per set. Before
// problems were grouped, the first of these needed 5·10⁹ pair problems and ran out of memory.
import { validateRuleSet } from '../../core/validate.ts';
import type { CacheRule } from '../../core/model.ts';

const N = Number(process.argv[2] ?? 100_000);
const name = (i: number): string => `rule-${String(i).padStart(6, '0')}`;

const sets: Record<string, (i: number) => CacheRule> = {
  'one static target': (i) => ({ name: name(i), source: `mcr.microsoft.com/app${i}`, target: 'shared/app' }),
  'one wildcard prefix': (i) => ({ name: name(i), source: `mcr.microsoft.com/team${i}/*`, target: 'shared/*' }),
  'nested prefixes': (i) => ({ name: name(i), source: `mcr.microsoft.com/team${i}/*`, target: i % 2 === 0 ? 'a/*' : 'a/b/*' }),
  'one name': (i) => ({ name: 'same-name', source: `mcr.microsoft.com/app${i}`, target: `app${i}` }),
};

for (const [label, make] of Object.entries(sets)) {
  const rules = Array.from({ length: N }, (_, i) => make(i));
  const problems = validateRuleSet({ rules, credentialSets: [] });
  const byCode: Record<string, number> = {};
  for (const p of problems) byCode[p.code] = (byCode[p.code] ?? 0) + 1;
  const largest = Math.max(0, ...problems.slice(0, 100).map((p) => p.message.length));
  process.stdout.write(JSON.stringify({ label, problems: problems.length, byCode, largestMessage: largest, heapMB: Math.round(process.memoryUsage().heapUsed / 2 ** 20) }) + '\n');
}
