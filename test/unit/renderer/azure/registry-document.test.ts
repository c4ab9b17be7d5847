import { describe, expect, test } from 'vitest';
import { RegistryDocument } from '../../../../renderer/src/lib/azure/registry-document.svelte.ts';
import { fakeAzureApi, liveRule, liveSet, REGISTRY } from './fake-azure-api.ts';

const REF = { accountId: 'acc-1', tenantId: 'tenant-1', registryId: REGISTRY.id };

async function loaded() {
  const fake = fakeAzureApi();
  fake.azure.listCacheRules.mockResolvedValue([liveRule('python-hub', 'docker.io/library/python/*', 'library/python/*', 'dockerhub')]);
  fake.azure.listCredentialSets.mockResolvedValue([liveSet('dockerhub', 'docker.io'), liveSet('hub-two', 'docker.io')]);
  const document = new RegistryDocument(fake.api, REF, REGISTRY);
  await document.reload();
  return { fake, document };
}

describe('RegistryDocument', () => {
  test('reads rules, sets and repositories; the rule set carries the login server', async () => {
    const { document } = await loaded();
    expect(document.ruleSet).toEqual({
      registry: 'contosocache.azurecr.io',
      rules: [{ name: 'python-hub', source: 'docker.io/library/python/*', target: 'library/python/*', credentialSet: 'dockerhub' }],
      credentialSets: [expect.objectContaining({ name: 'dockerhub' }), expect.objectContaining({ name: 'hub-two' })],
    });
    await expect.poll(() => document.existingRepositories).toEqual(['team/app']);
  });

  test('a changed credential set only is a PATCH, with no confirmation', async () => {
    const { fake, document } = await loaded();
    const rule = { name: 'python-hub', source: 'docker.io/library/python/*', target: 'library/python/*', credentialSet: 'hub-two' };
    expect(document.confirmationFor(rule, 'python-hub')).toBeNull();
    await document.saveRule(rule, 'python-hub');
    expect(fake.azure.updateCacheRuleCredentials).toHaveBeenCalledWith(REF, 'python-hub', 'hub-two');
    expect(fake.azure.deleteCacheRule).not.toHaveBeenCalled();
    expect(document.ruleSet.rules[0]?.credentialSet).toBe('hub-two');
  });

  test('a changed target asks first, then deletes and creates', async () => {
    const { fake, document } = await loaded();
    const rule = { name: 'python-hub', source: 'docker.io/library/python/*', target: 'hub/python/*', credentialSet: 'dockerhub' };
    expect(document.confirmationFor(rule, 'python-hub')).toContain('deletes rule "python-hub"');
    await document.saveRule(rule, 'python-hub');
    expect(fake.azure.deleteCacheRule).toHaveBeenCalledWith(REF, 'python-hub');
    expect(fake.azure.createCacheRule).toHaveBeenCalledWith(REF, rule);
    expect(document.ruleSet.rules.map((r) => r.target)).toEqual(['hub/python/*']);
  });

  test('when the re-create is refused, the error says the old rule is gone', async () => {
    const { fake, document } = await loaded();
    fake.azure.createCacheRule.mockRejectedValueOnce({ name: 'ApiError', code: 'Conflict', message: 'Azure said no.' });
    await expect(document.saveRule({ name: 'python-hub', source: 'docker.io/library/python/*', target: 'hub/*', credentialSet: 'dockerhub' }, 'python-hub')).rejects.toThrow(
      'Rule "python-hub" was deleted, but Azure refused to create "python-hub": Azure said no.',
    );
    expect(document.ruleSet.rules).toEqual([]);
  });

  test('a credential set update sends only the secrets that changed; renaming is refused', async () => {
    const { fake, document } = await loaded();
    const set = { ...document.ruleSet.credentialSets[0]!, passwordSecret: 'https://kv.vault.azure.net/secrets/new-token' };
    await document.saveCredentialSet(set, 'dockerhub');
    expect(fake.azure.updateCredentialSet).toHaveBeenCalledWith(REF, 'dockerhub', { passwordSecret: 'https://kv.vault.azure.net/secrets/new-token' });
    await expect(document.saveCredentialSet({ ...set, name: 'renamed-set' }, 'dockerhub')).rejects.toThrow('Azure cannot rename a credential set');
  });

  test('a catalog that cannot be read leaves target-exists unchecked and says why', async () => {
    const fake = fakeAzureApi();
    fake.azure.listRepositories.mockRejectedValue({ name: 'ApiError', code: 'catalog-denied', message: 'No AcrPull role.' });
    const document = new RegistryDocument(fake.api, REF, REGISTRY);
    await document.reload();
    await expect.poll(() => document.repositories).toEqual({ state: 'failed', error: 'No AcrPull role.' });
    expect(document.existingRepositories).toBeNull();
  });
});
