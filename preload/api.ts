// The one interface of what the renderer may call. Imported by all three sides as types,
// plus two runtime tables (method and event names) that the preload and the tests walk.
// Tokens never appear here: only summaries and results.

/** An application menu item was chosen: which command to run (a core/keymap.ts CommandId). */
export interface MenuCommandEvent {
  command: CommandId;
}

export interface AboutInfo {
  name: string;
  version: string;
  /** null when the handlers run outside Electron (e.g. the e2e harness in plain Node). */
  electron: string | null;
  chromium: string | null;
  node: string;
  platform: string;
  dataDir: string;
}

export type { CacheRule, CredentialSet, RuleSet } from '../core/model.ts';
import type { CacheRule, CredentialSet, RuleSet } from '../core/model.ts';
import type { Baseline } from '../core/fingerprint.ts';
import type { Plan, Resolution } from '../core/plan.ts';
import type { ExportFormat } from '../core/export/index.ts';
import type { MigrateApi } from './api-migrate.ts';
import type { SettingsApi } from './api-settings.ts';
import type { RecentApi } from './api-recent.ts';
import type { CredentialSetupApi } from './api-credential-setup.ts';
import type { CacheApi } from './api-cache.ts';
import type { SyncEstimateRequest, SyncEstimateView } from './api-sync-estimate.ts';
import type { CommandId } from '../core/keymap.ts';
import type { RulePatch } from '../core/rule-extensions.ts';
export type { Baseline, Plan, Resolution, ExportFormat };

export interface DraftOrigin {
  kind: 'new' | 'file' | 'registry' | 'copy';
  /** The file, registry or draft it came from. */
  detail?: string;
  /** When it was imported (ISO 8601). */
  at?: string;
}

export interface Draft {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  ruleSet: RuleSet;
  origin?: DraftOrigin;
  /** The live registry the draft was imported from, and its items' fingerprints at the time. */
  link?: DraftLink;
}

export interface DraftLink {
  registry: RegistryRef;
  loginServer: string;
  importedAt: string;
  /** Fingerprints of the registry's items at import (advanced by each applied operation): drift shows against them. */
  baseline: Baseline;
}

export interface DraftSummary {
  id: string;
  name: string;
  registry: string | null;
  ruleCount: number;
  credentialSetCount: number;
  updatedAt: string;
}

/** A draft as the editor sees it: with what undo and redo would do, if anything. */
export interface DraftState {
  draft: Draft;
  undo: string | null;
  redo: string | null;
}

/**
 * A rule-set file the OS opened with the app (the `.acrcache.yaml` association, a second launch
 * with a file, the macOS dock), imported by main as File → Import would: the draft to open, or
 * why not (naming the path).
 */
export type OpenedFileEvent =
  | { ok: true; path: string; draftId: string; draftName: string; ruleCount: number }
  | { ok: false; path: string; message: string };

export interface DraftStoreStatus {
  file: string;
  /** Set when the drafts file could not be read at start and was moved aside. */
  recovered: { movedTo: string; reason: string } | null;
  /** Drafts that failed the schema at start: kept in `movedTo`, each with what is wrong; the others loaded. */
  setAside: { movedTo: string; drafts: { id: string | null; name: string; reason: string }[] } | null;
  /** The file was not strict JSON (e.g. a trailing comma) but was read; the original was copied to `movedTo`. */
  repaired: { movedTo: string; reason: string } | null;
  /** Drafts cannot be loaded or saved at all ('unavailable'), or load but cannot be saved ('read-only'). */
  problem: { kind: 'unavailable' | 'read-only'; message: string } | null;
  /** A draft's registry state after an apply that the disk had no room for yet; written when it has. */
  unsaved: { draftId: string; name: string; message: string }[];
}

export type RuleSetFormat = 'yaml' | 'json';

// ---- Azure: sign-in and Resource Manager. Tokens never cross IPC: only these summaries do. ----

