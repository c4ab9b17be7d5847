// Runtime schemas of the objects that cross IPC or come back from disk. The rule-set shapes are
// the format's one definition (core/rule-set-schema.ts); the rule engine in core/ judges whether
// the values make sense, and says why in its own words.
import { z } from 'zod';
import { text } from '../core/rule-set-schema.ts';

export { cacheRuleSchema, credentialSetSchema, ruleSetSchema } from '../core/rule-set-schema.ts';

/** A draft's name as people type it (no NUL, like every name of the format). */
export const draftNameSchema = text(200);

export const draftIdSchema = z.string().regex(/^[a-z0-9-]{1,64}$/, 'expected a draft id');

/** A registry as the renderer names it: the account to call with, its tenant, the ARM ID. */
export const registryRefSchema = z
  .object({
    accountId: z.string().min(1).max(500),
    tenantId: z.string().min(1).max(100),
    registryId: z.string().regex(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ContainerRegistry\/registries\/[^/]+$/i, 'expected a registry resource ID'),
  })
  .strict();
