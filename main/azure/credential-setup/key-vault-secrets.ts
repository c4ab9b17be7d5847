// The Key Vault secrets data plane for the credential setup (@azure/keyvault-secrets): check that
// a secret name is free, write a secret, and remove one the flow wrote (delete, then purge so the
// name is free again). The vault URI comes from ARM, and a token is sent only to a Key Vault host
// of a known cloud suffix; tests map that URI to the emulator (`endpointFor`).
import { SecretClient } from '@azure/keyvault-secrets';
import type { TokenCredential } from '@azure/core-auth';
import { isRestError, type PipelinePolicy } from '@azure/core-rest-pipeline';
import { KEY_VAULT_SUFFIXES } from '../../../core/secret-uri.ts';
import { AppError } from '../../app-error.ts';

/**
 * Pinned rather than the SDK's newest (2025-07-01): 7.6 is what every cloud's Key Vault serves
 * today, sovereign clouds included, and all the flow needs (set, get, delete, purge) is in it.
 */
export const KEY_VAULT_SERVICE_VERSION = '7.6';

export interface SecretsConnection {
  credential: TokenCredential;
  tlsCa?: string;
  retryOptions: { maxRetries?: number; retryDelayInMs?: number; maxRetryDelayInMs?: number };
  policies: readonly PipelinePolicy[];
  userAgentPrefix: string;
  /** Where `https://<vault>.vault.azure.net/` is served (tests: the emulator); the vault URI itself when unset. */
  endpointFor?: (vaultUri: string) => string;
}

/** `https://<vault>.<suffix>/` as ARM reports it, checked before any token goes there. */
export function checkedVaultUri(vaultUri: string): URL {
  let url: URL;
  try {
    url = new URL(vaultUri);
  } catch {
    throw new AppError('invalid-vault', `Azure reported the vault URI "${vaultUri}", which is not a URL.`);
  }
  const host = url.hostname.toLowerCase();
  if (url.protocol !== 'https:' || !KEY_VAULT_SUFFIXES.some((suffix) => host.endsWith(`.${suffix}`)) || !/^[a-z0-9-]+\.[a-z0-9.-]+$/.test(host)) {
    throw new AppError('invalid-vault', `Azure reported the vault URI "${vaultUri}", which is not a Key Vault host (${KEY_VAULT_SUFFIXES.join(', ')}); no secret is written there.`);
  }
  return url;
}

/** The version-less identifier a credential set should hold, so a rotated secret is picked up. */
export function secretIdentifier(vaultUri: string, name: string): string {
  return `${checkedVaultUri(vaultUri).origin}/secrets/${name}`;
}

export function createSecretsWriter(connection: SecretsConnection, vaultUri: string) {
  const origin = checkedVaultUri(vaultUri).origin;
  const mapped = connection.endpointFor ? connection.endpointFor(`${origin}/`) : origin;
  const client = new SecretClient(mapped, connection.credential, {
    serviceVersion: KEY_VAULT_SERVICE_VERSION,
    retryOptions: connection.retryOptions,
    userAgentOptions: { userAgentPrefix: connection.userAgentPrefix },
    additionalPolicies: connection.policies.map((policy) => ({ policy, position: 'perRetry' as const })),
    // The challenge names https://vault.azure.net; only a mapped (test) endpoint on another host
    // needs the check that the vault's host belongs to that resource turned off.
    ...(mapped !== origin ? { disableChallengeResourceVerification: true } : {}),
    ...(connection.tlsCa ? { tlsOptions: { ca: connection.tlsCa } } : {}),
  } as ConstructorParameters<typeof SecretClient>[2]);

  return {
    /** True when a secret of that name exists (or is soft-deleted), so writing would overwrite or fail. */
    async exists(name: string): Promise<'free' | 'exists' | 'deleted'> {
      try {
        await client.getSecret(name);
        return 'exists';
      } catch (error) {
        if (!isRestError(error) || error.statusCode !== 404) throw error;
      }
      try {
        await client.getDeletedSecret(name);
        return 'deleted';
      } catch (error) {
        // 404: not soft-deleted either. 403: the caller may not read deleted secrets; the write will tell.
        if (isRestError(error) && (error.statusCode === 404 || error.statusCode === 403)) return 'free';
        throw error;
      }
    },
    async write(name: string, value: string): Promise<void> {
      await client.setSecret(name, value, { contentType: 'text/plain' });
    },
    /** Deletes and purges; a note when the secret stays soft-deleted (purge protection, no purge right). */
    async remove(name: string, pollMs?: number): Promise<string | null> {
      const poller = await client.beginDeleteSecret(name, pollMs !== undefined ? { intervalInMs: pollMs } : {});
      await poller.pollUntilDone();
      try {
        await client.purgeDeletedSecret(name);
        return null;
      } catch (error) {
        const reason = isRestError(error) ? `${error.statusCode ?? ''} ${error.code ?? ''}`.trim() : 'refused';
        return `deleted but not purged (${reason}): Key Vault keeps it soft-deleted until its retention ends, and the name cannot be reused until then.`;
      }
    },
  };
}

export type SecretsWriter = ReturnType<typeof createSecretsWriter>;
