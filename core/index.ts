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
  canonicalLoginServer,
  endpointOf,
  isAcrLoginServer,
  parseRegistryLoginServer,
  sameEndpoint,
  upstreamByAlias,
  upstreamByLoginServer,
  UPSTREAMS,
  type ConfigurableIn,
  type CredentialSupport,
  type LoginServerResult,
  type Upstream,
} from './upstreams.ts';
// The CLI escapes what it prints with these (issue 11.6); the renderer shows messages the same way.
export { escapeControls, hasControlCharacter } from './input-text.ts';
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
  type ProblemEdit,
  type ProblemField,
  type RuleSetIndex,
  type Severity,
  type ValidateOptions,
} from './validate.ts';
export { createResolver, type Resolution, type ResolveOptions, type Resolver, type Verdict } from './resolve.ts';
export { ReverseIndex, type CachedEquivalent, type ReverseCandidate } from './reverse-resolve.ts';
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
export {
  cacheRuleSchema,
  credentialSetSchema,
  describeSchemaIssue,
  RULE_SET_LIMITS,
  ruleSetFileSchema,
  ruleSetSchema,
  schemaProblems,
  type SchemaProblem,
} from './rule-set-schema.ts';
export {
  baselineOf,
  fingerprintCredentialSet,
  fingerprintRule,
  nameKey,
  type Baseline,
  type Fingerprint,
} from './fingerprint.ts';
export {
  advanceBaseline,
  applyOperation,
  conflictId,
  dependentsOf,
  operationId,
  operationSubject,
  planChanges,
  resolveConflict,
  type ChangeKind,
  type Conflict,
  type CreateCredentialSetOperation,
  type CreateRuleOperation,
  type CredentialSetConflict,
  type CredentialSetOperation,
  type DeleteCredentialSetOperation,
  type DeleteRuleOperation,
  type DriftKind,
  type ItemKind,
  type OperationKind,
  type Plan,
  type PlanChange,
  type PlanInput,
  type PlanNote,
  type PlanNoteCode,
  type PlanOperation,
  type PlanOptions,
  type Resolution as ConflictResolution,
  type RuleConflict,
  type RuleOperation,
  type UpdateCredentialSetOperation,
  type UpdateRuleOperation,
} from './plan.ts';
export {
  EXPORT_FORMATS,
  exportPlanAzScript,
  exportRuleSet,
  type ExportFormat,
  type ExportOptions,
  type ExportResult,
  type ExportWarning,
} from './export/index.ts';
