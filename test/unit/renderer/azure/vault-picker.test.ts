// The vault picker's grouping and search (renderer/src/lib/azure/vault-picker.ts).
import { describe, expect, test } from 'vitest';
import type { KeyVaultListing, KeyVaultSummary } from '../../../../preload/api.ts';
import { filterVaults, groupLabel, listingSummary } from '../../../../renderer/src/lib/azure/vault-picker.ts';

const vault = (subscriptionId: string, resourceGroup: string, name: string, location = 'westeurope'): KeyVaultSummary => ({
  id: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.KeyVault/vaults/${name}`,
  name,
  resourceGroup,
  subscriptionId,
  location,
  vaultUri: `https://${name}.vault.azure.net/`,
  permissionModel: 'rbac',
  purgeProtection: false,
});

const A = '11111111-aaaa-4aaa-8aaa-000000000001';
const B = '22222222-bbbb-4bbb-8bbb-000000000002';
const C = '33333333-cccc-4ccc-8ccc-000000000003';
const LISTING: KeyVaultListing = {
  subscriptions: [
    { subscriptionId: A, displayName: 'Platform', vaults: [vault(A, 'rg-cache', 'platformkv')], error: null },
    { subscriptionId: B, displayName: 'Apps', vaults: [vault(B, 'rg-apps', 'appskv'), vault(B, 'rg-shared', 'sharedkv', 'northeurope')], error: null },
    { subscriptionId: C, displayName: C, vaults: [], error: { code: 'not-authorized', message: 'no read' } },
  ],
  subscriptionsError: null,
};

describe('vault picker', () => {
  test('groups by subscription in the listing’s order, labelled with name and the ID’s start', () => {
    expect(filterVaults(LISTING, '').map((g) => [g.label, g.vaults.map((v) => v.name)])).toEqual([
      ['Platform (11111111…)', ['platformkv']],
      ['Apps (22222222…)', ['appskv', 'sharedkv']],
    ]);
    expect(groupLabel({ subscriptionId: C, displayName: C })).toBe(C);
  });

  test('searches names, resource groups, regions and subscriptions; every word must match', () => {
    expect(filterVaults(LISTING, 'SHARED').flatMap((g) => g.vaults.map((v) => v.name))).toEqual(['sharedkv']);
    expect(filterVaults(LISTING, 'apps north').flatMap((g) => g.vaults.map((v) => v.name))).toEqual(['sharedkv']);
    expect(filterVaults(LISTING, 'platform').flatMap((g) => g.vaults.map((v) => v.name))).toEqual(['platformkv']);
    expect(filterVaults(LISTING, 'nothing-like-it')).toEqual([]);
  });

  test('keeps the chosen vault whatever the search, so the select still shows it', () => {
    const chosen = LISTING.subscriptions[0]!.vaults[0]!.id;
    expect(filterVaults(LISTING, 'sharedkv', chosen).flatMap((g) => g.vaults.map((v) => v.name))).toEqual(['platformkv', 'sharedkv']);
  });

  test('counts vaults and the subscriptions that answered', () => {
    expect(listingSummary(LISTING)).toBe('3 vaults in 2 subscriptions');
  });
});