export type CloudName = 'AzureCloud' | 'AzureUSGovernment' | 'AzureChinaCloud';
/** `browser`: system browser with a loopback redirect (PKCE); `device-code`: code typed on another device. */
export type SignInMode = 'browser' | 'device-code';

export interface AccountSummary {
  /** Opaque id to hand back to main (cloud + MSAL home account id); not a secret. */
  id: string;
  cloud: CloudName;
  username: string;
  name: string | null;
  /** The Microsoft Entra tenant the account belongs to. */
  homeTenantId: string;
}

export interface TokenPersistenceInfo {
  /** `keychain`: encrypted on disk, key in the OS keychain. `session-only`: in memory until quit. */
  mode: 'keychain' | 'session-only';
  /** Why tokens are session-only (for a banner); null when they are persisted. */
  message: string | null;
}

export type AuthSettingKey = 'cloud' | 'clientId' | 'tenant';

export interface AuthSettingsView {
  cloud: CloudName;
  /** Application (client) ID used to sign in. */
  clientId: string;
  /** `organizations`, `common`, a tenant ID or a verified domain. */
  tenant: string;
  defaults: { cloud: CloudName; clientId: string; tenant: string };
  /** Settings fixed by ACR_CACHE_STUDIO_* environment variables; the UI shows them read-only. */
  fromEnvironment: AuthSettingKey[];
}

/** `null` resets a setting to its default. */
export interface AuthSettingsUpdate {
  cloud?: CloudName;
  clientId?: string | null;
  tenant?: string | null;
}

export interface PendingSignIn {
  id: string;
  cloud: CloudName;
  mode: SignInMode;
  startedAt: string;
}

export interface AuthStatus {
  persistence: TokenPersistenceInfo;
  /** A one-off message, e.g. that an unreadable token cache was discarded. */
  notice: string | null;
  pendingSignIn: PendingSignIn | null;
  settings: AuthSettingsView;
}

export interface SignInRequest {
  mode: SignInMode;
  /** Defaults to the cloud in the settings. */
  cloud?: CloudName;
  /** Defaults to the tenant in the settings. */
  tenant?: string;
  /** Pre-fills the user name on the sign-in page. */
  loginHint?: string;
}

/** Device code sign-in: what the user types, and where. */
export interface DeviceCodePrompt {
  signInId: string;
  userCode: string;
  verificationUri: string;
  /** Entra's own instruction text. */
  message: string;
  expiresAt: string;
}

export interface AuthChange {
  accounts: AccountSummary[];
  status: AuthStatus;
}

export interface SubscriptionRef {
  accountId: string;
  tenantId: string;
  subscriptionId: string;
}

export interface SubscriptionSummary {
  subscriptionId: string;
  displayName: string;
  tenantId: string;
  /** Enabled, Warned, PastDue, Disabled, Deleted. */
  state: string;
}

/** A tenant whose subscriptions could not be listed (e.g. it requires multi-factor sign-in). */
export interface UnavailableTenant {
  tenantId: string;
  displayName: string | null;
  code: string;
  message: string;
}

export interface SubscriptionListing {
  subscriptions: SubscriptionSummary[];
  unavailableTenants: UnavailableTenant[];
}

export interface RegistrySummary {
  /** ARM resource ID; pass it back in a RegistryRef. */
  id: string;
  name: string;
  loginServer: string;
  sku: string;
  location: string;
  resourceGroup: string;
  subscriptionId: string;
  provisioningState: string | null;
}

/** A user-assigned managed identity (Microsoft.ManagedIdentity/userAssignedIdentities), for ACR-to-ACR rules. */
export interface UserAssignedIdentitySummary {
  /** ARM resource ID: what a cache rule's `identity` holds. */
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  principalId: string | null;
  clientId: string | null;
}

export interface RegistryRef {
  accountId: string;
  tenantId: string;
  /** `/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.ContainerRegistry/registries/<name>` */
  registryId: string;
}

