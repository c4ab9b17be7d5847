// The domain model shared by core, main, preload and renderer. Plain serializable data only:
// these objects cross IPC and are stored in drafts as they are.

// The shapes are defined once, in zod (rule-set-schema.ts); these are their TypeScript types.
import type { CacheRuleShape, CredentialSetShape, RuleSetShape } from './rule-set-schema.ts';

/** A cache rule: pulls of `<registry>/<target>` are served from `<source>` upstream (fields: rule-set-schema.ts). */
export type CacheRule = CacheRuleShape;

/** Key Vault-backed credentials ACR uses to log in to one upstream. */
export type CredentialSet = CredentialSetShape;

/** Rules and credential sets, and the login server of the registry they are meant for. */
export type RuleSet = RuleSetShape;

export const MAX_RULES_PER_REGISTRY = 1000;

export function emptyRuleSet(registry?: string): RuleSet {
  return registry ? { registry, rules: [], credentialSets: [] } : { rules: [], credentialSets: [] };
}
