// What every export shares: the registry it targets, names turned into identifiers of the target
// language, warnings about what the export cannot express, and the Key Vault hint each format
// repeats in its own syntax.

import { nameKey } from '../fingerprint.ts';
import type { CacheRule, CredentialSet, RuleSet } from '../model.ts';
import type { ItemKind } from '../plan.ts';
import { parseSecretUri } from '../secret-uri.ts';

export type ExportFormat = 'az' | 'bicep' | 'arm' | 'terraform';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['az', 'bicep', 'arm', 'terraform'];

export interface ExportOptions {
  /**
   * The registry's name, or its login server (`contoso.azurecr.io`). Defaults to the rule set's
   * `registry`. Without either, the export asks for it (a required variable or parameter).
   */
  readonly registry?: string;
  /** api-version of the ARM resource types in Bicep and ARM exports; default `2023-07-01`. */
  readonly apiVersion?: string;
}

export interface ExportWarning {
  readonly item?: ItemKind;
  readonly name?: string;
  readonly message: string;
}

export interface ExportResult {
  readonly format: ExportFormat;
  readonly content: string;
  /** A file name to save it under, e.g. `cache-rules.bicep`. */
  readonly fileName: string;
  readonly warnings: readonly ExportWarning[];
}

/** The first stable api-version with cacheRules and credentialSets (acr-facts §1.5). */
export const DEFAULT_API_VERSION = '2023-07-01';
/** Key Vault Secrets User: the least-privileged built-in role that can read secret values. */
export const KEY_VAULT_SECRETS_USER = '4633458b-17de-408a-b874-0445c86b69e6';
/** The name ACR (and the az CLI, and Terraform) give the one credential of a set. */
export const CREDENTIAL_NAME = 'Credential1';

const REGISTRY_NAME = /^[a-zA-Z0-9]{5,50}$/;

export interface RegistryTarget {
  /** The registry name to use as a default, if known. */
  readonly name: string | undefined;
  readonly warnings: ExportWarning[];
}

/** The registry name from the options or the rule set: the first label of a login server. */
export function registryTarget(ruleSet: RuleSet, options: ExportOptions): RegistryTarget {
  const given = options.registry ?? ruleSet.registry;
  if (given === undefined || given.trim() === '') return { name: undefined, warnings: [] };
  const trimmed = given.trim();
  const name = trimmed.includes('.') ? (trimmed.split('.')[0] as string) : trimmed;
  const warnings: ExportWarning[] = [];
  if (!REGISTRY_NAME.test(name)) {
    warnings.push({ message: `'${name}' is not a container registry name (5–50 letters and digits); the export uses it as given.` });
  }
  return { name, warnings };
}

/**
 * Identifiers for items in a language whose identifiers are `[A-Za-z_][A-Za-z0-9_]*` (HCL also
 * allows `-`, but Terraform style uses `_`): a prefix, the name with other characters as `_`,
 * and a numeric suffix where two names would meet (compared case-insensitively, to be safe).
 */
export class Identifiers {
  readonly #taken = new Set<string>();
  readonly #byKey = new Map<string, string>();

  constructor(private readonly style: 'bicep' | 'terraform') {}

  /** The identifier of item `name` of kind `kind`: the one declared for it first. */
  of(kind: string, name: string): string {
    return this.#byKey.get(`${kind}\u0000${nameKey(name)}`) ?? this.declare(kind, name);
  }

  /** A new identifier for a declaration (a repeated name, invalid as it is, still gets its own). */
  declare(kind: string, name: string): string {
    const key = `${kind}\u0000${nameKey(name)}`;
    let base: string;
    if (this.style === 'bicep') {
      const body = name.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
      base = `${kind}_${body === '' ? 'unnamed' : body}`;
    } else {
      const body = name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
      base = body === '' ? `${kind}_unnamed` : /^[a-z_]/.test(body) ? body : `${kind}_${body}`;
    }
    let id = base;
    // Per kind: Bicep identifiers carry the kind as a prefix, Terraform's live per resource type.
    for (let n = 2; this.#taken.has(`${kind}:${id.toLowerCase()}`); n++) id = `${base}_${n}`;
    this.#taken.add(`${kind}:${id.toLowerCase()}`);
    if (!this.#byKey.has(key)) this.#byKey.set(key, id);
    return id;
  }
}

/** Rules' credential-set references that the rule set does not define. */
export function undefinedCredentialSets(ruleSet: RuleSet): { names: string[]; warnings: ExportWarning[] } {
  const defined = new Set(ruleSet.credentialSets.map((s) => nameKey(s.name)));
  const seen = new Map<string, string>();
  const warnings: ExportWarning[] = [];
  for (const rule of ruleSet.rules) {
    const set = rule.credentialSet;
    if (set === undefined || set === '' || defined.has(nameKey(set)) || seen.has(nameKey(set))) continue;
    seen.set(nameKey(set), set);
    warnings.push({ item: 'rule', name: rule.name, message: `Rule '${rule.name}' uses credential set '${set}', which the rule set does not define; the export refers to an existing credential set of that name.` });
  }
  return { names: [...seen.values()], warnings };
}

export function hasCredentialSet(rule: CacheRule): rule is CacheRule & { credentialSet: string } {
  return rule.credentialSet !== undefined && rule.credentialSet !== '';
}

/** The vaults a credential set reads from, for the Key Vault hints. */
export function vaultsOf(set: CredentialSet): string[] {
  const vaults = new Set<string>();
  for (const uri of [set.usernameSecret, set.passwordSecret]) {
    const parsed = parseSecretUri(uri);
    if (parsed.ok) vaults.add(parsed.value.vault);
  }
  return [...vaults];
}

/** The list of vault names as words: `'a'`, `'a' and 'b'`, or a placeholder. */
export function vaultWords(set: CredentialSet): string {
  const vaults = vaultsOf(set);
  return vaults.length === 0 ? '<your vault>' : vaults.map((v) => `'${v}'`).join(' and ');
}

/** A note on what an IaC deployment cannot do that a plan does. */
export const IAC_REPLACE_NOTE = [
  "ACR cannot change a cache rule's source or target, nor a credential set's login server: deploying",
  'this onto a registry that has an item of the same name with other values fails. Delete those',
  "first ('acr-cache plan --from LIVE --to DRAFT' lists them as replacements).",
];