/** A cache rule as it is in Azure. */
export interface LiveCacheRule extends CacheRule {
  id: string;
  /** Creating, Updating, Deleting, Succeeded, Failed, Canceled. */
  provisioningState: string | null;
  createdAt: string | null;
  /** The full ARM ID behind `credentialSet`, as Azure stores it. */
  credentialSetResourceId: string | null;
}

export interface CredentialHealth {
  /** `Healthy`, `Unhealthy`, or `Unknown` when Azure reported nothing (open set: other values pass through). */
  status: string;
  errorCode: string | null;
  errorMessage: string | null;
}

/** How to let a credential set's identity read its secrets in one Key Vault. */
export interface KeyVaultGrant {
  vaultName: string;
  secretNames: string[];
  /** For vaults with access policies. */
  accessPolicyCommand: string;
  /** For vaults with Azure RBAC (Key Vault Secrets User at vault scope). */
  roleAssignmentCommand: string;
}

/** A credential set as it is in Azure. */
export interface LiveCredentialSet extends CredentialSet {
  id: string;
  provisioningState: string | null;
  createdAt: string | null;
  identityType: string | null;
  /** Object ID of the set's system-assigned identity, the one that needs Key Vault access. */
  principalId: string | null;
  health: CredentialHealth;
  keyVaultGrants: KeyVaultGrant[];
  /** Why grant commands are missing or incomplete, when they are. */
  grantNote: string | null;
}

export interface CredentialSecretsUpdate {
  usernameSecret?: string;
  passwordSecret?: string;
}

export interface RepositoryListing {
  repositories: string[];
  /** True when the registry has more repositories than the app reads. */
  truncated: boolean;
}

/** Progress of one create/update/delete call to Azure. */
export interface AzureOperationEvent {
  operationId: string;
  registryId: string;
  resource: 'cacheRule' | 'credentialSet';
  name: string;
  action: 'create' | 'update' | 'delete';
  state: 'submitted' | 'running' | 'succeeded' | 'failed';
  error: ApiErrorShape | null;
}

/** Where a rule set comes from for planning and comparing. */
export type RuleSetSource = { kind: 'draft'; id: string } | { kind: 'registry'; registry: RegistryRef };

export interface PlanRequest {
  draftId: string;
  /** The registry to change; by default the one the draft was imported from. */
  registry?: RegistryRef;
  /** Its login server (from the registry browser), when `registry` is given. */
  loginServer?: string;
  /** Delete what the registry has and the draft does not. Off by default. */
  prune: boolean;
  /** Conflict id → keep mine / take theirs. */
  resolutions: Record<string, Resolution>;
}

/** A plan as the UI shows it (without the inputs it was computed from). */
export type PlanView = Omit<Plan, 'input'> & {
  registry: RegistryRef;
  loginServer: string;
  /** Whether drift was checked (the target is the registry the draft was imported from). */
  driftChecked: boolean;
  /** Why the registry's repositories could not be checked, if they could not. */
  repositoryNote: string | null;
  /**
   * An earlier apply of this draft to this registry was interrupted (the app stopped mid-apply),
   * or finished without its result being saved. Its own writes are not counted as drift; applying
   * again resumes it.
   */
  interruptedApply?: InterruptedApplyView | null;
};

export interface InterruptedApplyView {
  startedAt: string;
  /** Whether every operation had ended (only saving the result failed). */
  finished: boolean;
  /** Operations the apply had planned, and how many of them the registry shows done. */
  total: number;
  done: number;
}

export interface OperationResultView {
  id: string;
  status: 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'held' | 'cancelled';
  attempts: number;
  ms: number;
  error?: { code: string; message: string };
  reason?: string;
}

export interface ApplyProgressEvent {
  draftId: string;
  total: number;
  done: number;
  succeeded: number;
  failed: number;
  skipped: number;
  running: number;
  retries: number;
  writesPerSecond: number | null;
  changed?: OperationResultView;
  /**
   * Azure asked to wait longer than the app waits silently (Retry-After over the cap): every
   * writer is paused until this time (epoch ms). The UI shows a countdown; cancelApply stops it.
   */
  pausedUntil?: number | null;
  pauseReason?: string | null;
}

