// Cold start of `acr-cache lint` on a 1,000-rule file, as CI pays it on every run: a fresh node
// process each time, the built bundle (cli/dist/acr-cache.mjs) beside the dev path (sources
// compiled by tsx through bin/acr-cache.mjs). `node -e 0` is measured too: node's own start-up is
// the floor on this machine, and on a loaded 2-core machine it moves everything. Each is reported
// as wall time and as CPU time (user + system, steadier under load), with the load average seen
// before and after the runs in the suite's name.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeRuleSet } from '../../core/rule-set-file.ts';
import type { BenchRow } from './bench-row.ts';
import { makeRuleSet } from './core.bench.ts';

const root = new URL('../..', import.meta.url).pathname;
const RUNS = 21;

interface Sample {
  wall: number;
  /** user + system CPU time of the process: steadier than wall time when the machine is busy. */
  cpu: number;
}

/** One process under GNU time (`/usr/bin/time`), which reports its CPU time. */
function once(args: string[], env: Record<string, string> = {}): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    execFile('/usr/bin/time', ['-f', 'TIME %U %S', process.execPath, ...args], { env: { ...process.env, ...env } }, (error, _stdout, stderr) => {
      const wall = performance.now() - start;
      // lint exits 1 when the set has errors; anything else is a broken run
      if (error && (error as { code?: unknown }).code !== 1) return reject(error);
      const match = /TIME ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
      if (!match) return reject(new Error(`no CPU time in: ${stderr.slice(-200)}`));
      resolve({ wall, cpu: (Number(match[1]) + Number(match[2])) * 1000 });
    });
  });
}

const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function medianOf(args: string[], env?: Record<string, string>): Promise<Sample> {
  await once(args, env); // warm the file system cache
  const samples: Sample[] = [];
  for (let i = 0; i < RUNS; i++) samples.push(await once(args, env));
  return { wall: median(samples.map((s) => s.wall)), cpu: median(samples.map((s) => s.cpu)) };
}

export default async function cliStartBench(): Promise<BenchRow[]> {
  execFileSync(process.execPath, ['cli/build.mjs'], { cwd: root, stdio: 'ignore' });
  const dir = mkdtempSync(join(tmpdir(), 'acr-cache-bench-'));
  try {
    const file = join(dir, 'rules-1000.yaml');
    writeFileSync(file, writeRuleSet(makeRuleSet(1_000), 'yaml'));
    const loadBefore = loadavg()[0] as number;
    const floor = await medianOf(['-e', '0']);
    const bundle = await medianOf([join(root, 'cli/dist/acr-cache.mjs'), 'lint', file]);
    const tsx = await medianOf([join(root, 'bin/acr-cache.mjs'), 'lint', file], { ACR_CACHE_FROM_SOURCES: '1' });
    const load = `load average ${loadBefore.toFixed(2)} → ${(loadavg()[0] as number).toFixed(2)}`;
    const suite = `cli cold start (median of ${RUNS} processes; ${load})`;
    const lint = 'acr-cache lint, 1,000 rules';
    return [
      { suite, case: `${lint}, wall: bundle (baseline: tsx from sources)`, value: bundle.wall, unit: 'ms', baseline: tsx.wall, target: '< 150 ms', pass: bundle.wall < 150 },
      { suite, case: `${lint}, CPU user+sys: bundle (baseline: tsx)`, value: bundle.cpu, unit: 'ms', baseline: tsx.cpu },
      { suite, case: "node -e 0 (node's own start-up, the floor), wall", value: floor.wall, unit: 'ms' },
      { suite, case: 'node -e 0, CPU user+sys', value: floor.cpu, unit: 'ms' },
      { suite, case: `${lint} above node -e 0, wall: bundle (baseline: tsx)`, value: bundle.wall - floor.wall, unit: 'ms', baseline: tsx.wall - floor.wall },
      { suite, case: `${lint} above node -e 0, CPU: bundle (baseline: tsx)`, value: bundle.cpu - floor.cpu, unit: 'ms', baseline: tsx.cpu - floor.cpu },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
