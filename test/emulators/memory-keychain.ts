// An in-memory stand-in for the OS keychain (tests that are not about the real Secret Service).
import type { KeychainBackend } from '../../main/keychain/keychain-backend.ts';

export interface MemoryKeychain extends KeychainBackend {
  readonly entries: Map<string, string>;
  /** When set, every call fails with this message, like an unreachable or locked keychain. */
  failWith: string | null;
  readonly calls: string[];
}

export function createMemoryKeychain(): MemoryKeychain {
  const entries = new Map<string, string>();
  const calls: string[] = [];
  const keychain: MemoryKeychain = {
    name: 'memory keychain (test)',
    entries,
    calls,
    failWith: null,
    async getPassword(service, account) {
      calls.push(`get ${service}/${account}`);
      if (keychain.failWith) throw new Error(keychain.failWith);
      return entries.get(`${service}/${account}`) ?? null;
    },
    async setPassword(service, account, password) {
      calls.push(`set ${service}/${account}`);
      if (keychain.failWith) throw new Error(keychain.failWith);
      entries.set(`${service}/${account}`, password);
    },
    async deletePassword(service, account) {
      calls.push(`delete ${service}/${account}`);
      if (keychain.failWith) throw new Error(keychain.failWith);
      return entries.delete(`${service}/${account}`);
    },
  };
  return keychain;
}
