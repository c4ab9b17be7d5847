// An ARM deployment template (JSON) for a rule set: child resources of an existing registry named
// by a parameter, cache rules depending on the credential sets they reference (resourceId()).
// Literal strings that start with '[' are escaped as '[[' so ARM does not read them as
// expressions; names inside expressions are quoted with '' doubled.

import type { RuleSet } from '../model.ts';
import {
  CREDENTIAL_NAME,
  DEFAULT_API_VERSION,
  IAC_REPLACE_NOTE,
  KEY_VAULT_SECRETS_USER,
  hasCredentialSet,
  registryTarget,
  undefinedCredentialSets,
  type ExportOptions,
  type ExportResult,
} from './export-common.ts';
import { nameKey } from '../fingerprint.ts';
import { hasPreviewSettings, PREVIEW_CACHE_RULE_API_VERSION, previewArmParts } from '../rule-extensions.ts';

export const DEPLOYMENT_TEMPLATE_SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
const CREDENTIAL_SET_TYPE = 'Microsoft.ContainerRegistry/registries/credentialSets';
const CACHE_RULE_TYPE = 'Microsoft.ContainerRegistry/registries/cacheRules';

/** A string literal inside an ARM template expression. */
function expressionString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A literal JSON string value: a leading '[' would start an expression, '[[' escapes it. */
function literal(value: string): string {
  return value.startsWith('[') ? `[${value}` : value;
}

function childName(name: string): string {
  return `[format('{0}/{1}', parameters('registryName'), ${expressionString(name)})]`;
}

function credentialSetId(name: string): string {
  return `resourceId('${CREDENTIAL_SET_TYPE}', parameters('registryName'), ${expressionString(name)})`;
}

/** A JSON value with every string made literal for ARM's template language (`[` → `[[`). */
function literalValues<T>(value: T): T {
  if (typeof value === 'string') return literal(value) as T;
  if (Array.isArray(value)) return value.map(literalValues) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, literalValues(v)])) as T;
  return value;
}

export interface ArmTemplate {
  readonly $schema: string;
  readonly contentVersion: string;
  readonly metadata: Readonly<Record<string, string | readonly string[]>>;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly resources: readonly Readonly<Record<string, unknown>>[];
  readonly outputs?: Readonly<Record<string, unknown>>;
}

export function armTemplateOf(ruleSet: RuleSet, options: ExportOptions = {}): ArmTemplate {
  const api = options.apiVersion ?? DEFAULT_API_VERSION;
  const target = registryTarget(ruleSet, options);
  // Rules may spell a set's name in another case; references use the set's own spelling.
  const defined = new Map(ruleSet.credentialSets.map((s) => [nameKey(s.name), s.name] as const));
  const resources: Record<string, unknown>[] = [];
  for (const set of ruleSet.credentialSets) {
    resources.push({
      type: CREDENTIAL_SET_TYPE,
      apiVersion: api,
      name: childName(set.name),
      identity: { type: 'SystemAssigned' },
      properties: {
        loginServer: literal(set.loginServer),
        authCredentials: [{ name: CREDENTIAL_NAME, usernameSecretIdentifier: literal(set.usernameSecret), passwordSecretIdentifier: literal(set.passwordSecret) }],
      },
    });
  }
  for (const rule of ruleSet.rules) {
    const preview = previewArmParts(rule);
    // Preview settings need the api-version that carries them; the rest stays on `api`.
    const ruleApi = hasPreviewSettings(rule) ? PREVIEW_CACHE_RULE_API_VERSION : api;
    const properties: Record<string, unknown> = { ...literalValues(preview.properties), sourceRepository: literal(rule.source), targetRepository: literal(rule.target) };
    const resource: Record<string, unknown> = { type: CACHE_RULE_TYPE, apiVersion: ruleApi, name: childName(rule.name), ...(preview.identity ? { identity: literalValues(preview.identity) } : {}), properties };
    if (hasCredentialSet(rule)) {
      const own = defined.get(nameKey(rule.credentialSet));
      properties.credentialSetResourceId = `[${credentialSetId(own ?? rule.credentialSet)}]`;
      // A set the template defines must be deployed first; an existing one needs no ordering.
      if (own !== undefined) resource.dependsOn = [`[${credentialSetId(own)}]`];
    }
    resources.push(resource);
  }
  const registryParameter: Record<string, unknown> = { type: 'string', metadata: { description: 'Name of the existing container registry.' } };
  // ARM evaluates a defaultValue like any other string: `[` there would start an expression.
  if (target.name !== undefined) registryParameter.defaultValue = literal(target.name);
  const template: {
    $schema: string;
    contentVersion: string;
    metadata: Record<string, string | string[]>;
    parameters: Record<string, unknown>;
    resources: Record<string, unknown>[];
    outputs?: Record<string, unknown>;
  } = {
    $schema: DEPLOYMENT_TEMPLATE_SCHEMA,
    contentVersion: '1.0.0.0',
    metadata: {
      generator: 'ACR Cache Studio',
      description: `${ruleSet.rules.length} cache rule(s) and ${ruleSet.credentialSets.length} credential set(s) of an existing registry; deploy to its resource group.`,
      notes: [
        ...IAC_REPLACE_NOTE,
        `Key Vault: each credential set's system-assigned identity (output credentialSetPrincipalIds) needs 'get' on its two secrets: the role Key Vault Secrets User (${KEY_VAULT_SECRETS_USER}) on the vault with Azure RBAC, or secret permission 'get' with access policies.`,
      ],
    },
    parameters: { registryName: registryParameter },
    resources,
  };
  if (ruleSet.credentialSets.length > 0) {
    // No prototype: a credential set may be named anything, '__proto__' included.
    const value = Object.create(null) as Record<string, string>;
    for (const set of ruleSet.credentialSets) {
      if (Object.prototype.hasOwnProperty.call(value, set.name)) continue;
      value[set.name] = `[reference(${credentialSetId(set.name)}, '${api}', 'full').identity.principalId]`;
    }
    template.outputs = { credentialSetPrincipalIds: { type: 'object', value } };
  }
  return template;
}

export function exportArmTemplate(ruleSet: RuleSet, options: ExportOptions = {}): ExportResult {
  const target = registryTarget(ruleSet, options);
  const missing = undefinedCredentialSets(ruleSet);
  return {
    format: 'arm',
    content: JSON.stringify(armTemplateOf(ruleSet, options), null, 2) + '\n',
    fileName: 'cache-rules.json',
    warnings: [...target.warnings, ...missing.warnings],
  };
}
