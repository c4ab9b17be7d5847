// The domain model shared by core, main, preload and renderer. Plain serializable data only:
// these objects cross IPC and are stored in drafts as they are.

/** A cache rule: pulls of `<registry>/<target>` are served from `<source>` upstream. */
export interface CacheRule {
  /** 5–50 characters, letters, digits and hyphens; compared case-insensitively (ARM names). */
  name: string;
  /** `<upstream login server>/<path>`, or `<upstream login server>/<path>/*` for a wildcard rule. */
  source: string;
  /** A repository path inside the registry, `<path>/*`, or `*` for the whole registry. */
  target: string;
  /** Name of a credential set of the same registry; absent for anonymous upstreams. */
  credentialSet?: string;
}

/** Key Vault-backed credentials ACR uses to log in to one upstream. */
export interface CredentialSet {
  name: string;
  /** The upstream login server, e.g. `docker.io`; cannot change after creation. */
  loginServer: string;
  /** Key Vault secret identifier, `https://<vault>.vault.azure.net/secrets/<name>[/<version>]`. */
  usernameSecret: string;
  passwordSecret: string;
}

export interface RuleSet {
  /** Login server of the registry the set is meant for, e.g. `contoso.azurecr.io`. */
  registry?: string;
  rules: CacheRule[];
  credentialSets: CredentialSet[];
}

export const MAX_RULES_PER_REGISTRY = 1000;

export function emptyRuleSet(registry?: string): RuleSet {
  return registry ? { registry, rules: [], credentialSets: [] } : { rules: [], credentialSets: [] };
}
