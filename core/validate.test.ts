import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ruleSetArb, credentialSets as CREDENTIAL_SETS } from '../test/support/rule-arbitraries.ts';
import type { CacheRule, CredentialSet, RuleSet } from './model.ts';
import { createRuleSetIndex, hasErrors, validateRuleSet, type Problem } from './validate.ts';
import { CATALOG_CHECKED } from './upstreams.ts';

const HUB: CredentialSet = {
  name: 'dockerhub',
  loginServer: 'docker.io',
  usernameSecret: 'https://myvault.vault.azure.net/secrets/hub-user',
  passwordSecret: 'https://myvault.vault.azure.net/secrets/hub-pass',
};

function set(rules: CacheRule[], credentialSets: CredentialSet[] = [HUB]): RuleSet {
  return { registry: 'contoso.azurecr.io', rules, credentialSets };
}

function codes(problems: readonly Problem[]): string[] {
  return problems.map((p) => `${p.severity}:${p.code}:${p.rule}${p.with === undefined ? '' : `>${p.with}`}${p.rules === undefined ? '' : `[${p.rules.join(',')}]`}`);
}

const rule = (name: string, source: string, target: string, credentialSet?: string): CacheRule =>
  credentialSet === undefined ? { name, source, target } : { name, source, target, credentialSet };

describe('the issue example is clean', () => {
  test('hub-library with its credential set has no problem', () => {
    expect(validateRuleSet(set([rule('hub-library', 'docker.io/library/*', 'library/*', 'dockerhub')]))).toEqual([]);
  });

  test('the documented wildcard examples pass: different prefixes to different upstreams', () => {
    const problems = validateRuleSet(
      set([
        rule('dotnet-mcr', 'mcr.microsoft.com/dotnet/*', 'library/dotnet/*'),
        rule('python-hub', 'docker.io/library/python/*', 'library/python/*', 'dockerhub'),
        rule('hello-world', 'docker.io/library/hello-world', 'cached-docker-hub/hello-world', 'dockerhub'),
        rule('all-hub', 'docker.io/*', 'docker.io/*', 'dockerhub'),
      ]),
    );
    expect(problems).toEqual([]);
  });
});

describe('names', () => {
  test.each([
    ['four', /4 characters long; ARM names are 5–50/],
    ['a'.repeat(51), /51 characters long/],
    ['hello_world', /contains '_'/],
    ['hello.world', /contains '\.'/],
  ])('%s is an invalid name', (name, message) => {
    const problems = validateRuleSet(set([rule(name, 'mcr.microsoft.com/dotnet/sdk', 'sdk')]));
    expect(codes(problems)).toEqual([`error:invalid-name:${name}`]);
    expect(problems[0]?.message).toMatch(message);
    expect(problems[0]?.field).toBe('name');
  });

  test.each(['5five', 'hello-world', 'Hello-World-Cache', 'a'.repeat(50)])('%s is a valid name', (name) => {
    expect(validateRuleSet(set([rule(name, 'mcr.microsoft.com/dotnet/sdk', 'sdk')]))).toEqual([]);
  });

  test('names compare case-insensitively', () => {
    const problems = validateRuleSet(set([rule('hub-lib', 'mcr.microsoft.com/a', 'a'), rule('Hub-Lib', 'mcr.microsoft.com/b', 'b')]));
    expect(codes(problems)).toEqual(['error:duplicate-name:Hub-Lib>hub-lib']);
    expect(problems[0]?.message).toMatch(/'Hub-Lib' and 'hub-lib'.*case-insensitively.*Rename one/);
  });
});

