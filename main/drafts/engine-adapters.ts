// Connects the drafts service to the rule engine in core/: the same validation the editor shows
// as you type is enforced again here, before anything is written.
import { createRuleSetIndex } from '../../core/validate.ts';
import { formatReadIssue, readRuleSet, writeRuleSet } from '../../core/rule-set-file.ts';
import type { RuleChecker, RuleSetCodec } from './service.ts';

export const engineRuleChecker: RuleChecker = {
  ruleErrors(ruleSet, candidate, replacing) {
    const options = replacing === null ? {} : { replacing };
    return createRuleSetIndex(ruleSet)
      .checkRule(candidate, options)
      .filter((p) => p.severity === 'error')
      .map((p) => p.message);
  },
  credentialSetErrors(ruleSet, candidate, replacing) {
    const options = replacing === null ? {} : { replacing };
    return createRuleSetIndex(ruleSet)
      .checkCredentialSet(candidate, options)
      .filter((p) => p.severity === 'error')
      .map((p) => p.message);
  },
};

export const engineRuleSetCodec: RuleSetCodec = {
  parse(text) {
    const result = readRuleSet(text);
    if (!result.ok) return { ok: false, errors: result.errors.map(formatReadIssue) };
    return { ok: true, ruleSet: result.ruleSet };
  },
  serialize: (ruleSet, format) => writeRuleSet(ruleSet, format),
};
