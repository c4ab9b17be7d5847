import { describe, expect, test } from 'vitest';
import type { RuleSet } from '../../core/model.ts';
import { engineRuleChecker, engineRuleSetCodec } from './engine-adapters.ts';

const ruleSet: RuleSet = {
  registry: 'contoso.azurecr.io',
  rules: [{ name: 'dotnet-all', source: 'mcr.microsoft.com/dotnet/*', target: 'library/dotnet/*' }],
  credentialSets: [],
};

describe('drafts ↔ rule engine', () => {
  test('refuses a wildcard whose target overlaps another, naming both rules', () => {
    const errors = engineRuleChecker.ruleErrors(ruleSet, { name: 'everything', source: 'mcr.microsoft.com/*', target: 'library/*' }, null);
    expect(errors.join(' ')).toMatch(/everything/);
    expect(errors.join(' ')).toMatch(/dotnet-all/);
  });

  test('allows a static rule under a wildcard and an edit of the rule itself', () => {
    expect(engineRuleChecker.ruleErrors(ruleSet, { name: 'dotnet-sdk', source: 'mcr.microsoft.com/dotnet/sdk', target: 'library/dotnet/sdk' }, null)).toEqual([]);
    expect(engineRuleChecker.ruleErrors(ruleSet, { name: 'dotnet-all', source: 'mcr.microsoft.com/dotnet/*', target: 'library/dotnet/*' }, 'dotnet-all')).toEqual([]);
  });

  test('refuses Docker Hub without credentials and a secret that is not a Key Vault URI', () => {
    expect(engineRuleChecker.ruleErrors(ruleSet, { name: 'hub-python', source: 'docker.io/library/python', target: 'python' }, null).join(' ')).toMatch(/credential/i);
    expect(
      engineRuleChecker.credentialSetErrors(ruleSet, { name: 'dockerhub', loginServer: 'docker.io', usernameSecret: 'hunter2', passwordSecret: 'https://kv.vault.azure.net/secrets/p' }, null),
    ).not.toEqual([]);
  });

  test('reads YAML and writes it back unchanged in meaning', () => {
    const yaml = engineRuleSetCodec.serialize(ruleSet, 'yaml');
    expect(engineRuleSetCodec.parse(yaml, 'x.yaml')).toEqual({ ok: true, ruleSet });
    const broken = engineRuleSetCodec.parse('rules:\n  - name: 5\n', 'x.yaml');
    expect(broken.ok).toBe(false);
    expect(broken.ok === false && broken.errors.join(' ')).toMatch(/rules\[0\]/);
  });
});
