// Where the MSAL token cache lives between runs: AES-256-GCM-encrypted in a file under the app's
// data folder, with the random 32-byte key in the OS keychain. Without a reachable keychain the
// cache stays in memory for this session only; plaintext never touches the disk.
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../atomic-file.ts';
import { DATA_DIR_MODE } from '../data-dir.ts';
import { CacheDecryptError, decodeKey, decryptCache, encodeKey, encryptCache, newCacheKey } from './cache-cipher.ts';
import { CACHE_KEY_ACCOUNT, KEYCHAIN_SERVICE, type KeychainBackend } from './keychain-backend.ts';

export const TOKEN_CACHE_FILE = 'token-cache.bin';

export type TokenPersistenceMode = 'keychain' | 'session-only';

export interface TokenStoreStatus {
  mode: TokenPersistenceMode;
  /** Why tokens are session-only; null when they are persisted. */
  message: string | null;
  /** Something the user should know once, e.g. that a damaged cache was discarded. */
  notice: string | null;
}

export interface TokenCacheStoreOptions {
  dataDir: string;
  /** Opens the keychain; a rejection (no libsecret, no D-Bus, locked keyring) means session-only. */
  keychain: () => Promise<KeychainBackend>;
  /** Keychain name for messages, e.g. "Secret Service". */
  keychainLabel?: string;
  fileName?: string;
  /** A keychain call that hangs (a prompt nobody answers) counts as unreachable after this. */
  keychainTimeoutMs?: number;
  log?: (message: string) => void;
}

export interface TokenCacheStore {
  /** Resolves once the keychain was probed and any saved cache loaded; never rejects. */
  ready(): Promise<void>;
  status(): TokenStoreStatus;
  clearNotice(): void;
  /** The serialized MSAL cache, or null when nothing was saved yet. */
  read(): string | null;
  /** Keeps the serialized cache and, with a keychain, writes it encrypted (atomically). */
  write(serialized: string): Promise<void>;
  /** Waits until every write issued so far reached the disk. */
  flush(): Promise<void>;
  readonly filePath: string;
}

export const DISCARDED_NOTICE =
  'Your saved Azure sign-in could not be read (the encrypted token cache was damaged, changed, or its key is no longer in the keychain) and was discarded. Sign in again.';

function sessionOnlyMessage(label: string, reason: string): string {
  return `Tokens are kept for this session only: no OS keychain (${label}) was found. You stay signed in until you quit the app. (${reason})`;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function readIfExists(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

export function createTokenCacheStore(options: TokenCacheStoreOptions): TokenCacheStore {
  const filePath = join(options.dataDir, options.fileName ?? TOKEN_CACHE_FILE);
  const label = options.keychainLabel ?? (process.platform === 'darwin' ? 'macOS Keychain' : process.platform === 'win32' ? 'Windows Credential Manager' : 'Secret Service');
  const timeoutMs = options.keychainTimeoutMs ?? 10_000;
  const log = options.log ?? (() => {});

  let mode: TokenPersistenceMode = 'session-only';
  let message: string | null = null;
  let notice: string | null = null;
  let key: Buffer | null = null;
  let data: string | null = null;
  let writes: Promise<void> = Promise.resolve();

  async function discard(reason: string): Promise<void> {
    log(`token cache discarded: ${reason}`);
    notice = DISCARDED_NOTICE;
    await rm(filePath, { force: true });
  }

  async function init(): Promise<void> {
    let backend: KeychainBackend;
    let storedKey: string | null;
    try {
      backend = await withTimeout(options.keychain(), timeoutMs, 'The keychain');
      storedKey = await withTimeout(backend.getPassword(KEYCHAIN_SERVICE, CACHE_KEY_ACCOUNT), timeoutMs, 'The keychain');
    } catch (err) {
      mode = 'session-only';
      message = sessionOnlyMessage(label, errorText(err));
      log(message);
      return;
    }

    const file = await readIfExists(filePath);
    let usable = storedKey === null ? null : decodeKey(storedKey);
    if (!usable) {
      usable = newCacheKey();
      try {
        await withTimeout(backend.setPassword(KEYCHAIN_SERVICE, CACHE_KEY_ACCOUNT, encodeKey(usable)), timeoutMs, 'The keychain');
      } catch (err) {
        mode = 'session-only';
        message = sessionOnlyMessage(label, `the key could not be stored: ${errorText(err)}`);
        log(message);
        return;
      }
      // A cache without its key can never be read again.
      if (file) await discard(storedKey === null ? 'its key is missing from the keychain' : 'its key in the keychain is malformed');
    } else if (file) {
      try {
        const text = decryptCache(file, usable);
        JSON.parse(text);
        data = text;
      } catch (err) {
        await discard(err instanceof CacheDecryptError ? err.message : `it is not a token cache (${errorText(err)})`);
      }
    }
    key = usable;
    mode = 'keychain';
    message = null;
  }

  let initPromise: Promise<void> | null = null;
  const ready = () => {
    initPromise ??= init().catch((err: unknown) => {
      // Reading the data folder failed (permissions): stay usable, in memory only.
      mode = 'session-only';
      key = null;
      message = `Tokens are kept for this session only: the token cache could not be opened (${errorText(err)}).`;
      log(message);
    });
    return initPromise;
  };

  return {
    filePath,
    ready,
    status: () => ({ mode, message, notice }),
    clearNotice: () => {
      notice = null;
    },
    read: () => data,
    async write(serialized) {
      data = serialized;
      const currentKey = key;
      if (mode !== 'keychain' || !currentKey) return;
      const envelope = encryptCache(serialized, currentKey);
      writes = writes.then(async () => {
        try {
          await mkdir(options.dataDir, { recursive: true, mode: DATA_DIR_MODE });
          await writeFileAtomic(filePath, envelope);
        } catch (err) {
          notice = `Your Azure sign-in could not be saved to disk (${errorText(err)}); you stay signed in for this session.`;
          log(notice);
        }
      });
      await writes;
    },
    flush: () => writes,
  };
}
