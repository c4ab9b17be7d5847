// Suggested fixes (issue 11.3): right, and one click away. Each fix that is one value carries it
// as `edit`; applied, the problem it fixes is gone.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { CacheRule, CredentialSet, RuleSet } from './model.ts';
import { createRuleSetIndex, validateRuleSet, type Problem, type ProblemEdit } from './validate.ts';

const VAULT = 'https://contosokv.vault.azure.net/secrets/';
const set = (name: string, loginServer: string): CredentialSet => ({ name, loginServer, usernameSecret: `${VAULT}${name}-user`, passwordSecret: `${VAULT}${name}-token` });
const HUB = set('dockerhub', 'docker.io');
const GH = set('github', 'ghcr.io');
const ruleSet = (rules: CacheRule[], credentialSets: CredentialSet[] = [HUB, GH], registry = 'contoso.azurecr.io'): RuleSet => ({ registry, rules, credentialSets });

function only(problems: readonly Problem[], code: string): Problem {
  const found = problems.filter((p) => p.code === code);
  expect(found, `${code} in ${JSON.stringify(problems.map((p) => p.code))}`).toHaveLength(1);
  return found[0] as Problem;
}

describe('the fix names the right value', () => {
  test.each([
    ['Library/Python:3.12 as a source: lowercase and tag-free', { source: 'docker.io/Library/Python:3.12', target: 'python', credentialSet: 'dockerhub' }, 'invalid-repository', { field: 'source', value: 'docker.io/library/python' }],
    ['Library/Python:3.12 as a target', { source: 'docker.io/library/python', target: 'Library/Python:3.12', credentialSet: 'dockerhub' }, 'invalid-repository', { field: 'target', value: 'library/python' }],
    ['a pasted https:// prefix: drop the scheme', { source: 'https://ghcr.io/org/*', target: 'org/*' }, 'invalid-repository', { field: 'source', value: 'ghcr.io/org/*' }],
    ['a docker:// prefix', { source: 'docker://ghcr.io/org/app', target: 'app' }, 'invalid-repository', { field: 'source', value: 'ghcr.io/org/app' }],
    ['an oci:// prefix and uppercase', { source: 'oci://GHCR.io/Org/App', target: 'app' }, 'invalid-repository', { field: 'source', value: 'ghcr.io/org/app' }],
    ['a port on a catalogued host: write ghcr.io', { source: 'ghcr.io:443/org/app', target: 'app' }, 'unsupported-upstream', { field: 'source', value: 'ghcr.io/org/app' }],
    ['another port on a catalogued host', { source: 'quay.io:8443/org/app', target: 'app' }, 'unsupported-upstream', { field: 'source', value: 'quay.io/org/app' }],
    ['registry-1.docker.io: one fix, to docker.io', { source: 'registry-1.docker.io/library/nginx', target: 'nginx', credentialSet: 'dockerhub' }, 'unsupported-upstream', { field: 'source', value: 'docker.io/library/nginx' }],
    ['an MCR rule with a credential set: remove it', { source: 'mcr.microsoft.com/dotnet/*', target: 'dotnet/*', credentialSet: 'dockerhub' }, 'credentials-not-supported', { field: 'credentialSet', value: '' }],
    ['an ECR Public rule with a credential set: remove it', { source: 'public.ecr.aws/nginx/nginx', target: 'nginx', credentialSet: 'github' }, 'credentials-not-supported', { field: 'credentialSet', value: '' }],
    ["a Docker Hub rule without one: the draft's docker.io set", { source: 'docker.io/library/nginx', target: 'nginx' }, 'credentials-required', { field: 'credentialSet', value: 'dockerhub' }],
    ['a name with underscores', { name: 'my_rule!', source: 'ghcr.io/org/app', target: 'app' }, 'invalid-name', { field: 'name', value: 'my-rule' }],
  ] as [string, Partial<CacheRule>, string, ProblemEdit][])('%s', (_label, fields, code, edit) => {
    const rule: CacheRule = { name: 'the-rule', source: '', target: '', ...fields };
    const problems = validateRuleSet(ruleSet([rule]));
    const problem = only(problems, code);
    expect(problem.edit).toEqual(edit);
    // the fix's words name the same value
    if (edit.value !== '') expect(problem.fix).toContain(`'${edit.value}'`);
  });

  test('registry-1.docker.io gets one consistent fix: no login-server mismatch beside the alias', () => {
    const problems = validateRuleSet(ruleSet([{ name: 'hub-rule', source: 'registry-1.docker.io/library/nginx', target: 'nginx', credentialSet: 'dockerhub' }]));
    expect(problems.map((p) => p.code)).toEqual(['unsupported-upstream']);
    // and a set written for the alias gets its fix once, on the set, not a mismatch on the rule
    const aliasSet = set('hub-alias', 'registry-1.docker.io');
    const onSet = validateRuleSet(ruleSet([{ name: 'hub-rule', source: 'docker.io/library/nginx', target: 'nginx', credentialSet: 'hub-alias' }], [aliasSet]));
    expect(onSet.map((p) => [p.code, p.field])).toEqual([['unsupported-upstream', 'loginServer']]);
    expect(onSet[0]?.edit).toEqual({ field: 'loginServer', value: 'docker.io' });
  });

  test('an MCR rule with a set is told to remove it, not also to pick another set', () => {
    const problems = validateRuleSet(ruleSet([{ name: 'mcr-rule', source: 'mcr.microsoft.com/dotnet/*', target: 'dotnet/*', credentialSet: 'dockerhub' }]));
    expect(problems.map((p) => p.code)).toEqual(['credentials-not-supported']);
    expect(problems[0]?.fix).toBe("remove the credential set from rule 'mcr-rule'");
  });

  test('login servers compare case-insensitively and as endpoints (:443)', () => {
    for (const loginServer of ['Docker.io', 'DOCKER.IO', 'docker.io:443', 'index.docker.io']) {
      const problems = validateRuleSet(ruleSet([{ name: 'hub-rule', source: 'docker.io/library/nginx', target: 'nginx', credentialSet: 'hub' }], [set('hub', loginServer)]));
      expect(problems.filter((p) => p.code === 'credential-login-server-mismatch')).toEqual([]);
    }
  });

  test('a credential set login server pasted as a URL: drop the scheme', () => {
    const problems = validateRuleSet(ruleSet([], [set('hub-url', 'https://docker.io/')]));
    expect(only(problems, 'unsupported-upstream').edit).toEqual({ field: 'loginServer', value: 'docker.io' });
  });
});

