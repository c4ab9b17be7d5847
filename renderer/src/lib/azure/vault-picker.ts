// The vault picker's view of a KeyVaultListing: the subscriptions as groups (the registry's
// first, as main orders them), filtered by what the user types, with the subscriptions whose
// vaults could not be listed kept apart so that a refusal in one does not hide the rest.
import type { KeyVaultListing, KeyVaultSummary, SubscriptionVaults } from '../../../../preload/api.ts';
import { count } from '../strings.ts';

export interface VaultGroup {
  subscriptionId: string;
  /** "Contoso Platform (3f2b6c1e…)": names can repeat across subscriptions, so the ID's start goes with it. */
  label: string;
  vaults: KeyVaultSummary[];
}

const shortId = (id: string) => `${id.slice(0, 8)}…`;

export function groupLabel(sub: Pick<SubscriptionVaults, 'subscriptionId' | 'displayName'>): string {
  return sub.displayName === sub.subscriptionId ? sub.subscriptionId : `${sub.displayName} (${shortId(sub.subscriptionId)})`;
}

/**
 * The groups whose vaults match `query` (name, resource group, region or subscription, any case),
 * empty groups left out. The vault `keepId` stays in however it matches: a select must still hold
 * the option it shows as chosen.
 */
export function filterVaults(listing: KeyVaultListing, query: string, keepId = ''): VaultGroup[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const groups: VaultGroup[] = [];
  for (const sub of listing.subscriptions) {
    const label = groupLabel(sub);
    const vaults = sub.vaults.filter((vault) => {
      if (vault.id === keepId) return true;
      const haystack = `${vault.name} ${vault.resourceGroup} ${vault.location} ${sub.displayName} ${sub.subscriptionId}`.toLowerCase();
      return words.every((word) => haystack.includes(word));
    });
    if (vaults.length > 0) groups.push({ subscriptionId: sub.subscriptionId, label, vaults });
  }
  return groups;
}

/** Every vault of the listing, in its order. */
export function allVaults(listing: KeyVaultListing): KeyVaultSummary[] {
  return listing.subscriptions.flatMap((sub) => sub.vaults);
}

/** "7 vaults in 3 subscriptions". */
export function listingSummary(listing: KeyVaultListing): string {
  const read = listing.subscriptions.filter((sub) => sub.error === null);
  return `${count(allVaults(listing).length, 'vault')} in ${count(read.length, 'subscription')}`;
}
