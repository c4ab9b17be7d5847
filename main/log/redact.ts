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

export function redactLogText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement as string);
  return out;
}