describe('repositories', () => {
  test('a tag in the source is named with its fix', () => {
    const [p] = validateRuleSet(set([rule('python', 'docker.io/library/python:3.11-bookworm', 'python', 'dockerhub')]));
    expect(p).toMatchObject({ code: 'invalid-repository', field: 'source', rule: 'python' });
    expect(p?.message).toMatch(/rule 'python'.*tag.*Write 'docker\.io\/library\/python'/i);
  });

  test('uppercase, misplaced wildcards and empty fields are invalid repositories', () => {
    const problems = validateRuleSet(
      set([rule('upper', 'mcr.microsoft.com/dotnet/*', 'Dotnet/*'), rule('middle', 'mcr.microsoft.com/*/sdk', 'x/*/sdk'), rule('empty', '', '')]),
    );
    expect(codes(problems)).toEqual([
      'error:invalid-repository:upper',
      'error:invalid-repository:middle',
      'error:invalid-repository:middle',
      'error:invalid-repository:empty',
      'error:invalid-repository:empty',
    ]);
    expect(problems.map((p) => p.field)).toEqual(['target', 'target', 'source', 'target', 'source']);
  });

  test('a wildcard on one side only is a wildcard mismatch', () => {
    const problems = validateRuleSet(set([rule('mismatch', 'mcr.microsoft.com/dotnet/sdk', 'dotnet/*'), rule('mismatch2', 'mcr.microsoft.com/*', 'dotnet')]));
    expect(codes(problems)).toEqual(['error:wildcard-mismatch:mismatch', 'error:wildcard-mismatch:mismatch2']);
    expect(problems[0]?.message).toMatch(/target 'dotnet\/\*' is a wildcard but the source 'mcr\.microsoft\.com\/dotnet\/sdk' is not/);
  });
});

describe('overlaps', () => {
  test('the documented blocked pairs are one wildcard-overlap each, naming both rules', () => {
    const problems = validateRuleSet(
      set([
        rule('all-mcr', 'mcr.microsoft.com/*', '*'),
        rule('library', 'docker.io/library/*', 'library/*', 'dockerhub'),
        rule('dotnet', 'mcr.microsoft.com/dotnet/*', 'library/dotnet/*'),
        rule('all-hub', 'docker.io/*', '*', 'dockerhub'),
      ]),
    );
    // two wildcards at '*' are one pair; what '*' covers is one problem per covered prefix,
    // naming both rules at '*' (grouped, not a pair per rule)
    expect(codes(problems).filter((c) => c.includes('wildcard-overlap'))).toEqual([
      'error:wildcard-overlap:library[library,all-mcr,all-hub]',
      'error:wildcard-overlap:dotnet>library',
      'error:wildcard-overlap:dotnet[dotnet,all-mcr,all-hub]',
      'error:wildcard-overlap:all-hub>all-mcr',
    ]);
    expect(problems.find((p) => p.rule === 'library')?.message).toMatch(/^Wildcard target '\*' \(rules 'all-mcr' and 'all-hub'\) covers everything under wildcard target 'library\/\*' \(rule 'library'\)/);
    const sameTarget = problems.find((p) => p.rule === 'all-hub' && p.with === 'all-mcr');
    expect(sameTarget?.message).toMatch(/both targets are '\*'/);
    const nested = problems.find((p) => p.rule === 'dotnet' && p.with === 'library');
    expect(nested?.message).toMatch(/'library\/\*' covers everything under 'library\/dotnet\/\*'.*Remove one/);
  });

  test('lib/* and library/* do not overlap', () => {
    expect(validateRuleSet(set([rule('lib-rule', 'quay.io/lib/*', 'lib/*'), rule('library', 'quay.io/library/*', 'library/*')]))).toEqual([]);
  });

  test('a static rule under a wildcard is info; two statics with one target are an error', () => {
    const problems = validateRuleSet(
      set([
        rule('all-mcr', 'mcr.microsoft.com/*', '*'),
        rule('dotnet-pin', 'mcr.microsoft.com/dotnet/sdk', 'library/dotnet'),
        rule('dotnet-pin2', 'mcr.microsoft.com/dotnet/runtime', 'library/dotnet'),
      ]),
    );
    expect(codes(problems)).toEqual(['info:static-under-wildcard:dotnet-pin[dotnet-pin,dotnet-pin2,all-mcr]', 'error:duplicate-target:dotnet-pin2>dotnet-pin']);
  });
});

