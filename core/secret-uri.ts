// Key Vault secret identifiers, as a credential set holds them:
// `https://<vault>.vault.azure.net/secrets/<name>[/<version>]` (other clouds use other suffixes).
// ACR reads them with the credential set's identity; a malformed one only fails later as an
// "Unhealthy" credential, so the editor checks the shape up front.

/** DNS suffixes of Key Vault in the public and sovereign clouds. */
export const KEY_VAULT_SUFFIXES: readonly string[] = [
  'vault.azure.net',
  'vault.azure.cn',
  'vault.usgovcloudapi.net',
  'vault.microsoftazure.de',
];

export interface SecretUri {
  readonly vault: string;
  /** The vault's DNS suffix, e.g. `vault.azure.net`. */
  readonly suffix: string;
  readonly name: string;
  /** A pinned version: credentials then do not follow a rotated secret. */
  readonly version: string | undefined;
}

export type SecretUriResult =
  | {
      readonly ok: true;
      readonly value: SecretUri;
      /** Something allowed but doubtful (a version segment that is not 32 hex digits). */
      readonly warning?: string;
    }
  | { readonly ok: false; readonly error: string; readonly fix: string };

const SHAPE = 'https://<vault>.vault.azure.net/secrets/<name>';
const VAULT_NAME = /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;
const SECRET_NAME = /^[0-9a-zA-Z-]{1,127}$/;
const VERSION = /^[0-9a-fA-F]{32}$/;

function invalid(error: string, fix = `write it as '${SHAPE}'`): SecretUriResult {
  return { ok: false, error, fix };
}

export function parseSecretUri(text: string): SecretUriResult {
  if (typeof text !== 'string' || text.trim() === '') return invalid('the secret identifier is empty');
  if (text.trim() !== text) return invalid(`'${text}' has leading or trailing spaces`, `write '${text.trim()}'`);
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(text);
  if (scheme === null) return invalid(`'${text}' is not a URL`);
  if ((scheme[1] as string).toLowerCase() !== 'https') {
    return invalid(`'${text}' uses ${scheme[1]}://; Key Vault identifiers use https://`, `write 'https://${text.slice(scheme[0].length)}'`);
  }
  const rest = text.slice(scheme[0].length);
  const slash = rest.indexOf('/');
  const host = (slash < 0 ? rest : rest.slice(0, slash)).toLowerCase();
  const path = slash < 0 ? '' : rest.slice(slash);
  if (/[?#]/.test(path)) return invalid(`'${text}' has a query or fragment; a secret identifier has neither`);
  const suffix = KEY_VAULT_SUFFIXES.find((s) => host.endsWith('.' + s));
  if (suffix === undefined) {
    return invalid(`host '${host}' is not a Key Vault (expected '<vault>.${KEY_VAULT_SUFFIXES[0]}' or a sovereign-cloud equivalent)`);
  }
  const vault = host.slice(0, host.length - suffix.length - 1);
  if (!VAULT_NAME.test(vault)) {
    return invalid(
      `vault name '${vault}' is not valid; vault names are 3–24 letters, digits and single hyphens, starting with a letter and ending with a letter or digit`,
    );
  }
  const segments = path.replace(/\/$/, '').split('/').slice(1);
  if (segments[0]?.toLowerCase() !== 'secrets' || segments.length < 2) {
    return invalid(`'${text}' does not point at a secret; the path must be '/secrets/<name>[/<version>]'`);
  }
  if (segments.length > 3) return invalid(`'${text}' has extra path segments after '/secrets/<name>/<version>'`);
  const name = segments[1] as string;
  if (!SECRET_NAME.test(name)) {
    return invalid(`secret name '${name}' is not valid; secret names are 1–127 letters, digits and hyphens`);
  }
  const version = segments[2];
  const value: SecretUri = { vault, suffix, name, version };
  if (version !== undefined && !VERSION.test(version)) {
    return {
      ok: true,
      value,
      warning: `the version segment '${version}' is not the 32 hex digits Key Vault uses; drop it to follow the latest version`,
    };
  }
  return { ok: true, value };
}
