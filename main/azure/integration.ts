// Builds the Azure side of the app — settings, encrypted token store, sign-in, Resource Manager —
// and its two IPC areas. Electron-free: the Electron entry passes shell.openExternal; tests pass a
// scripted browser, a fake or real keychain, and emulator endpoints.
import { join } from 'node:path';
import type { HandlerTable } from '../ipc/router.ts';
import type { EventHub } from '../events.ts';
import { createAuthService, type AuthService } from '../auth/auth-service.ts';
import { createAuthSettingsStore } from '../auth/auth-settings.ts';
import type { CloudOverrides } from '../auth/clouds.ts';
import { authHandlers } from '../handlers/auth.ts';
import { azureHandlers } from '../handlers/azure.ts';
import { loadKeytarBackend, type KeychainBackend } from '../keychain/keychain-backend.ts';
import { createTokenCacheStore, type TokenCacheStore } from '../keychain/token-cache-store.ts';
import { createAzureService, type AzureService, type RetryOptions } from './azure-service.ts';
import { APPLY_RETRY_OPTIONS } from '../apply/executor.ts';
import { applyPipelinePolicies, RateBudget, type ApplyPipelineOptions } from '../apply/apply-pipeline.ts';
import { appLog } from '../log/app-log.ts';
import { credentialSetupHandlers } from '../handlers/credential-setup.ts';
import { createCredentialSetupService, type CredentialSetupOptions } from './credential-setup/credential-setup-service.ts';

export interface AzureIntegrationOptions {
  /** Opens the checked sign-in URL in the system browser. Defaults to the app's openExternal. */
  openBrowser?: (url: string) => Promise<void>;
  /** Opens the OS keychain; keytar by default. `null`: there is none (tokens are session-only). */
  keychain?: (() => Promise<KeychainBackend>) | null;
  /** Environment for ACR_CACHE_STUDIO_CLOUD / _CLIENT_ID / _TENANT; process.env by default. */
  env?: Record<string, string | undefined>;
  /** Points clouds at other hosts (tests: emulators). */
  clouds?: CloudOverrides;
  /** Extra trusted CA certificate(s) in PEM for Entra, ARM and registries. */
  tlsCa?: string;
  pollIntervalMs?: number;
  retryOptions?: RetryOptions;
  registryEndpoint?: (loginServer: string) => string;
  signInTimeoutMs?: number;
  keychainTimeoutMs?: number;
  log?: (message: string) => void;
  /** Read retries and the per-request timeout of the apply client (tests: shorter). */
  applyPipeline?: ApplyPipelineOptions;
  /** Credential setup: health polling and where Key Vault is served (tests: the emulator). */
  credentialSetup?: Pick<CredentialSetupOptions, 'healthPollMs' | 'healthTimeoutMs' | 'keyVaultEndpoint'>;
}

export interface AzureIntegration {
  auth: AuthService;
  azure: AzureService;
  /** The same service with the SDK's retries off, for applies: the executor paces 429s itself. */
  applyAzure: AzureService;
  /** What Azure's rate-limit headers said of the apply client's write budget. */
  applyBudget: RateBudget;
  tokenStore: TokenCacheStore;
  handlers: Pick<HandlerTable, 'auth' | 'azure' | 'credentialSetup'>;
  dispose(): Promise<void>;
}

export async function createAzureIntegration(
  base: { dataDir: string; events: EventHub; openExternal: (url: string) => Promise<void> },
  options: AzureIntegrationOptions = {},
): Promise<AzureIntegration> {
  const log = options.log ?? ((message: string) => appLog.warn(`[azure] ${message}`));
  const settings = createAuthSettingsStore({ dataDir: base.dataDir, env: options.env ?? process.env });
  await settings.load();
  const keychain = options.keychain === null ? () => Promise.reject(new Error('no keychain is configured')) : (options.keychain ?? (() => loadKeytarBackend()));
  const tokenStore = createTokenCacheStore({
    dataDir: base.dataDir,
    keychain,
    ...(options.keychainTimeoutMs !== undefined ? { keychainTimeoutMs: options.keychainTimeoutMs } : {}),
    log,
  });
  // Probe the keychain in the background: a slow Secret Service must not delay the window.
  void tokenStore.ready();
  const auth = createAuthService({
    settings,
    tokenStore,
    events: base.events,
    openBrowser: options.openBrowser ?? base.openExternal,
    ...(options.clouds ? { clouds: options.clouds } : {}),
    ...(options.tlsCa ? { tlsCa: options.tlsCa } : {}),
    ...(options.signInTimeoutMs !== undefined ? { signInTimeoutMs: options.signInTimeoutMs } : {}),
    log,
  });
  const serviceOptions = {
    auth,
    events: base.events,
    ...(options.tlsCa ? { tlsCa: options.tlsCa } : {}),
    ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
    ...(options.registryEndpoint ? { registryEndpoint: options.registryEndpoint } : {}),
  };
  const azure = createAzureService({ ...serviceOptions, ...(options.retryOptions ? { retryOptions: options.retryOptions } : {}) });
  const applyBudget = new RateBudget();
  const applyAzure = createAzureService({ ...serviceOptions, retryOptions: APPLY_RETRY_OPTIONS, policies: [...applyPipelinePolicies(options.applyPipeline), applyBudget.policy] });
  const credentialSetup = createCredentialSetupService({ auth, azure, events: base.events, recordDir: join(base.dataDir, 'credential-setups'), ...(options.tlsCa ? { tlsCa: options.tlsCa } : {}), ...(options.retryOptions ? { retryOptions: options.retryOptions } : {}), ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}), ...options.credentialSetup });
  return {
    auth,
    azure,
    applyAzure,
    applyBudget,
    tokenStore,
    handlers: {
      auth: authHandlers(auth),
      azure: azureHandlers(azure),
      credentialSetup: credentialSetupHandlers(credentialSetup),
    },
    async dispose() {
      auth.dispose();
      await Promise.all([tokenStore.flush(), credentialSetup.flush()]);
    },
  };
}