export interface ApplyOutcomeView {
  results: OperationResultView[];
  succeeded: number;
  failed: number;
  skipped: number;
  held: number;
  cancelled: number;
  retries: number;
  throttled: number;
  ms: number;
  /** True when the registry now equals the draft (planning again finds nothing). */
  converged: boolean;
  /** Set when the result could not be saved with the draft (disk full, …): what happened and what to do. */
  saveNote?: string | null;
}

/** What taking theirs left: the draft (with the registry's versions) and the plan made again. */
export interface ResolvedConflicts {
  draft: DraftState;
  plan: PlanView;
}

export interface Comparison {
  left: { label: string; ruleSet: RuleSet };
  right: { label: string; ruleSet: RuleSet };
  /** What turning left into right takes, item by item (deletions included). */
  changes: Plan['changes'];
}

export interface IacExport {
  format: ExportFormat;
  fileName: string;
  content: string;
  warnings: string[];
}

/** What the live probe found upstream for one image reference. */
export interface ProbeResult {
  /** The reference probed, normalised (`docker.io/library/python:3.12`). */
  reference: string;
  /** The registry API asked (`https://registry-1.docker.io`). */
  endpoint: string;
  outcome: 'found' | 'not-found' | 'needs-credentials' | 'rate-limited' | 'unreachable' | 'error';
  status: number | null;
  digest: string | null;
  mediaType: string | null;
  /** Docker Hub's pull quota as it reported it (`100;w=21600`), when it did. */
  rateLimit: { limit: string; remaining: string } | null;
  /** A sentence for the user: what was found and what to do. */
  message: string;
}

export interface ApiErrorShape {
  code: string;
  message: string;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorShape };

/**
 * What a rejected API promise carries in the renderer. A plain object on purpose:
 * Electron's contextBridge rebuilds thrown Error objects with their message only, so an
 * Error subclass would lose `code` on the way; a plain object is cloned whole.
 */
export interface ApiError extends ApiErrorShape {
  name: 'ApiError';
}

export function isApiError(value: unknown): value is ApiError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { name?: unknown }).name === 'ApiError' &&
    typeof (value as { code?: unknown }).code === 'string'
  );
}

export type Unsubscribe = () => void;

export type { OpenRecentRequest, RecentApi, RecentFileView } from './api-recent.ts';
export type { AppSettingsPatch, AppSettingsView, ThemeSetting, UpdateChannel, UpdateState, UpdateStatusView } from './api-settings.ts';
export type { CreatedResource, CredentialSetupRequest, CredentialSetupStep, CredentialSetupStepId, CredentialSetupView, KeyVaultListing, KeyVaultSummary, SubscriptionVaults, VaultChoice } from './api-credential-setup.ts';
export type { CacheApi, CacheContentsView, CacheProgressEvent, ContentsRow, SyncNowResult, WarmImage, WarmImageResult, WarmMode, WarmOutcome, WarmRequest, WarmStatus } from './api-cache.ts';
export type { ManifestPick, ManifestSave, ManifestSaveResult, ManifestSelection, OpenedManifest } from './api-migrate.ts';
export type { SyncEstimateRequest, SyncEstimateView } from './api-sync-estimate.ts';

