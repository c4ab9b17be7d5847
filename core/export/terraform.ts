// Terraform (azurerm ≥ 4.16, which added azurerm_container_registry_credential_set) for a rule
// set: the registry as a data source, credential sets with their SystemAssigned identity, cache
// rules pointing at them by reference. The provider validates more strictly than ARM (rule names
// without leading, trailing or double hyphens and at most 49 characters; version-less secret
// IDs, acr-facts §4.1), so such items get a warning rather than a plan that fails later.

import type { CacheRule, CredentialSet, RuleSet } from '../model.ts';
import { hasPreviewSettings, PREVIEW_CACHE_RULE_API_VERSION, previewArmParts } from '../rule-extensions.ts';
import { parseSecretUri } from '../secret-uri.ts';
import {
  IAC_REPLACE_NOTE,
  Identifiers,
  KEY_VAULT_SECRETS_USER,
  hasCredentialSet,
  registryTarget,
  undefinedCredentialSets,
  vaultWords,
  type ExportOptions,
  type ExportResult,
  type ExportWarning,
} from './export-common.ts';
import { nameKey } from '../fingerprint.ts';

/** The first azurerm release with azurerm_container_registry_credential_set. */
export const AZURERM_MIN_VERSION = '4.16.0';
/** azapi 2.0 takes `body` as an HCL object (1.x wanted jsonencode). */
export const AZAPI_MIN_VERSION = '2.0.0';
const TERRAFORM_NAME = /^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*$/;
const REGISTRY_ID = 'data.azurerm_container_registry.this.id';

/** An HCL quoted string: escapes, and `${` / `%{` doubled so they stay literal. */
export function hclString(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0) as number;
    if (char === '\\') out += '\\\\';
    else if (char === '"') out += '\\"';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  // Function replacers: in a replacement string '$$' would itself mean one '$'.
  return `"${out.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{')}"`;
}

function comment(text: string): string {
  return `# ${text.replace(/[\r\n]+/g, ' ')}`;
}

