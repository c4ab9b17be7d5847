// What must never reach a log line or the "copy details" text: tokens (JWTs, bearer values,
// refresh tokens, OAuth codes and secrets), Authorization headers, and Key Vault secret URIs (a
// credential set's secrets are named by them; the log keeps the vault, not the secret). Applied
// to the final text of every line, whatever was passed in (strings, errors, objects).
import { KEY_VAULT_SUFFIXES } from '../../core/secret-uri.ts';

const REDACTED = '[redacted]';
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const RULES: ReadonlyArray<readonly [RegExp, string | ((...m: string[]) => string)]> = [
  // Authorization / Proxy-Authorization headers, as text, JSON or inspected objects
  [/((?:proxy-)?authorization['"]?\s*[:=]\s*['"]?)[^'"\r\n,}]+/gi, `$1${REDACTED}`],
  [/\b(bearer|basic)\s+[A-Za-z0-9\-._~+/]+=*/gi, `$1 ${REDACTED}`],
  // JWTs (access and ID tokens) anywhere
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // OAuth fields in JSON, query strings and forms
  [/((?:access|refresh|id)_token|client_secret|client_assertion|code_verifier|assertion|password|\bcode)(['"]?\s*[:=]\s*['"]?)[^'"&\s,}]+/gi, `$1$2${REDACTED}`],
  // SAS signatures in URLs
  [/([?&]sig=)[^&\s'"]+/gi, `$1${REDACTED}`],
  // Key Vault secret URIs: keep the vault, drop the secret's name and version
  [new RegExp(`(https://[a-z0-9-]+\\.(?:${KEY_VAULT_SUFFIXES.map(escape).join('|')})/secrets/)[^\\s'"?#,}]+`, 'gi'), `$1${REDACTED}`],
];

// Values no pattern can recognise — an upstream username and password the credential setup holds
// while it writes them to Key Vault — are redacted by value for as long as they are in use.
const inUse = new Map<string, number>();

/** Redacts these exact values from every log line until the returned function is called. */
export function redactWhileInUse(values: readonly string[]): () => void {
  const held = values.filter((v) => v.length > 0);
  for (const v of held) inUse.set(v, (inUse.get(v) ?? 0) + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    for (const v of held) {
      const left = (inUse.get(v) ?? 1) - 1;
      if (left > 0) inUse.set(v, left);
      else inUse.delete(v);
    }
  };
}

export function redactLogText(text: string): string {
  let out = text;
  // longest first, so a value that contains another is removed whole
  for (const value of [...inUse.keys()].sort((a, b) => b.length - a.length)) out = out.split(value).join(REDACTED);
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement as string);
  // JSON and URL encodings of a held value (a request body, a query string)
  for (const value of inUse.keys()) {
    for (const encoded of [JSON.stringify(value).slice(1, -1), encodeURIComponent(value)]) if (encoded !== value) out = out.split(encoded).join(REDACTED);
  }
  return out;
}
