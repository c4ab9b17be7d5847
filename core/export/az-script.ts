// A bash script of `az acr credential-set` and `az acr cache` commands: for a whole rule set (what
// a registry needs to hold it, in dependency order) or for a plan (its operations, in the plan's
// sequential order). Every value is shell-quoted; the registry is a variable so one script serves
// several registries. Commands and flags are those of the Azure CLI (acr-facts §2.2).

import type { RuleSet } from '../model.ts';
import { planChanges, type Plan, type PlanOperation } from '../plan.ts';
import { PREVIEW_CACHE_RULE_API_VERSION, previewArmParts, rulePatchOf } from '../rule-extensions.ts';
import {
  registryTarget,
  undefinedCredentialSets,
  vaultWords,
  type ExportOptions,
  type ExportResult,
  type ExportWarning,
} from './export-common.ts';

/** Quotes a value for bash: as is when it holds only characters bash leaves alone, else in '…'. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A one-line comment: newlines in user values must not end the comment. */
function comment(text: string): string {
  return `# ${text.replace(/[\r\n]+/g, ' ')}`;
}

function command(words: readonly string[], flags: readonly (readonly [string, string?])[]): string {
  const parts = flags.map(([flag, value]) => (value === undefined ? flag : `${flag} ${shellQuote(value)}`));
  return [`${words.join(' ')} --registry "$REGISTRY"`, ...parts].join(' \\\n    ');
}

function keyVaultHint(op: Extract<PlanOperation, { kind: 'create-credential-set' }>): string[] {
  const name = shellQuote(op.credentialSet.name);
  return [
    comment(`Key Vault: the credential set's system-assigned identity needs 'get' on its two secrets (vault ${vaultWords(op.credentialSet)}):`),
    comment(`  principal_id=$(az acr credential-set show --registry "$REGISTRY" --name ${name} --query identity.principalId --output tsv)`),
    comment(`  az role assignment create --role "Key Vault Secrets User" --assignee-object-id "$principal_id" --assignee-principal-type ServicePrincipal --scope <vault resource id>`),
    comment(`  or, for a vault with access policies: az keyvault set-policy --name <vault> --object-id "$principal_id" --secret-permissions get`),
  ];
}

function describe(op: PlanOperation): string {
  const half = op.change === 'replace' ? ` (replace${op.reason === undefined ? '' : `: ${op.reason}`})` : '';
  switch (op.kind) {
    case 'create-credential-set':
      return `create credential set '${op.credentialSet.name}'${half}`;
    case 'update-credential-set':
      return `update the secrets of credential set '${op.credentialSet.name}'`;
    case 'delete-credential-set':
      return `delete credential set '${op.credentialSet.name}'${half}`;
    case 'create-rule':
      return `create cache rule '${op.rule.name}'${half}`;
    case 'update-rule': {
      const patch = rulePatchOf(op.before, op.rule);
      const parts: string[] = [];
      if (patch.credentialSet !== undefined) parts.push(patch.credentialSet === null ? 'remove its credential set' : `set credential set '${patch.credentialSet}'`);
      const others = Object.keys(patch).filter((k) => k !== 'credentialSet');
      if (others.length > 0) parts.push(`change ${others.join(', ')}`);
      return `${parts.join(' and ') || 'update'} on cache rule '${op.rule.name}'`;
    }
    case 'delete-rule':
      return `delete cache rule '${op.rule.name}'${half}`;
  }
}

