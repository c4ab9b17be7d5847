import fc from 'fast-check';
import { expect, test } from 'vitest';
import { parseSecretUri } from './secret-uri.ts';

test('version-less and versioned Key Vault secret identifiers are accepted', () => {
  expect(parseSecretUri('https://myvault.vault.azure.net/secrets/hub-user')).toEqual({
    ok: true,
    value: { vault: 'myvault', suffix: 'vault.azure.net', name: 'hub-user', version: undefined },
  });
  const versioned = parseSecretUri('https://MyVault.vault.azure.net/secrets/hub-pass/0123456789abcdef0123456789abcdef');
  expect(versioned.ok && versioned.value.version).toBe('0123456789abcdef0123456789abcdef');
  expect(parseSecretUri('https://kv-prod.vault.azure.cn/secrets/x').ok).toBe(true);
});

test.each([
  ['', /empty/],
  ['http://myvault.vault.azure.net/secrets/a', /uses http:\/\//],
  ['myvault.vault.azure.net/secrets/a', /not a URL/],
  ['https://example.com/secrets/a', /not a Key Vault/],
  ['https://my.vault.azure.net/secrets/a', /vault name 'my' is not valid/],
  ['https://my--vault.vault.azure.net/secrets/a', /vault name/],
  ['https://myvault.vault.azure.net/keys/a', /does not point at a secret/],
  ['https://myvault.vault.azure.net/secrets/', /does not point at a secret/],
  ['https://myvault.vault.azure.net/secrets/a_b', /secret name 'a_b'/],
  ['https://myvault.vault.azure.net/secrets/a/b/c', /extra path segments/],
  ['https://myvault.vault.azure.net/secrets/a?api-version=1', /query or fragment/],
])('%j is refused with a reason', (uri, reason) => {
  const result = parseSecretUri(uri);
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.error).toMatch(reason);
});

test('a version that is not 32 hex digits is a warning, not an error', () => {
  const result = parseSecretUri('https://myvault.vault.azure.net/secrets/a/v1');
  expect(result.ok && result.warning).toMatch(/32 hex digits/);
});

test('never throws on random text', () => {
  fc.assert(fc.property(fc.string(), (s) => void parseSecretUri(s)), { numRuns: 2000 });
});
