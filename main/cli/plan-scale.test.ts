// `acr-cache plan` on many problems (issue 11.7): 400 rules sharing one target used to end in
// "Maximum call stack size exceeded" (79,800 pair problems spread into one push).
import { describe, expect, test } from 'vitest';
import { cliSandbox } from '../../test/support/cli-runner.ts';

const { file, run } = cliSandbox('acr-cache-plan-scale-');

const rules = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `rule-${String(i).padStart(5, '0')}`, source: `mcr.microsoft.com/app${i}`, target: 'shared/app' }));

describe('plan with many rules sharing a target', () => {
  test('400 and 1,000 rules: the text report and the JSON name one grouped problem, exit 1 (blocked)', async () => {
    const live = file('live.json', JSON.stringify({ rules: [], credentialSets: [] }));
    for (const n of [400, 1000]) {
      const draft = file(`draft-${n}.json`, JSON.stringify({ rules: rules(n), credentialSets: [] }));
      const text = await run(['plan', '--from', live, '--to', draft]);
      expect(text.stderr).toBe('');
      expect(text.code).toBe(1);
      expect(text.stdout).toMatch(new RegExp(`error\\s+duplicate-target\\s+rule-00000 \\+${(n - 1).toLocaleString('en-US')} more`));
      expect(text.stdout).toContain(`blocked: 1 error in the result`);
      const json = await run(['plan', '--from', live, '--to', draft, '--json']);
      const out = JSON.parse(json.stdout) as { problems: { code: string; rules?: string[] }[] };
      expect(out.problems.map((p) => [p.code, p.rules?.length])).toEqual([['duplicate-target', n]]);
    }
  }, 120_000);
});
