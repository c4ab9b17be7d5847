// The vault picker's list (issue 16.1, "list vaults the user can see"): the subscriptions the
// account sees in the registry's tenant (ARM Subscriptions_List through
// @azure/arm-resources-subscriptions), then each one's vaults (Vaults_ListBySubscription through
// @azure/arm-keyvault), a few subscriptions at a time. Only the registry's tenant: the credential
// set's identity is a service principal there, and a vault of another tenant cannot grant it
// (an access policy's tenantId must be the vault's, a role assignment's principal the scope's
// tenant's). One subscription that refuses (no Reader, a policy, throttling past the retries) is
// reported with its error beside the others, never instead of them.
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import type { KeyVaultListing, SubscriptionVaults } from '../../../preload/api-credential-setup.ts';
import type { ApiErrorShape } from '../../../preload/api.ts';
import { armErrorFacts, toAzureAppError } from '../azure-errors.ts';
import { createKeyVaultArm, type ArmConnection } from './key-vault-arm.ts';

/** Subscriptions read at once: enough to hide latency, few enough not to trip ARM's read limits. */
export const VAULT_LIST_CONCURRENCY = 4;

interface SubscriptionName {
  subscriptionId: string;
  displayName: string;
}

/** Runs `work` over `items` with at most `limit` in flight; results in the items' order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const at = next++;
      results[at] = await work(items[at]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * A refusal said for the list at hand (the generic table speaks of registries), with only ARM's
 * code kept: its full AuthorizationFailed text repeats the scope and object ID at length.
 */
function errorShape(error: unknown, subject: string, missing: string): ApiErrorShape {
  if ((error as { statusCode?: number } | null)?.statusCode === 403) {
    const code = armErrorFacts(error).code;
    return { code: 'not-authorized', message: `Your account may not list ${subject} (that takes ${missing}).${code ? ` Azure said: ${code}.` : ''}` };
  }
  const appError = toAzureAppError(error, { subject, action: 'list' });
  return { code: appError.code, message: appError.message };
}

async function listSubscriptions(connection: ArmConnection): Promise<SubscriptionName[]> {
  // arm-resources-subscriptions 2.x is the older generator: `credentialScopes`, not `credentials.scopes`.
  const client = new SubscriptionClient(connection.credential, {
    endpoint: connection.endpoint,
    credentialScopes: [connection.scope],
    retryOptions: connection.retryOptions,
    additionalPolicies: connection.policies.map((policy) => ({ policy, position: 'perRetry' as const })),
    userAgentOptions: { userAgentPrefix: connection.userAgentPrefix },
    ...(connection.tlsCa ? { tlsOptions: { ca: connection.tlsCa } } : {}),
  });
  const out: SubscriptionName[] = [];
  for await (const sub of client.subscriptions.list()) {
    // Disabled / deleted subscriptions are read-only at best; a vault there cannot take a new grant.
    if (!sub.subscriptionId || (sub.state && !['Enabled', 'Warned', 'PastDue'].includes(sub.state))) continue;
    out.push({ subscriptionId: sub.subscriptionId, displayName: sub.displayName ?? sub.subscriptionId });
  }
  return out;
}

/**
 * The vaults of every subscription the account sees in `tenant`'s directory, `first` (the
 * registry's subscription) at the top even when the subscriptions list leaves it out or fails.
 */
export async function listVaultsAcrossSubscriptions(connection: ArmConnection, first: string, concurrency = VAULT_LIST_CONCURRENCY): Promise<KeyVaultListing> {
  let subscriptions: SubscriptionName[];
  let subscriptionsError: ApiErrorShape | null = null;
  try {
    subscriptions = await listSubscriptions(connection);
  } catch (error) {
    subscriptionsError = errorShape(error, 'your subscriptions', 'a role on each subscription');
    subscriptions = [];
  }
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  const own = subscriptions.find((s) => same(s.subscriptionId, first)) ?? { subscriptionId: first, displayName: first };
  const others = subscriptions.filter((s) => !same(s.subscriptionId, first)).sort((a, b) => a.displayName.localeCompare(b.displayName) || a.subscriptionId.localeCompare(b.subscriptionId));
  const listed = await mapBounded([own, ...others], concurrency, async (sub): Promise<SubscriptionVaults> => {
    try {
      return { ...sub, vaults: await createKeyVaultArm(connection, sub.subscriptionId).list(), error: null };
    } catch (error) {
      return { ...sub, vaults: [], error: errorShape(error, `the Key Vaults of subscription ${sub.displayName}`, 'Reader there, or another role with Microsoft.KeyVault/vaults/read') };
    }
  });
  return { subscriptions: listed, subscriptionsError };
}
