// The explanations of issue 10.7: CannotSetResourceIdentity and the credential-health codes of the
// recordings (shared/data/azure-recorded: R26 Forbidden, R23 unauthorized_client), each with a fix.
import { describe, expect, test } from 'vitest';
import { explainArmError, explainCredentialHealth } from './arm-errors.ts';

describe('explainArmError', () => {
  test('CannotSetResourceIdentity says a credential set takes only a system-assigned identity, and where a user-assigned one goes', () => {
    const explained = explainArmError({
      code: 'CannotSetResourceIdentity',
      status: 400,
      message: "Resource type 'Microsoft.ContainerRegistry/registries/credentialSets' does not support creation of 'UserAssigned' resource identity. The supported types are 'SystemAssigned'.",
      subject: 'credential set "uami-set"',
      action: 'create',
    });
    expect(explained.kind).toBe('identity-not-supported');
    expect(explained.retryable).toBe(false);
    expect(explained.fix).toMatch(/system-assigned identity/);
    expect(explained.fix).toMatch(/set the identity on the cache rule/);
    expect(explained.message).toMatch(/^Could not create credential set "uami-set": /);
    expect(explained.message).toContain("(Azure said: CannotSetResourceIdentity: Resource type 'Microsoft.ContainerRegistry/registries/credentialSets'");
  });
});

describe('explainCredentialHealth', () => {
  const principal = '6f1c6b55-bd08-4dc1-bbe2-fa12de5ab340';

  test('Forbidden (R26): the identity cannot get the secrets yet, with the grant for this principal', () => {
    const explained = explainCredentialHealth({ status: 'Unhealthy', errorCode: 'Forbidden' }, principal)!;
    expect(explained.title).toBe('The identity cannot read the Key Vault secrets');
    expect(explained.explanation).toContain(principal);
    expect(explained.fix).toContain(`az keyvault set-policy --name <vault> --object-id ${principal} --secret-permissions get`);
    expect(explained.fix).toContain('Key Vault Secrets User');
  });

  test('unauthorized_client (R23): the identity is not known yet; wait, then grant', () => {
    const explained = explainCredentialHealth({ status: 'Unhealthy', errorCode: 'unauthorized_client' }, principal)!;
    expect(explained.title).toBe('The identity is not known to Key Vault yet');
    expect(explained.fix).toMatch(/wait a few minutes for the identity to replicate/);
  });

  test('codes compare without case; an unknown code gets the general causes; healthy and unreported get nothing', () => {
    expect(explainCredentialHealth({ status: 'unhealthy', errorCode: 'FORBIDDEN' }, null)!.title).toBe('The identity cannot read the Key Vault secrets');
    expect(explainCredentialHealth({ status: 'Unhealthy', errorCode: 'SecretNotFound' }, null)!.fix).toMatch(/^Check that both secrets exist/);
    expect(explainCredentialHealth({ status: 'Unhealthy', errorCode: null }, null)!.fix).toContain('<principalId>');
    expect(explainCredentialHealth({ status: 'Healthy', errorCode: null }, principal)).toBeNull();
    expect(explainCredentialHealth({ status: 'Unknown', errorCode: null }, principal)).toBeNull();
  });
});
