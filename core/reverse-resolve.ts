// Resolution in reverse: given what a pull fetches from an upstream (`docker.io/library/nginx`),
// which repositories inside the registry would fetch it through the cache. The pull tester shows
// it for a pull that bypasses the cache; rewriting manifests to pull through the cache uses it
// too. Sources are indexed like targets are for forward resolution: a Map hit for static sources,
// one Map probe per path segment for wildcard sources.

import type { CacheRule } from './model.ts';
import { DOCKER_HUB, normalizeDockerHubPath } from './reference.ts';
import { parseSourceRepository, parseTargetRepository } from './repository.ts';

/** A repository inside the registry whose pull fetches a given upstream repository. */
export interface ReverseCandidate {
  readonly rule: CacheRule;
  /** The repository path inside the registry. */
  readonly repository: string;
}

/** The reference that goes through the cache instead of straight to the upstream. */
export interface CachedEquivalent {
  /** `contoso.azurecr.io/<target>…:tag`, or the repository path alone when no registry is known. */
  readonly reference: string;
  readonly repository: string;
  readonly rule: CacheRule;
  readonly matchedBy: 'static' | 'wildcard';
}

interface SourceEntry {
  readonly rule: CacheRule;
  /** Static: the target path. Wildcard: the target prefix (`''` for `*`). */
  readonly target: string;
}

export class ReverseIndex {
  /** `host/path` of a static source → its rules, in rule-set order. */
  readonly #statics = new Map<string, SourceEntry[]>();
  /** `host/prefix` of a wildcard source (`host/` for `host/*`) → its rules. */
  readonly #wildcards = new Map<string, SourceEntry[]>();
  readonly #hosts = new Set<string>();

  constructor(rules: readonly CacheRule[]) {
    for (const rule of rules) {
      if (typeof rule !== 'object' || rule === null || typeof rule.source !== 'string' || typeof rule.target !== 'string') continue;
      const source = parseSourceRepository(rule.source);
      const target = parseTargetRepository(rule.target);
      if (!source.ok || !target.ok || source.value.pattern.kind !== target.value.kind) continue;
      const host = source.value.loginServer.toLowerCase();
      this.#hosts.add(host);
      const pattern = source.value.pattern;
      if (pattern.kind === 'static' && target.value.kind === 'static') {
        const path = host === DOCKER_HUB ? normalizeDockerHubPath(pattern.path) : pattern.path;
        push(this.#statics, `${host}/${path}`, { rule, target: target.value.path });
      } else if (pattern.kind === 'wildcard' && target.value.kind === 'wildcard') {
        push(this.#wildcards, `${host}/${pattern.prefix}`, { rule, target: target.value.prefix });
      }
    }
  }

  /** Whether any rule's source names this upstream host. */
  servesHost(host: string): boolean {
    return this.#hosts.has(host.toLowerCase());
  }

  /**
   * The registry repositories whose pulls fetch upstream repository `path` on `host` (Docker Hub
   * paths normalised, `library/nginx`), best first: static sources, then wildcards from the
   * deepest source prefix. The caller checks each against forward resolution.
   */
  candidates(host: string, path: string): ReverseCandidate[] {
    const key = host.toLowerCase();
    const out: ReverseCandidate[] = [];
    for (const entry of this.#statics.get(`${key}/${path}`) ?? []) out.push({ rule: entry.rule, repository: entry.target });
    let cut = path.length;
    while (cut > 0) {
      cut = path.lastIndexOf('/', cut - 1);
      const prefix = cut < 0 ? '' : path.slice(0, cut);
      const tail = cut < 0 ? path : path.slice(cut + 1);
      for (const entry of this.#wildcards.get(`${key}/${prefix}`) ?? []) {
        out.push({ rule: entry.rule, repository: entry.target === '' ? tail : `${entry.target}/${tail}` });
      }
      if (cut < 0) break;
    }
    return out;
  }
}

function push(map: Map<string, SourceEntry[]>, key: string, entry: SourceEntry): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [entry]);
  else list.push(entry);
}
