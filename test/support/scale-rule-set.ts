// A registry-shaped rule set at ACR's limit of 1,000 rules, for the map's benchmark and its e2e
// checks: statics in 40 team namespaces, Docker Hub images, wildcard mirrors of upstream
// organisations with statics pinned under them (allowed), and 60 refused conflicts — one broad
// wildcard (`ghcr/*`, "ghcr-everything") over 40 organisation wildcards, and 20 duplicate
// targets in the team namespaces. About 1,300 map nodes.
import type { CacheRule, RuleSet } from '../../core/model.ts';

export function scaleRuleSet(count = 1000): RuleSet {
  const rules: CacheRule[] = [];
  for (let i = 0; i < count; i++) {
    const kind = i % 10;
    if (i === 1) rules.push({ name: 'ghcr-everything', source: 'ghcr.io/*', target: 'ghcr/*' });
    else if (i % 25 === 3) rules.push({ name: `rule-${i}`, source: `ghcr.io/org-${i}/*`, target: `ghcr/org-${i}/*` });
    else if (i % 50 === 0) rules.push({ name: `rule-${i}`, source: `mcr.microsoft.com/dup/app-${i}`, target: `team${(i + 1) % 40}/app-${i + 1}` });
    else if (kind <= 5) rules.push({ name: `rule-${i}`, source: `mcr.microsoft.com/team${i % 40}/app-${i}`, target: `team${i % 40}/app-${i}` });
    else if (kind === 6) rules.push({ name: `rule-${i}`, source: `docker.io/library/img-${i}`, target: `hub/img-${i}`, credentialSet: 'dockerhub' });
    else if (kind <= 8) rules.push({ name: `rule-${i}`, source: `ghcr.io/org-${i}/*`, target: `mirror-${i}/*` });
    else rules.push({ name: `rule-${i}`, source: `quay.io/pinned/x-${i}`, target: `mirror-${i - 2}/pinned` });
  }
  return {
    registry: 'contoso.azurecr.io',
    rules,
    credentialSets: [
      { name: 'dockerhub', loginServer: 'docker.io', usernameSecret: 'https://contosokv.vault.azure.net/secrets/u', passwordSecret: 'https://contosokv.vault.azure.net/secrets/p' },
    ],
  };
}