/** Attribute lines aligned on '=' as terraform fmt does. */
function attributes(indent: string, pairs: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${indent}${k.padEnd(width)} = ${v}`);
}

function hclKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : hclString(key);
}

// Only cache-rule names: the provider's credential-set resource validates no name pattern
// (container_registry_credential_set_resource.go), so a set name ARM takes is fine.
function nameWarnings(name: string): ExportWarning[] {
  if (name.length >= 5 && name.length <= 49 && TERRAFORM_NAME.test(name)) return [];
  return [{ item: 'rule', name, message: `Rule name '${name}' is valid in ARM but the azurerm provider refuses it (5–49 letters and digits, single hyphens only between them); rename it for Terraform.` }];
}

/** A JSON value as an HCL expression (objects one attribute per line). */
function hclValue(value: unknown, indent: string): string {
  if (typeof value === 'string') return hclString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return 'null';
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[${value.map((v) => hclValue(v, inner)).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  return `{\n${attributes(inner, entries.map(([k, v]) => [hclKey(k), hclValue(v, inner)] as const)).join('\n')}\n${indent}}`;
}

function secretWarnings(set: CredentialSet): ExportWarning[] {
  const out: ExportWarning[] = [];
  for (const [which, uri] of [['username', set.usernameSecret], ['password', set.passwordSecret]] as const) {
    const parsed = parseSecretUri(uri);
    if (parsed.ok && parsed.value.version !== undefined) {
      out.push({ item: 'credential-set', name: set.name, message: `The ${which} secret of credential set '${set.name}' names a version; the azurerm provider accepts only version-less secret IDs (drop '/${parsed.value.version}').` });
    }
  }
  return out;
}

/** The azapi_resource of a rule with preview settings (azapi 2.x: `body` is an HCL object). */
function azapiCacheRule(rule: CacheRule, ids: Identifiers, defined: ReadonlySet<string>): string[] {
  const preview = previewArmParts(rule);
  const properties: Record<string, unknown> = { ...preview.properties, sourceRepository: rule.source, targetRepository: rule.target };
  const lines = [
    `resource "azapi_resource" "${ids.declare('cache_rule', rule.name)}" {`,
    ...attributes('  ', [
      ['type', hclString(`Microsoft.ContainerRegistry/registries/cacheRules@${PREVIEW_CACHE_RULE_API_VERSION}`)],
      ['name', hclString(rule.name)],
      ['parent_id', REGISTRY_ID],
      // azapi checks bodies against the bicep-types-az library, which has no 2025-09-01-preview
      // cacheRules (its stored copy ends at 2025-05-01-preview): without this the plan fails on the version
      ['schema_validation_enabled', 'false'],
    ]),
  ];
  if (rule.identity !== undefined) lines.push('', '  identity {', ...attributes('    ', [['type', hclString('UserAssigned')], ['identity_ids', `[${hclString(rule.identity)}]`]]), '  }');
  const body = hclValue({ properties }, '  ').split('\n');
  if (hasCredentialSet(rule)) {
    const ref = defined.has(nameKey(rule.credentialSet))
      ? `azurerm_container_registry_credential_set.${ids.of('credential_set', rule.credentialSet)}.id`
      : `"\${${REGISTRY_ID}}/credentialSets/${hclString(rule.credentialSet).slice(1, -1)}"`;
    // the credential set goes in as a reference, which a JSON value cannot hold
    body.splice(2, 0, `      credentialSetResourceId = ${ref}`);
  }
  lines.push('', `  body = ${body.join('\n')}`, '}');
  return lines;
}

export function exportTerraform(ruleSet: RuleSet, options: ExportOptions = {}): ExportResult {
  const target = registryTarget(ruleSet, options);
  const missing = undefinedCredentialSets(ruleSet);
  const ids = new Identifiers('terraform');
  const warnings: ExportWarning[] = [...target.warnings, ...missing.warnings];
  const defined = new Set(ruleSet.credentialSets.map((s) => nameKey(s.name)));
  const usesAzapi = ruleSet.rules.some(hasPreviewSettings);

  const lines: string[] = [
    comment(`Generated by ACR Cache Studio: ${ruleSet.rules.length} cache rule(s) and ${ruleSet.credentialSets.length} credential set(s) of an existing registry.`),
    ...IAC_REPLACE_NOTE.map(comment),
    '',
    'terraform {',
    '  required_providers {',
    '    azurerm = {',
    ...attributes('      ', [['source', hclString('hashicorp/azurerm')], ['version', hclString(`>= ${AZURERM_MIN_VERSION}`)]]),
    '    }',
    ...(usesAzapi
      ? ['    azapi = {', ...attributes('      ', [['source', hclString('Azure/azapi')], ['version', hclString(`>= ${AZAPI_MIN_VERSION}`)]]), '    }']
      : []),
    '  }',
    '}',
    '',
    comment('Remove this block if your configuration configures the azurerm provider already.'),
    comment('azurerm 4.x requires subscription_id (4.16–4.34 refuse to plan without it): set the variable, or leave it null and export ARM_SUBSCRIPTION_ID.'),
    'provider "azurerm" {',
    '  features {}',
    '  subscription_id = var.subscription_id',
    '}',
    '',
    'variable "subscription_id" {',
    ...attributes('  ', [
      ['type', 'string'],
      ['description', hclString('Subscription of the container registry (null: the provider reads ARM_SUBSCRIPTION_ID).')],
      ['default', 'null'],
    ]),
    '}',
    '',
    'variable "registry_name" {',
    ...attributes('  ', [
      ['type', 'string'],
      ['description', hclString('Name of the existing container registry.')],
      ...(target.name === undefined ? [] : [['default', hclString(target.name)] as const]),
    ]),
    '}',
    '',
    'variable "registry_resource_group_name" {',
    ...attributes('  ', [['type', 'string'], ['description', hclString('Resource group of the container registry.')]]),
    '}',
    '',
    'data "azurerm_container_registry" "this" {',
    ...attributes('  ', [['name', 'var.registry_name'], ['resource_group_name', 'var.registry_resource_group_name']]),
    '}',
  ];

  for (const set of ruleSet.credentialSets) {
    const id = ids.declare('credential_set', set.name);
    warnings.push(...secretWarnings(set));
    lines.push(
      '',
      comment(`Key Vault: grant identity[0].principal_id 'get' on the two secrets (vault ${vaultWords(set)}), e.g. azurerm_role_assignment with`),
      comment(`role_definition_name = "Key Vault Secrets User" (${KEY_VAULT_SECRETS_USER}), or azurerm_key_vault_access_policy with secret_permissions = ["Get"].`),
      `resource "azurerm_container_registry_credential_set" "${id}" {`,
      ...attributes('  ', [['name', hclString(set.name)], ['container_registry_id', REGISTRY_ID], ['login_server', hclString(set.loginServer)]]),
      '',
      '  identity {',
      '    type = "SystemAssigned"',
      '  }',
      '',
      '  authentication_credentials {',
      ...attributes('    ', [['username_secret_id', hclString(set.usernameSecret)], ['password_secret_id', hclString(set.passwordSecret)]]),
      '  }',
      '}',
    );
  }
  for (const rule of ruleSet.rules) {
    warnings.push(...nameWarnings(rule.name));
    if (hasPreviewSettings(rule)) {
      // azurerm_container_registry_cache_rule has no identity or sync attributes: azapi writes
      // the ARM resource at the api-version that carries them, so none is dropped.
      lines.push('', ...azapiCacheRule(rule, ids, defined));
      continue;
    }
    const pairs: [string, string][] = [
      ['name', hclString(rule.name)],
      ['container_registry_id', REGISTRY_ID],
      ['source_repo', hclString(rule.source)],
      ['target_repo', hclString(rule.target)],
    ];
    if (hasCredentialSet(rule)) {
      pairs.push([
        'credential_set_id',
        defined.has(nameKey(rule.credentialSet))
          ? `azurerm_container_registry_credential_set.${ids.of('credential_set', rule.credentialSet)}.id`
          : // An existing set the rule set does not define: its ID is the registry's plus its name.
            `"\${${REGISTRY_ID}}/credentialSets/${hclString(rule.credentialSet).slice(1, -1)}"`,
      ]);
    }
    lines.push('', `resource "azurerm_container_registry_cache_rule" "${ids.declare('cache_rule', rule.name)}" {`, ...attributes('  ', pairs), '}');
  }
  if (ruleSet.credentialSets.length > 0) {
    const seen = new Set<string>();
    const pairs: [string, string][] = [];
    for (const set of ruleSet.credentialSets) {
      if (seen.has(nameKey(set.name))) continue;
      seen.add(nameKey(set.name));
      pairs.push([hclKey(set.name), `azurerm_container_registry_credential_set.${ids.of('credential_set', set.name)}.identity[0].principal_id`]);
    }
    lines.push(
      '',
      'output "credential_set_principal_ids" {',
      `  description = ${hclString('The identities to grant Key Vault access to, by credential set name.')}`,
      '  value = {',
      ...attributes('    ', pairs),
      '  }',
      '}',
    );
  }
  return { format: 'terraform', content: lines.join('\n') + '\n', fileName: 'cache-rules.tf', warnings };
}
