import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, test } from 'vitest';
import type { CacheRule } from '../model.ts';
import { readRuleSet } from '../rule-set-file.ts';
import { clientConfigs, containerdHosts, dockerDaemon, registriesConf } from './client-config.ts';

const GOLDEN = join(import.meta.dirname, '__golden__');

function fleet() {
  const read = readRuleSet(readFileSync(join(GOLDEN, 'fleet-rules.yaml'), 'utf8'));
  if (!read.ok) throw new Error('the golden rule set does not read');
  return read.ruleSet;
}

function golden(name: string, content: string): string {
  const path = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, content);
  return readFileSync(path, 'utf8');
}

const REGISTRY = 'contoso.azurecr.io';
const rule = (name: string, source: string, target: string): CacheRule => ({ name, source, target });

describe('containerd hosts.toml', () => {
  const config = containerdHosts(REGISTRY, fleet().rules);

  test('one file per upstream a whole-upstream rule covers, matching the golden files', () => {
    expect(config.files.map((f) => f.path)).toEqual(['/etc/containerd/certs.d/docker.io/hosts.toml', '/etc/containerd/certs.d/registry.k8s.io/hosts.toml']);
    for (const file of config.files) {
      const host = file.path.split('/')[4]!;
      expect(file.content).toBe(golden(`containerd-${host}.hosts.toml`, file.content));
    }
  });

  test('parsed back, the mirror carries the target prefix as its API root with override_path', () => {
    const docker = parseToml(config.files[0]!.content) as { server: string; host: Record<string, { capabilities: string[]; override_path: boolean }> };
    expect(docker.server).toBe('https://registry-1.docker.io');
    expect(Object.keys(docker.host)).toEqual(['https://contoso.azurecr.io/v2/docker-hub']);
    expect(docker.host['https://contoso.azurecr.io/v2/docker-hub']).toEqual({ capabilities: ['pull', 'resolve'], override_path: true });
    const k8s = parseToml(config.files[1]!.content) as { server: string; host: Record<string, unknown> };
    expect(k8s.server).toBe('https://registry.k8s.io');
    expect(Object.keys(k8s.host)).toEqual(['https://contoso.azurecr.io/v2/k8s']);
  });

  test('an upstream covered only in part is named with the reason, not mirrored', () => {
    const hosts = config.notCovered.map((n) => n.upstream);
    expect(hosts).toContain('ghcr.io');
    expect(hosts).toContain('mcr.microsoft.com');
    expect(config.notCovered.find((n) => n.upstream === 'ghcr.io')!.message).toMatch(/source 'ghcr.io\/\*'/);
  });

  test('a whole-registry target mirrors at /v2 itself', () => {
    const whole = containerdHosts(REGISTRY, [rule('hub', 'docker.io/*', '*')]);
    const parsed = parseToml(whole.files[0]!.content) as { host: Record<string, unknown> };
    expect(Object.keys(parsed.host)).toEqual(['https://contoso.azurecr.io/v2']);
  });

  test('authentication is stated', () => {
    expect(config.authentication).toMatch(/anonymous pull/);
    expect(config.authentication).toMatch(/header/);
  });
});

describe('registries.conf', () => {
  const config = registriesConf(REGISTRY, fleet().rules);

  test('matches the golden file', () => {
    expect(config.files).toHaveLength(1);
    expect(config.files[0]!.content).toBe(golden('registries.conf', config.files[0]!.content));
  });

  test('parsed back, every rule is a prefix with its mirror location, the namespace path kept', () => {
    const parsed = parseToml(config.files[0]!.content) as { registry: { prefix: string; location: string; mirror: { location: string }[] }[] };
    const byPrefix = Object.fromEntries(parsed.registry.map((r) => [r.prefix, r.mirror.map((m) => m.location)]));
    expect(byPrefix).toEqual({
      'docker.io': ['contoso.azurecr.io/docker-hub'],
      'ghcr.io/contoso': ['contoso.azurecr.io/ghcr/contoso'],
      'mcr.microsoft.com/dotnet/runtime': ['contoso.azurecr.io/dotnet/runtime'],
      'registry.k8s.io': ['contoso.azurecr.io/k8s'],
    });
    for (const entry of parsed.registry) expect(entry.location).toBe(entry.prefix);
  });

  test('names podman login for credentials', () => {
    expect(config.authentication).toContain(`podman login ${REGISTRY}`);
  });
});

describe('Docker registry-mirrors', () => {
  test('a rule that moves Docker Hub paths cannot be a Docker mirror: no file, the reason given', () => {
    const config = dockerDaemon(REGISTRY, fleet().rules);
    expect(config.files).toEqual([]);
    expect(config.notCovered.find((n) => n.upstream === 'docker.io')!.message).toMatch(/cannot carry a path/);
    expect(config.notCovered.map((n) => n.upstream)).toContain('ghcr.io');
  });

  test('a path-preserving whole-hub rule gives a daemon.json with the registry as mirror, parsed back', () => {
    const config = dockerDaemon(REGISTRY, [rule('hub', 'docker.io/*', '*')]);
    expect(config.files).toHaveLength(1);
    expect(config.files[0]!.content).toBe(golden('daemon.json', config.files[0]!.content));
    expect(JSON.parse(config.files[0]!.content)).toEqual({ 'registry-mirrors': ['https://contoso.azurecr.io'] });
    expect(config.notCovered).toEqual([]);
    expect(config.authentication).toMatch(/does not send credentials to a registry mirror/);
  });
});

test('clientConfigs gives all three runtimes and lowercases the login server', () => {
  const configs = clientConfigs('Contoso.AzureCR.io', fleet().rules);
  expect(configs.map((c) => c.runtime)).toEqual(['containerd', 'registries.conf', 'docker']);
  expect(configs[0]!.files[0]!.content).toContain('https://contoso.azurecr.io/v2/docker-hub');
});