export interface DesktopApi {
  app: {
    about(): Promise<AboutInfo>;
    /** Opens an https link from the allow-list in the system browser; anything else is refused. */
    openExternal(url: string): Promise<void>;
    /**
     * The user picked an item of the application menu. Main only names the command (ids from
     * core/keymap.ts); the renderer checks the payload and runs it as a key or the palette would.
     */
    onMenuCommand(callback: (event: MenuCommandEvent) => void): Unsubscribe;
  };
  drafts: {
    status(): Promise<DraftStoreStatus>;
    list(): Promise<DraftSummary[]>;
    open(id: string): Promise<DraftState>;
    create(input: { name: string; registry?: string }): Promise<DraftState>;
    rename(id: string, name: string): Promise<DraftState>;
    duplicate(id: string): Promise<DraftState>;
    remove(id: string): Promise<void>;
    setRegistry(id: string, registry: string | null): Promise<DraftState>;
    /** Adds or replaces (by the name it had, `replacing`) one rule; refused while it has errors. */
    saveRule(id: string, rule: CacheRule, replacing: string | null): Promise<DraftState>;
    /** Adds new rules as one undoable edit (a migration's proposal); refused whole if one has errors. */
    addRules(id: string, rules: CacheRule[]): Promise<DraftState>;
    deleteRule(id: string, name: string): Promise<DraftState>;
    saveCredentialSet(id: string, set: CredentialSet, replacing: string | null): Promise<DraftState>;
    deleteCredentialSet(id: string, name: string): Promise<DraftState>;
    undo(id: string): Promise<DraftState>;
    redo(id: string): Promise<DraftState>;
    /** Asks for a file with the OS dialog; null when the user cancels. */
    importFile(): Promise<DraftState | null>;
    /** Creates a draft from pasted text in any format the CLI reads. */
    importText(name: string, text: string): Promise<DraftState>;
    /** Writes the draft with the OS save dialog; the path written, or null when cancelled. */
    exportFile(id: string, format: RuleSetFormat): Promise<string | null>;
    /** Main imported a file the OS opened with the app (main/shell/open-files.ts). */
    onFileOpened(callback: (event: OpenedFileEvent) => void): Unsubscribe;
  };
  /** Rewriting manifests to pull through the cache. */
  migrate: MigrateApi;
  /** The app's preferences and updates. */
  settings: SettingsApi;
  /** Recently imported and exported rule-set files (File → Open Recent, the drafts area). */
  recent: RecentApi;
  /** Key Vault secrets, credential set, grant and health in one flow. */
  credentialSetup: CredentialSetupApi;
  /** What a live registry's cache holds, and warming it. */
  cache: CacheApi;
  /** Live checks against upstream registries (network; no credentials sent). */
  probe: {
    /** Asks the upstream whether the image exists (a HEAD on its manifest, anonymous token). */
    checkUpstream(reference: string): Promise<ProbeResult>;
  };
  /** Drafts meet live registries. */
  sync: {
    /** Copies a registry's rules and credential sets into a new draft that remembers them. */
    importRegistry(registry: RegistryRef, loginServer: string, name: string): Promise<DraftState>;
    plan(request: PlanRequest): Promise<PlanView>;
    /** Plans again against the registry as it is now, then applies; progress arrives as events. */
    apply(request: PlanRequest): Promise<ApplyOutcomeView>;
    /** Writes the registry's version of each conflict's item into the draft and its baseline (one undoable edit). */
    takeTheirs(request: PlanRequest, conflictIds: string[]): Promise<ResolvedConflicts>;
    /** Stops launching operations of the running apply; those in flight finish or are aborted. */
    cancelApply(draftId: string): Promise<boolean>;
    compare(left: RuleSetSource, right: RuleSetSource): Promise<Comparison>;
    exportIac(draftId: string, format: ExportFormat): Promise<IacExport>;
    /** Writes the export through the OS save dialog; the path, or null when cancelled. */
    saveIac(draftId: string, format: ExportFormat): Promise<string | null>;
    onApplyProgress(callback: (event: ApplyProgressEvent) => void): Unsubscribe;
  };
  auth: {
    status(): Promise<AuthStatus>;
    listAccounts(): Promise<AccountSummary[]>;
    /** Resolves once the user finished signing in; rejects with `sign-in-cancelled`, `sign-in-declined`, … */
    signIn(request: SignInRequest): Promise<AccountSummary>;
    /** Cancels the pending sign-in; false when there was none. */
    cancelSignIn(): Promise<boolean>;
    /** Removes the account and all its tokens from this app. */
    signOut(accountId: string): Promise<void>;
    updateSettings(update: AuthSettingsUpdate): Promise<AuthSettingsView>;
    dismissNotice(): Promise<void>;
    /** Device code sign-in: show the code with a copy button and the verification link. */
    onDeviceCode(callback: (prompt: DeviceCodePrompt) => void): Unsubscribe;
    /** Accounts or sign-in state changed (sign-in, sign-out, settings, pending sign-in). */
    onChanged(callback: (change: AuthChange) => void): Unsubscribe;
  };
  azure: {
    /** Subscriptions of every tenant the account can see; tenants that need another sign-in are listed apart. */
    listSubscriptions(accountId: string): Promise<SubscriptionListing>;
    listRegistries(subscription: SubscriptionRef): Promise<RegistrySummary[]>;
    listCacheRules(registry: RegistryRef): Promise<LiveCacheRule[]>;
    getCacheRule(registry: RegistryRef, name: string): Promise<LiveCacheRule>;
    createCacheRule(registry: RegistryRef, rule: CacheRule): Promise<LiveCacheRule>;
    /** The only change Azure allows on a rule: another credential set of the registry, or none (null). */
    updateCacheRuleCredentials(registry: RegistryRef, name: string, credentialSet: string | null): Promise<LiveCacheRule>;
    /** PATCHes what Azure lets change on a rule at the preview api-version: credential set, identity, sync settings (null removes). */
    updateCacheRule(registry: RegistryRef, name: string, patch: RulePatch): Promise<LiveCacheRule>;
    deleteCacheRule(registry: RegistryRef, name: string): Promise<void>;
    listCredentialSets(registry: RegistryRef): Promise<LiveCredentialSet[]>;
    getCredentialSet(registry: RegistryRef, name: string): Promise<LiveCredentialSet>;
    createCredentialSet(registry: RegistryRef, set: CredentialSet): Promise<LiveCredentialSet>;
    /** New Key Vault secret URIs; the login server cannot change. */
    updateCredentialSet(registry: RegistryRef, name: string, secrets: CredentialSecretsUpdate): Promise<LiveCredentialSet>;
    deleteCredentialSet(registry: RegistryRef, name: string): Promise<void>;
    /** Repositories that already exist in the registry (data-plane catalog). */
    listRepositories(registry: RegistryRef): Promise<RepositoryListing>;
    /** User-assigned managed identities the account can see in a subscription (the identity picker of ACR-to-ACR rules). */
    listUserAssignedIdentities(subscription: SubscriptionRef): Promise<UserAssignedIdentitySummary[]>;
    /** How many upstream tags a rule's ActiveSync filter would select (Azure's estimate); `unsupported` at an api-version without it. */
    checkSyncEstimate(request: SyncEstimateRequest): Promise<SyncEstimateView>;
    /** Aborts an estimate still running; false when none runs under that id. */
    cancelSyncEstimate(requestId: string): Promise<boolean>;
    /** Progress and result of each create/update/delete sent to Azure. */
    onOperation(callback: (event: AzureOperationEvent) => void): Unsubscribe;
  };
}

