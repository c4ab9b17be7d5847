import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { validRuleSetArb } from '../../test/support/plan-arbitraries.ts';
import { bashSyntaxErrors, nodesOfType, parseBicep, parseHcl, runWithRecordingAz } from '../../test/support/export-parsers.ts';
import type { RuleSet } from '../model.ts';
import { DETACH_REASON, planChanges } from '../plan.ts';
import { readRuleSet } from '../rule-set-file.ts';
import { armTemplateOf, exportPlanAzScript, exportRuleSet, type ExportFormat } from './index.ts';

const GOLDEN = join(import.meta.dirname, '__golden__');
const GOLDEN_FILES: Record<ExportFormat, string> = { az: 'sample.sh', bicep: 'sample.bicep', arm: 'sample.arm.json', terraform: 'sample.tf' };

function sample(): RuleSet {
  const read = readRuleSet(readFileSync(join(GOLDEN, 'sample.yaml'), 'utf8'));
  if (!read.ok) throw new Error('the golden sample does not read');
  return read.ruleSet;
}

/** Values that break naive quoting in every one of the four languages. */
const NASTY: RuleSet = {
  registry: 'contoso.azurecr.io',
  rules: [
    { name: "it's-$(touch pwned)", source: 'docker.io/library/"quoted" ${x} %{y}', target: '[bracket]/*', credentialSet: "creds 'one'" },
    { name: 'back\\slash`tick`', source: 'mcr.microsoft.com/a b\nnewline', target: "t'\\\u0007" },
  ],
  credentialSets: [{ name: "creds 'one'", loginServer: 'docker.io', usernameSecret: 'https://v.vault.azure.net/secrets/u?$HOME', passwordSecret: "https://v.vault.azure.net/secrets/p';rm -rf /" }],
};

describe('golden files', () => {
  for (const format of ['az', 'bicep', 'arm', 'terraform'] as const) {
    test(`${format} export of the sample matches ${GOLDEN_FILES[format]}`, () => {
      const result = exportRuleSet(sample(), format);
      const path = join(GOLDEN, GOLDEN_FILES[format]);
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, result.content);
      expect(result.content).toBe(readFileSync(path, 'utf8'));
      expect(result.warnings).toEqual([]);
      // Deterministic: the same input gives the same text.
      expect(exportRuleSet(sample(), format).content).toBe(result.content);
    });
  }
});

