// Runtime schemas of the domain objects that cross IPC or come back from disk. Shapes only:
// the rule engine in core/ judges whether the values make sense, and says why in its own words.
import { z } from 'zod';
import type { CacheRule, CredentialSet, RuleSet } from '../core/model.ts';

const text = (max: number) => z.string().max(max);

export const cacheRuleSchema: z.ZodType<CacheRule> = z
  .object({
    name: text(200),
    source: text(1000),
    target: text(1000),
    credentialSet: text(200).optional(),
  })
  .strict();

export const credentialSetSchema: z.ZodType<CredentialSet> = z
  .object({
    name: text(200),
    loginServer: text(300),
    usernameSecret: text(1000),
    passwordSecret: text(1000),
  })
  .strict();

export const ruleSetSchema: z.ZodType<RuleSet> = z
  .object({
    registry: text(300).optional(),
    rules: z.array(cacheRuleSchema).max(100_000),
    credentialSets: z.array(credentialSetSchema).max(10_000),
  })
  .strict();

export const draftIdSchema = z.string().regex(/^[a-z0-9-]{1,64}$/, 'expected a draft id');

/** A registry as the renderer names it: the account to call with, its tenant, the ARM ID. */
export const registryRefSchema = z
  .object({
    accountId: z.string().min(1).max(500),
    tenantId: z.string().min(1).max(100),
    registryId: z.string().regex(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ContainerRegistry\/registries\/[^/]+$/i, 'expected a registry resource ID'),
  })
  .strict();
