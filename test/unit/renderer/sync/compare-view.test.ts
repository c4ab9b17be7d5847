import { describe, expect, it } from 'vitest';
import { compareRuleSets, sourceKey } from '../../../../renderer/src/lib/sync/compare-view.ts';
import { lineCount } from '../../../../renderer/src/lib/sync/export-formats.ts';

describe('compare view', () => {
  it('matches items by name, case-insensitively, and marks the fields that differ', () => {
    const view = compareRuleSets(
      {
        rules: [
          { name: 'Hub-Python', source: 'docker.io/library/python/*', target: 'library/python/*', credentialSet: 'dockerhub' },
          { name: 'only-left', source: 'quay.io/*', target: 'quay/*' },
          { name: 'same-rule', source: 'ghcr.io/a/*', target: 'a/*' },
        ],
        credentialSets: [],
      },
      {
        rules: [
          { name: 'same-rule', source: 'ghcr.io/a/*', target: 'a/*' },
          { name: 'hub-python', source: 'docker.io/library/python/*', target: 'python/*', credentialSet: 'dockerhub' },
          { name: 'only-right', source: 'mcr.microsoft.com/dotnet/*', target: 'dotnet/*' },
        ],
        credentialSets: [{ name: 'dockerhub', loginServer: 'docker.io', usernameSecret: 'u', passwordSecret: 'p' }],
      },
    );
    expect(view.rules.map((r) => [r.name, r.presence, r.differs])).toEqual([
      ['Hub-Python', 'both', true],
      ['only-left', 'left', false],
      ['only-right', 'right', false],
      ['same-rule', 'both', false],
    ]);
    expect(view.rules[0]!.fields.filter((f) => f.differs).map((f) => [f.label, f.left, f.right])).toEqual([['Target', 'library/python/*', 'python/*']]);
    expect(view.rules[1]!.fields[0]).toEqual({ label: 'Source', left: 'quay.io/*', right: null, differs: false });
    expect(view.credentialSets.map((r) => r.presence)).toEqual(['right']);
    expect(view.counts).toEqual({ same: 1, differ: 1, leftOnly: 1, rightOnly: 2 });
  });

  it('keys sources stably', () => {
    expect(sourceKey({ kind: 'draft', id: 'x' })).toBe('draft:x');
    expect(sourceKey({ kind: 'registry', registry: { accountId: 'a', tenantId: 't', registryId: '/Subs/R' } })).toBe('registry:a:/subs/r');
  });

  it('counts preview lines', () => {
    expect(lineCount('')).toBe(0);
    expect(lineCount('a\nb\n')).toBe(2);
    expect(lineCount('a\nb')).toBe(2);
  });
});