describe('az script', () => {
  test('bash parses it, and run against a recording az it creates credential sets before the rules', () => {
    const script = exportRuleSet(sample(), 'az').content;
    expect(bashSyntaxErrors(script)).toBe('');
    expect(script).toContain('set -euo pipefail');
    const { status, calls } = runWithRecordingAz(script);
    expect(status).toBe(0);
    expect(calls.map((c) => c.slice(0, 4).join(' '))).toEqual([
      'acr credential-set create --registry',
      'acr credential-set create --registry',
      'acr cache create --registry',
      'acr cache create --registry',
      'acr cache create --registry',
      'acr cache create --registry',
      'acr cache create --registry',
    ]);
    expect(calls[2]).toEqual(['acr', 'cache', 'create', '--registry', 'contoso', '--name', 'hub-library', '--source-repo', 'docker.io/library/*', '--target-repo', 'library/*', '--cred-set', 'dockerhub']);
    expect(calls[0]).toEqual([
      'acr', 'credential-set', 'create', '--registry', 'contoso', '--name', 'dockerhub', '--login-server', 'docker.io',
      '--username-id', 'https://myvault.vault.azure.net/secrets/hub-user', '--password-id', 'https://myvault.vault.azure.net/secrets/hub-token',
    ]);
  });

  test('the registry comes from REGISTRY, and is required when the rule set names none', () => {
    expect(runWithRecordingAz(exportRuleSet(sample(), 'az').content, { REGISTRY: 'other' }).calls[0]?.[4]).toBe('other');
    const anonymous = exportRuleSet({ ...sample(), registry: undefined }, 'az').content;
    const unset = runWithRecordingAz(anonymous);
    expect(unset.status).not.toBe(0);
    expect(unset.stderr).toContain('set REGISTRY to the name of the container registry');
    expect(unset.calls).toEqual([]);
    expect(exportRuleSet({ ...sample(), registry: undefined }, 'az', { registry: 'given.azurecr.io' }).content).toContain('REGISTRY="${REGISTRY:-given}"');
  });

  test('any value reaches az verbatim: quotes, $(…), backticks, globs and newlines are not interpreted', () => {
    const script = exportRuleSet(NASTY, 'az').content;
    expect(bashSyntaxErrors(script)).toBe('');
    const { status, calls } = runWithRecordingAz(script);
    expect(status).toBe(0);
    const values = calls.flatMap((c) => c);
    for (const value of [NASTY.rules[0]?.name, NASTY.rules[0]?.source, NASTY.rules[0]?.target, NASTY.rules[1]?.name, NASTY.rules[1]?.source, NASTY.rules[1]?.target, NASTY.credentialSets[0]?.passwordSecret, NASTY.credentialSets[0]?.usernameSecret]) {
      expect(values).toContain(value);
    }
    expect(existsSync('pwned')).toBe(false);
  });

  test('a plan as a script: its operations in order, PATCH and delete commands, held ones left out', () => {
    const live: RuleSet = {
      registry: 'contoso.azurecr.io',
      rules: [
        { name: 'old-rule', source: 'mcr.microsoft.com/old', target: 'old' },
        { name: 'acme-app', source: 'ghcr.io/acme/app', target: 'acme/app', credentialSet: 'github-readonly' },
        { name: 'k8s-all', source: 'registry.k8s.io/*', target: 'kube/*' },
      ],
      credentialSets: [{ name: 'github-readonly', loginServer: 'ghcr.io', usernameSecret: 'https://ghvault.vault.azure.net/secrets/gh-user', passwordSecret: 'https://ghvault.vault.azure.net/secrets/old-pat' }],
    };
    const draft: RuleSet = { ...sample(), rules: sample().rules.map((r) => (r.name === 'acme-app' ? { name: r.name, source: r.source, target: r.target } : r)) };
    const plan = planChanges(live, draft, { prune: true });
    const result = exportPlanAzScript(plan);
    expect(bashSyntaxErrors(result.content)).toBe('');
    const { status, calls } = runWithRecordingAz(result.content);
    expect(status).toBe(0);
    // removing acme-app's credential set is a delete + create: `--remove-cred-set` is a no-op on today's service
    expect(calls.map((c) => `${c.slice(1, 3).join(' ')} ${c[6]}${c.includes('--remove-cred-set') ? ' --remove-cred-set' : ''}${c.includes('--yes') ? ' --yes' : ''}`)).toEqual([
      'cache delete acme-app --yes',
      'cache delete k8s-all --yes',
      'cache delete old-rule --yes',
      'credential-set update github-readonly',
      'credential-set create dockerhub',
      'cache create hub-library',
      'cache create ubuntu-pin',
      'cache create dotnet-mcr',
      'cache create acme-app',
      'cache create k8s-all',
    ]);
    expect(result.content).toContain(`# [1/${plan.operations.length}] delete cache rule 'acme-app' (replace: ${DETACH_REASON})`);
    expect(calls.length).toBe(plan.operations.length);

    const held = planChanges({ ...live, rules: live.rules.slice(1) }, draft, { prune: true, baseline: { rules: {}, credentialSets: {} } });
    const heldScript = exportPlanAzScript(held);
    expect(heldScript.warnings.map((w) => w.message)).toContain(`${held.operations.filter((o) => o.heldBy !== undefined).length} operation(s) held by unresolved conflicts are left out of the script.`);
    expect(heldScript.content).toContain('# Left out, held by unresolved conflict rule:acme-app');
    expect(runWithRecordingAz(heldScript.content).calls.length).toBe(held.operations.filter((o) => o.heldBy === undefined).length);
  });
});

