// The one-flow credential setup's part of the renderer's contract (preload/api.ts includes it):
// pick or create a Key Vault, hand over the upstream username and password once, and watch main
// write the two secrets, create the credential set, grant its identity and wait for health.
// Nothing here ever carries the username or password back: views name secrets by URI only.
import type { ApiErrorShape, CredentialHealth, LiveCredentialSet, RegistryRef, SubscriptionRef, Unsubscribe } from './api.ts';

/** A Key Vault the signed-in account can see through Resource Manager. */
export interface KeyVaultSummary {
  /** ARM resource ID. */
  id: string;
  name: string;
  resourceGroup: string;
  subscriptionId: string;
  location: string;
  /** `https://<name>.vault.azure.net/` */
  vaultUri: string;
  /** Azure RBAC (role assignments) or the older access policies. */
  permissionModel: 'rbac' | 'access-policy';
  /** Deleted secrets cannot be purged before their retention ends. */
  purgeProtection: boolean;
}

/** The vaults of one subscription, or why they could not be listed (the other subscriptions still are). */
export interface SubscriptionVaults {
  subscriptionId: string;
  /** The subscription's name; its ID when Azure gave none (or the subscriptions list failed). */
  displayName: string;
  /** Sorted by name; empty when `error` is set. */
  vaults: KeyVaultSummary[];
  error: ApiErrorShape | null;
}

/** The Key Vaults of every subscription the account sees in the registry's tenant. */
export interface KeyVaultListing {
  /** The registry's subscription first, then the others by name. */
  subscriptions: SubscriptionVaults[];
  /** Why the subscriptions themselves could not be listed (then only the registry's was read). */
  subscriptionsError: ApiErrorShape | null;
}

export type VaultChoice =
  | { kind: 'existing'; id: string }
  /** An Azure RBAC vault created by the flow, with the signed-in user as Key Vault Secrets Officer on it. */
  | { kind: 'new'; resourceGroup: string; name: string; location: string };

export interface CredentialSetupRequest {
  registry: RegistryRef;
  /** Name of the credential set to create (5–50 letters, digits, hyphens). */
  setName: string;
  /** The upstream it signs in to (`docker.io`). */
  loginServer: string;
  vault: VaultChoice;
  usernameSecretName: string;
  passwordSecretName: string;
  /** Sent once; main writes it to Key Vault and forgets it. */
  username: string;
  /** Sent once; main writes it to Key Vault and forgets it. */
  password: string;
}

export type CredentialSetupStepId = 'vault' | 'vault-access' | 'username-secret' | 'password-secret' | 'credential-set' | 'grant' | 'health';

export interface CredentialSetupStep {
  id: CredentialSetupStepId;
  label: string;
  state: 'pending' | 'running' | 'done' | 'failed' | 'skipped';
  /** What it did or is doing ("Waiting for Azure: Unhealthy, Forbidden"), when there is something to say. */
  detail: string | null;
  error: ApiErrorShape | null;
}

/** Something the flow made in Azure, in the order it was made; undo removes them in reverse. */
export interface CreatedResource {
  kind: 'vault' | 'role-assignment' | 'access-policy' | 'secret' | 'credential-set';
  /** "Secret hub-user in vault contosokv". */
  label: string;
  /** ARM resource ID or secret URI. */
  id: string;
  state: 'present' | 'removing' | 'removed' | 'remove-failed';
  /** Why removing failed, or what remains (a soft-deleted secret Key Vault keeps). */
  note: string | null;
}

export interface CredentialSetupView {
  flowId: string;
  registryId: string;
  setName: string;
  vaultName: string;
  state: 'running' | 'succeeded' | 'failed' | 'cancelled' | 'undoing' | 'undone' | 'undo-failed';
  steps: CredentialSetupStep[];
  created: CreatedResource[];
  /** The set's last reported health, once it exists. */
  health: CredentialHealth | null;
  credentialSet: LiveCredentialSet | null;
}

export interface CredentialSetupApi {
  /**
   * The Key Vaults the account can see in every subscription of the registry's tenant (a set's
   * identity lives there, so only those vaults can grant it), the given subscription first.
   */
  listKeyVaults(subscription: SubscriptionRef): Promise<KeyVaultListing>;
  /** Runs the flow; resolves when it succeeded, failed or was cancelled (progress as onProgress). */
  start(request: CredentialSetupRequest): Promise<CredentialSetupView>;
  /** Deletes what the flow created, newest first (also a flow recorded before the app restarted). */
  undo(flowId: string): Promise<CredentialSetupView>;
  /** Setups that stopped with something still in Azure, including those recorded before a restart. */
  unfinished(): Promise<CredentialSetupView[]>;
  /** Keeps what a setup made and stops offering its undo; false when it is not unfinished. */
  keep(flowId: string): Promise<boolean>;
  /** Stops waiting for health (nothing is removed); false when the flow is not running. */
  cancel(flowId: string): Promise<boolean>;
  onProgress(callback: (view: CredentialSetupView) => void): Unsubscribe;
}
