// Propose the cache rules that would cover images nothing covers yet, without overlapping the
// rules there are. Per upstream namespace (`docker.io/bitnami`, `ghcr.io/fluxcd`) one wildcard,
// `<base>/<namespace>/*` ← `<host>/<namespace>/*`, where that adds no problem; where it would
// (an overlapping wildcard target, a taken name), one static rule per image instead; each
// candidate is kept only if the whole rule set still lints without a new error, and only if
// forward resolution of its target really reaches the image. `<base>` follows the registry's own
// convention when an existing rule for the host shows one (`ghcr/contoso/*` ← `ghcr.io/contoso/*`
// gives `ghcr`), else a short name for the host.

import { MAX_RULES_PER_REGISTRY, type CacheRule, type RuleSet } from '../model.ts';
import { DOCKER_HUB, type ImageReference } from '../reference.ts';
import { parseSourceRepository, parseTargetRepository } from '../repository.ts';
import { createResolver } from '../resolve.ts';
import { upstreamByLoginServer } from '../upstreams.ts';
import { validateRuleSet, type Problem } from '../validate.ts';

export interface ProposedRule {
  readonly rule: CacheRule;
  /** The images (normalised, `docker.io/library/nginx`) this rule makes pull through the cache. */
  readonly covers: readonly string[];
  /** Why this shape: a namespace wildcard, or statics where a wildcard would collide. */
  readonly reason: string;
}

export interface Proposal {
  readonly rules: readonly ProposedRule[];
  /** Upstreams that need a credential set the rule set does not have (`docker.io`). */
  readonly needsCredentialSet: readonly string[];
  /** Images no rule could be proposed for, with the reason. */
  readonly unproposable: readonly { readonly image: string; readonly reason: string }[];
}

/** Short target bases for the common upstreams; others use the host with dots as dashes. */
const BASES: Readonly<Record<string, string>> = {
  'docker.io': 'docker-hub',
  'ghcr.io': 'ghcr',
  'quay.io': 'quay',
  'mcr.microsoft.com': 'mcr',
  'registry.k8s.io': 'k8s',
  'public.ecr.aws': 'ecr-public',
  'gcr.io': 'gcr',
  'nvcr.io': 'nvcr',
};

