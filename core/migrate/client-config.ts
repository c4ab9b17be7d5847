// Local client configuration for pulling through the cache without rewriting every reference:
// mirror entries that send a runtime's pulls of an upstream to the registry's cached path.
// Each runtime can express a different part of a rule set, so each generator says what it could
// not express and why:
// - containerd (`/etc/containerd/certs.d/<upstream>/hosts.toml`, containerd docs/hosts.md): one
//   mirror per upstream host; with `override_path = true` the host URL's path replaces `/v2`,
//   so `https://contoso.azurecr.io/v2/docker-hub` maps `library/nginx` to `docker-hub/library/nginx`.
//   A hosts.toml mirrors a whole upstream, so only a rule whose source is `<host>/*` fits.
// - podman / CRI-O / buildah (`registries.conf` v2, containers-registries.conf(5)): `[[registry]]`
//   entries match by prefix (longest wins) and a mirror location may carry a namespace path, so
//   every rule, static or wildcard, becomes one entry.
// - Docker Engine (`daemon.json` `registry-mirrors`): Docker Hub only, and the mirror URL may not
//   carry a path (moby registry/config.go refuses one), so only a Docker Hub rule whose target
//   keeps the upstream path unchanged (`*` → `docker.io/*`) fits.
// Every runtime falls back to the upstream when the mirror fails, so a pull no rule covers still
// works, slower: the reports say which pulls that is.

import type { CacheRule } from '../model.ts';
import { DOCKER_HUB } from '../reference.ts';
import { parseSourceRepository, parseTargetRepository, type RepositoryPattern } from '../repository.ts';

/** A cache rule read into its parts; rules that do not parse are left out of every config. */
interface MirrorRule {
  readonly rule: CacheRule;
  readonly host: string;
  readonly source: RepositoryPattern;
  readonly target: RepositoryPattern;
}

export interface GeneratedFile {
  /** Where the file goes on a node, e.g. `/etc/containerd/certs.d/docker.io/hosts.toml`. */
  readonly path: string;
  readonly content: string;
}

export interface ClientConfigNote {
  /** The upstream host the note is about, or `''` for the whole config. */
  readonly upstream: string;
  readonly message: string;
}

export interface ClientConfig {
  readonly runtime: 'containerd' | 'registries.conf' | 'docker';
  readonly files: readonly GeneratedFile[];
  /** What this runtime cannot route through the cache, and why. */
  readonly notCovered: readonly ClientConfigNote[];
  /** How the runtime must authenticate to the registry, in words. */
  readonly authentication: string;
}

function mirrorRules(rules: readonly CacheRule[]): MirrorRule[] {
  const out: MirrorRule[] = [];
  for (const rule of rules) {
    const source = parseSourceRepository(rule.source);
    const target = parseTargetRepository(rule.target);
    if (!source.ok || !target.ok || source.value.pattern.kind !== target.value.kind) continue;
    out.push({ rule, host: source.value.loginServer.toLowerCase(), source: source.value.pattern, target: target.value });
  }
  return out;
}

function groupByHost(rules: readonly MirrorRule[]): Map<string, MirrorRule[]> {
  const hosts = new Map<string, MirrorRule[]>();
  for (const rule of rules) {
    const list = hosts.get(rule.host);
    if (list === undefined) hosts.set(rule.host, [rule]);
    else list.push(rule);
  }
  return new Map([...hosts].sort(([a], [b]) => a.localeCompare(b)));
}

/** A rule whose source is a whole upstream (`<host>/*`): the only shape a host-wide mirror can use. */
function rootRule(rules: readonly MirrorRule[]): MirrorRule | undefined {
  return rules.find((r) => r.source.kind === 'wildcard' && r.source.prefix === '');
}

const tomlString = (value: string) => JSON.stringify(value);

/** The server containerd talks to for an upstream when no mirror answers. */
function containerdServer(host: string): string {
  return host === DOCKER_HUB ? 'https://registry-1.docker.io' : `https://${host}`;
}

function prefixOf(pattern: RepositoryPattern): string {
  return pattern.kind === 'static' ? pattern.path : pattern.prefix;
}

