// The rule editor's sync estimate (issue 16.4): asked after a pause, only when what it depends on
// changed, the older request cancelled and its late answer dropped; the line's wording for each
// state. Timers are driven by hand: nothing here waits on the clock.
import '@testing-library/jest-dom/vitest';
import { render, screen } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { describe, expect, test } from 'vitest';
import type { CacheRule } from '../../../../core/index.ts';
import type { DesktopApi, RegistryRef, SyncEstimateRequest, SyncEstimateView } from '../../../../preload/api.ts';
import SyncEstimateLine from '../../../../renderer/src/lib/components/workspace/rule-editor/SyncEstimateLine.svelte';
import { estimateRuleOf, SyncEstimate, type EstimateTimers } from '../../../../renderer/src/lib/editor/sync-estimate.svelte.ts';

const REGISTRY: RegistryRef = { accountId: 'AzureCloud|user', tenantId: '00000000-0000-0000-0000-000000000001', registryId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/contosocache' };
const RULE: CacheRule = { name: 'mcr-cli', source: 'mcr.microsoft.com/azure-cli', target: 'azure-cli', syncMode: 'ActiveSync', artifactSyncFilters: { tags: { type: 'KQL', query: "Tags | where Name contains 'mariner'" } } };
const withQuery = (query: string): CacheRule => ({ ...RULE, artifactSyncFilters: { tags: { type: 'KQL', query } } });
// CheckCacheRuleArtifactSyncEstimate.json, as main answers it
const EXAMPLE: SyncEstimateView = { kind: 'estimate', repository: 'azure-cli', totalCount: 189, filteredCount: 6, sample: ['2.54.0-cbl-mariner2.0', '2.54.0-cbl-mariner2.0-amd64', 'cbl-mariner2.0'], apiVersion: '2025-09-01-preview' };

interface Deferred {
  request: SyncEstimateRequest;
  resolve(view: SyncEstimateView): void;
  reject(error: unknown): void;
}

function harness() {
  const calls: Deferred[] = [];
  const cancelled: string[] = [];
  let pending: Array<() => void> = [];
  const timers: EstimateTimers = {
    set: (run) => {
      pending.push(run);
      return run;
    },
    clear: (handle) => void (pending = pending.filter((run) => run !== handle)),
  };
  let id = 0;
  const api = {
    azure: {
      checkSyncEstimate: (request: SyncEstimateRequest) => new Promise<SyncEstimateView>((resolve, reject) => calls.push({ request, resolve, reject })),
      cancelSyncEstimate: async (requestId: string) => {
        cancelled.push(requestId);
        return true;
      },
    },
  } as unknown as DesktopApi;
  const estimate = new SyncEstimate(api, { timers, newId: () => `req-${++id}` });
  const fire = () => {
    const due = pending;
    pending = [];
    due.forEach((run) => run());
  };
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  return { estimate, calls, cancelled, fire, settle, pendingTimers: () => pending.length };
}

describe('SyncEstimate', () => {
  test('asks once the edits pause, with the rule as edited, and shows the answer', async () => {
    const h = harness();
    h.estimate.update({ registry: REGISTRY, rule: RULE, online: true });
    expect(h.estimate.current).toEqual({ state: 'loading' });
    expect(h.calls).toHaveLength(0);
    h.fire();
    expect(h.calls.map((c) => c.request)).toEqual([{ requestId: 'req-1', registry: REGISTRY, rule: RULE }]);
    h.calls[0]!.resolve(EXAMPLE);
    await h.settle();
    expect(h.estimate.current).toEqual({ state: 'ready', view: EXAMPLE });
    // a new target or name changes nothing Azure counts: not asked again
    h.estimate.update({ registry: REGISTRY, rule: { ...RULE, name: 'other-name', target: 'elsewhere' }, online: true });
    expect(h.pendingTimers()).toBe(0);
    expect(h.estimate.current.state).toBe('ready');
  });

  test('typing on restarts the pause; an edit while a request runs cancels it and drops its late answer', async () => {
    const h = harness();
    h.estimate.update({ registry: REGISTRY, rule: withQuery("Tags | where Name contains 'm'"), online: true });
    h.estimate.update({ registry: REGISTRY, rule: withQuery("Tags | where Name contains 'ma'"), online: true });
    expect(h.pendingTimers()).toBe(1);
    h.fire();
    expect(h.calls).toHaveLength(1);
    h.estimate.update({ registry: REGISTRY, rule: withQuery("Tags | where Name contains 'mar'"), online: true });
    expect(h.cancelled).toEqual(['req-1']);
    h.calls[0]!.resolve({ ...EXAMPLE, filteredCount: 99 });
    await h.settle();
    expect(h.estimate.current).toEqual({ state: 'loading' });
    h.fire();
    h.calls[1]!.resolve(EXAMPLE);
    await h.settle();
    expect(h.estimate.current).toEqual({ state: 'ready', view: EXAMPLE });
  });

  test('a failure is shown with its reason and can be retried; unsupported stops asking', async () => {
    const h = harness();
    h.estimate.update({ registry: REGISTRY, rule: RULE, online: true });
    h.fire();
    h.calls[0]!.reject({ name: 'ApiError', code: 'not-found', message: "Azure answered: The upstream repository was not found. (NotFound)" });
    await h.settle();
    expect(h.estimate.current).toEqual({ state: 'failed', error: 'Azure answered: The upstream repository was not found. (NotFound)' });
    h.estimate.retry();
    expect(h.estimate.current).toEqual({ state: 'loading' });
    expect(h.calls).toHaveLength(2);
    h.calls[1]!.resolve({ kind: 'unsupported', apiVersion: '2025-11-01' });
    await h.settle();
    expect(h.estimate.current).toEqual({ state: 'unsupported' });
    h.estimate.update({ registry: REGISTRY, rule: withQuery('Tags'), online: true });
    expect(h.pendingTimers()).toBe(0);
    expect(h.calls).toHaveLength(2);
  });

  test('no registry, no network or a half-typed rule: nothing is asked, and a running request is cancelled', () => {
    const h = harness();
    h.estimate.update({ registry: null, rule: RULE, online: true });
    expect(h.estimate.current).toEqual({ state: 'no-registry' });
    h.estimate.update({ registry: REGISTRY, rule: RULE, online: true });
    h.fire();
    h.estimate.update({ registry: REGISTRY, rule: RULE, online: false });
    expect(h.estimate.current).toEqual({ state: 'offline' });
    expect(h.cancelled).toEqual(['req-1']);
    h.estimate.update({ registry: REGISTRY, rule: { ...RULE, source: '' }, online: true });
    expect(h.estimate.current).toEqual({ state: 'incomplete' });
    expect(h.pendingTimers()).toBe(0);
    // back online with the same rule: asked again
    h.estimate.update({ registry: REGISTRY, rule: RULE, online: true });
    expect(h.pendingTimers()).toBe(1);
  });

  test('the name is not part of the request body: a half-typed one is replaced, a half-typed credential set is waited for', () => {
    expect(estimateRuleOf({ ...RULE, name: 'mc' })).toEqual({ ...RULE, name: 'sync-estimate' });
    expect(estimateRuleOf({ ...RULE, credentialSet: 'hu' })).toBeNull();
    expect(estimateRuleOf({ ...RULE, target: 'has space' })).toBeNull();
    expect(estimateRuleOf({ ...RULE, source: 'mcr.microsoft.com' })).toBeNull();
    expect(estimateRuleOf({ ...RULE, source: 'mcr.microsoft.com/' })).toBeNull();
    expect(estimateRuleOf(RULE)).toBe(RULE);
  });
});

describe('SyncEstimateLine', () => {
  test('"N of M tags would sync", with a few of the sampled tags', async () => {
    const h = harness();
    render(SyncEstimateLine, { registry: REGISTRY, rule: RULE, estimate: h.estimate });
    flushSync();
    expect(screen.getByTestId('sync-estimate')).toHaveTextContent('Counting the tags that would sync…');
    h.fire();
    h.calls[0]!.resolve({ ...EXAMPLE, filteredCount: 1, totalCount: 1200 });
    await h.settle();
    flushSync();
    expect(screen.getByTestId('sync-estimate-count')).toHaveTextContent('1 of 1,200 tags would sync');
    expect(screen.getByTestId('sync-estimate')).toHaveTextContent('e.g. 2.54.0-cbl-mariner2.0, 2.54.0-cbl-mariner2.0-amd64');
  });

  test('"estimate unavailable: <reason>", and nothing at all where the api-version has no estimate', async () => {
    const h = harness();
    const { unmount } = render(SyncEstimateLine, { registry: REGISTRY, rule: RULE, estimate: h.estimate });
    flushSync();
    h.fire();
    h.calls[0]!.reject({ name: 'ApiError', code: 'sign-in-required', message: 'Sign in again to reach Azure.' });
    await h.settle();
    flushSync();
    expect(screen.getByTestId('sync-estimate-error')).toHaveTextContent('estimate unavailable: Sign in again to reach Azure.');
    screen.getByTestId('sync-estimate-retry').click();
    h.calls[1]!.resolve({ kind: 'unsupported', apiVersion: '2025-11-01' });
    await h.settle();
    flushSync();
    expect(screen.queryByTestId('sync-estimate')).toBeNull();
    unmount();
  });

  test("Azure's words in the reason are shown with control and bidi characters escaped, as the CLI prints them", async () => {
    const h = harness();
    render(SyncEstimateLine, { registry: REGISTRY, rule: RULE, estimate: h.estimate });
    flushSync();
    h.fire();
    h.calls[0]!.reject({ name: 'ApiError', code: 'azure-refused', message: 'Azure answered: repository \u202Eevil\nline (NotFound)' });
    await h.settle();
    flushSync();
    const text = screen.getByTestId('sync-estimate-error').textContent ?? '';
    expect(text).not.toMatch(/[\u202E\n]/);
    expect(text).toContain('estimate unavailable: Azure answered: repository ');
    expect(text).toContain('evil');
  });

  test('a draft without a registry says how to get an estimate', () => {
    const h = harness();
    render(SyncEstimateLine, { registry: null, rule: RULE, estimate: h.estimate });
    flushSync();
    expect(screen.getByTestId('sync-estimate')).toHaveTextContent('Link the draft to a registry (import it, or pick a plan target) to see how many tags would sync.');
  });
});