type AreaOf = keyof DesktopApi;
type FnKeys<T> = { [K in keyof T]: T[K] extends (...args: never[]) => unknown ? K : never }[keyof T] & string;
export type EventKeys<T> = Extract<FnKeys<T>, `on${string}`>;
export type MethodKeys<T> = Exclude<FnKeys<T>, `on${string}`>;

/** Every invocable method, by area. The type check below keeps it equal to DesktopApi. */
export const API_METHODS = {
  app: ['about', 'openExternal'],
  probe: ['checkUpstream'],
  migrate: ['openManifests', 'saveManifests'],
  credentialSetup: ['listKeyVaults', 'start', 'undo', 'cancel', 'unfinished', 'keep'],
  cache: ['readContents', 'saveContentsCsv', 'warm', 'cancel', 'syncNow'],
  settings: ['get', 'update', 'dataFolder', 'openDataFolder', 'openLogsFolder', 'updateStatus', 'checkForUpdates', 'restartToUpdate'],
  recent: ['list', 'open', 'remove', 'clear', 'recordDropped'],
  sync: ['importRegistry', 'plan', 'apply', 'takeTheirs', 'cancelApply', 'compare', 'exportIac', 'saveIac'],
  drafts: [
    'status',
    'list',
    'open',
    'create',
    'rename',
    'duplicate',
    'remove',
    'setRegistry',
    'saveRule',
    'addRules',
    'deleteRule',
    'saveCredentialSet',
    'deleteCredentialSet',
    'undo',
    'redo',
    'importFile',
    'importText',
    'exportFile',
  ],
  auth: ['status', 'listAccounts', 'signIn', 'cancelSignIn', 'signOut', 'updateSettings', 'dismissNotice'],
  azure: [
    'listSubscriptions',
    'listRegistries',
    'listCacheRules',
    'getCacheRule',
    'createCacheRule',
    'updateCacheRuleCredentials',
    'updateCacheRule',
    'deleteCacheRule',
    'listCredentialSets',
    'getCredentialSet',
    'createCredentialSet',
    'updateCredentialSet',
    'deleteCredentialSet',
    'listRepositories',
    'listUserAssignedIdentities',
    'checkSyncEstimate',
    'cancelSyncEstimate',
  ],
} as const satisfies { [A in AreaOf]: readonly MethodKeys<DesktopApi[A]>[] };