function others(rules: readonly MirrorRule[], except?: MirrorRule): string {
  return rules
    .filter((r) => r !== except)
    .map((r) => `'${r.rule.name}' (${r.rule.source})`)
    .join(', ');
}

const REGISTRY_AUTH =
  'Pulls from an Azure Container Registry need credentials unless anonymous pull is enabled on it ' +
  "(az acr update --anonymous-pull-enabled, Standard and Premium tiers). Use a repository-scoped token " +
  "(az acr token create --scope-map _repositories_pull) rather than an admin or personal login.";

/** containerd `hosts.toml` files, one per upstream that a whole-upstream rule covers. */
export function containerdHosts(registry: string, rules: readonly CacheRule[]): ClientConfig {
  const files: GeneratedFile[] = [];
  const notCovered: ClientConfigNote[] = [];
  for (const [host, hostRules] of groupByHost(mirrorRules(rules))) {
    const root = rootRule(hostRules);
    if (root === undefined) {
      notCovered.push({
        upstream: host,
        message:
          `containerd mirrors a whole registry, but the rules for ${host} cover only parts of it (${others(hostRules)}). ` +
          `Add a rule with source '${host}/*', or rewrite these references to pull through the cache (acr-cache rewrite).`,
      });
      continue;
    }
    const prefix = prefixOf(root.target);
    const mirror = `https://${registry}/v2${prefix === '' ? '' : `/${prefix}`}`;
    const rest = hostRules.filter((r) => r !== root);
    const lines = [
      `# ${host} through the cache of ${registry}: rule '${root.rule.name}' (${root.rule.target} → ${root.rule.source}).`,
      '# Pulls the mirror cannot serve fall back to the server below.',
      `server = ${tomlString(containerdServer(host))}`,
      '',
      `[host.${tomlString(mirror)}]`,
      '  capabilities = ["pull", "resolve"]',
      '  override_path = true',
      '',
    ];
    files.push({ path: `/etc/containerd/certs.d/${host}/hosts.toml`, content: lines.join('\n') });
    if (rest.length > 0) {
      notCovered.push({
        upstream: host,
        message: `containerd sends every ${host} pull to '${root.rule.name}'; the other rules for ${host} (${others(rest)}) are reached only by references that name ${registry}.`,
      });
    }
  }
  return {
    runtime: 'containerd',
    files,
    notCovered,
    authentication:
      `${REGISTRY_AUTH} containerd sends no credentials to a mirror by itself: give the token as a header in each hosts.toml ` +
      `([host."…".header] Authorization = "Basic <base64 of name:password>") and keep the file readable by root only. ` +
      `Point containerd at these files with config_path = "/etc/containerd/certs.d" in the CRI registry section.`,
  };
}

/** A containers-registries.conf(5) v2 file: one `[[registry]]` per rule, longest prefix wins. */
export function registriesConf(registry: string, rules: readonly CacheRule[]): ClientConfig {
  const notCovered: ClientConfigNote[] = [];
  const entries: { prefix: string; mirror: string; rule: CacheRule }[] = [];
  const seen = new Map<string, CacheRule>();
  for (const r of mirrorRules(rules)) {
    const sourcePrefix = prefixOf(r.source);
    const prefix = sourcePrefix === '' ? r.host : `${r.host}/${sourcePrefix}`;
    const targetPrefix = prefixOf(r.target);
    const mirror = targetPrefix === '' ? registry : `${registry}/${targetPrefix}`;
    const clash = seen.get(prefix);
    if (clash !== undefined) {
      notCovered.push({ upstream: r.host, message: `'${r.rule.name}' has the same source prefix as '${clash.name}' (${prefix}); registries.conf keeps the first.` });
      continue;
    }
    seen.set(prefix, r.rule);
    entries.push({ prefix, mirror, rule: r.rule });
  }
  entries.sort((a, b) => a.prefix.localeCompare(b.prefix));
  const lines = [
    `# Pull through the cache of ${registry}. Append to /etc/containers/registries.conf`,
    '# (or drop into /etc/containers/registries.conf.d/). Pulls a mirror cannot serve fall back',
    '# to the upstream location.',
    '',
  ];
  for (const entry of entries) {
    lines.push(
      `# rule '${entry.rule.name}': ${entry.rule.target} → ${entry.rule.source}`,
      '[[registry]]',
      `prefix = ${tomlString(entry.prefix)}`,
      `location = ${tomlString(entry.prefix)}`,
      '',
      '[[registry.mirror]]',
      `location = ${tomlString(entry.mirror)}`,
      '',
    );
  }
  const staticUnderWildcard = entries.some((e) => e.rule.target.endsWith('*') === false);
  if (staticUnderWildcard) {
    notCovered.push({
      upstream: '',
      message:
        'A static rule matches its prefix as a namespace too: a pull of a repository under it goes to the mirror, which ACR cannot serve, and then falls back to the upstream.',
    });
  }
  return {
    runtime: 'registries.conf',
    files: entries.length === 0 ? [] : [{ path: '/etc/containers/registries.conf.d/50-acr-cache.conf', content: lines.join('\n') }],
    notCovered,
    authentication: `${REGISTRY_AUTH} podman, CRI-O and buildah read mirror credentials from auth.json: run 'podman login ${registry}' (or write ${registry} into /etc/containers/auth.json for CRI-O).`,
  };
}

