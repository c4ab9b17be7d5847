// The executor's limiter hook on a fake clock (vitest's timers, Date included): which writes go
// when, in logical time; nothing here measures real durations.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RuleSet } from '../../core/model.ts';
import { planChanges } from '../../core/plan.ts';
import { executePlan, type RegistryWriter } from './executor.ts';

const draft = (n: number): RuleSet => ({
  registry: 'contosocache.azurecr.io',
  credentialSets: [],
  rules: Array.from({ length: n }, (_, i) => ({ name: `rule-${i}`, source: `mcr.microsoft.com/teams/team-${i}/app`, target: `apps/team-${i}` })),
});
const empty: RuleSet = { registry: 'contosocache.azurecr.io', credentialSets: [], rules: [] };

function writer(create: (name: string) => Promise<unknown>): RegistryWriter {
  const none = async () => null;
  return { createCacheRule: (rule) => create(rule.name), updateCacheRuleCredentials: none, deleteCacheRule: none, createCredentialSet: none, updateCredentialSet: none, deleteCredentialSet: none, readCacheRule: none, readCredentialSet: none };
}

const throttled = (retryAfterMs: number) => Object.assign(new Error('Too many requests'), { code: 'throttled', retryAfterMs });

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('throttling in the executor', () => {
  it('an isolated burst of 429s without budget headers makes only the refused writes wait their Retry-After', async () => {
    const calls: Array<{ name: string; at: number }> = [];
    let refusals = 2;
    const apply = executePlan(
      planChanges(empty, draft(12), { prune: false }),
      writer(async (name) => {
        calls.push({ name, at: Date.now() });
        if (refusals-- > 0) throw throttled(10_000);
        await new Promise((r) => setTimeout(r, 20));
      }),
      { concurrency: 4, verify: false },
    );
    await vi.advanceTimersByTimeAsync(30_000);
    const outcome = await apply;
    expect(outcome).toMatchObject({ succeeded: 12, failed: 0, throttled: 2 });
    const refused = calls.slice(0, 2).map((c) => c.name);
    const retries = calls.filter((c, i) => i >= 2 && refused.includes(c.name));
    const others = calls.filter((c) => !refused.includes(c.name));
    // the refused writes honour their Retry-After…
    expect(retries.map((c) => c.at >= 10_000)).toEqual([true, true]);
    // …while every other write went on before it ended
    expect(others).toHaveLength(10);
    expect(others.every((c) => c.at < 10_000)).toBe(true);
  });

  it('429s on every write in flight pause the whole bucket: nothing new is sent before the Retry-After', async () => {
    const calls: number[] = [];
    let refusals = 4;
    const apply = executePlan(
      planChanges(empty, draft(8), { prune: false }),
      writer(async () => {
        calls.push(Date.now());
        if (refusals-- > 0) {
          await new Promise((r) => setTimeout(r, 5));
          throw throttled(3_000);
        }
      }),
      { concurrency: 4, verify: false },
    );
    await vi.advanceTimersByTimeAsync(10_000);
    const outcome = await apply;
    expect(outcome).toMatchObject({ succeeded: 8, failed: 0, throttled: 4 });
    expect(calls.slice(0, 4).every((at) => at < 3_000)).toBe(true);
    expect(calls.slice(4).every((at) => at >= 3_000)).toBe(true);
  });

  it('a write waiting out its Retry-After gives its slot back: the other operations run meanwhile', async () => {
    const calls: Array<{ name: string; at: number }> = [];
    let refusals = 1;
    const apply = executePlan(
      planChanges(empty, draft(6), { prune: false }),
      writer(async (name) => {
        calls.push({ name, at: Date.now() });
        if (refusals-- > 0) throw throttled(10_000);
        await new Promise((r) => setTimeout(r, 3_000));
      }),
      // two slots, 3 s a write: with one slot held through the 10 s Retry-After, the sixth write would start at 12 s
      { concurrency: 2, verify: false },
    );
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await apply).toMatchObject({ succeeded: 6, failed: 0, throttled: 1 });
    const refused = calls[0]!.name;
    const others = calls.filter((c) => c.name !== refused);
    expect(others).toHaveLength(5);
    expect(others.every((c) => c.at < 10_000)).toBe(true);
    expect(calls.filter((c) => c.name === refused).map((c) => c.at >= 10_000)).toEqual([false, true]);
  });

  it('never more operations at work than the concurrency, while refused writes wait and come back', async () => {
    let working = 0;
    let most = 0;
    let refusals = 6;
    const apply = executePlan(
      planChanges(empty, draft(20), { prune: false }),
      writer(async () => {
        working++;
        most = Math.max(most, working);
        try {
          await new Promise((r) => setTimeout(r, 50));
          if (refusals-- > 0) throw throttled(200);
        } finally {
          working--;
        }
      }),
      { concurrency: 3, verify: false },
    );
    await vi.advanceTimersByTimeAsync(30_000);
    expect(await apply).toMatchObject({ succeeded: 20, failed: 0, throttled: 6 });
    expect(most).toBeLessThanOrEqual(3);
  });

  it('a refused delete of a replace is not an open replace: other rules are replaced while it waits, and at most `concurrency` rules are missing at once', async () => {
    const live = new Map(draft(6).rules.map((r) => [r.name, r]));
    let mostMissing = 0;
    let refusals = 1;
    const calls: Array<{ op: string; name: string; at: number }> = [];
    const moved: RuleSet = { ...draft(6), rules: draft(6).rules.map((r) => ({ ...r, target: `moved/${r.target}` })) };
    const apply = executePlan(planChanges(draft(6), moved, { prune: false }), {
      ...writer(async () => null),
      deleteCacheRule: async (name) => {
        calls.push({ op: 'delete', name, at: Date.now() });
        if (refusals-- > 0) throw throttled(10_000);
        await new Promise((r) => setTimeout(r, 20));
        live.delete(name);
        mostMissing = Math.max(mostMissing, 6 - live.size);
      },
      createCacheRule: async (rule) => {
        calls.push({ op: 'create', name: rule.name, at: Date.now() });
        await new Promise((r) => setTimeout(r, 20));
        live.set(rule.name, rule);
      },
    }, { concurrency: 2, verify: false });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(await apply).toMatchObject({ succeeded: 12, failed: 0, throttled: 1 });
    const refused = calls[0]!.name;
    // the five other rules were replaced before the refused delete came back
    expect(calls.filter((c) => c.name !== refused).every((c) => c.at < 10_000)).toBe(true);
    expect(mostMissing).toBeLessThanOrEqual(2);
  });
});