function defaultBase(host: string): string {
  return BASES[host] ?? host.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/** The base an existing rule for `host` already uses, when its target is `<base>/<source path>`. */
function conventionBase(host: string, rules: readonly CacheRule[]): string | undefined {
  for (const rule of rules) {
    const source = parseSourceRepository(rule.source);
    const target = parseTargetRepository(rule.target);
    if (!source.ok || !target.ok || source.value.loginServer.toLowerCase() !== host) continue;
    const sourcePath = source.value.pattern.kind === 'static' ? source.value.pattern.path : source.value.pattern.prefix;
    const targetPath = target.value.kind === 'static' ? target.value.path : target.value.prefix;
    if (sourcePath !== '' && targetPath.endsWith(`/${sourcePath}`)) return targetPath.slice(0, -sourcePath.length - 1);
    if (sourcePath === targetPath) return '';
  }
  return undefined;
}

/** A rule name from parts: letters, digits and dashes, 5–50 characters, unique case-insensitively. */
function ruleName(parts: readonly string[], taken: Set<string>): string {
  let stem = parts.join('-').replace(/[^a-zA-Z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '').toLowerCase();
  if (stem.length < 5) stem = `${stem}-cache`.replace(/^-/, '');
  stem = stem.slice(0, 46).replace(/-$/, '');
  let name = stem;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${stem}-${n}`;
  taken.add(name.toLowerCase());
  return name;
}

/**
 * Errors, less the missing credential set of a proposed rule for an upstream that needs one: the
 * proposal names that set as missing rather than leaving such an upstream uncovered.
 */
const errorsOf = (problems: readonly Problem[], exempt: ReadonlySet<string> = new Set()) =>
  problems.filter((p) => p.severity === 'error' && !(p.code === 'credentials-required' && exempt.has(p.rule.toLowerCase()))).length;

function key(reference: ImageReference): string {
  return `${reference.domain ?? DOCKER_HUB}/${reference.path}`;
}

/** Rules that make `images` pull through the cache, added to `ruleSet` without a new lint error. */
export function proposeRules(ruleSet: RuleSet, images: readonly ImageReference[], registry: string): Proposal {
  const rules: CacheRule[] = [...ruleSet.rules];
  const taken = new Set(rules.map((r) => r.name.toLowerCase()));
  const credentialSets = ruleSet.credentialSets ?? [];
  const baseline = errorsOf(validateRuleSet({ ...ruleSet, rules }));
  const proposed: ProposedRule[] = [];
  const needsCredentialSet = new Set<string>();
  const unproposable: { image: string; reason: string }[] = [];

  const covered = (reference: ImageReference) => createResolver({ ...ruleSet, rules }).throughCache(reference, registry) !== null;

  // Group the distinct uncovered images by host and first path segment.
  const groups = new Map<string, { host: string; namespace: string; images: ImageReference[] }>();
  const seen = new Set<string>();
  for (const image of images) {
    const id = key(image);
    if (seen.has(id)) continue;
    seen.add(id);
    const host = (image.domain ?? DOCKER_HUB).toLowerCase();
    const slash = image.path.indexOf('/');
    const namespace = slash < 0 ? '' : image.path.slice(0, slash);
    const group = groups.get(`${host}/${namespace}`) ?? { host, namespace, images: [] };
    group.images.push(image);
    groups.set(`${host}/${namespace}`, group);
  }

  const exempt = new Set<string>();
  const tryAdd = (candidate: CacheRule, reason: string, covers: readonly ImageReference[], needsSet: boolean): boolean => {
    if (rules.length >= MAX_RULES_PER_REGISTRY) return false;
    rules.push(candidate);
    if (needsSet) exempt.add(candidate.name.toLowerCase());
    const clean = errorsOf(validateRuleSet({ ...ruleSet, rules }), exempt) <= baseline && covers.every(covered);
    if (!clean) {
      rules.pop();
      exempt.delete(candidate.name.toLowerCase());
      return false;
    }
    proposed.push({ rule: candidate, covers: covers.map(key), reason });
    return true;
  };

  for (const group of [...groups.values()].sort((a, b) => `${a.host}/${a.namespace}`.localeCompare(`${b.host}/${b.namespace}`))) {
    const todo = group.images.filter((image) => !covered(image));
    if (todo.length === 0) continue;
    const upstream = upstreamByLoginServer(group.host);
    const credentials = upstream?.credentials ?? 'optional';
    const set = credentials === 'not-supported' ? undefined : credentialSets.find((c) => c.loginServer.toLowerCase() === group.host)?.name;
    const needsSet = credentials === 'required' && set === undefined;
    const withSet = (rule: CacheRule): CacheRule => (set === undefined ? rule : { ...rule, credentialSet: set });
    const bases = [...new Set([conventionBase(group.host, ruleSet.rules), defaultBase(group.host), group.host.replace(/\./g, '-')].filter((b): b is string => b !== undefined))];
    const join = (...parts: string[]) => parts.filter((p) => p !== '').join('/');

    let done = false;
    if (group.namespace !== '') {
      for (const base of bases) {
        const candidate = withSet({
          name: ruleName([base || defaultBase(group.host), group.namespace], taken),
          source: `${group.host}/${group.namespace}/*`,
          target: `${join(base, group.namespace)}/*`,
        });
        if (tryAdd(candidate, `one wildcard for ${group.host}/${group.namespace}/*`, todo, needsSet)) {
          done = true;
          break;
        }
        taken.delete(candidate.name.toLowerCase());
      }
    }
    if (done) continue;
    for (const image of todo) {
      if (covered(image)) continue;
      let added = false;
      for (const base of bases) {
        const candidate = withSet({ name: ruleName([base || defaultBase(group.host), ...image.path.split('/').slice(-2)], taken), source: `${group.host}/${image.path}`, target: join(base, image.path) });
        const why = group.namespace === '' ? `a static rule: ${group.host}/${image.path} has no namespace to cover` : `a static rule: a wildcard for ${group.host}/${group.namespace}/* would collide with an existing rule`;
        if (tryAdd(candidate, why, [image], needsSet)) {
          added = true;
          break;
        }
        taken.delete(candidate.name.toLowerCase());
      }
      if (!added) {
        const reason =
          rules.length >= MAX_RULES_PER_REGISTRY
            ? `the registry would pass ACR's limit of ${MAX_RULES_PER_REGISTRY} cache rules`
            : 'every rule that would cover it collides with an existing rule or repository';
        unproposable.push({ image: key(image), reason });
      }
    }
  }
  for (const entry of proposed) if (exempt.has(entry.rule.name.toLowerCase())) needsCredentialSet.add(parseSourceRepository(entry.rule.source).ok ? entry.rule.source.split('/')[0]!.toLowerCase() : entry.rule.source);
  return { rules: proposed, needsCredentialSet: [...needsCredentialSet].sort(), unproposable };
}
