import { describe, expect, test } from 'vitest';
import { createRuleSetIndex, type RuleSet } from '../../../../core/index.ts';
import { buildRows, DEFAULT_QUERY, queryRows } from '../../../../renderer/src/lib/table/rule-table.ts';

const SET: RuleSet = {
  rules: [
    { name: 'quay-all', source: 'quay.io/*', target: 'quay/*' },
    { name: 'hub-library', source: 'docker.io/library/*', target: 'hub/*' },
    { name: 'Dotnet-MCR', source: 'mcr.microsoft.com/dotnet/*', target: 'library/dotnet/*' },
    { name: 'bad', source: 'mcr.microsoft.com/x', target: 'Upper' },
  ],
  credentialSets: [],
};

describe('rule table rows', () => {
  const rows = buildRows(createRuleSetIndex(SET));

  test('each rule with its problem counts and kind', () => {
    expect(rows.map((r) => [r.rule.name, r.kind, r.errors, r.warnings])).toEqual([
      ['quay-all', 'wildcard', 0, 0],
      ['hub-library', 'wildcard', 1, 1],
      ['Dotnet-MCR', 'wildcard', 0, 0],
      ['bad', 'invalid', 2, 0],
    ]);
    expect(rows[1]?.problems.map((p) => p.code).sort()).toEqual(['credentials-required', 'library-remap']);
  });

  test('filter by words across name, source, target and credential set; by severity', () => {
    expect(queryRows(rows, { ...DEFAULT_QUERY, text: 'mcr' }).map((r) => r.rule.name)).toEqual(['Dotnet-MCR', 'bad']);
    expect(queryRows(rows, { ...DEFAULT_QUERY, text: 'MCR dotnet' }).map((r) => r.rule.name)).toEqual(['Dotnet-MCR']);
    expect(queryRows(rows, { ...DEFAULT_QUERY, show: 'errors' }).map((r) => r.rule.name)).toEqual(['hub-library', 'bad']);
    expect(queryRows(rows, { ...DEFAULT_QUERY, show: 'warnings' }).map((r) => r.rule.name)).toEqual(['hub-library']);
    expect(queryRows(rows, { ...DEFAULT_QUERY, show: 'clean' }).map((r) => r.rule.name)).toEqual(['quay-all', 'Dotnet-MCR']);
  });

  test('sort by a column, case-insensitively, both ways; problems sort the worst first', () => {
    expect(queryRows(rows, { ...DEFAULT_QUERY, sort: 'name' }).map((r) => r.rule.name)).toEqual(['bad', 'Dotnet-MCR', 'hub-library', 'quay-all']);
    expect(queryRows(rows, { ...DEFAULT_QUERY, sort: 'name', descending: true }).map((r) => r.rule.name)).toEqual(['quay-all', 'hub-library', 'Dotnet-MCR', 'bad']);
    expect(queryRows(rows, { ...DEFAULT_QUERY, sort: 'problems' }).map((r) => r.rule.name)).toEqual(['bad', 'hub-library', 'quay-all', 'Dotnet-MCR']);
    expect(queryRows(rows, DEFAULT_QUERY).map((r) => r.index)).toEqual([0, 1, 2, 3]);
  });

  test('1,000 rules filter and sort as plain array work', () => {
    const many: RuleSet = {
      rules: Array.from({ length: 1000 }, (_, i) => ({ name: `rule-${String(i).padStart(4, '0')}`, source: `quay.io/team${i % 20}/app${i}`, target: `team${i % 20}/app${i}` })),
      credentialSets: [],
    };
    const manyRows = buildRows(createRuleSetIndex(many));
    expect(queryRows(manyRows, { ...DEFAULT_QUERY, text: 'team7/' })).toHaveLength(50);
    expect(queryRows(manyRows, { ...DEFAULT_QUERY, sort: 'name', descending: true })[0]?.rule.name).toBe('rule-0999');
  });
});
