import { describe, expect, it } from 'vitest';
import { ARM_ERROR_TABLE, explainArmError, findArmErrorEntry } from '../../core/arm-errors.ts';

describe('ARM error explanations', () => {
  it.each([
    ['TargetRepositoryAlreadyPresentInRegistry', 400, 'target-repository-exists'],
    ['TargetRepositoryPrefixMatchesExistingRegistries', 400, 'target-prefix-matches-existing'],
    ['EnforceDockerAuthentication', 400, 'docker-hub-needs-credentials'],
    ['QuotaExceeded', 409, 'quota-exceeded'],
    ['AuthorizationFailed', 403, 'not-authorized'],
    ['InvalidAuthenticationTokenTenant', 401, 'wrong-tenant'],
    ['ResourceNotFound', 404, 'not-found'],
    ['ResourceGroupNotFound', 404, 'not-found'],
    ['Conflict', 409, 'conflict'],
    ['AnotherOperationInProgress', 409, 'conflict'],
    ['TooManyRequests', 429, 'throttled'],
    ['InvalidParameter', 400, 'invalid-request'],
    ['ExpiredAuthenticationToken', 401, 'sign-in-required'],
  ] as const)('maps %s (HTTP %i) to %s', (code, status, kind) => {
    expect(explainArmError({ code, status }).kind).toBe(kind);
  });

  it('matches codes case-insensitively', () => {
    expect(findArmErrorEntry({ code: 'targetrepositoryalreadypresentinregistry' }).kind).toBe('target-repository-exists');
  });

  it('falls back on the HTTP status for codes it does not know', () => {
    expect(explainArmError({ code: 'SomethingNew', status: 429 }).kind).toBe('throttled');
    expect(explainArmError({ code: 'SomethingNew', status: 403 }).kind).toBe('not-authorized');
    expect(explainArmError({ code: 'SomethingNew', status: 502 }).kind).toBe('server-error');
    expect(explainArmError({ code: 'SomethingNew', status: 418 }).kind).toBe('azure-error');
  });

  it('explains a failed long-running operation by its error code when known, else as a failed operation', () => {
    expect(explainArmError({ operationFailed: true, code: 'QuotaExceeded', message: 'Cache rule quota exceeded' }).kind).toBe('quota-exceeded');
    const failed = explainArmError({ operationFailed: true, code: 'InternalOperationError', message: 'boom' });
    expect(failed.kind).toBe('operation-failed');
    expect(failed.retryable).toBe(true);
  });

  it('recognises network and TLS failures', () => {
    expect(explainArmError({ code: 'ECONNREFUSED' }).kind).toBe('network-error');
    expect(explainArmError({ code: 'ENOTFOUND' }).kind).toBe('network-error');
    expect(explainArmError({ code: 'SELF_SIGNED_CERT_IN_CHAIN' }).kind).toBe('tls-error');
    expect(explainArmError({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }).kind).toBe('tls-error');
  });

  it('names the subject, explains, says what to do and quotes Azure', () => {
    const explained = explainArmError({
      code: 'TargetRepositoryAlreadyPresentInRegistry',
      status: 400,
      message: "The target repository 'nginx' already exists in the registry.",
      subject: 'cache rule "docker-nginx"',
      action: 'create',
    });
    expect(explained.message).toMatch(/^Could not create cache rule "docker-nginx": /);
    expect(explained.message).toContain(explained.explanation);
    expect(explained.message).toContain(explained.fix);
    expect(explained.message).toContain("Azure said: TargetRepositoryAlreadyPresentInRegistry: The target repository 'nginx' already exists");
    expect(explained.serverCode).toBe('TargetRepositoryAlreadyPresentInRegistry');
  });

  it('mentions the 1,000-rule limit in the quota explanation', () => {
    expect(explainArmError({ code: 'QuotaExceeded' }).explanation).toContain('1,000');
  });

  it('gives every entry an explanation and a fix, and every code one entry', () => {
    const seen = new Set<string>();
    for (const entry of ARM_ERROR_TABLE) {
      expect(entry.explanation.length).toBeGreaterThan(20);
      expect(entry.fix.length).toBeGreaterThan(10);
      for (const code of entry.codes) {
        expect(seen.has(code.toLowerCase()), `${code} appears twice`).toBe(false);
        seen.add(code.toLowerCase());
      }
    }
  });

  it('clips very long server messages to one line', () => {
    const explained = explainArmError({ code: 'Conflict', message: `line one\n${'x'.repeat(2000)}` });
    expect(explained.serverMessage!.length).toBeLessThanOrEqual(600);
    expect(explained.serverMessage).not.toContain('\n');
  });
});
