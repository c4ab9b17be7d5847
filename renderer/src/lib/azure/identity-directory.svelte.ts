// The user-assigned managed identities of the subscriptions drafts are linked to, for the rule
// editor's identity picker (ACR-to-ACR rules). One list per account and subscription, read when
// first asked for and kept with the time it was read; the user refreshes it, nothing re-reads
// behind their back (like RepositoryCache).
import type { DesktopApi, RegistryRef, SubscriptionRef, UserAssignedIdentitySummary } from '../../../../preload/api.ts';
import { errorText } from '../api.ts';

export type IdentityEntry =
  | { readonly state: 'loading'; readonly readAt: Date | null }
  | { readonly state: 'ready'; readonly identities: readonly UserAssignedIdentitySummary[]; readonly readAt: Date }
  | { readonly state: 'failed'; readonly error: string; readonly readAt: Date | null };

/** The subscription a registry lives in: where its cache rules' identities are looked for first. */
export function subscriptionOf(registry: RegistryRef): SubscriptionRef | null {
  const match = /^\/subscriptions\/([^/]+)\//i.exec(registry.registryId);
  return match ? { accountId: registry.accountId, tenantId: registry.tenantId, subscriptionId: match[1]! } : null;
}

function keyOf(ref: SubscriptionRef): string {
  return `${ref.accountId}|${ref.subscriptionId.toLowerCase()}`;
}

export class IdentityDirectory {
  readonly #api: DesktopApi;
  readonly #now: () => Date;
  #entries = $state.raw<ReadonlyMap<string, IdentityEntry>>(new Map());

  constructor(api: DesktopApi, now: () => Date = () => new Date()) {
    this.#api = api;
    this.#now = now;
  }

  entry(ref: SubscriptionRef): IdentityEntry | undefined {
    return this.#entries.get(keyOf(ref));
  }

  ensure(ref: SubscriptionRef): void {
    if (this.entry(ref) === undefined) void this.refresh(ref);
  }

  async refresh(ref: SubscriptionRef): Promise<void> {
    const key = keyOf(ref);
    const previous = this.#entries.get(key);
    this.#set(key, { state: 'loading', readAt: previous?.readAt ?? null });
    try {
      const identities = await this.#api.azure.listUserAssignedIdentities(ref);
      this.#set(key, { state: 'ready', identities, readAt: this.#now() });
    } catch (error) {
      this.#set(key, { state: 'failed', error: errorText(error), readAt: previous?.readAt ?? null });
    }
  }

  #set(key: string, entry: IdentityEntry): void {
    const next = new Map(this.#entries);
    next.set(key, entry);
    this.#entries = next;
  }
}

let shared: IdentityDirectory | null = null;

/** The app's one directory (made on first use, so importing this module needs no preload). */
export function sharedIdentityDirectory(api: () => DesktopApi): IdentityDirectory {
  return (shared ??= new IdentityDirectory(api()));
}
