// AES-256-GCM envelope for the MSAL token cache at rest. The key is 32 random bytes kept in the
// OS keychain; the file holds only this envelope:
//   "ACSC" (4 bytes) | version 0x01 | 12-byte IV | 16-byte GCM tag | ciphertext
// The header is authenticated as additional data, so any changed byte (header, IV, tag or
// ciphertext) fails decryption instead of yielding garbage.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const MAGIC = Buffer.from('ACSC', 'ascii');
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = MAGIC.length + 1;
export const CACHE_KEY_BYTES = 32;

export class CacheDecryptError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CacheDecryptError';
  }
}

export function newCacheKey(): Buffer {
  return randomBytes(CACHE_KEY_BYTES);
}

export function encodeKey(key: Buffer): string {
  return key.toString('base64');
}

/** Returns null when the stored text is not a 32-byte base64 key (e.g. edited by hand). */
export function decodeKey(text: string): Buffer | null {
  if (!/^[A-Za-z0-9+/]{43}=$/.test(text)) return null;
  const key = Buffer.from(text, 'base64');
  return key.length === CACHE_KEY_BYTES ? key : null;
}

export function encryptCache(plaintext: string, key: Buffer): Buffer {
  if (key.length !== CACHE_KEY_BYTES) throw new Error('The token cache key must be 32 bytes.');
  const header = Buffer.concat([MAGIC, Buffer.from([VERSION])]);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(header);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([header, iv, cipher.getAuthTag(), body]);
}

export function decryptCache(envelope: Buffer, key: Buffer): string {
  if (envelope.length < HEADER_BYTES + IV_BYTES + TAG_BYTES) throw new CacheDecryptError('the file is too short to be an encrypted token cache');
  const header = envelope.subarray(0, HEADER_BYTES);
  if (!header.subarray(0, MAGIC.length).equals(MAGIC)) throw new CacheDecryptError('the file is not an encrypted token cache');
  const version = header[MAGIC.length];
  if (version !== VERSION) throw new CacheDecryptError(`the file uses format version ${String(version)}, which this version of the app cannot read`);
  const iv = envelope.subarray(HEADER_BYTES, HEADER_BYTES + IV_BYTES);
  const tag = envelope.subarray(HEADER_BYTES + IV_BYTES, HEADER_BYTES + IV_BYTES + TAG_BYTES);
  const body = envelope.subarray(HEADER_BYTES + IV_BYTES + TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(header);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch (err) {
    throw new CacheDecryptError('the file was changed or was encrypted with another key', { cause: err });
  }
}
