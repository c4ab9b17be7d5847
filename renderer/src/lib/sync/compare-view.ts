// Two rule sets side by side: items matched by name (case-insensitively, as ARM compares them),
// each row saying which side has it and which fields differ.
import type { CacheRule, CredentialSet, RuleSet } from '../../../../core/model.ts';
import type { RuleSetSource } from '../../../../preload/api.ts';

export interface CompareField {
  readonly label: string;
  readonly left: string | null;
  readonly right: string | null;
  readonly differs: boolean;
}

export type Presence = 'both' | 'left' | 'right';

export interface CompareRow {
  readonly key: string;
  readonly name: string;
  readonly presence: Presence;
  /** Present on both sides and some field differs. */
  readonly differs: boolean;
  readonly fields: readonly CompareField[];
}

export interface ComparisonView {
  readonly rules: readonly CompareRow[];
  readonly credentialSets: readonly CompareRow[];
  readonly counts: { readonly same: number; readonly differ: number; readonly leftOnly: number; readonly rightOnly: number };
}

function align<T extends { name: string }>(left: readonly T[], right: readonly T[], fields: readonly [string, (item: T) => string][]): CompareRow[] {
  const rightByKey = new Map(right.map((item) => [item.name.toLowerCase(), item]));
  const seen = new Set<string>();
  const rows: CompareRow[] = [];
  const row = (key: string, l: T | undefined, r: T | undefined): CompareRow => {
    const cells = fields.map(([label, read]) => {
      const a = l === undefined ? null : read(l);
      const b = r === undefined ? null : read(r);
      return { label, left: a, right: b, differs: l !== undefined && r !== undefined && a !== b };
    });
    return { key, name: (l ?? r)?.name ?? key, presence: l && r ? 'both' : l ? 'left' : 'right', differs: cells.some((c) => c.differs), fields: cells };
  };
  for (const item of left) {
    const key = item.name.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push(row(key, item, rightByKey.get(key)));
  }
  for (const item of right) {
    const key = item.name.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push(row(key, undefined, item));
  }
  return rows.sort((a, b) => a.key.localeCompare(b.key));
}

const RULE_FIELDS: readonly [string, (rule: CacheRule) => string][] = [
  ['Source', (r) => r.source],
  ['Target', (r) => r.target],
  ['Credential set', (r) => r.credentialSet ?? ''],
];
const SET_FIELDS: readonly [string, (set: CredentialSet) => string][] = [
  ['Login server', (s) => s.loginServer],
  ['Username secret', (s) => s.usernameSecret],
  ['Password secret', (s) => s.passwordSecret],
];

export function compareRuleSets(left: RuleSet, right: RuleSet): ComparisonView {
  const rules = align(left.rules, right.rules, RULE_FIELDS);
  const credentialSets = align(left.credentialSets, right.credentialSets, SET_FIELDS);
  const all = [...rules, ...credentialSets];
  return {
    rules,
    credentialSets,
    counts: {
      same: all.filter((r) => r.presence === 'both' && !r.differs).length,
      differ: all.filter((r) => r.differs).length,
      leftOnly: all.filter((r) => r.presence === 'left').length,
      rightOnly: all.filter((r) => r.presence === 'right').length,
    },
  };
}

/** A source the compare pickers offer, with a stable key for a <select>. */
export interface SourceOption {
  readonly key: string;
  readonly label: string;
  readonly group: 'Drafts' | 'Registries';
  readonly source: RuleSetSource;
}

export function sourceKey(source: RuleSetSource): string {
  return source.kind === 'draft' ? `draft:${source.id}` : `registry:${source.registry.accountId}:${source.registry.registryId.toLowerCase()}`;
}
