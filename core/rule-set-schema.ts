// The rule-set format, defined once. The file reader (rule-set-file.ts), the draft store, the IPC
// handlers and the CLI's JSON Schema (`z.toJSONSchema(ruleSetFileSchema)`) all use these objects,
// so a value one of them accepts is a value all of them accept: an import can never hold what the
// store refuses at the next start.
//
// Shapes and storage limits only. Whether a name, source or target makes sense (5–50 characters,
// repository grammar, wildcards, upstreams) is the rule engine's judgement (validate.ts), which
// explains itself in its own words; a draft may hold a rule with such problems while it is edited.
//
// To add a property (e.g. identity, syncMode, artifactSyncFilters, syncReferrers): add it to the
// object below with `.optional()`; the TypeScript types in model.ts, the reader's known fields and
// the JSON Schema follow.
import './zod-config.ts';
import { z } from 'zod';
import { acceptsUnchanged } from './schema-check.ts';
import { describeSchemaIssue, formatSchemaPath } from './schema-words.ts';

// The wording of schema problems lives in schema-words.ts (no zod there: the CLI's reader words
// its own messages without loading zod); it is part of this module's interface as before.
export { describeSchemaIssue, describeValue, formatSchemaPath } from './schema-words.ts';

/** Storage limits: generous against what Azure allows, small enough to keep a drafts file sane. */
export const RULE_SET_LIMITS = {
  name: 200,
  repository: 1000,
  registry: 300,
  secretUri: 1000,
  rules: 100_000,
  credentialSets: 10_000,
  schemaUri: 2000,
} as const;

/**
 * Text of the format: bounded, and never a NUL character. A NUL is invisible in the UI but ends
 * the string for C-based tools (az, terraform, the file system), so `rule\0x` would be shown, planned
 * and exported as different names.
 */
export const text = (max: number) => z.string().max(max).regex(/^[^\0]*$/, 'contains a NUL character (\\0), which names and values cannot hold');

export const cacheRuleSchema = z
  .object({
    name: text(RULE_SET_LIMITS.name).meta({ description: 'Rule name: 5–50 letters, digits and hyphens; compared case-insensitively.' }),
    source: text(RULE_SET_LIMITS.repository).meta({
      description: 'Upstream repository `<login server>/<path>`, or `<login server>/<path>/*` for a wildcard rule. No tag or digest.',
    }),
    target: text(RULE_SET_LIMITS.repository).meta({ description: 'Repository inside the registry, `<path>/*`, or `*` for the whole registry.' }),
    credentialSet: text(RULE_SET_LIMITS.name).optional().meta({ description: 'Name of a credential set of the same registry; absent for anonymous upstreams.' }),
    // Preview cache-rule properties (api-version 2025-09-01-preview; acrcache examples
    // CacheRuleCreateUserAssignedMIAuthentication.json, CacheRuleCreateArtifactSync.json,
    // CacheRuleCreateSyncReferrers.json). Carried unchanged import → draft → plan → apply.
    identity: text(RULE_SET_LIMITS.repository)
      .optional()
      .meta({ description: 'Resource ID of the user-assigned managed identity the rule authenticates to the upstream with (ACR-to-ACR caching): /subscriptions/…/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>.' }),
    syncMode: text(100).optional().meta({ description: "Artifact sync mode, e.g. 'ActiveSync' (ACR pulls new matching tags itself) or 'PassiveSync' (on pull, the default)." }),
    syncReferrers: text(100).optional().meta({ description: "Whether referrers (signatures, SBOMs) are synced too: 'Enabled' or 'Disabled'." }),
    artifactSyncFilters: z
      .record(z.string(), z.json())
      .optional()
      .meta({ description: 'Which artifacts ActiveSync pulls (tags KQL query, platforms, image and artifact types), as Azure takes it.' }),
    extraProperties: z
      .record(z.string(), z.json())
      .optional()
      .meta({ description: 'Properties Azure returned that this version of the app does not know; sent back unchanged.' }),
  })
  .strict()
  .meta({ title: 'Cache rule', description: 'Pulls of `<registry>/<target>` are served from `<source>` upstream.' });

export const credentialSetSchema = z
  .object({
    name: text(RULE_SET_LIMITS.name),
    loginServer: text(RULE_SET_LIMITS.registry).meta({ description: 'The upstream login server, e.g. `docker.io`; cannot change after creation.' }),
    usernameSecret: text(RULE_SET_LIMITS.secretUri).meta({ description: 'Key Vault secret identifier `https://<vault>.vault.azure.net/secrets/<name>[/<version>]`.' }),
    passwordSecret: text(RULE_SET_LIMITS.secretUri).meta({ description: 'Key Vault secret identifier `https://<vault>.vault.azure.net/secrets/<name>[/<version>]`.' }),
  })
  .strict()
  .meta({ title: 'Credential set', description: 'Key Vault-backed credentials ACR uses to log in to one upstream.' });

const registryField = text(RULE_SET_LIMITS.registry).meta({ description: 'Login server of the registry the set is meant for, e.g. `contoso.azurecr.io`.' });
const rulesField = z.array(cacheRuleSchema).max(RULE_SET_LIMITS.rules);
const credentialSetsField = z.array(credentialSetSchema).max(RULE_SET_LIMITS.credentialSets);

/** A rule set as the app holds and stores it (drafts, IPC). */
export const ruleSetSchema = z
  .object({
    registry: registryField.optional(),
    rules: rulesField,
    credentialSets: credentialSetsField,
  })
  .strict();

/**
 * A rule-set file as people write it: `$schema` may point editors at the JSON Schema (it is not
 * kept), and `credentialSets` may be left out.
 */
export const ruleSetFileSchema = z
  .object({
    $schema: text(RULE_SET_LIMITS.schemaUri).optional().meta({ description: 'The JSON Schema of this format, for editors; ignored by the app.' }),
    registry: registryField.optional(),
    rules: rulesField,
    credentialSets: credentialSetsField.optional(),
  })
  .strict()
  .meta({ title: 'ACR Cache Studio rule set', description: 'Azure Container Registry artifact cache rules and credential sets.' });

export type CacheRuleShape = z.infer<typeof cacheRuleSchema>;
export type CredentialSetShape = z.infer<typeof credentialSetSchema>;
export type RuleSetShape = z.infer<typeof ruleSetSchema>;

export interface SchemaProblem {
  /** `rules[3].name`, or `''` for the whole value. */
  readonly path: string;
  readonly message: string;
}

/** Every problem of `value` against `schema`, each naming its field. */
export function schemaProblems(schema: z.ZodType, value: unknown): SchemaProblem[] {
  // a compiled yes (schema-check.ts, derived from these same definitions) spares zod's parse
  if (acceptsUnchanged(schema, value)) return [];
  const parsed = schema.safeParse(value);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => ({ path: formatSchemaPath(issue.path), message: describeSchemaIssue(issue, value) }));
}