/** Every event subscription (`onX(cb) → unsubscribe`), by area. */
export const API_EVENTS = {
  app: ['onMenuCommand'],
  drafts: ['onFileOpened'],
  sync: ['onApplyProgress'],
  probe: [],
  migrate: [],
  credentialSetup: ['onProgress'],
  cache: ['onProgress'],
  settings: ['onChanged', 'onUpdateStatus'],
  recent: ['onChanged', 'onOpenRequested'],
  auth: ['onDeviceCode', 'onChanged'],
  azure: ['onOperation'],
} as const satisfies { [A in AreaOf]: readonly EventKeys<DesktopApi[A]>[] };

// Compile-time proof that the runtime tables list every member of DesktopApi, no more, no less.
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type TablesComplete = {
  [A in AreaOf]: Exactly<(typeof API_METHODS)[A][number], MethodKeys<DesktopApi[A]>> extends true
    ? Exactly<(typeof API_EVENTS)[A][number], EventKeys<DesktopApi[A]>>
    : false;
}[AreaOf];
const tablesComplete: TablesComplete = true;
void tablesComplete;

export type Channel = {
  [A in AreaOf]: `${A}.${MethodKeys<DesktopApi[A]>}`;
}[AreaOf];
export type EventChannel = {
  [A in AreaOf]: `${A}.${EventKeys<DesktopApi[A]>}`;
}[AreaOf];

export const API_GLOBAL = 'acr';
/** Prefix of the ipcMain channel names; the part after it is `<area>.<method>`. */
export const IPC_PREFIX = 'acr:';
export const IPC_EVENT_PREFIX = 'acr-event:';

export function listChannels(): string[] {
  return Object.entries(API_METHODS).flatMap(([area, methods]) => methods.map((m) => `${area}.${m}`));
}
export function listEventChannels(): string[] {
  return Object.entries(API_EVENTS).flatMap(([area, events]) => (events as readonly string[]).map((e) => `${area}.${e}`));
}

/**
 * What the preload answers itself, without IPC: the path of a file dropped on the window
 * (Electron's webUtils.getPathForFile; '' or null for a file that is not on disk). The renderer
 * only passes it back to `recent.recordDropped`, which checks it against the file's text.
 */
export interface LocalApi {
  pathOfDroppedFile(file: File): string | null;
}

export type WindowApi = DesktopApi & LocalApi;

declare global {
  interface Window {
    readonly acr: WindowApi;
  }
}
