import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryKeychain, type MemoryKeychain } from '../../test/emulators/memory-keychain.ts';
import { decryptCache, encryptCache, newCacheKey } from './cache-cipher.ts';
import { CACHE_KEY_ACCOUNT, KEYCHAIN_SERVICE } from './keychain-backend.ts';
import { createTokenCacheStore, DISCARDED_NOTICE, TOKEN_CACHE_FILE } from './token-cache-store.ts';

const SAMPLE = JSON.stringify({ Account: {}, RefreshToken: { rt: { secret: 'refresh-token-secret-value-123' } } });

describe('cache cipher', () => {
  it('round-trips and detects any changed byte', () => {
    const key = newCacheKey();
    const envelope = encryptCache(SAMPLE, key);
    expect(decryptCache(envelope, key)).toBe(SAMPLE);
    expect(envelope.includes(Buffer.from('refresh-token-secret'))).toBe(false);
    for (const at of [0, 4, 5, 10, 20, envelope.length - 1]) {
      const tampered = Buffer.from(envelope);
      tampered[at] = tampered[at]! ^ 0x01;
      expect(() => decryptCache(tampered, key), `byte ${at}`).toThrow();
    }
    expect(() => decryptCache(envelope, newCacheKey())).toThrow(/changed or was encrypted with another key/);
  });
});

describe('token cache store', () => {
  let dir: string;
  let keychain: MemoryKeychain;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'acr-store-'));
    keychain = createMemoryKeychain();
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const open = () => createTokenCacheStore({ dataDir: dir, keychain: async () => keychain });

  it('keeps the key in the keychain and only ciphertext on disk, readable after a restart', async () => {
    const store = open();
    await store.ready();
    expect(store.status()).toEqual({ mode: 'keychain', message: null, notice: null });
    await store.write(SAMPLE);
    const key = keychain.entries.get(`${KEYCHAIN_SERVICE}/${CACHE_KEY_ACCOUNT}`);
    expect(key).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    const onDisk = await readFile(join(dir, TOKEN_CACHE_FILE));
    expect(onDisk.toString('latin1')).not.toContain('refresh-token-secret');
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const again = open();
    await again.ready();
    expect(again.read()).toBe(SAMPLE);
  });

  it('is session-only with a clear status when no keychain is reachable, and writes nothing', async () => {
    keychain.failWith = 'Cannot autolaunch D-Bus without X11 $DISPLAY';
    const store = open();
    await store.ready();
    const status = store.status();
    expect(status.mode).toBe('session-only');
    expect(status.message).toContain('Tokens are kept for this session only: no OS keychain');
    expect(status.message).toContain('Cannot autolaunch D-Bus');
    await store.write(SAMPLE);
    expect(store.read()).toBe(SAMPLE);
    expect(await readdir(dir)).toEqual([]);
  });

  it('is session-only when the keychain module cannot even load', async () => {
    const store = createTokenCacheStore({ dataDir: dir, keychain: () => Promise.reject(new Error('libsecret-1.so.0: cannot open shared object file')) });
    await store.ready();
    expect(store.status().mode).toBe('session-only');
    expect(store.status().message).toContain('libsecret-1.so.0');
  });

  it('treats a keychain that never answers as unreachable', async () => {
    const store = createTokenCacheStore({ dataDir: dir, keychain: () => new Promise(() => {}), keychainTimeoutMs: 20 });
    await store.ready();
    expect(store.status().mode).toBe('session-only');
    expect(store.status().message).toContain('did not answer');
  });

  it('discards a tampered cache file with a notice instead of failing', async () => {
    const first = open();
    await first.ready();
    await first.write(SAMPLE);
    const file = join(dir, TOKEN_CACHE_FILE);
    const bytes = await readFile(file);
    bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 0xff;
    await writeFile(file, bytes);

    const second = open();
    await second.ready();
    expect(second.read()).toBeNull();
    expect(second.status()).toMatchObject({ mode: 'keychain', notice: DISCARDED_NOTICE });
    expect(await readdir(dir)).toEqual([]);
    second.clearNotice();
    expect(second.status().notice).toBeNull();
    // It keeps working: the next sign-in is saved again.
    await second.write(SAMPLE);
    const third = open();
    await third.ready();
    expect(third.read()).toBe(SAMPLE);
  });

  it('discards a cache whose key disappeared from the keychain and stores a new key', async () => {
    const first = open();
    await first.ready();
    await first.write(SAMPLE);
    const oldKey = keychain.entries.get(`${KEYCHAIN_SERVICE}/${CACHE_KEY_ACCOUNT}`);
    keychain.entries.clear();

    const second = open();
    await second.ready();
    expect(second.read()).toBeNull();
    expect(second.status().notice).toBe(DISCARDED_NOTICE);
    expect(keychain.entries.get(`${KEYCHAIN_SERVICE}/${CACHE_KEY_ACCOUNT}`)).not.toBe(oldKey);
  });

  it('discards garbage that is not an encrypted cache', async () => {
    await writeFile(join(dir, TOKEN_CACHE_FILE), '{"Account":{}}');
    keychain.entries.set(`${KEYCHAIN_SERVICE}/${CACHE_KEY_ACCOUNT}`, newCacheKey().toString('base64'));
    const store = open();
    await store.ready();
    expect(store.read()).toBeNull();
    expect(store.status().notice).toBe(DISCARDED_NOTICE);
  });

  it('replaces a malformed key in the keychain', async () => {
    keychain.entries.set(`${KEYCHAIN_SERVICE}/${CACHE_KEY_ACCOUNT}`, 'not-a-key');
    const store = open();
    await store.ready();
    expect(store.status().mode).toBe('keychain');
    expect(keychain.entries.get(`${KEYCHAIN_SERVICE}/${CACHE_KEY_ACCOUNT}`)).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('applies writes in the order they were made', async () => {
    const store = open();
    await store.ready();
    await Promise.all([store.write('{"n":1}'), store.write('{"n":2}'), store.write('{"n":3}')]);
    const again = open();
    await again.ready();
    expect(again.read()).toBe('{"n":3}');
  });
});
