import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ruleSetArb } from '../test/support/rule-arbitraries.ts';
import { formatReadIssue, readRuleSet, ruleSetFromData, writeRuleSet, type ReadResult } from './rule-set-file.ts';

const ISSUE_EXAMPLE = `registry: contoso.azurecr.io
rules:
  - name: hub-library
    source: docker.io/library/*
    target: library/*
    credentialSet: dockerhub
credentialSets:
  - name: dockerhub
    loginServer: docker.io
    usernameSecret: https://myvault.vault.azure.net/secrets/hub-user
    passwordSecret: https://myvault.vault.azure.net/secrets/hub-pass
`;

const EXAMPLE_SET = {
  registry: 'contoso.azurecr.io',
  rules: [{ name: 'hub-library', source: 'docker.io/library/*', target: 'library/*', credentialSet: 'dockerhub' }],
  credentialSets: [
    {
      name: 'dockerhub',
      loginServer: 'docker.io',
      usernameSecret: 'https://myvault.vault.azure.net/secrets/hub-user',
      passwordSecret: 'https://myvault.vault.azure.net/secrets/hub-pass',
    },
  ],
};

function errors(result: ReadResult): string[] {
  if (result.ok) throw new Error('expected the input to be refused');
  return result.errors.map(formatReadIssue);
}

describe('the project format', () => {
  test('the issue example reads as YAML', () => {
    expect(readRuleSet(ISSUE_EXAMPLE)).toEqual({ ok: true, ruleSet: EXAMPLE_SET, format: 'yaml', warnings: [], credentialSetsListed: true });
  });

  test('the same set reads as JSON', () => {
    const result = readRuleSet(JSON.stringify(EXAMPLE_SET));
    expect(result).toMatchObject({ ok: true, ruleSet: EXAMPLE_SET, format: 'json' });
  });

  test('writing gives the keys in a stable order, and what is written reads back', () => {
    const shuffled = {
      credentialSets: [{ passwordSecret: 'p', usernameSecret: 'u', loginServer: 'docker.io', name: 'dockerhub' }],
      rules: [{ credentialSet: 'dockerhub', target: 'library/*', source: 'docker.io/library/*', name: 'hub-library' }],
      registry: 'contoso.azurecr.io',
    };
    const yaml = writeRuleSet(shuffled, 'yaml');
    expect(yaml).toBe(
      'registry: contoso.azurecr.io\nrules:\n  - name: hub-library\n    source: docker.io/library/*\n    target: library/*\n    credentialSet: dockerhub\n' +
        'credentialSets:\n  - name: dockerhub\n    loginServer: docker.io\n    usernameSecret: u\n    passwordSecret: p\n',
    );
    const json = writeRuleSet(shuffled, 'json');
    expect(Object.keys(JSON.parse(json))).toEqual(['registry', 'rules', 'credentialSets']);
    expect(json.endsWith('}\n')).toBe(true);
  });

  test('a lone * target survives YAML (where a bare * would be an alias)', () => {
    const set = { rules: [{ name: 'all-mcr', source: 'mcr.microsoft.com/*', target: '*' }], credentialSets: [] };
    expect(readRuleSet(writeRuleSet(set, 'yaml'))).toMatchObject({ ok: true, ruleSet: set });
  });

  test('round trip of random sets in both formats', () => {
    fc.assert(
      fc.property(ruleSetArb(8), fc.constantFrom('yaml' as const, 'json' as const), (set, format) => {
        const back = readRuleSet(writeRuleSet(set, format));
        expect(back).toMatchObject({ ok: true, ruleSet: set });
      }),
      { numRuns: 200 },
    );
  });

  test('credentialSets may be left out; rules may be empty', () => {
    expect(readRuleSet('rules: []\n')).toMatchObject({ ok: true, ruleSet: { rules: [], credentialSets: [] } });
  });
});

