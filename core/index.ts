// The public API of the rule engine, shared by the main process, the renderer and the CLI.

export { emptyRuleSet, MAX_RULES_PER_REGISTRY, type CacheRule, type CredentialSet, type RuleSet } from './model.ts';
export {
  DEFAULT_TAG,
  DOCKER_HUB,
  DOCKER_HUB_ALIASES,
  formatReference,
  isDockerHub,
  normalizeDockerHubPath,
  parseReference,
  versionSuffix,
  type ImageReference,
  type ParseReferenceOptions,
  type ReferenceResult,
} from './reference.ts';
export {
  formatPattern,
  formatSource,
  parseSourceRepository,
  parseTargetRepository,
  patternCovers,
  WILDCARD,
  type RepositoryError,
  type RepositoryPattern,
  type RepositoryResult,
  type SourceRepository,
} from './repository.ts';
export {
  isAcrLoginServer,
  upstreamByAlias,
  upstreamByLoginServer,
  UPSTREAMS,
  type ConfigurableIn,
  type CredentialSupport,
  type Upstream,
} from './upstreams.ts';
export { KEY_VAULT_SUFFIXES, parseSecretUri, type SecretUri, type SecretUriResult } from './secret-uri.ts';
export {
  CANDIDATE,
  describeOverlapReason,
  findOverlaps,
  RepositoryIndex,
  repositoriesHitBy,
  TargetTrie,
  type OverlapKind,
  type OverlapReason,
  type TargetNode,
  type TargetOverlap,
} from './overlap.ts';
export {
  createRuleSetIndex,
  hasErrors,
  validateRuleSet,
  type CheckOptions,
  type Problem,
  type ProblemCode,
  type ProblemField,
  type RuleSetIndex,
  type Severity,
  type ValidateOptions,
} from './validate.ts';
export { createResolver, type Resolution, type ResolveOptions, type Resolver } from './resolve.ts';
export {
  credentialSetNameFromId,
  formatReadIssue,
  readRuleSet,
  ruleSetFromData,
  writeRuleSet,
  type ReadIssue,
  type ReadOptions,
  type ReadResult,
  type RuleSetFormat,
} from './rule-set-file.ts';
