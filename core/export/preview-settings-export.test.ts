// Exports keep every preview cache-rule setting (identity for ACR-to-ACR, syncMode, syncReferrers,
// artifactSyncFilters) in each format's own way, checked with the real parsers / a recording az.
import { describe, expect, test } from 'vitest';
import { bashSyntaxErrors, nodesOfType, parseBicep, parseHcl, runWithRecordingAz } from '../../test/support/export-parsers.ts';
import type { RuleSet } from '../model.ts';
import { armTemplateOf, exportRuleSet } from './index.ts';

const UAMI = '/subscriptions/3f2b6c1e-5d4a-4b8c-9e7f-000000000001/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/cache-puller';
const FILTERS = { tags: { type: 'KQL', query: "Tags | where Name startswith '2';" }, platforms: { type: 'array', values: ['linux/amd64', 'linux/arm64'] } };
const RULES: RuleSet = {
  registry: 'contoso.azurecr.io',
  rules: [
    { name: 'acr-app', source: 'upstream.azurecr.io/app', target: 'app', identity: UAMI },
    { name: 'mcr-cli-sync', source: 'mcr.microsoft.com/azure-cli', target: 'cached-mar/azure-cli', syncMode: 'ActiveSync', syncReferrers: 'Enabled', artifactSyncFilters: FILTERS },
    { name: 'plain-quay', source: 'quay.io/org/app', target: 'quay-app' },
  ],
  credentialSets: [],
};

describe('exports carry the preview settings', () => {
  test('ARM: the rule resources with settings use 2025-09-01-preview, with identity and properties as the examples show', () => {
    const resources = armTemplateOf(RULES).resources;
    const [acr, sync, plain] = resources as Record<string, any>[];
    expect(acr).toMatchObject({ apiVersion: '2025-09-01-preview', identity: { type: 'UserAssigned', userAssignedIdentities: { [UAMI]: {} } } });
    expect(sync).toMatchObject({ apiVersion: '2025-09-01-preview', properties: { syncMode: 'ActiveSync', syncReferrers: 'Enabled', artifactSyncFilters: FILTERS } });
    expect(plain!['apiVersion']).toBe('2023-07-01');
    expect(plain).not.toHaveProperty('identity');
  });

  test('Bicep: parses, and the rules with settings are preview resources holding them', async () => {
    const content = exportRuleSet(RULES, 'bicep').content;
    const { root, errors } = await parseBicep(content);
    expect(errors).toEqual([]);
    const types = nodesOfType(root, 'resource_declaration').map((n) => n.children.find((c) => c.type === 'string')?.text);
    expect(types.filter((t) => t?.includes('cacheRules@2025-09-01-preview'))).toHaveLength(2);
    expect(content).toContain(`'${UAMI}': {}`);
    expect(content).toContain("syncMode: 'ActiveSync'");
    expect(content).toContain("query: 'Tags | where Name startswith \\'2\\';'");
  });

  test('Terraform: azapi_resource at 2025-09-01-preview for the rules with settings, azurerm for the rest; HCL parses', async () => {
    const result = exportRuleSet(RULES, 'terraform');
    const json = (await parseHcl(result.content)) as { resource: Record<string, Record<string, Record<string, any>[]>>; terraform: { required_providers: Record<string, unknown>[] }[] };
    expect(Object.keys(json.resource.azurerm_container_registry_cache_rule ?? {})).toEqual(['plain_quay']);
    const azapi = json.resource.azapi_resource!;
    expect(Object.keys(azapi).sort()).toEqual(['acr_app', 'mcr_cli_sync']);
    expect(azapi.acr_app![0]).toMatchObject({ type: 'Microsoft.ContainerRegistry/registries/cacheRules@2025-09-01-preview', identity: [{ type: 'UserAssigned', identity_ids: [UAMI] }] });
    expect(azapi.mcr_cli_sync![0]!.body).toEqual({ properties: { syncMode: 'ActiveSync', syncReferrers: 'Enabled', artifactSyncFilters: FILTERS, sourceRepository: 'mcr.microsoft.com/azure-cli', targetRepository: 'cached-mar/azure-cli' } });
    expect(json.terraform[0]!.required_providers[0]).toHaveProperty('azapi');
  });

  test('az: --identity on create, and az rest PATCH of the sync settings at the preview api-version', () => {
    const script = exportRuleSet(RULES, 'az').content;
    expect(bashSyntaxErrors(script)).toBe('');
    const { status, calls } = runWithRecordingAz(script, { REGISTRY: 'contoso' });
    expect(status).toBe(0);
    const create = calls.find((c) => c.includes('create') && c.includes('acr-app'))!;
    expect(create.slice(create.indexOf('--identity'), create.indexOf('--identity') + 2)).toEqual(['--identity', UAMI]);
    const rest = calls.find((c) => c[0] === 'rest')!;
    expect(rest.slice(0, 3)).toEqual(['rest', '--method', 'patch']);
    expect(rest[rest.indexOf('--url') + 1]).toMatch(/\/cacheRules\/mcr-cli-sync\?api-version=2025-09-01-preview$/);
    expect(JSON.parse(rest[rest.indexOf('--body') + 1]!)).toEqual({ properties: { syncMode: 'ActiveSync', syncReferrers: 'Enabled', artifactSyncFilters: FILTERS } });
  });

  test('az: a rule with properties the app does not know is PUT whole at the preview api-version, credential set included', () => {
    const rules: RuleSet = {
      registry: 'contoso.azurecr.io',
      rules: [{ name: 'ghcr-future', source: 'ghcr.io/org/app', target: 'ghcr-app', credentialSet: 'ghcr-set', syncMode: 'ActiveSync', extraProperties: { futureSetting: { on: true } } }],
      credentialSets: [],
    };
    const script = exportRuleSet(rules, 'az').content;
    expect(bashSyntaxErrors(script)).toBe('');
    const { status, calls } = runWithRecordingAz(script, { REGISTRY: 'contoso' });
    expect(status).toBe(0);
    expect(calls.some((c) => c.slice(0, 3).join(' ') === 'acr cache create')).toBe(false);
    const put = calls.find((c) => c[0] === 'rest')!;
    expect(put.slice(0, 3)).toEqual(['rest', '--method', 'put']);
    expect(put[put.indexOf('--url') + 1]).toMatch(/\/cacheRules\/ghcr-future\?api-version=2025-09-01-preview$/);
    // the recording az answers `az acr show` with nothing, so the registry part of the ID is empty here
    expect(JSON.parse(put[put.indexOf('--body') + 1]!)).toEqual({
      properties: { futureSetting: { on: true }, syncMode: 'ActiveSync', sourceRepository: 'ghcr.io/org/app', targetRepository: 'ghcr-app', credentialSetResourceId: '/credentialSets/ghcr-set' },
    });
  });

  test('az: the script asks for Azure CLI 2.85.0 when a rule is created with --identity, 2.46.0 otherwise', () => {
    expect(exportRuleSet(RULES, 'az').content).toContain('Needs the Azure CLI 2.85.0 or later (az acr cache create --identity)');
    expect(exportRuleSet({ ...RULES, rules: RULES.rules.filter((r) => r.identity === undefined) }, 'az').content).toContain('Needs the Azure CLI 2.46.0 or later');
  });

  test('Terraform: azapi schema validation is off for the preview type, which its type library lacks', async () => {
    const json = (await parseHcl(exportRuleSet(RULES, 'terraform').content)) as { resource: { azapi_resource: Record<string, Record<string, unknown>[]> } };
    expect(json.resource.azapi_resource.acr_app![0]).toMatchObject({ schema_validation_enabled: false });
  });
});
