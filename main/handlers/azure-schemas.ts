// Runtime schemas of the Azure IPC payloads. Shapes and ARM's own name rules only: whether a rule
// makes sense is the rule engine's call, and Azure has the last word.
import { z } from 'zod';
import type { CacheRule, CredentialSet } from '../../core/model.ts';
import { cacheRuleSchema, credentialSetSchema } from '../../core/rule-set-schema.ts';
import { USER_ASSIGNED_IDENTITY_ID, type RulePatch } from '../../core/rule-extensions.ts';
import type { CloudName, CredentialSecretsUpdate, RegistryRef, SubscriptionRef } from '../../preload/api.ts';
import { REGISTRY_ID_PATTERN } from '../azure/resource-ids.ts';

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export const cloudNameSchema: z.ZodType<CloudName> = z.enum(['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud']);
export const accountIdSchema = z
  .string()
  .max(400)
  .regex(/^(AzureCloud|AzureUSGovernment|AzureChinaCloud)\|[\w.-]{1,300}$/, 'expected an account id from auth.listAccounts');
const guid = (what: string) => z.string().regex(GUID, `expected a ${what} (GUID)`);

/** ARM names of cache rules and credential sets: 5–50 letters, digits and hyphens. */
export const armNameSchema = z.string().regex(/^[a-zA-Z0-9-]{5,50}$/, 'expected 5–50 letters, digits or hyphens');
const repositoryPath = z.string().min(1).max(512).regex(/^\S+$/, 'expected a repository path without spaces');
const secretUri = z
  .string()
  .max(2048)
  .refine((value) => URL.canParse(value) && new URL(value).protocol === 'https:', 'expected a Key Vault secret URI (https://<vault>.vault.azure.net/secrets/<name>)');

export const subscriptionRefSchema: z.ZodType<SubscriptionRef> = z
  .object({ accountId: accountIdSchema, tenantId: guid('tenant ID'), subscriptionId: guid('subscription ID') })
  .strict();

export const registryRefSchema: z.ZodType<RegistryRef> = z
  .object({
    accountId: accountIdSchema,
    tenantId: guid('tenant ID'),
    registryId: z.string().max(400).regex(REGISTRY_ID_PATTERN, 'expected a container registry resource ID'),
  })
  .strict();

// The format's own shapes (core/rule-set-schema.ts), with ARM's stricter rules for what is sent
// to a live registry; a property added to the format is carried here too.
export const liveCacheRuleSchema: z.ZodType<CacheRule> = cacheRuleSchema.extend({
  name: armNameSchema,
  source: repositoryPath,
  target: repositoryPath,
  credentialSet: armNameSchema.optional(),
});

/** A registry host as ARM reports login servers: `docker.io`, `contoso.azurecr.io`. */
export const loginServerSchema = z.string().max(253).regex(/^[a-zA-Z0-9.-]+(:\d{1,5})?$/, 'expected a login server like docker.io');

export const liveCredentialSetSchema: z.ZodType<CredentialSet> = credentialSetSchema.extend({
  name: armNameSchema,
  loginServer: loginServerSchema,
  usernameSecret: secretUri,
  passwordSecret: secretUri,
});

/** A PATCH of a live rule (core/rule-extensions.ts RulePatch): each key optional, null removes. */
export const rulePatchSchema: z.ZodType<RulePatch> = z
  .object({
    credentialSet: armNameSchema.nullable().optional(),
    identity: z.string().max(600).regex(USER_ASSIGNED_IDENTITY_ID, 'expected the resource ID of a user-assigned managed identity').nullable().optional(),
    syncMode: z.string().min(1).max(100).nullable().optional(),
    syncReferrers: z.string().min(1).max(100).nullable().optional(),
    artifactSyncFilters: z.record(z.string(), z.unknown()).nullable().optional(),
  })
  .strict();

export const credentialSecretsUpdateSchema: z.ZodType<CredentialSecretsUpdate> = z
  .object({ usernameSecret: secretUri.optional(), passwordSecret: secretUri.optional() })
  .strict();
