// A stand-in for the preload API in component tests: drafts answered from memory, with the
// same refusal main gives (core's errors) so components meet the real contract.
import { vi } from 'vitest';
import { createRuleSetIndex, hasErrors, type CacheRule, type CredentialSet, type RuleSet } from '../../../core/index.ts';
import type { ApiError, DesktopApi, DraftState } from '../../../preload/api.ts';

export function draftState(ruleSet: RuleSet, name = 'contoso-prod'): DraftState {
  return {
    draft: { id: 'draft-1', name, createdAt: '2026-11-23T00:00:00.000Z', updatedAt: '2026-11-23T00:00:00.000Z', ruleSet },
    undo: null,
    redo: null,
  };
}

function refusal(code: string, message: string): ApiError {
  return { name: 'ApiError', code, message };
}

export interface FakeApi {
  api: DesktopApi;
  saveRule: ReturnType<typeof vi.fn>;
  saveCredentialSet: ReturnType<typeof vi.fn>;
  current(): RuleSet;
}

export function fakeDraftsApi(start: RuleSet): FakeApi {
  let ruleSet = structuredClone(start);
  const saveRule = vi.fn(async (_id: string, rule: CacheRule, replacing: string | null): Promise<DraftState> => {
    const problems = createRuleSetIndex(ruleSet).checkRule(rule, replacing === null ? {} : { replacing });
    if (hasErrors(problems)) {
      throw refusal('rule-has-errors', `Rule "${rule.name}" was not saved: ${problems.filter((p) => p.severity === 'error').map((p) => p.message).join(' ')}`);
    }
    const rules = replacing === null ? [...ruleSet.rules, rule] : ruleSet.rules.map((r) => (r.name === replacing ? rule : r));
    ruleSet = { ...ruleSet, rules };
    return draftState(ruleSet);
  });
  const saveCredentialSet = vi.fn(async (_id: string, set: CredentialSet, replacing: string | null): Promise<DraftState> => {
    const problems = createRuleSetIndex(ruleSet).checkCredentialSet(set, replacing === null ? {} : { replacing });
    if (hasErrors(problems)) throw refusal('credential-set-has-errors', `Credential set "${set.name}" was not saved.`);
    const credentialSets = replacing === null ? [...ruleSet.credentialSets, set] : ruleSet.credentialSets.map((c) => (c.name === replacing ? set : c));
    ruleSet = { ...ruleSet, credentialSets };
    return draftState(ruleSet);
  });
  const notWired = (name: string) => () => Promise.reject(refusal('not-in-test', `${name} is not part of this test`));
  const api = {
    app: { about: notWired('app.about'), openExternal: notWired('app.openExternal') },
    drafts: {
      status: notWired('status'),
      list: notWired('list'),
      open: notWired('open'),
      create: notWired('create'),
      rename: notWired('rename'),
      duplicate: notWired('duplicate'),
      remove: notWired('remove'),
      setRegistry: notWired('setRegistry'),
      saveRule,
      deleteRule: notWired('deleteRule'),
      saveCredentialSet,
      deleteCredentialSet: notWired('deleteCredentialSet'),
      undo: notWired('undo'),
      redo: notWired('redo'),
      importFile: notWired('importFile'),
      importText: notWired('importText'),
      exportFile: notWired('exportFile'),
    },
  } as unknown as DesktopApi;
  return { api, saveRule, saveCredentialSet, current: () => ruleSet };
}
