// `npm run bench [FILTER] [--json] [--strict]`: runs every test/bench/*.bench.ts module (each
// default-exports `async () => BenchRow[]`) and prints one table. FILTER picks modules whose file
// name contains it; if no file name does, all modules run and only rows whose suite or case
// contains it are shown. --json prints the rows as JSON instead; --strict exits 1 when a row
// misses its target (timings vary between machines, so by default a miss is only reported).

import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchModule, BenchRow } from './bench-row.ts';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const json = args.includes('--json');
const strict = args.includes('--strict');
const filter = args.find((a) => !a.startsWith('--'));

const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
const byName = filter === undefined ? files : files.filter((f) => f.includes(filter));
const selected = byName.length > 0 ? byName : files;
const rowFilter = filter !== undefined && byName.length === 0 ? filter : undefined;

function formatNumber(value: number | undefined): string {
  if (value === undefined) return '';
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

function table(rows: readonly BenchRow[]): string {
  const header = ['suite', 'case', 'value', 'baseline', 'target', 'pass'];
  const cells = rows.map((r) => [
    r.suite,
    r.case,
    `${formatNumber(r.value)} ${r.unit}`,
    r.baseline === undefined ? '' : `${formatNumber(r.baseline)} ${r.unit}`,
    r.target ?? '',
    r.pass === undefined ? '' : r.pass ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
  const numeric = new Set([2, 3]);
  const line = (c: readonly string[]): string =>
    c.map((v, i) => (numeric.has(i) ? v.padStart(widths[i] as number) : v.padEnd(widths[i] as number))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

const rows: BenchRow[] = [];
for (const file of selected) {
  const module = (await import(pathToFileURL(join(here, file)).href)) as { default?: unknown };
  if (typeof module.default !== 'function') {
    process.stderr.write(`bench: ${file} has no default export of type () => Promise<BenchRow[]>; skipped\n`);
    continue;
  }
  if (!json) process.stderr.write(`bench: running ${file}…\n`);
  const produced = await (module.default as BenchModule)();
  rows.push(...produced.filter((r) => rowFilter === undefined || r.suite.includes(rowFilter) || r.case.includes(rowFilter)));
}

if (json) process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
else process.stdout.write(table(rows) + '\n');
const missed = rows.filter((r) => r.pass === false);
if (missed.length > 0 && !json) process.stderr.write(`bench: ${missed.length} row(s) missed their target\n`);
if (strict && missed.length > 0) process.exitCode = 1;