function commandFor(op: PlanOperation): string {
  switch (op.kind) {
    case 'create-credential-set':
      return command(['az', 'acr', 'credential-set', 'create'], [
        ['--name', op.credentialSet.name],
        ['--login-server', op.credentialSet.loginServer],
        ['--username-id', op.credentialSet.usernameSecret],
        ['--password-id', op.credentialSet.passwordSecret],
      ]);
    case 'update-credential-set':
      return command(['az', 'acr', 'credential-set', 'update'], [
        ['--name', op.credentialSet.name],
        ['--username-id', op.credentialSet.usernameSecret],
        ['--password-id', op.credentialSet.passwordSecret],
      ]);
    case 'delete-credential-set':
      return command(['az', 'acr', 'credential-set', 'delete'], [['--name', op.credentialSet.name], ['--yes']]);
    case 'create-rule': {
      const flags: [string, string?][] = [
        ['--name', op.rule.name],
        ['--source-repo', op.rule.source],
        ['--target-repo', op.rule.target],
      ];
      // Properties the app does not know: az acr cache has no flags for them and a PATCH may refuse
      // them, so the whole resource is PUT at the preview api-version, as Azure returned it.
      if (op.rule.extraProperties !== undefined) return restPut(op.rule);
      if (op.rule.credentialSet !== undefined && op.rule.credentialSet !== '') flags.push(['--cred-set', op.rule.credentialSet]);
      // ACR-to-ACR: --identity needs Azure CLI 2.85 or later (artifact-cache-acr-to-acr-cli.md).
      if (op.rule.identity !== undefined) flags.push(['--identity', op.rule.identity]);
      const create = command(['az', 'acr', 'cache', 'create'], flags);
      const { properties } = previewArmParts(op.rule);
      // az acr cache has no flags for the sync settings: PATCH them at the api-version that has them.
      return Object.keys(properties).length === 0 ? create : `${create}\n${restPatch(op.rule.name, { properties })}`;
    }
    case 'update-rule': {
      const patch = rulePatchOf(op.before, op.rule);
      const out: string[] = [];
      if (patch.credentialSet !== undefined) {
        out.push(command(['az', 'acr', 'cache', 'update'], patch.credentialSet === null ? [['--name', op.rule.name], ['--remove-cred-set']] : [['--name', op.rule.name], ['--cred-set', patch.credentialSet]]));
      }
      const body: Record<string, unknown> = {};
      const properties: Record<string, unknown> = {};
      for (const key of ['syncMode', 'syncReferrers', 'artifactSyncFilters'] as const) if (patch[key] !== undefined) properties[key] = patch[key];
      if (Object.keys(properties).length > 0) body['properties'] = properties;
      // CacheRuleUpdateRemoveMIAuthentication.json: removing the identity is type None.
      if (patch.identity !== undefined) body['identity'] = patch.identity === null ? { type: 'None' } : previewArmParts({ ...op.rule, identity: patch.identity }).identity;
      if (Object.keys(body).length > 0) out.push(restPatch(op.rule.name, body));
      return out.join('\n');
    }
    case 'delete-rule':
      return command(['az', 'acr', 'cache', 'delete'], [['--name', op.rule.name], ['--yes']]);
  }
}

const REGISTRY_ID = '$(az acr show --name "$REGISTRY" --query id --output tsv)';
const armName = (name: string) => name.replace(/[^A-Za-z0-9-]/g, '');

/** `az rest` PATCH of a cache rule at the preview api-version (the URL is a resource ID: az rest adds the cloud's ARM endpoint). */
function restPatch(rule: string, body: Record<string, unknown>): string {
  const url = `"${REGISTRY_ID}/cacheRules/${armName(rule)}?api-version=${PREVIEW_CACHE_RULE_API_VERSION}"`;
  return ['az rest --method patch', `--url ${url}`, `--body ${shellQuote(JSON.stringify(body))}`].join(' \\\n    ');
}

/** `az rest` PUT of a whole cache rule (every property it has) at the preview api-version. */
function restPut(rule: RuleSet['rules'][number]): string {
  const preview = previewArmParts(rule);
  const marker = '@@CREDENTIAL_SET_ID@@';
  const properties: Record<string, unknown> = { ...preview.properties, sourceRepository: rule.source, targetRepository: rule.target };
  if (rule.credentialSet !== undefined && rule.credentialSet !== '') properties['credentialSetResourceId'] = marker;
  const body = shellQuote(JSON.stringify({ ...(preview.identity ? { identity: preview.identity } : {}), properties }));
  // The set's ID is the registry's plus its name: closes the single quotes around the substitution.
  const withSet = rule.credentialSet ? body.replace(marker, `'"${REGISTRY_ID}"'/credentialSets/${armName(rule.credentialSet)}`) : body;
  const url = `"${REGISTRY_ID}/cacheRules/${armName(rule.name)}?api-version=${PREVIEW_CACHE_RULE_API_VERSION}"`;
  return ['az rest --method put', `--url ${url}`, `--body ${withSet}`].join(' \\\n    ');
}

