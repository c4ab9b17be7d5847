// Everything a test needs to run the app's Azure side against local emulators: one certificate,
// an Entra emulator, an ARM emulator seeded with a tenant / subscription / registry, a scripted
// browser, an in-memory keychain, a temporary data folder, and the AzureIntegrationOptions that
// wire the real app code (createMainServices({ azure }) or createAzureIntegration) to all of it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AzureIntegrationOptions } from '../../main/azure/integration.ts';
import { startArmEmulator, type ArmEmulator, type ArmEmulatorOptions, type RegistryHandle } from './arm.ts';
import { testCertificate, type TestCertificate } from './certs.ts';
import { createTestBrowser, DEFAULT_TEST_USER, startEntraEmulator, type EntraEmulator, type EntraEmulatorOptions, type TestBrowser } from './entra.ts';
import { createMemoryKeychain, type MemoryKeychain } from './memory-keychain.ts';
import { startKeyVaultEmulator, type KeyVaultEmulator } from './key-vault.ts';

export const TEST_TENANT = DEFAULT_TEST_USER.tenantId;
export const TEST_SUBSCRIPTION = '3f2b6c1e-5d4a-4b8c-9e7f-000000000001';
export const TEST_RESOURCE_GROUP = 'rg-cache';
export const TEST_REGISTRY = 'contosocache';

export interface AzureTestEnvironment {
  cert: TestCertificate;
  entra: EntraEmulator;
  arm: ArmEmulator;
  /** The Key Vault secrets data plane of the ARM emulator's vaults (`arm.keyVaults`). */
  keyVault: KeyVaultEmulator;
  browser: TestBrowser;
  keychain: MemoryKeychain;
  dataDir: string;
  /** The seeded registry `contosocache` in `rg-cache`. */
  registry: RegistryHandle;
  /** Options wiring the app to the emulators; spread overrides on top. */
  options(overrides?: Partial<AzureIntegrationOptions>): AzureIntegrationOptions;
  close(): Promise<void>;
}

export async function startAzureTestEnvironment(
  config: { entra?: Omit<EntraEmulatorOptions, 'cert'>; arm?: Omit<ArmEmulatorOptions, 'cert'>; dataDir?: string } = {},
): Promise<AzureTestEnvironment> {
  const cert = await testCertificate();
  const entra = await startEntraEmulator({ cert, ...config.entra });
  const arm = await startArmEmulator({ cert, ...config.arm });
  arm.addTenant({ tenantId: TEST_TENANT, displayName: 'Contoso', defaultDomain: 'contoso.example' });
  arm.addSubscription({ subscriptionId: TEST_SUBSCRIPTION, displayName: 'Contoso Platform', tenantId: TEST_TENANT });
  const keyVault = await startKeyVaultEmulator({ cert, store: arm.keyVaults, authorityHost: entra.url });
  const registry = arm.addRegistry({ subscriptionId: TEST_SUBSCRIPTION, resourceGroup: TEST_RESOURCE_GROUP, name: TEST_REGISTRY, sku: 'Premium', location: 'westeurope' });
  const browser = createTestBrowser(cert.cert);
  const keychain = createMemoryKeychain();
  const dataDir = config.dataDir ?? (await mkdtemp(join(tmpdir(), 'acr-azure-test-')));
  return {
    cert,
    entra,
    arm,
    keyVault,
    browser,
    keychain,
    dataDir,
    registry,
    options: (overrides = {}) => ({
      openBrowser: (url) => browser.openBrowser(url),
      keychain: async () => keychain,
      env: {},
      clouds: { AzureCloud: { authorityHost: entra.url, armEndpoint: arm.url } },
      tlsCa: cert.cert,
      pollIntervalMs: 0,
      retryOptions: { maxRetries: 3, retryDelayInMs: 5, maxRetryDelayInMs: 20 },
      registryEndpoint: (loginServer) => arm.dataPlaneUrl(loginServer),
      log: () => {},
      // https://<vault>.vault.azure.net/ → the emulator; health read without waiting between reads
      credentialSetup: { healthPollMs: 0, healthTimeoutMs: 10_000, keyVaultEndpoint: (vaultUri) => keyVault.vaultUrl(new URL(vaultUri).hostname.split('.')[0]!) },
      ...overrides,
    }),
    async close() {
      await Promise.all([entra.close(), arm.close(), keyVault.close()]);
      if (!config.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