/** Docker Engine's `registry-mirrors`: Docker Hub only, and only through a path-preserving rule. */
export function dockerDaemon(registry: string, rules: readonly CacheRule[]): ClientConfig {
  const hub = mirrorRules(rules).filter((r) => r.host === DOCKER_HUB);
  const notCovered: ClientConfigNote[] = [];
  for (const [host, hostRules] of groupByHost(mirrorRules(rules))) {
    if (host !== DOCKER_HUB) {
      notCovered.push({ upstream: host, message: `Docker Engine mirrors only Docker Hub; pulls from ${host} (${others(hostRules)}) need references rewritten to ${registry}.` });
    }
  }
  // A mirror without a path means the registry path equals the Docker Hub path.
  const identity = hub.filter((r) => r.source.kind === 'wildcard' && r.target.kind === 'wildcard' && r.source.prefix === r.target.prefix);
  const root = identity.find((r) => r.source.kind === 'wildcard' && r.source.prefix === '');
  if (identity.length === 0) {
    if (hub.length > 0) {
      notCovered.push({
        upstream: DOCKER_HUB,
        message:
          `Docker's registry-mirrors cannot carry a path, so the mirror's repositories must have Docker Hub's own paths; ` +
          `the Docker Hub rules here move them (${others(hub)}). A rule with target '*' and source 'docker.io/*' (or 'library/*' → 'docker.io/library/*') fits.`,
      });
    }
    return { runtime: 'docker', files: [], notCovered, authentication: dockerAuth(registry) };
  }
  if (root === undefined) {
    notCovered.push({
      upstream: DOCKER_HUB,
      message: `Only ${identity.map((r) => `'${r.rule.target}'`).join(', ')} keep Docker Hub's paths; other Docker Hub pulls reach the mirror, fail there and fall back to Docker Hub.`,
    });
  }
  const content = `${JSON.stringify({ 'registry-mirrors': [`https://${registry}`] }, null, 2)}\n`;
  return { runtime: 'docker', files: [{ path: '/etc/docker/daemon.json', content }], notCovered, authentication: dockerAuth(registry) };
}

function dockerAuth(registry: string): string {
  return (
    `Docker Engine does not send credentials to a registry mirror, so the mirror works only with anonymous pull enabled on ${registry} ` +
    `(az acr update --anonymous-pull-enabled, Standard and Premium tiers); otherwise rewrite references to ${registry} and run 'docker login ${registry}'. ` +
    'Merge the key into an existing daemon.json and restart dockerd.'
  );
}

/** Every runtime's configuration for a rule set. */
export function clientConfigs(registry: string, rules: readonly CacheRule[]): ClientConfig[] {
  const server = registry.toLowerCase();
  return [containerdHosts(server, rules), registriesConf(server, rules), dockerDaemon(server, rules)];
}
