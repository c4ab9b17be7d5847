// The CLI's version: put into the bundle by its build (cli/build.mjs); read from package.json
// when running from the sources.
import { readFile } from 'node:fs/promises';

declare const __ACR_CACHE_VERSION__: string | undefined;

export async function cliVersion(): Promise<string> {
  if (typeof __ACR_CACHE_VERSION__ === 'string') return __ACR_CACHE_VERSION__;
  const text = await readFile(new URL('../../package.json', import.meta.url), 'utf8');
  const data: unknown = JSON.parse(text);
  const v = typeof data === 'object' && data !== null ? (data as { version?: unknown }).version : undefined;
  return typeof v === 'string' ? v : 'unknown';
}
