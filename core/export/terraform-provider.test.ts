// Terraform export details of issue 10.7, checked against terraform-provider-azurerm: the
// subscription_id the provider requires from 4.x on (4.16 is the first with credential sets), no
// name warning for credential sets (the provider validates only cache-rule names,
// container_registry_credential_set_resource.go), and an MCR credential set is not warned about
// (the 2026 recording created one).
import { describe, expect, test } from 'vitest';
import { parseHcl } from '../../test/support/export-parsers.ts';
import type { RuleSet } from '../model.ts';
import { exportRuleSet } from './index.ts';

const KV = 'https://contosokv.vault.azure.net/secrets';

describe('Terraform export and the azurerm provider', () => {
  test('the provider gets subscription_id from a variable that may stay null (then ARM_SUBSCRIPTION_ID), with the reason noted', async () => {
    const content = exportRuleSet({ registry: 'contoso', rules: [{ name: 'mcr-all', source: 'mcr.microsoft.com/*', target: 'mcr/*' }], credentialSets: [] }, 'terraform').content;
    const json = (await parseHcl(content)) as { provider: { azurerm: Record<string, unknown>[] }; variable: Record<string, Record<string, unknown>[]> };
    expect(json.provider.azurerm[0]).toMatchObject({ subscription_id: '${var.subscription_id}' });
    expect(json.variable.subscription_id![0]).toMatchObject({ type: '${string}', default: null });
    expect(content).toContain('4.16–4.34 refuse to plan without it');
  });

  test('credential set names get no provider warning, an MCR credential set none either', () => {
    const ruleSet: RuleSet = {
      registry: 'contoso',
      rules: [{ name: 'mcr-dotnet', source: 'mcr.microsoft.com/dotnet/*', target: 'dotnet/*' }],
      credentialSets: [
        { name: 'set-with-trailing-', loginServer: 'ghcr.io', usernameSecret: `${KV}/u`, passwordSecret: `${KV}/p` },
        { name: 'x'.repeat(50), loginServer: 'quay.io', usernameSecret: `${KV}/u2`, passwordSecret: `${KV}/p2` },
        { name: 'mcr-creds', loginServer: 'mcr.microsoft.com', usernameSecret: `${KV}/u3`, passwordSecret: `${KV}/p3` },
      ],
    };
    expect(exportRuleSet(ruleSet, 'terraform').warnings).toEqual([]);
  });
});
