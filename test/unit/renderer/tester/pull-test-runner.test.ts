import { describe, expect, test, vi } from 'vitest';
import { createResolver, type RuleSet } from '../../../../core/index.ts';
import { PullTestRunner, SYNC_LIMIT } from '../../../../renderer/src/lib/tester/pull-test-runner.svelte.ts';
import { indexRules } from '../../../../renderer/src/lib/tester/pull-test.ts';

const SET: RuleSet = { registry: 'contoso.azurecr.io', rules: [{ name: 'mcr-all', source: 'mcr.microsoft.com/*', target: 'mcr/*' }], credentialSets: [] };

describe('PullTestRunner', () => {
  const resolver = createResolver(SET);
  const index = indexRules(SET.rules);

  test('a small paste is tested at once', () => {
    const state = new PullTestRunner().request('contoso.azurecr.io/mcr/dotnet/sdk:8.0', SET, resolver, index);
    expect(state.pending).toBe(false);
    expect(state.test.rows[0]?.outcome).toBe('wildcard');
  });

  test('a large paste is read off the keystroke path: pending first, the result later, a stale one dropped', async () => {
    const big = Array.from({ length: 3000 }, (_, i) => `kind: Pod\nspec: { containers: [ { name: c, image: contoso.azurecr.io/mcr/app${i}:1 } ] }`).join('\n---\n');
    expect(big.length).toBeGreaterThan(SYNC_LIMIT);
    const runner = new PullTestRunner();
    const first = runner.request(big, SET, resolver, index);
    expect(first).toMatchObject({ pending: true, test: { rows: [] } });
    // typing on: the request for the older text is superseded
    const newer = big + '\n---\nimage: nginx:1.27';
    runner.request(newer, SET, resolver, index);
    await vi.waitFor(() => expect(runner.request(newer, SET, resolver, index).pending).toBe(false), { timeout: 10_000 });
    const done = runner.request(newer, SET, resolver, index);
    expect(done.test.summary).toMatchObject({ total: 3001, wildcard: 3000, bypass: 1 });
    expect(runner.request(big, SET, resolver, index).pending).toBe(true);
    runner.dispose();
  });
});
