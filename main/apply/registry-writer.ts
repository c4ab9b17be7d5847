// Binds the Azure service to one registry as the writer a plan executor needs, and reads the
// registry's content as a rule set for planning.
import type { CacheRule, CredentialSet, RuleSet } from '../../core/model.ts';
import { ruleOf } from '../../core/rule-extensions.ts';
import type { LiveCacheRule, LiveCredentialSet, RegistryRef } from '../../preload/api.ts';
import type { AzureService } from '../azure/azure-service.ts';
import type { ObservedCredentialSet, ObservedRule, RegistryWriter } from './verify.ts';

interface HeaderBag {
  get?(name: string): string | undefined | null;
}

/** The delay the service asked for (Retry-After / retry-after-ms), found anywhere in the cause chain. */
export function retryAfterMsOf(error: unknown): number | null {
  for (let item: unknown = error, depth = 0; item && depth < 8; item = (item as { cause?: unknown }).cause, depth++) {
    const headers = (item as { response?: { headers?: HeaderBag } }).response?.headers;
    const ms = headers?.get?.('retry-after-ms');
    if (ms && Number.isFinite(Number(ms))) return Number(ms);
    const seconds = headers?.get?.('retry-after');
    if (seconds) {
      if (Number.isFinite(Number(seconds))) return Number(seconds) * 1000;
      const date = Date.parse(seconds);
      if (Number.isFinite(date)) return Math.max(0, date - Date.now());
    }
  }
  return null;
}

function withRetryAfter<T>(call: Promise<T>): Promise<T> {
  return call.catch((error: unknown) => {
    const retryAfterMs = retryAfterMsOf(error);
    if (retryAfterMs !== null && typeof error === 'object' && error !== null) Object.assign(error, { retryAfterMs });
    throw error;
  });
}

/** A read that answers null when the item does not exist (404). */
async function orNull<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'not-found') return null;
    throw error;
  }
}

/** The rule as read, with every preview setting: verification compares them too (verify.ts). */
function asRule(live: LiveCacheRule): ObservedRule {
  return { ...ruleOf(live), provisioningState: live.provisioningState };
}

function asSet(live: LiveCredentialSet): ObservedCredentialSet {
  return { name: live.name, loginServer: live.loginServer, usernameSecret: live.usernameSecret, passwordSecret: live.passwordSecret, provisioningState: live.provisioningState };
}

export function registryWriter(azure: AzureService, ref: RegistryRef): RegistryWriter {
  return {
    readCacheRule: async (name, abortSignal) => {
      const live = await withRetryAfter(orNull(azure.getCacheRule(ref, name, { abortSignal })));
      return live && asRule(live);
    },
    readCredentialSet: async (name, abortSignal) => {
      const live = await withRetryAfter(orNull(azure.getCredentialSet(ref, name, { abortSignal })));
      return live && asSet(live);
    },
    createCacheRule: (rule, abortSignal) => withRetryAfter(azure.createCacheRule(ref, rule, { abortSignal })),
    updateCacheRuleCredentials: (name, set, abortSignal) => withRetryAfter(azure.updateCacheRuleCredentials(ref, name, set, { abortSignal })),
    updateCacheRule: (name, patch, abortSignal) => withRetryAfter(azure.updateCacheRule(ref, name, patch, { abortSignal })),
    deleteCacheRule: (name, abortSignal) => withRetryAfter(azure.deleteCacheRule(ref, name, { abortSignal })),
    createCredentialSet: (set, abortSignal) => withRetryAfter(azure.createCredentialSet(ref, set, { abortSignal })),
    updateCredentialSet: (name, secrets, abortSignal) => withRetryAfter(azure.updateCredentialSet(ref, name, secrets, { abortSignal })),
    deleteCredentialSet: (name, abortSignal) => withRetryAfter(azure.deleteCredentialSet(ref, name, { abortSignal })),
  };
}

/** The registry's rules and credential sets as a rule set (the live side of a plan). */
export async function readLiveRuleSet(azure: AzureService, ref: RegistryRef, loginServer?: string): Promise<RuleSet> {
  const [rules, sets] = await Promise.all([azure.listCacheRules(ref), azure.listCredentialSets(ref)]);
  const ruleSet: RuleSet = {
    // Every preview setting (identity, sync mode, filters…) comes along: a plan must never drop one.
    rules: rules.map((r): CacheRule => ruleOf(r)),
    credentialSets: sets.map((s): CredentialSet => ({ name: s.name, loginServer: s.loginServer, usernameSecret: s.usernameSecret, passwordSecret: s.passwordSecret })),
  };
  if (loginServer) ruleSet.registry = loginServer;
  return ruleSet;
}