function script(header: readonly string[], registry: string | undefined, operations: readonly PlanOperation[], skipped: readonly string[]): string {
  // --identity on az acr cache create is new in Azure CLI 2.85.0 (artifact-cache-acr-to-acr-cli.md).
  const identity = operations.some((op) => op.kind === 'create-rule' && op.rule.identity !== undefined && op.rule.extraProperties === undefined);
  const cli = identity ? '2.85.0 or later (az acr cache create --identity)' : '2.46.0 or later';
  const lines = ['#!/usr/bin/env bash', ...header.map(comment), comment(`Needs the Azure CLI ${cli}, signed in (az login) to the subscription of the registry.`), 'set -euo pipefail', ''];
  lines.push(
    registry === undefined
      ? 'REGISTRY="${REGISTRY:?set REGISTRY to the name of the container registry}"'
      : `REGISTRY="\${REGISTRY:-${registry.replace(/[^A-Za-z0-9]/g, '')}}"`,
  );
  for (const line of skipped) lines.push(comment(line));
  if (operations.length === 0) lines.push('', comment('Nothing to do.'));
  operations.forEach((op, i) => {
    lines.push('', comment(`[${i + 1}/${operations.length}] ${describe(op)}`), commandFor(op));
    if (op.kind === 'create-credential-set') lines.push(...keyVaultHint(op));
  });
  return lines.join('\n') + '\n';
}

/** The az commands that create everything in `ruleSet` on a registry that has none of it. */
export function exportAzScript(ruleSet: RuleSet, options: ExportOptions = {}): ExportResult {
  const target = registryTarget(ruleSet, options);
  const plan = planChanges({ rules: [], credentialSets: [] }, ruleSet, { prune: false });
  const warnings: ExportWarning[] = [...target.warnings, ...undefinedCredentialSets(ruleSet).warnings];
  const header = [
    `Generated by ACR Cache Studio: ${ruleSet.rules.length} cache rule(s) and ${ruleSet.credentialSets.length} credential set(s) as az commands,`,
    'credential sets first. Run it against a registry that has none of them yet (to change a registry',
    "that has some, export a plan instead: 'acr-cache plan --from LIVE --to DRAFT --az-script').",
    `Usage: REGISTRY=<registry name> bash <this file>${target.name === undefined ? '' : ` (default: ${target.name})`}`,
  ];
  return { format: 'az', content: script(header, target.name, plan.operations, []), fileName: 'cache-rules.sh', warnings };
}

/** The operations of a plan as az commands, in the plan's order. Held operations are left out. */
export function exportPlanAzScript(plan: Plan, options: ExportOptions = {}): ExportResult {
  const target = registryTarget(plan.result, options);
  const warnings: ExportWarning[] = [...target.warnings];
  const runnable = plan.operations.filter((op) => op.heldBy === undefined);
  const held = plan.operations.filter((op) => op.heldBy !== undefined);
  const skipped = held.map((op) => `Left out, held by unresolved conflict ${op.heldBy}: ${describe(op)}`);
  if (held.length > 0) warnings.push({ message: `${held.length} operation(s) held by unresolved conflicts are left out of the script.` });
  if (plan.blocked) warnings.push({ message: 'The plan has blocking problems; ACR will refuse some of these commands.' });
  const header = [
    `Generated by ACR Cache Studio: a plan of ${plan.operations.length} operation(s)${plan.prune ? ' (with pruning)' : ''}, one at a time in an order`,
    'that never leaves the registry with overlapping rules or a rule whose credential set is missing.',
    `Usage: REGISTRY=<registry name> bash <this file>${target.name === undefined ? '' : ` (default: ${target.name})`}`,
  ];
  return { format: 'az', content: script(header, target.name, runnable, skipped), fileName: 'cache-plan.sh', warnings };
}
