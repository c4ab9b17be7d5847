// Two rules of planning against a live registry, kept apart from plan.ts's diff:
// - no setting is ever dropped: a draft rule that lacks a preview setting its live rule has
//   (sync mode, filters, referrers, unknown properties) would lose it on apply → refused;
// - the upstream catalog never blocks a rule that already exists in the registry: Azure accepted
//   it, so whatever the catalog says about its upstream is only a warning for it.
import type { RuleSet } from './model.ts';
import { PREVIEW_RULE_KEYS } from './rule-extensions.ts';
import type { Problem, ProblemCode } from './validate.ts';

/** Problems that come from the upstream catalog's view of a rule's source. */
const CATALOG_CODES: ReadonlySet<ProblemCode> = new Set(['unsupported-upstream', 'credentials-required', 'credentials-not-supported', 'identity-required']);

const key = (name: string) => name.toLowerCase();
const host = (source: string) => source.split('/')[0]?.toLowerCase() ?? '';

export function catalogNeverBlocksLiveRules(problems: readonly Problem[], live: RuleSet): Problem[] {
  const liveHosts = new Map(live.rules.map((r) => [key(r.name), host(r.source)]));
  return problems.map((p) => {
    if (p.severity !== 'error' || !CATALOG_CODES.has(p.code) || !liveHosts.has(key(p.rule))) return p;
    return { ...p, severity: 'warning', message: `${p.message} (The rule already exists in the registry, so this does not block the plan.)` };
  });
}

export function droppedSettingProblems(live: RuleSet, draft: RuleSet): Problem[] {
  const liveRules = new Map(live.rules.map((r) => [key(r.name), r]));
  const out: Problem[] = [];
  for (const rule of draft.rules) {
    const before = liveRules.get(key(rule.name));
    if (before === undefined) continue;
    // identity is edited by the app (removing it is a choice); the others it only carries.
    const dropped = PREVIEW_RULE_KEYS.filter((k) => k !== 'identity' && before[k] !== undefined && rule[k] === undefined);
    if (dropped.length === 0) continue;
    const what = dropped.map((k) => (k === 'extraProperties' ? `properties ${Object.keys(before.extraProperties ?? {}).join(', ')}` : `${k} ${JSON.stringify(before[k])}`)).join(', ');
    const fix = 'import the registry again into this draft (or add the settings to the rule), or change them with az acr cache update';
    out.push({
      severity: 'error',
      code: 'setting-dropped',
      rule: rule.name,
      message: `Rule '${rule.name}' in the registry has ${what}, which the draft does not carry; applying would drop ${dropped.length === 1 ? 'it' : 'them'}. ${fix.charAt(0).toUpperCase()}${fix.slice(1)}.`,
      fix,
    });
  }
  return out;
}
