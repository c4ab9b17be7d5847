// The token store against a real Secret Service (gnome-keyring) through keytar. Runs only under
// test/keyring/with-keyring.sh, which starts a throwaway keyring on a private D-Bus session:
//   bash test/keyring/with-keyring.sh npx vitest run test/integration/keychain-real.test.ts
// Elsewhere it is skipped with the reason: on a desktop it would overwrite the real app's key.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { CACHE_KEY_ACCOUNT, KEYCHAIN_SERVICE, loadKeytarBackend, type KeychainBackend } from '../../main/keychain/keychain-backend.ts';
import { createTokenCacheStore, TOKEN_CACHE_FILE } from '../../main/keychain/token-cache-store.ts';
import { startAzureTestEnvironment } from '../emulators/azure-environment.ts';
import { DEFAULT_TEST_USER } from '../emulators/entra.ts';
import { startAzureApp } from './azure-app.ts';

async function probe(): Promise<{ backend: KeychainBackend | null; reason: string | null }> {
  if (process.env['ACR_TEST_SECRET_SERVICE'] !== '1') {
    return { backend: null, reason: 'not running under test/keyring/with-keyring.sh (it provides a throwaway gnome-keyring; this test would otherwise overwrite your own keychain entry)' };
  }
  try {
    const backend = await loadKeytarBackend();
    await Promise.race([
      backend.getPassword(`${KEYCHAIN_SERVICE} probe`, 'probe'),
      new Promise((_, reject) => setTimeout(() => reject(new Error('the Secret Service did not answer within 5 s')), 5000)),
    ]);
    return { backend, reason: null };
  } catch (err) {
    return { backend: null, reason: `no Secret Service reachable: ${(err as Error).message}` };
  }
}

const { backend, reason } = await probe();
if (reason) console.warn(`[keychain-real] skipped: ${reason}`);

describe.skipIf(reason !== null)(`token cache in the real OS keychain (gnome-keyring via keytar)${reason ? ` — skipped: ${reason}` : ''}`, () => {
  const dirs: string[] = [];
  const tempDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'acr-keychain-real-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(async () => {
    await backend?.deletePassword(KEYCHAIN_SERVICE, CACHE_KEY_ACCOUNT);
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('keeps the 32-byte key in the Secret Service under "ACR Cache Studio" and the cache encrypted in the file', async () => {
    const dir = await tempDir();
    await backend!.deletePassword(KEYCHAIN_SERVICE, CACHE_KEY_ACCOUNT);
    const store = createTokenCacheStore({ dataDir: dir, keychain: async () => backend! });
    await store.ready();
    expect(store.status()).toEqual({ mode: 'keychain', message: null, notice: null });
    const serialized = JSON.stringify({ RefreshToken: { one: { secret: 'a-refresh-token-that-must-stay-secret' } } });
    await store.write(serialized);

    const key = await backend!.getPassword(KEYCHAIN_SERVICE, CACHE_KEY_ACCOUNT);
    expect(Buffer.from(key ?? '', 'base64')).toHaveLength(32);
    // The same item, seen by another Secret Service client (keytar stores attributes service + account).
    const { stdout } = await promisify(execFile)('secret-tool', ['lookup', 'service', KEYCHAIN_SERVICE, 'account', CACHE_KEY_ACCOUNT]);
    expect(stdout.trim()).toBe(key);
    expect((await readFile(join(dir, TOKEN_CACHE_FILE))).toString('latin1')).not.toContain('a-refresh-token-that-must-stay-secret');

    const reopened = createTokenCacheStore({ dataDir: dir, keychain: async () => backend! });
    await reopened.ready();
    expect(reopened.read()).toBe(serialized);
  });

  it('signs in, restarts and stays signed in with the key from gnome-keyring', async () => {
    const dir = await tempDir();
    const env = await startAzureTestEnvironment({ dataDir: dir });
    try {
      const first = await startAzureApp(env, { keychain: () => loadKeytarBackend() });
      expect((await first.call('auth', 'status')).persistence).toEqual({ mode: 'keychain', message: null });
      const account = await first.call('auth', 'signIn', { mode: 'device-code' });
      await first.dispose();

      const second = await startAzureApp(env, { keychain: () => loadKeytarBackend() });
      try {
        expect(await second.call('auth', 'listAccounts')).toEqual([account]);
        const token = await second.integration.auth.credential(account.id).getToken('https://management.azure.com/.default');
        expect(token?.token).toBeTruthy();
        expect(account.username).toBe(DEFAULT_TEST_USER.username);
      } finally {
        await second.dispose();
      }
    } finally {
      await env.close();
    }
  });
});
