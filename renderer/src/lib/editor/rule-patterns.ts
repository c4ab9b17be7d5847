// One-click starting points for the rules people write most, so nobody has to remember that
// Docker Hub's official images live under `library/` or that a mirror is `x/*` → `host/*`.
// Each helper only fills the form; the validator then judges the result like anything typed.
import { DOCKER_HUB } from '../../../../core/index.ts';
import type { SourceParts } from './source-parts.ts';

export interface RuleFields {
  name: string;
  source: SourceParts;
  target: string;
}

export interface RulePattern {
  readonly id: string;
  /** Button text. */
  readonly label: string;
  /** What the button will write, e.g. `quay/* → quay.io/*`. */
  readonly preview: string;
  apply(fields: RuleFields): RuleFields;
}

/** Target prefixes people commonly give each upstream's mirror. */
const MIRROR_PREFIX: Readonly<Record<string, string>> = {
  'docker.io': 'docker',
  'mcr.microsoft.com': 'mcr',
  'public.ecr.aws': 'ecr-public',
  'ghcr.io': 'ghcr',
  'quay.io': 'quay',
  'registry.k8s.io': 'k8s',
  'gcr.io': 'gcr',
};

function mirrorPrefixOf(host: string): string {
  return MIRROR_PREFIX[host] ?? (host.split('.')[0] || 'mirror');
}

/** A rule name from a target: `library/python/*` → `library-python`, padded to ARM's 5 characters. */
export function suggestRuleName(target: string): string {
  let name = target
    .replace(/\/?\*$/, '')
    .replace(/[^a-zA-Z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 50)
    .replace(/-+$/, '');
  if (target.endsWith('*')) name = name === '' ? 'all-repos' : name.length < 46 ? `${name}-all` : name;
  if (name.length < 5) name = `${name}-cache`.replace(/^-/, '');
  return name.slice(0, 50);
}

/** The helpers that make sense for what the form holds now. */
export function patternsFor(fields: RuleFields): RulePattern[] {
  const { source } = fields;
  const host = source.upstream === 'other' || source.host !== '' ? source.host : source.upstream;
  const out: RulePattern[] = [];
  if (host !== '') {
    const prefix = mirrorPrefixOf(host);
    out.push({
      id: 'mirror-upstream',
      label: `Cache all of ${host}`,
      preview: `${prefix}/* → ${host}/*`,
      apply: (f) => ({ ...f, source: { ...f.source, path: '*' }, target: `${prefix}/*`, name: f.name || suggestRuleName(`${prefix}/*`) }),
    });
  }
  if (source.upstream === DOCKER_HUB) {
    out.push({
      id: 'docker-official',
      label: 'Docker Hub official images',
      preview: `library/* → docker.io/library/*`,
      apply: (f) => ({ ...f, source: { ...f.source, path: 'library/*' }, target: 'library/*', name: f.name || 'docker-official' }),
    });
  }
  const path = source.path.trim();
  if (path !== '' && path !== fields.target) {
    out.push({
      id: 'same-path',
      label: 'Target = source path',
      preview: `${path} → ${host}/${path}`,
      apply: (f) => ({ ...f, target: f.source.path.trim(), name: f.name || suggestRuleName(f.source.path.trim()) }),
    });
  }
  if (fields.name.trim() === '' && fields.target.trim() !== '') {
    const suggestion = suggestRuleName(fields.target.trim());
    out.push({ id: 'name-from-target', label: 'Name from target', preview: suggestion, apply: (f) => ({ ...f, name: suggestion }) });
  }
  return out;
}