describe('bicep', () => {
  test('the tree-sitter Bicep grammar parses the sample without error; resources have the expected types', async () => {
    const { root, errors } = await parseBicep(exportRuleSet(sample(), 'bicep').content);
    expect(errors).toEqual([]);
    const resources = nodesOfType(root, 'resource_declaration').map((n) => n.children.find((c) => c.type === 'string')?.text);
    expect(resources).toEqual([
      "'Microsoft.ContainerRegistry/registries@2023-07-01'",
      ...Array(2).fill("'Microsoft.ContainerRegistry/registries/credentialSets@2023-07-01'"),
      ...Array(5).fill("'Microsoft.ContainerRegistry/registries/cacheRules@2023-07-01'"),
    ]);
    expect(nodesOfType(root, 'parameter_declaration').length).toBe(1);
    expect(nodesOfType(root, 'output_declaration').length).toBe(1);
  });

  test('the grammar does catch broken Bicep (the check is not vacuous)', async () => {
    const content = exportRuleSet(sample(), 'bicep').content;
    expect((await parseBicep(content.replace("name: 'dockerhub'", "name: 'dockerhub"))).errors).not.toEqual([]);
    expect((await parseBicep(content.replace(/\n}\n$/, '\n'))).errors).not.toEqual([]);
  });

  test('nasty values are escaped: still valid, and the strings hold the values', async () => {
    const content = exportRuleSet(NASTY, 'bicep').content;
    const { root, errors } = await parseBicep(content);
    expect(errors).toEqual([]);
    expect(content).toContain("sourceRepository: 'docker.io/library/\"quoted\" \\${x} %{y}'");
    expect(content).toContain("targetRepository: 't\\'\\\\\\u{7}'");
    expect(content).toContain("sourceRepository: 'mcr.microsoft.com/a b\\nnewline'");
    // Identifiers are valid and distinct.
    const names = nodesOfType(root, 'resource_declaration').map((n) => n.children.find((c) => c.type === 'identifier')?.text);
    expect(names).toEqual(['registry', 'credentialSet_creds_one', 'cacheRule_it_s_touch_pwned', 'cacheRule_back_slash_tick']);
  });

  test('a credential set the rule set does not define is referenced as existing', async () => {
    const ruleSet: RuleSet = { rules: [{ name: 'hub-all', source: 'docker.io/*', target: 'hub/*', credentialSet: 'shared-hub' }], credentialSets: [] };
    const result = exportRuleSet(ruleSet, 'bicep');
    expect((await parseBicep(result.content)).errors).toEqual([]);
    expect(result.content).toContain("resource credentialSet_shared_hub 'Microsoft.ContainerRegistry/registries/credentialSets@2023-07-01' existing = {");
    expect(result.content).toContain('credentialSetResourceId: credentialSet_shared_hub.id');
    expect(result.content).toContain('param registryName string\n');
    expect(result.warnings.map((w) => w.message)).toEqual(["Rule 'hub-all' uses credential set 'shared-hub', which the rule set does not define; the export refers to an existing credential set of that name."]);
  });
});

