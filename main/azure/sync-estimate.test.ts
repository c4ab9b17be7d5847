import { describe, expect, it } from 'vitest';
import { createEventHub } from '../events.ts';
import { createAzureService } from './azure-service.ts';
import { createSyncEstimates, SAMPLE_SHOWN, toSyncEstimateView } from './sync-estimate.ts';

const REF = { accountId: 'AzureCloud|user', tenantId: '00000000-0000-0000-0000-000000000001', registryId: '/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/reg' };
const RULE = { name: 'mcr-cli', source: 'mcr.microsoft.com/azure-cli', target: 'azure-cli', syncMode: 'ActiveSync' };

describe('the sync estimate in main', () => {
  it('reads the example answer, keeps a bounded sample, and refuses an answer without counts', () => {
    // CheckCacheRuleArtifactSyncEstimate.json's 200 body
    expect(toSyncEstimateView({ name: 'azure-cli', totalCount: 189, filteredCount: 6, results: [{ name: 'cbl-mariner2.0' }] }, '2025-09-01-preview')).toEqual({
      kind: 'estimate',
      repository: 'azure-cli',
      totalCount: 189,
      filteredCount: 6,
      sample: ['cbl-mariner2.0'],
      apiVersion: '2025-09-01-preview',
    });
    const many = toSyncEstimateView({ totalCount: 500, filteredCount: 400, results: Array.from({ length: 400 }, (_, i) => ({ name: `t${i}` })) }, 'v');
    expect(many).toMatchObject({ repository: null, sample: expect.arrayContaining(['t0']) });
    expect(many.kind === 'estimate' && many.sample).toHaveLength(SAMPLE_SHOWN);
    expect(() => toSyncEstimateView({ name: 'azure-cli' }, 'v')).toThrow(/without the counts/);
    expect(() => toSyncEstimateView({ totalCount: -1, filteredCount: 0 }, 'v')).toThrow(/without the counts/);
  });

  it('sends nothing at an api-version without the operation', async () => {
    const azure = createAzureService({
      auth: {
        credential: () => {
          throw new Error('no credential may be asked for');
        },
        cloudOf: async () => {
          throw new Error('no cloud may be looked up');
        },
      },
      events: createEventHub(),
      cacheRuleApiVersion: '2025-11-01',
    });
    expect(await azure.checkSyncEstimate(REF, RULE)).toEqual({ kind: 'unsupported', apiVersion: '2025-11-01' });
  });

  it('aborts a request by id, and a newer request under the same id aborts the older', async () => {
    const signals: AbortSignal[] = [];
    const estimates = createSyncEstimates(
      (_ref, _rule, { abortSignal }) =>
        new Promise((_resolve, reject) => {
          signals.push(abortSignal);
          abortSignal.addEventListener('abort', () => reject(new Error('aborted')));
        }),
    );
    const first = estimates.check('a', REF, RULE);
    const second = estimates.check('a', REF, RULE);
    await expect(first).rejects.toThrow('aborted');
    expect(signals.map((s) => s.aborted)).toEqual([true, false]);
    expect(estimates.cancel('a')).toBe(true);
    await expect(second).rejects.toThrow('aborted');
    expect(estimates.cancel('a')).toBe(false);
    expect(estimates.cancel('b')).toBe(false);
  });
});
