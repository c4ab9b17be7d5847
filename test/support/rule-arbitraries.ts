// fast-check generators of rule sets that collide often: targets are drawn from a handful of
// segments (including prefixes of each other, `lib` and `library`) so that overlaps, duplicate
// targets and statics under wildcards all turn up in small sets.

import fc from 'fast-check';
import type { CacheRule, CredentialSet, RuleSet } from '../../core/model.ts';

export const SEGMENTS = ['a', 'b', 'lib', 'library', 'dotnet', 'x-y'] as const;

export const pathArb = fc.array(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 3 }).map((s) => s.join('/'));

/** Mostly valid targets (static, `p/*`, `*`), sometimes an invalid one. */
export const targetArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: pathArb },
  { weight: 5, arbitrary: pathArb.map((p) => `${p}/*`) },
  { weight: 1, arbitrary: fc.constant('*') },
  { weight: 1, arbitrary: fc.constantFrom('Lib/*', 'a//b', 'lib*', 'a/*/b', '', 'ubuntu:22.04') },
);

const HOSTS = ['docker.io', 'mcr.microsoft.com', 'ghcr.io', 'public.ecr.aws', 'quay.io', 'nvcr.io'] as const;

/** A source of the same kind as `target` most of the time. */
export function sourceFor(target: string): fc.Arbitrary<string> {
  const wildcard = target.endsWith('*');
  return fc.tuple(fc.constantFrom(...HOSTS), pathArb, fc.integer({ min: 0, max: 9 })).map(([host, path, roll]) => {
    const same = roll > 0 ? wildcard : !wildcard;
    return same && wildcard ? `${host}/${path}/*` : `${host}/${path}`;
  });
}

export const credentialSets: CredentialSet[] = [
  { name: 'dockerhub', loginServer: 'docker.io', usernameSecret: 'https://myvault.vault.azure.net/secrets/hub-user', passwordSecret: 'https://myvault.vault.azure.net/secrets/hub-pass' },
  { name: 'github', loginServer: 'ghcr.io', usernameSecret: 'https://myvault.vault.azure.net/secrets/gh-user', passwordSecret: 'https://myvault.vault.azure.net/secrets/gh-pass' },
];

export function ruleArb(name: string): fc.Arbitrary<CacheRule> {
  return targetArb.chain((target) =>
    fc.tuple(sourceFor(target), fc.constantFrom(undefined, 'dockerhub', 'github', 'missing')).map(([source, credentialSet]) =>
      credentialSet === undefined ? { name, source, target } : { name, source, target, credentialSet },
    ),
  );
}

/** Rule sets of up to `max` rules with unique names `rule-0`, `rule-1`, …. */
export function ruleSetArb(max = 12): fc.Arbitrary<RuleSet> {
  return fc
    .integer({ min: 0, max })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => ruleArb(`rule-${i}`))))
    .map((rules) => ({ registry: 'contoso.azurecr.io', rules: [...rules], credentialSets }));
}