describe('upstreams and credentials', () => {
  test('a host missing from the catalog is a warning naming the catalog date; aliases get a fix; ACR needs an identity', () => {
    const problems = validateRuleSet(
      set([
        rule('elastic', 'docker.elastic.co/elasticsearch/elasticsearch', 'elasticsearch'),
        rule('nvidia', 'nvcr.io/nvidia/cuda', 'cuda'),
        rule('legacy-hub', 'index.docker.io/library/ubuntu', 'ubuntu', 'dockerhub'),
        rule('acr-to-acr', 'upstream.azurecr.io/app', 'app'),
      ]),
    );
    expect(codes(problems)).toEqual([
      'warning:unsupported-upstream:elastic',
      // one fix for an alias: its 'docker.io' set is right for it, so no login-server mismatch
      'error:unsupported-upstream:legacy-hub',
      'error:identity-required:acr-to-acr',
    ]);
    expect(problems[0]?.message).toMatch(new RegExp(`'docker\\.elastic\\.co' is not in the upstream catalog as of ${CATALOG_CHECKED}; ACR may refuse it`));
    expect(problems[1]?.message).toMatch(/names 'index\.docker\.io', another name of Docker Hub; ACR knows it only as 'docker\.io'\. Write 'docker\.io\/library\/ubuntu'\./);
    expect(problems[1]?.edit).toEqual({ field: 'source', value: 'docker.io/library/ubuntu' });
    expect(problems[2]?.message).toMatch(/user-assigned managed identity/);
  });

  test('ACR-to-ACR: a user-assigned identity by resource ID, checked for shape', () => {
    const uami = '/subscriptions/3f2b6c1e-5d4a-4b8c-9e7f-000000000001/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/cache-puller';
    expect(validateRuleSet(set([{ ...rule('acr-app', 'upstream.azurecr.io/app', 'app'), identity: uami }]))).toEqual([]);
    expect(validateRuleSet(set([{ ...rule('acr-cn', 'upstream.azurecr.cn/team/*', 'team/*'), identity: uami }]))).toEqual([]);
    expect(codes(validateRuleSet(set([{ ...rule('acr-bad', 'upstream.azurecr.us/app', 'app'), identity: 'cache-puller' }])))).toEqual(['error:invalid-identity:acr-bad']);
    expect(codes(validateRuleSet(set([{ ...rule('mcr-uami', 'mcr.microsoft.com/dotnet/sdk', 'sdk'), identity: uami }])))).toEqual(['warning:invalid-identity:mcr-uami']);
  });

  test('Docker Hub needs a credential set; a rule giving MCR one is warned, the set itself is not (R26 created one)', () => {
    const mcrSet: CredentialSet = { ...HUB, name: 'mcr-creds', loginServer: 'mcr.microsoft.com' };
    const problems = validateRuleSet(
      set([rule('hub-nocreds', 'docker.io/library/ubuntu', 'ubuntu'), rule('mcr-creds', 'mcr.microsoft.com/dotnet/sdk', 'sdk', 'mcr-creds')], [HUB, mcrSet]),
    );
    expect(codes(problems)).toEqual(['error:credentials-required:hub-nocreds', 'warning:credentials-not-supported:mcr-creds']);
    expect(problems[0]?.field).toBe('credentialSet');
    // the draft has a set for docker.io: it is offered, as a one-click edit
    expect(problems[0]?.message).toMatch(/Use credential set 'dockerhub', which logs in to 'docker\.io'\.$/);
    expect(problems[0]?.edit).toEqual({ field: 'credentialSet', value: 'dockerhub' });
    expect(problems[1]?.field).toBe('credentialSet');
    expect(problems[1]?.edit).toEqual({ field: 'credentialSet', value: '' });
    // without one, the fix is to create it
    const alone = validateRuleSet(set([rule('hub-nocreds', 'docker.io/library/ubuntu', 'ubuntu')], []));
    expect(alone[0]?.message).toMatch(/Create a credential set for 'docker\.io'/);
    expect(alone[0]?.edit).toBeUndefined();
  });

  test('GHCR works with and without a credential set', () => {
    const gh: CredentialSet = { ...HUB, name: 'github', loginServer: 'ghcr.io' };
    expect(validateRuleSet(set([rule('gh-anon', 'ghcr.io/org/app', 'app'), rule('gh-auth', 'ghcr.io/org/private', 'private', 'github')], [gh]))).toEqual([]);
  });

  test('an unknown credential set, and one for another login server', () => {
    const problems = validateRuleSet(set([rule('gh-rule', 'ghcr.io/org/app', 'app', 'dockerhub'), rule('hub-rule', 'docker.io/library/ubuntu', 'ubuntu', 'DockerHub2')]));
    expect(codes(problems)).toEqual(['error:credential-login-server-mismatch:gh-rule>dockerhub', 'error:unknown-credential-set:hub-rule']);
    expect(problems[0]?.message).toMatch(/Use a credential set whose login server is 'ghcr\.io'\.$/);
    expect(problems[1]?.message).toMatch(/'DockerHub2'.*Use credential set 'dockerhub', or add credential set 'DockerHub2'/);
    expect(problems[1]?.edit).toEqual({ field: 'credentialSet', value: 'dockerhub' });
  });

  test('credential-set names compare case-insensitively', () => {
    expect(validateRuleSet(set([rule('hub-rule', 'docker.io/library/ubuntu', 'ubuntu', 'DOCKERHUB')]))).toEqual([]);
  });

  test('without a listed set of credential sets, references are not checked', () => {
    expect(validateRuleSet(set([rule('hub-rule', 'docker.io/library/ubuntu', 'ubuntu', 'elsewhere')], []), { credentialSetsListed: false })).toEqual([]);
  });

  test('credential sets: name, login server and secret URIs', () => {
    const problems = validateRuleSet(
      set(
        [],
        [
          { name: 'ok-set', loginServer: 'docker.io', usernameSecret: 'https://kv1.vault.azure.net/secrets/u', passwordSecret: 'http://kv1.vault.azure.net/secrets/p' },
          { name: 'x', loginServer: 'registry.example.com', usernameSecret: 'https://kv1.vault.azure.net/secrets/u', passwordSecret: 'https://kv1.vault.azure.net/keys/p' },
          { name: 'OK-SET', loginServer: 'quay.io', usernameSecret: 'https://kv1.vault.azure.net/secrets/u/v1', passwordSecret: 'https://kv1.vault.azure.net/secrets/p' },
        ],
      ),
    );
    expect(codes(problems)).toEqual([
      'error:invalid-secret-uri:ok-set',
      'error:invalid-name:x',
      'warning:unsupported-upstream:x',
      'error:invalid-secret-uri:x',
      'warning:invalid-secret-uri:OK-SET',
      'error:duplicate-name:OK-SET>ok-set',
    ]);
    expect(problems.map((p) => p.field)).toEqual(['passwordSecret', 'name', 'loginServer', 'passwordSecret', 'usernameSecret', 'name']);
    expect(problems[0]?.message).toMatch(/password secret of credential set 'ok-set'.*http:\/\/.*Write 'https:\/\//);
  });
});

describe('Docker Hub library/', () => {
  test('X/* → docker.io/library/* is the library-remap warning', () => {
    const [p] = validateRuleSet(set([rule('hub-all', 'docker.io/library/*', 'dockerhub/*', 'dockerhub')]));
    expect(p).toMatchObject({ severity: 'warning', code: 'library-remap', rule: 'hub-all' });
    expect(p?.message).toMatch(/'dockerhub\/bitnami\/redis' goes to 'docker\.io\/library\/bitnami\/redis'.*Use source 'docker\.io\/\*'/);
  });

  test('the docker.io/* → docker.io/library/* mistake and the whole-registry form are flagged too', () => {
    const problems = validateRuleSet(set([rule('hub-mirror', 'docker.io/library/*', 'docker.io/*', 'dockerhub')]));
    expect(codes(problems)).toEqual(['warning:library-remap:hub-mirror']);
    expect(codes(validateRuleSet(set([rule('hub-root', 'docker.io/library/*', '*', 'dockerhub')])))).toEqual(['warning:library-remap:hub-root']);
  });

  test('library/* → docker.io/library/* and docker.io/* → docker.io/* are fine', () => {
    expect(validateRuleSet(set([rule('hub-lib', 'docker.io/library/*', 'library/*', 'dockerhub'), rule('hub-other', 'docker.io/*', 'hub/*', 'dockerhub')]))).toEqual([]);
  });

  test('a static source with several segments under library/ cannot exist', () => {
    expect(codes(validateRuleSet(set([rule('redis-rule', 'docker.io/library/bitnami/redis', 'redis', 'dockerhub')])))).toEqual(['warning:library-remap:redis-rule']);
  });
});

describe('limits and existing repositories', () => {
  test('more than 1,000 rules is one rule-limit error naming the first rule over', () => {
    const rules = Array.from({ length: 1002 }, (_, i) => rule(`rule-${i}`, `mcr.microsoft.com/r${i}`, `r${i}`));
    const problems = validateRuleSet(set(rules));
    expect(codes(problems)).toEqual(['error:rule-limit:rule-1000']);
    expect(problems[0]?.message).toMatch(/1,002 cache rules.*at most 1,000.*2 of them/);
    expect(validateRuleSet(set(rules.slice(0, 1000)))).toEqual([]);
  });

  test('targets that exist already are refused, statics and wildcard prefixes alike', () => {
    const problems = validateRuleSet(
      set([rule('ubuntu-rule', 'docker.io/library/ubuntu', 'ubuntu', 'dockerhub'), rule('dotnet-all', 'mcr.microsoft.com/dotnet/*', 'dotnet/*'), rule('free-rule', 'quay.io/a/*', 'quay/*')]),
      { existingRepositories: ['ubuntu', 'dotnet/sdk', 'dotnet/runtime', 'dotnet/aspnet', 'dotnet/x', 'quay'] },
    );
    expect(codes(problems)).toEqual(['error:target-exists:ubuntu-rule', 'error:target-exists:dotnet-all']);
    expect(problems[0]?.message).toMatch(/TargetRepositoryAlreadyPresentInRegistry/);
    expect(problems[1]?.message).toMatch(/covers 4 existing repositories \('dotnet\/aspnet', 'dotnet\/runtime', 'dotnet\/sdk' and 1 more\).*TargetRepositoryPrefixMatchesExistingRegistries/);
  });
});

describe('every message names its rules and a fix', () => {
  test('on random sets', () => {
    fc.assert(
      fc.property(ruleSetArb(10), (ruleSet) => {
        for (const p of validateRuleSet(ruleSet)) {
          if (p.rule !== '') expect(p.message).toContain(`'${p.rule}'`);
          if (p.with !== undefined) expect(p.message).toContain(`'${p.with}'`);
          if (p.severity !== 'info' && p.fix !== undefined) expect(p.message.toLowerCase()).toContain(p.fix.slice(0, 20).toLowerCase());
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('the incremental index', () => {
  const base = set([
    rule('hub-library', 'docker.io/library/*', 'library/*', 'dockerhub'),
    rule('dotnet-pin', 'mcr.microsoft.com/dotnet/sdk', 'library/dotnet'),
    rule('quay-all', 'quay.io/*', 'quay/*'),
  ]);
  const index = createRuleSetIndex(base);

  test('a new rule is checked against every rule of the set', () => {
    expect(codes(index.checkRule(rule('Quay-All', 'quay.io/org/*', 'quay/org/*')))).toEqual([
      'error:duplicate-name:Quay-All>quay-all',
      'error:wildcard-overlap:Quay-All>quay-all',
    ]);
    expect(codes(index.checkRule(rule('everything', 'mcr.microsoft.com/*', '*'))).sort()).toEqual([
      'error:wildcard-overlap:everything>hub-library',
      'error:wildcard-overlap:everything>quay-all',
      'info:static-under-wildcard:dotnet-pin>everything',
    ]);
  });

  test('an edited rule does not conflict with its own saved version', () => {
    expect(index.checkRule(rule('quay-all', 'quay.io/*', 'quay/*'), { replacing: 'quay-all' })).toEqual([]);
    expect(index.checkRule(rule('quay-renamed', 'quay.io/*', 'quay/*'), { replacing: 2 })).toEqual([]);
    expect(codes(index.checkRule(rule('quay-all', 'quay.io/*', 'quay/*')))).toEqual(['error:duplicate-name:quay-all>quay-all', 'error:wildcard-overlap:quay-all>quay-all']);
  });

  test('the 1,001st rule is refused, a replacement at the limit is not', () => {
    const full = createRuleSetIndex(set(Array.from({ length: 1000 }, (_, i) => rule(`rule-${i}`, `quay.io/r${i}`, `r${i}`))));
    expect(codes(full.checkRule(rule('one-more', 'quay.io/x', 'x')))).toEqual(['error:rule-limit:one-more']);
    expect(full.checkRule(rule('rule-5', 'quay.io/x', 'x'), { replacing: 'rule-5' })).toEqual([]);
  });

  test('credential sets are checked one at a time too', () => {
    expect(codes(index.checkCredentialSet({ ...HUB, name: 'DockerHub' }))).toEqual(['error:duplicate-name:DockerHub>dockerhub']);
    expect(index.checkCredentialSet({ ...HUB, name: 'DockerHub' }, { replacing: 'dockerhub' })).toEqual([]);
  });

  test('with existing repositories, the candidate target is checked against them', () => {
    const withRepos = createRuleSetIndex(base, { existingRepositories: ['nginx'] });
    expect(codes(withRepos.checkRule(rule('nginx-rule', 'docker.io/library/nginx', 'nginx', 'dockerhub')))).toEqual(['error:target-exists:nginx-rule']);
  });

  test('problemsOfRule gives the problems a rule takes part in', () => {
    const i = createRuleSetIndex(set([rule('aaaaa', 'quay.io/*', '*'), rule('bbbbb', 'quay.io/x/*', 'x/*'), rule('ccccc', 'quay.io/y', 'y')]));
    expect(codes(i.problemsOfRule(0))).toEqual(['error:wildcard-overlap:bbbbb>aaaaa', 'info:static-under-wildcard:ccccc>aaaaa']);
    expect(codes(i.problemsOfRule(2))).toEqual(['info:static-under-wildcard:ccccc>aaaaa']);
  });

  const SYMMETRIC = new Set(['duplicate-name', 'wildcard-overlap', 'duplicate-target']);
  /** A problem as a comparable key; pair problems of symmetric codes with the candidate first. */
  function key(p: Problem, candidate: string): string {
    // a grouped problem is the same finding whichever of its rules it is reported on
    if (p.rules !== undefined) return `${p.severity}:${p.code}:${p.field ?? ''}:[${[...p.rules].sort().join(',')}]`;
    let [a, b] = [p.rule, p.with ?? ''];
    if (SYMMETRIC.has(p.code) && b === candidate) [a, b] = [b, a];
    return `${p.severity}:${p.code}:${p.field ?? ''}:${a}>${b}`;
  }

  test('agrees with whole-set validation of the set with the candidate in it', () => {
    fc.assert(
      fc.property(
        ruleSetArb(10),
        ruleSetArb(1).filter((s) => s.rules.length === 1),
        fc.nat(),
        fc.boolean(),
        (ruleSet, one, pick, duplicateName) => {
          const n = ruleSet.rules.length;
          const replacing = n > 0 && pick % 2 === 0 ? pick % n : undefined;
          const base0 = one.rules[0] as CacheRule;
          // Unique names identify the candidate's problems in the whole-set result; sometimes it
          // takes a case-variant of another rule's name to provoke duplicate-name.
          const other = n > 0 ? ruleSet.rules[pick % n] : undefined;
          const name = duplicateName && other !== undefined && pick % n !== replacing ? other.name.toUpperCase() : 'candidate';
          const candidate = { ...base0, name };
          const rules = ruleSet.rules.slice();
          if (replacing === undefined) rules.push(candidate);
          else rules[replacing] = candidate;
          const whole = validateRuleSet({ ...ruleSet, rules })
            .filter((p) => p.rule === name || p.with === name || p.rules?.includes(name) === true)
            .map((p) => key(p, name))
            .sort();
          const incremental = createRuleSetIndex(ruleSet)
            .checkRule(candidate, replacing === undefined ? {} : { replacing })
            .map((p) => key(p, name))
            .sort();
          expect(incremental).toEqual(whole);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('robustness', () => {
  test('validation never throws on arbitrary values', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (anything, rule) => {
        validateRuleSet(anything as RuleSet);
        validateRuleSet({ rules: [rule as CacheRule], credentialSets: [rule as CredentialSet] });
        createRuleSetIndex({ rules: [], credentialSets: [] }).checkRule(rule as CacheRule);
        createRuleSetIndex({ rules: [], credentialSets: [] }).checkCredentialSet(rule as CredentialSet);
      }),
      { numRuns: 1000 },
    );
  });

  test('fields of the wrong type are problems, not exceptions', () => {
    const problems = validateRuleSet({ rules: [{ name: 42, source: null, target: ['x'], credentialSet: 7 } as unknown as CacheRule], credentialSets: [] });
    expect(codes(problems)).toEqual(['error:invalid-name:', 'error:invalid-repository:', 'error:invalid-repository:', 'error:unknown-credential-set:']);
    expect(problems[0]?.message).toMatch(/^Rule #1 \(unnamed\) has no name/);
  });

  test('hasErrors tells errors from warnings', () => {
    expect(hasErrors(validateRuleSet(set([rule('hub-all', 'docker.io/library/*', 'dockerhub/*', 'dockerhub')])))).toBe(false);
    expect(hasErrors(validateRuleSet(set([rule('bad', 'docker.io/library/*', 'dockerhub/*', 'dockerhub')])))).toBe(true);
  });

  test('the generated credential sets are valid (so random-set tests exercise rules, not them)', () => {
    expect(validateRuleSet({ rules: [], credentialSets: CREDENTIAL_SETS })).toEqual([]);
  });
});