/** The checks of an ARM template's shape that ARM itself makes before deploying. */
function checkArmTemplate(text: string): string[] {
  const problems: string[] = [];
  const template = JSON.parse(text) as Record<string, unknown>;
  if (template.$schema !== 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#') problems.push('$schema');
  if (typeof template.contentVersion !== 'string') problems.push('contentVersion');
  const resources = template.resources as Record<string, unknown>[];
  const ids = new Set<string>();
  const expressions: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string' && value.startsWith('[') && !value.startsWith('[[')) expressions.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(collect);
  };
  collect(template);
  for (const expression of expressions) {
    // Balanced parentheses outside string literals ('' escapes a quote), closed by ']'.
    let depth = 0;
    let inString = false;
    for (let i = 1; i < expression.length - 1; i++) {
      const c = expression[i];
      if (inString) {
        if (c === "'" && expression[i + 1] === "'") i++;
        else if (c === "'") inString = false;
      } else if (c === "'") inString = true;
      else if (c === '(') depth++;
      else if (c === ')') depth--;
    }
    if (!expression.endsWith(']') || depth !== 0 || inString) problems.push(`unbalanced expression ${expression}`);
  }
  for (const r of resources) {
    if (typeof r.type !== 'string' || typeof r.apiVersion !== 'string' || typeof r.name !== 'string') problems.push(`resource without type/apiVersion/name: ${JSON.stringify(r)}`);
    const name = /^\[format\('\{0\}\/\{1\}', parameters\('registryName'\), '((?:[^']|'')*)'\)\]$/.exec(r.name as string);
    if (name === null) problems.push(`name ${String(r.name)}`);
    else ids.add(`[resourceId('${r.type as string}', parameters('registryName'), '${name[1]}')]`);
  }
  for (const r of resources) for (const d of (r.dependsOn as string[] | undefined) ?? []) if (!ids.has(d)) problems.push(`dependsOn ${d} names no resource of the template`);
  return problems;
}

describe('ARM template', () => {
  test('valid JSON of the deploymentTemplate shape; rules depend on the credential sets they use', () => {
    const text = exportRuleSet(sample(), 'arm').content;
    expect(checkArmTemplate(text)).toEqual([]);
    const template = armTemplateOf(sample());
    expect(template.resources.map((r) => r.type)).toEqual([
      ...Array(2).fill('Microsoft.ContainerRegistry/registries/credentialSets'),
      ...Array(5).fill('Microsoft.ContainerRegistry/registries/cacheRules'),
    ]);
    const hub = template.resources[2] as { dependsOn?: string[]; properties: Record<string, string> };
    expect(hub.dependsOn).toEqual(["[resourceId('Microsoft.ContainerRegistry/registries/credentialSets', parameters('registryName'), 'dockerhub')]"]);
    expect(hub.properties.credentialSetResourceId).toBe(hub.dependsOn?.[0]);
    expect(template.resources.every((r) => r.apiVersion === '2023-07-01')).toBe(true);
    expect(armTemplateOf(sample(), { apiVersion: '2025-04-01' }).resources.every((r) => r.apiVersion === '2025-04-01')).toBe(true);
  });

  test("nasty values: quotes doubled inside expressions, a leading '[' escaped as '[['", () => {
    const text = exportRuleSet(NASTY, 'arm').content;
    expect(checkArmTemplate(text)).toEqual([]);
    const template = armTemplateOf(NASTY);
    const rule = template.resources[1] as { name: string; properties: Record<string, string> };
    expect(rule.name).toBe("[format('{0}/{1}', parameters('registryName'), 'it''s-$(touch pwned)')]");
    expect(rule.properties.targetRepository).toBe('[[bracket]/*');
    expect(rule.properties.credentialSetResourceId).toBe("[resourceId('Microsoft.ContainerRegistry/registries/credentialSets', parameters('registryName'), 'creds ''one''')]");
  });

  test("a registry value starting with '[' is a literal default, not an expression ARM would run", () => {
    const evil = { ...NASTY, registry: '[utcNow()]' };
    expect(checkArmTemplate(exportRuleSet(evil, 'arm').content)).toEqual([]);
    expect(armTemplateOf(evil).parameters['registryName']).toMatchObject({ defaultValue: '[[utcNow()]' });
    expect(armTemplateOf(evil, { registry: "[concat('a','b')].azurecr.io" }).parameters['registryName']).toMatchObject({ defaultValue: "[[concat('a','b')]" });
  });
});

describe('terraform', () => {
  test("HashiCorp's HCL parser reads the sample; resources and arguments as azurerm expects", async () => {
    const json = (await parseHcl(exportRuleSet(sample(), 'terraform').content)) as {
      resource: Record<string, Record<string, Record<string, unknown>[]>>;
      data: Record<string, unknown>;
      variable: Record<string, unknown>;
      output: Record<string, unknown>;
    };
    const rules = json.resource.azurerm_container_registry_cache_rule as Record<string, Record<string, unknown>[]>;
    const sets = json.resource.azurerm_container_registry_credential_set as Record<string, Record<string, unknown>[]>;
    expect(Object.keys(rules).sort()).toEqual(['acme_app', 'dotnet_mcr', 'hub_library', 'k8s_all', 'ubuntu_pin']);
    expect(Object.keys(sets)).toEqual(['dockerhub', 'github_readonly']);
    expect(rules.hub_library?.[0]).toEqual({
      name: 'hub-library',
      container_registry_id: '${data.azurerm_container_registry.this.id}',
      source_repo: 'docker.io/library/*',
      target_repo: 'library/*',
      credential_set_id: '${azurerm_container_registry_credential_set.dockerhub.id}',
    });
    expect(sets.dockerhub?.[0]).toEqual({
      name: 'dockerhub',
      container_registry_id: '${data.azurerm_container_registry.this.id}',
      login_server: 'docker.io',
      identity: [{ type: 'SystemAssigned' }],
      authentication_credentials: [{ username_secret_id: 'https://myvault.vault.azure.net/secrets/hub-user', password_secret_id: 'https://myvault.vault.azure.net/secrets/hub-token' }],
    });
    expect(Object.keys(json.data)).toEqual(['azurerm_container_registry']);
    expect(Object.keys(json.variable).sort()).toEqual(['registry_name', 'registry_resource_group_name', 'subscription_id']);
    expect(Object.keys(json.output)).toEqual(['credential_set_principal_ids']);
  });

  test('the parser does catch broken HCL (the check is not vacuous)', async () => {
    const content = exportRuleSet(sample(), 'terraform').content;
    await expect(parseHcl(content.replace('name                  = "dockerhub"', 'name = "dockerhub'))).rejects.toThrow();
  });

  test('nasty values survive escaping: ${ and %{ stay literal, quotes and backslashes round-trip', async () => {
    const content = exportRuleSet(NASTY, 'terraform').content;
    const json = (await parseHcl(content)) as { resource: Record<string, Record<string, Record<string, string>[]>> };
    const rules = Object.values(json.resource.azurerm_container_registry_cache_rule ?? {}).map((r) => r[0] as Record<string, string>);
    const byName = (name: string | undefined): Record<string, string> | undefined => rules.find((r) => r.name === name);
    expect(rules.map((r) => r.name).sort()).toEqual(['back\\slash`tick`', "it's-$(touch pwned)"]);
    // hcl2json prints Terraform's JSON syntax, where a literal '${' or '%{' is written '$${' and
    // '%%{': the template sequences of the value stayed literal instead of being interpolated.
    expect(byName(NASTY.rules[0]?.name)?.source_repo).toBe('docker.io/library/"quoted" $${x} %%{y}');
    expect(byName(NASTY.rules[0]?.name)?.target_repo).toBe('[bracket]/*');
    expect(byName(NASTY.rules[1]?.name)?.source_repo).toBe('mcr.microsoft.com/a b\nnewline');
    expect(byName(NASTY.rules[1]?.name)?.target_repo).toBe("t'\\\u0007");
  });

  test('warnings for what the azurerm provider refuses though ARM accepts it', () => {
    const ruleSet: RuleSet = {
      rules: [{ name: 'trailing-', source: 'mcr.microsoft.com/a', target: 'a' }],
      credentialSets: [{ name: 'pinned-set', loginServer: 'ghcr.io', usernameSecret: 'https://myvault.vault.azure.net/secrets/u/0123456789abcdef0123456789abcdef', passwordSecret: 'https://myvault.vault.azure.net/secrets/p' }],
    };
    expect(exportRuleSet(ruleSet, 'terraform').warnings.map((w) => w.message)).toEqual([
      "The username secret of credential set 'pinned-set' names a version; the azurerm provider accepts only version-less secret IDs (drop '/0123456789abcdef0123456789abcdef').",
      "Rule name 'trailing-' is valid in ARM but the azurerm provider refuses it (5–49 letters and digits, single hyphens only between them); rename it for Terraform.",
    ]);
  });

  test('an undefined credential set is referenced by its ID under the registry', async () => {
    const ruleSet: RuleSet = { rules: [{ name: 'hub-all', source: 'docker.io/*', target: 'hub/*', credentialSet: 'shared-hub' }], credentialSets: [] };
    const content = exportRuleSet(ruleSet, 'terraform').content;
    const json = (await parseHcl(content)) as { resource: Record<string, Record<string, Record<string, string>[]>> };
    expect(json.resource.azurerm_container_registry_cache_rule?.hub_all?.[0]?.credential_set_id).toBe('${data.azurerm_container_registry.this.id}/credentialSets/shared-hub');
    expect(content).not.toContain('output "credential_set_principal_ids"');
  });
});

describe('every format, on random valid rule sets', () => {
  test('parses with its tool and is deterministic', async () => {
    await fc.assert(
      fc.asyncProperty(validRuleSetArb, async (ruleSet) => {
        const bicep = exportRuleSet(ruleSet, 'bicep').content;
        expect((await parseBicep(bicep)).errors).toEqual([]);
        const hcl = await parseHcl(exportRuleSet(ruleSet, 'terraform').content);
        const cacheRules = (hcl.resource as Record<string, Record<string, unknown>> | undefined)?.azurerm_container_registry_cache_rule ?? {};
        expect(Object.keys(cacheRules).length).toBe(ruleSet.rules.length);
        expect(checkArmTemplate(exportRuleSet(ruleSet, 'arm').content)).toEqual([]);
        expect(exportRuleSet(ruleSet, 'bicep').content).toBe(bicep);
      }),
      { numRuns: 60 },
    );
  });

  test('the az script makes exactly the planned calls', () => {
    fc.assert(
      fc.property(validRuleSetArb, (ruleSet) => {
        const script = exportRuleSet(ruleSet, 'az').content;
        const { status, calls } = runWithRecordingAz(script);
        expect(status).toBe(0);
        expect(calls.length).toBe(ruleSet.rules.length + ruleSet.credentialSets.length);
      }),
      { numRuns: 15 },
    );
  });
});
