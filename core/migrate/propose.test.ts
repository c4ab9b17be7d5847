import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { validRuleSetArb } from '../../test/support/plan-arbitraries.ts';
import type { RuleSet } from '../model.ts';
import { parseReference, type ImageReference } from '../reference.ts';
import { createResolver } from '../resolve.ts';
import { validateRuleSet } from '../validate.ts';
import { proposeRules } from './propose.ts';

const REGISTRY = 'contoso.azurecr.io';
const VAULT = 'https://contoso-kv.vault.azure.net/secrets/';
const hubSet = { name: 'dockerhub', loginServer: 'docker.io', usernameSecret: `${VAULT}u`, passwordSecret: `${VAULT}p` };

function ref(text: string): ImageReference {
  const parsed = parseReference(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.reference;
}

const errors = (ruleSet: RuleSet) => validateRuleSet(ruleSet).filter((p) => p.severity === 'error');

describe('proposing the missing rules', () => {
  test('one wildcard per upstream namespace, Docker Hub official images under library/, the existing set attached', () => {
    const ruleSet: RuleSet = { registry: REGISTRY, rules: [], credentialSets: [hubSet] };
    const images = ['nginx:1.27', 'redis:7', 'bitnami/redis:7.2', 'ghcr.io/fluxcd/flux:2', 'ghcr.io/fluxcd/helm-controller:1', 'quay.io/jetstack/cert-manager-controller:v1.15.0'].map(ref);
    const proposal = proposeRules(ruleSet, images, REGISTRY);
    expect(proposal.rules.map((p) => [p.rule.source, p.rule.target, p.rule.credentialSet])).toEqual([
      ['docker.io/bitnami/*', 'docker-hub/bitnami/*', 'dockerhub'],
      ['docker.io/library/*', 'docker-hub/library/*', 'dockerhub'],
      ['ghcr.io/fluxcd/*', 'ghcr/fluxcd/*', undefined],
      ['quay.io/jetstack/*', 'quay/jetstack/*', undefined],
    ]);
    expect(proposal.rules[1]!.covers).toEqual(['docker.io/library/nginx', 'docker.io/library/redis']);
    expect(proposal.needsCredentialSet).toEqual([]);
    const after: RuleSet = { ...ruleSet, rules: proposal.rules.map((p) => p.rule) };
    expect(errors(after)).toEqual([]);
    const resolver = createResolver(after);
    for (const image of images) expect(resolver.throughCache(image, REGISTRY)).not.toBeNull();
  });

  test('the registry convention is followed: an existing ghcr/contoso/* gives ghcr/<namespace>/*', () => {
    const ruleSet: RuleSet = { registry: REGISTRY, rules: [{ name: 'ghcr-contoso', source: 'ghcr.io/contoso/*', target: 'mirror/gh/contoso/*' }], credentialSets: [] };
    const proposal = proposeRules(ruleSet, [ref('ghcr.io/fluxcd/flux:2')], REGISTRY);
    expect(proposal.rules.map((p) => p.rule.target)).toEqual(['mirror/gh/fluxcd/*']);
  });

  test('where a wildcard would overlap an existing one, static rules instead', () => {
    // `ghcr/*` already maps to another upstream namespace, so `ghcr/fluxcd/*` would overlap it.
    const ruleSet: RuleSet = { registry: REGISTRY, rules: [{ name: 'ghcr-all', source: 'ghcr.io/contoso/*', target: 'ghcr/*' }], credentialSets: [] };
    const proposal = proposeRules(ruleSet, [ref('ghcr.io/fluxcd/flux:2')], REGISTRY);
    expect(proposal.rules).toHaveLength(1);
    const after: RuleSet = { ...ruleSet, rules: [...ruleSet.rules, ...proposal.rules.map((p) => p.rule)] };
    expect(errors(after)).toEqual([]);
    expect(createResolver(after).throughCache(ref('ghcr.io/fluxcd/flux:2'), REGISTRY)).not.toBeNull();
    expect(proposal.rules[0]!.reason).toMatch(/wildcard|static/);
  });

  test('Docker Hub without a credential set: proposed, and the missing set named', () => {
    const proposal = proposeRules({ registry: REGISTRY, rules: [], credentialSets: [] }, [ref('nginx')], REGISTRY);
    expect(proposal.rules.map((p) => p.rule.source)).toEqual(['docker.io/library/*']);
    expect(proposal.rules[0]!.rule.credentialSet).toBeUndefined();
    expect(proposal.needsCredentialSet).toEqual(['docker.io']);
  });

  test('an MCR rule never gets a credential set (MCR allows none)', () => {
    const proposal = proposeRules({ registry: REGISTRY, rules: [], credentialSets: [] }, [ref('mcr.microsoft.com/dotnet/runtime:8.0')], REGISTRY);
    expect(proposal.rules[0]!.rule).toEqual({ name: 'mcr-dotnet', source: 'mcr.microsoft.com/dotnet/*', target: 'mcr/dotnet/*' });
  });

  test('an image already covered is not proposed again', () => {
    const ruleSet: RuleSet = { registry: REGISTRY, rules: [{ name: 'hub-all', source: 'docker.io/*', target: 'hub/*', credentialSet: 'dockerhub' }], credentialSets: [hubSet] };
    expect(proposeRules(ruleSet, [ref('nginx'), ref('bitnami/redis')], REGISTRY).rules).toEqual([]);
  });

  test('property: existing rules plus the proposal lint with no new error and cover every input image', () => {
    const imageArb = fc
      .record({
        host: fc.constantFrom('docker.io', 'ghcr.io', 'quay.io', 'mcr.microsoft.com', 'registry.k8s.io'),
        path: fc.array(fc.constantFrom('a', 'b', 'lib', 'library', 'x-y', 'app'), { minLength: 1, maxLength: 3 }).map((s) => s.join('/')),
      })
      .map(({ host, path }) => ref(`${host}/${path}:1`));
    fc.assert(
      fc.property(validRuleSetArb, fc.array(imageArb, { minLength: 1, maxLength: 12 }), (existing, images) => {
        const ruleSet: RuleSet = { ...existing, registry: REGISTRY, credentialSets: [...existing.credentialSets.filter((c) => c.loginServer !== 'docker.io'), { ...hubSet, name: 'hub-proposal' }] };
        const before = errors(ruleSet).length;
        const proposal = proposeRules(ruleSet, images, REGISTRY);
        const after: RuleSet = { ...ruleSet, rules: [...ruleSet.rules, ...proposal.rules.map((p) => p.rule)] };
        expect(errors(after).length).toBeLessThanOrEqual(before);
        const resolver = createResolver(after);
        const unproposable = new Set(proposal.unproposable.map((u) => u.image));
        for (const image of images) {
          if (unproposable.has(`${image.domain}/${image.path}`)) continue;
          expect(resolver.throughCache(image, REGISTRY)).not.toBeNull();
        }
      }),
      { numRuns: 150 },
    );
  });
});