describe("the registry's login server", () => {
  test.each([
    ['contoso.azurecr', 'contoso.azurecr.io'],
    ['contoso', 'contoso.azurecr.io'],
    ['contoso.azurecr.com', 'contoso.azurecr.io'],
    ['https://contoso.azurecr.io/', 'contoso.azurecr.io'],
    ['contoso.azurecr.io:443', 'contoso.azurecr.io'],
    ['contoso.azurecr.io/library', 'contoso.azurecr.io'],
  ])("'%s' is an error whose fix writes '%s'", (registry, fixed) => {
    const problem = only(validateRuleSet(ruleSet([], [], registry)), 'invalid-login-server');
    expect(problem.severity).toBe('error');
    expect(problem.edit).toEqual({ field: 'registry', value: fixed });
    expect(validateRuleSet(ruleSet([], [], fixed))).toEqual([]);
  });

  test.each(['contoso.azurecr.io', 'contoso.azurecr.us', 'contoso.azurecr.cn', 'Contoso.AzureCR.io', 'contoso-abc123.azurecr.io'])("'%s' is accepted (sovereign clouds included)", (registry) => {
    expect(validateRuleSet(ruleSet([], [], registry))).toEqual([]);
  });

  test('a host that is not an ACR is an error without a guessed fix', () => {
    const problem = only(validateRuleSet(ruleSet([], [], 'registry.example.com')), 'invalid-login-server');
    expect(problem.message).toMatch(/not an Azure container registry login server; they end in '\.azurecr\.io' \(or '\.azurecr\.us', '\.azurecr\.cn'/);
    expect(problem.edit).toBeUndefined();
  });
});

// Rules with the mistakes users make, to check every edit the engine offers.
const HOSTS = ['docker.io', 'ghcr.io', 'quay.io', 'mcr.microsoft.com', 'public.ecr.aws', 'registry-1.docker.io', 'index.docker.io', 'ghcr.io:443', 'quay.io:5000', 'GHCR.io', 'registry.example.com'];
const PATHS = ['library/python', 'Library/Python', 'org/app', 'org/*', 'library/*', '*', 'Org/App:1.0', 'app@sha256:' + 'a'.repeat(64), 'a/*/b', 'library/bitnami/redis'];
const TARGETS = ['python', 'Python:3.12', 'org/*', 'library/*', '*', 'hub/*', ' app ', 'Apps/*', 'a*b'];
const mistakeArb: fc.Arbitrary<CacheRule> = fc
  .record({
    name: fc.constantFrom('good-rule', 'bad_name', 'x', 'rule-two'),
    scheme: fc.constantFrom('', '', '', 'https://', 'docker://', 'oci://'),
    host: fc.constantFrom(...HOSTS),
    path: fc.constantFrom(...PATHS),
    target: fc.constantFrom(...TARGETS),
    credentialSet: fc.constantFrom(undefined, 'dockerhub', 'github', 'missing-set', 'DockerHub'),
  })
  .map(({ name, scheme, host, path, target, credentialSet }) => {
    const rule: CacheRule = { name, source: `${scheme}${host}/${path}`, target };
    return credentialSet === undefined ? rule : { ...rule, credentialSet };
  });

function applyEdit(rule: CacheRule, edit: ProblemEdit): CacheRule {
  const out: CacheRule = { ...rule };
  if (edit.field === 'credentialSet' || edit.field === 'identity') {
    if (edit.value === '') delete out[edit.field];
    else out[edit.field] = edit.value;
  } else if (edit.field === 'name' || edit.field === 'source' || edit.field === 'target') out[edit.field] = edit.value;
  return out;
}

describe('a fix, applied, makes its problem go away', () => {
  test('for every edit on a rule with the usual mistakes, checked as the editor checks', () => {
    let edits = 0;
    fc.assert(
      fc.property(mistakeArb, fc.array(mistakeArb, { maxLength: 3 }), (rule, others) => {
        const index = createRuleSetIndex(ruleSet(others.map((o, i) => ({ ...o, name: `other-${i}-rule` }))));
        for (const problem of index.checkRule(rule)) {
          if (problem.edit === undefined) continue;
          edits++;
          const fixed = applyEdit(rule, problem.edit);
          const after = index.checkRule(fixed).filter((p) => p.code === problem.code && p.field === problem.field);
          expect(after, `${problem.message} → ${JSON.stringify(problem.edit)}`).toEqual([]);
        }
      }),
      { numRuns: 1500 },
    );
    // the generator does reach the fixes
    expect(edits).toBeGreaterThan(1000);
  });
});

describe('a URL or another upstream pasted into the path after the host (as in the editor)', () => {
  test('docker.io/https://ghcr.io/org/app → ghcr.io/org/app', () => {
    const problem = only(validateRuleSet(ruleSet([{ name: 'gh-rule', source: 'docker.io/https://ghcr.io/org/app', target: 'app' }])), 'invalid-repository');
    expect(problem.edit).toEqual({ field: 'source', value: 'ghcr.io/org/app' });
    expect(problem.fix).toBe("drop the scheme: write 'ghcr.io/org/app'");
  });

  test('docker.io/ghcr.io/org/app is a warning whose fix is ghcr.io/org/app', () => {
    const problems = validateRuleSet(ruleSet([{ name: 'gh-rule', source: 'docker.io/ghcr.io/org/app', target: 'app', credentialSet: 'dockerhub' }]));
    expect(problems.map((p) => [p.severity, p.code])).toEqual([['warning', 'invalid-repository']]);
    expect(problems[0]?.edit).toEqual({ field: 'source', value: 'ghcr.io/org/app' });
  });
});
