// The OS keychain as the token store sees it: three calls, so tests can hand in a fake and the
// app can later swap keytar for another library without touching the store.
export const KEYCHAIN_SERVICE = 'ACR Cache Studio';
/** Keychain account under which the token cache's 32-byte key is kept. */
export const CACHE_KEY_ACCOUNT = 'msal-token-cache-key';

export interface KeychainBackend {
  /** e.g. "keytar (Secret Service)"; shown in status messages. */
  readonly name: string;
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

type KeytarModule = Pick<KeychainBackend, 'getPassword' | 'setPassword' | 'deletePassword'>;

function keychainName(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'Secret Service';
}

/**
 * Loads keytar lazily: on Linux without libsecret the native module fails to load, and that must
 * become "no keychain" rather than a crash at startup.
 */
export async function loadKeytarBackend(platform: NodeJS.Platform = process.platform): Promise<KeychainBackend> {
  const mod = (await import('keytar')) as KeytarModule & { default?: KeytarModule };
  // keytar is CommonJS; Node's ESM loader exposes module.exports as `default`.
  const keytar: KeytarModule = mod.default ?? mod;
  return {
    name: `keytar (${keychainName(platform)})`,
    getPassword: (service, account) => keytar.getPassword(service, account),
    setPassword: (service, account, password) => keytar.setPassword(service, account, password),
    deletePassword: (service, account) => keytar.deletePassword(service, account),
  };
}