describe('errors point at the field at fault', () => {
  test('wrong types and missing fields, each with its path', () => {
    const result = readRuleSet(
      'rules:\n  - name: a-rule\n    source: docker.io/x\n    target: 42\n  - name: 12345\n    source: quay.io/a\n  - just text\ncredentialSets: {}\n',
    );
    expect(errors(result)).toEqual([
      'rules[0].target: expected a string, got the number 42 (quote it)',
      'rules[1].name: expected a string, got the number 12345 (quote it)',
      'rules[1].target: missing; expected a string',
      `rules[2]: expected a cache rule (a mapping with name, source, target), got the string 'just text'`,
      'credentialSets: expected a list of credential sets, got a mapping',
    ]);
  });

  test('ARM field names in the project format are pointed out', () => {
    const result = readRuleSet('rules:\n  - name: a-rule\n    sourceRepository: docker.io/x\n    target: x\n');
    expect(errors(result)).toEqual([`rules[0].source: missing (found 'sourceRepository'; this format calls it 'source')`]);
  });

  test('unknown fields are warnings, not errors', () => {
    const result = readRuleSet('registry: r.azurecr.io\nrules:\n  - name: a-rule\n    source: quay.io/x\n    target: x\n    comment: hi\nextra: 1\n');
    expect(result.ok && result.warnings.map(formatReadIssue)).toEqual([
      'extra: unknown field, ignored (expected registry, rules, credentialSets)',
      'rules[0].comment: unknown field, ignored (expected name, source, target, credentialSet, identity, syncMode, syncReferrers, artifactSyncFilters, extraProperties)',
    ]);
  });

  test('syntax errors carry line and column', () => {
    expect(errors(readRuleSet('{\n  "rules": [\n    { "name": }\n  ]\n}'))[0]).toMatch(/^not valid JSON at line 3, column \d+/);
    expect(errors(readRuleSet('rules:\n  - name: a\n  name: b\n - x'))[0]).toMatch(/^not valid YAML at line \d+, column \d+/);
    expect(errors(readRuleSet('rules: []\nrules: []\n'))[0]).toBe("not valid YAML at line 2, column 1: the key 'rules' appears twice in one mapping");
  });

  test('every JSON syntax error gets a line and column', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[[{][-[\]{}",:0-9a-z\\ \n]{0,30}$/), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        const result = readRuleSet(text);
        if (!valid) expect(errors(result)[0]).toMatch(/^not valid JSON at line \d+, column \d+: unexpected /);
      }),
      { numRuns: 3000 },
    );
  });

  test('empty input, a scalar and a missing rules list', () => {
    expect(errors(readRuleSet('  \n'))[0]).toMatch(/the input is empty/);
    expect(errors(readRuleSet('hello'))[0]).toMatch(/expected a rule set .* got the string 'hello'/);
    expect(errors(readRuleSet('registry: x\n'))).toEqual(['rules: missing; expected a list of cache rules (may be empty: rules: [])']);
  });

  test('an unresolved YAML alias is reported, not thrown', () => {
    expect(errors(readRuleSet('rules: *nothing\n'))[0]).toMatch(/YAML could not be read|not valid YAML/);
  });
});

describe('az acr cache list output', () => {
  const AZ = JSON.stringify([
    {
      creationDate: '2025-01-01T00:00:00Z',
      credentialSetResourceId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/contoso/credentialSets/dockerhub',
      id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/contoso/cacheRules/hub-library',
      name: 'hub-library',
      provisioningState: 'Succeeded',
      resourceGroup: 'rg',
      sourceRepository: 'docker.io/library/*',
      targetRepository: 'library/*',
      type: 'Microsoft.ContainerRegistry/registries/cacheRules',
    },
    { name: 'mcr-all', sourceRepository: 'mcr.microsoft.com/*', targetRepository: 'mcr/*', credentialSetResourceId: null },
  ]);

  test('is detected and read, the credential set named by the last segment of its ID', () => {
    expect(readRuleSet(AZ)).toEqual({
      ok: true,
      format: 'az-cache-list',
      warnings: [],
      credentialSetsListed: false,
      ruleSet: {
        rules: [
          { name: 'hub-library', source: 'docker.io/library/*', target: 'library/*', credentialSet: 'dockerhub' },
          { name: 'mcr-all', source: 'mcr.microsoft.com/*', target: 'mcr/*' },
        ],
        credentialSets: [],
      },
    });
  });

  test('the raw ARM list body (properties nested) reads too', () => {
    const body = { value: [{ name: 'k8s-all', properties: { sourceRepository: 'registry.k8s.io/*', targetRepository: 'k8s/*' } }] };
    expect(ruleSetFromData(body)).toMatchObject({ ok: true, format: 'az-cache-list', ruleSet: { rules: [{ name: 'k8s-all', source: 'registry.k8s.io/*', target: 'k8s/*' }] } });
  });

  test('errors name the entry and field', () => {
    expect(errors(readRuleSet('[{"name": "x", "sourceRepository": 5}]'))).toEqual([
      '[0].sourceRepository: expected a string, got the number 5 (quote it)',
      '[0].targetRepository: missing; expected a string',
    ]);
  });
});

describe('robustness', () => {
  test('reading never throws on random text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.json(), fc.stringMatching(/^[-:[\]{}*&! \n\ta-z"'#|>]{0,60}$/)), (text) => {
        const result = readRuleSet(text);
        expect(result.ok ? result.ruleSet.rules.length >= 0 : result.errors.length > 0).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  test('reading data never throws on random values', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const result = ruleSetFromData(value);
        expect(result.ok || result.errors.length > 0).toBe(true);
        ruleSetFromData({ rules: [value], credentialSets: [value] });
      }),
      { numRuns: 2000 },
    );
  });

  test('a YAML alias bomb is refused', () => {
    const bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nrules: []\n';
    const result = readRuleSet(bomb);
    expect(result.ok ? result.warnings.length : result.errors.length).toBeGreaterThan(0);
  });
});
