// The upstream registries ACR artifact cache can pull from: a fixed allowlist (arbitrary
// registries are not supported), each with its own credential rules. Sources: the upstream
// support table of Microsoft's artifact-cache overview (2025) — see shared/notes/acr-facts.md §2.1.

import { DOCKER_HUB, DOCKER_HUB_ALIASES } from './reference.ts';

/** Whether a cache rule for this upstream needs, may have, or must not have a credential set. */
export type CredentialSupport = 'required' | 'optional' | 'not-supported';

/** Where a rule for this upstream can be created. */
export type ConfigurableIn = 'portal' | 'cli';

export interface Upstream {
  /** The login server as written in a rule's source and a credential set, e.g. `docker.io`. */
  readonly loginServer: string;
  readonly displayName: string;
  readonly credentials: CredentialSupport;
  readonly configurableIn: readonly ConfigurableIn[];
  /** Other host names people write for the same registry; ACR wants `loginServer`. */
  readonly aliases: readonly string[];
  /**
   * For registries with many regional hosts (Google Artifact Registry, `<region>-docker.pkg.dev`):
   * the suffix every host ends with. `loginServer` then is only a display pattern.
   */
  readonly hostSuffix?: string;
  readonly notes: readonly string[];
}

export const UPSTREAMS: readonly Upstream[] = [
  {
    loginServer: DOCKER_HUB,
    displayName: 'Docker Hub',
    credentials: 'required',
    configurableIn: ['portal', 'cli'],
    aliases: DOCKER_HUB_ALIASES,
    notes: [
      'ACR pulls from Docker Hub only with a credential set (EnforceDockerAuthentication).',
      "Official images live under 'library/': the upstream of 'ubuntu' is 'docker.io/library/ubuntu'.",
      "Map the whole hub with 'docker.io/*'; 'docker.io/library/*' only serves official images.",
    ],
  },
  {
    loginServer: 'mcr.microsoft.com',
    displayName: 'Microsoft Artifact Registry',
    credentials: 'not-supported',
    configurableIn: ['portal', 'cli'],
    aliases: [],
    notes: ['Anonymous pulls only: a rule for MCR must not have a credential set.'],
  },
  {
    loginServer: 'public.ecr.aws',
    displayName: 'AWS ECR Public Gallery',
    credentials: 'not-supported',
    configurableIn: ['portal', 'cli'],
    aliases: [],
    notes: ['Anonymous pulls only: a rule for ECR Public must not have a credential set.'],
  },
  {
    loginServer: 'ghcr.io',
    displayName: 'GitHub Container Registry',
    credentials: 'optional',
    configurableIn: ['portal', 'cli'],
    aliases: [],
    notes: ['Public packages pull anonymously; private packages need a credential set (a token with read:packages).'],
  },
  {
    loginServer: 'quay.io',
    displayName: 'Quay',
    credentials: 'optional',
    configurableIn: ['portal', 'cli'],
    aliases: [],
    notes: ['Public repositories pull anonymously; private ones need a credential set.'],
  },
  {
    loginServer: 'registry.k8s.io',
    displayName: 'Kubernetes Container Image Registry',
    credentials: 'optional',
    configurableIn: ['cli'],
    aliases: [],
    notes: ['Can be configured with the Azure CLI only, not in the portal.'],
  },
  {
    loginServer: 'gcr.io',
    displayName: 'Google Container Registry (legacy)',
    credentials: 'optional',
    configurableIn: ['cli'],
    aliases: [],
    notes: ['Can be configured with the Azure CLI only, not in the portal.'],
  },
  {
    loginServer: '<region>-docker.pkg.dev',
    displayName: 'Google Artifact Registry',
    credentials: 'required',
    configurableIn: ['cli'],
    aliases: [],
    hostSuffix: '.pkg.dev',
    notes: [
      'Authenticated pulls only, Azure CLI only (added in the 2025 documentation).',
      "Use a service-account key as the password secret; the username secret is '_json_key' or '_json_key_base64'.",
    ],
  },
];

const BY_LOGIN_SERVER = new Map<string, Upstream>(
  UPSTREAMS.filter((u) => u.hostSuffix === undefined).map((u) => [u.loginServer, u]),
);
const BY_ALIAS = new Map<string, Upstream>(UPSTREAMS.flatMap((u) => u.aliases.map((a) => [a, u] as const)));
const BY_SUFFIX = UPSTREAMS.filter((u) => u.hostSuffix !== undefined);

/** The upstream a cache rule's source or a credential set names, compared case-insensitively. */
export function upstreamByLoginServer(loginServer: string): Upstream | undefined {
  const host = loginServer.toLowerCase();
  const exact = BY_LOGIN_SERVER.get(host);
  if (exact !== undefined) return exact;
  for (const upstream of BY_SUFFIX) {
    const suffix = upstream.hostSuffix ?? '';
    if (host.length > suffix.length && host.endsWith(suffix) && !host.slice(0, -suffix.length).includes('/')) return upstream;
  }
  return undefined;
}

/** The upstream whose alias `host` is (e.g. `index.docker.io`), for a "did you mean" fix. */
export function upstreamByAlias(host: string): Upstream | undefined {
  return BY_ALIAS.get(host.toLowerCase());
}

const ACR_LOGIN_SERVER = /^[a-z0-9]+(?:-[a-z0-9]+)?\.azurecr\.(?:io|cn|us|de)$/i;

/** Whether `host` is an Azure Container Registry login server (any cloud). */
export function isAcrLoginServer(host: string): boolean {
  return ACR_LOGIN_SERVER.test(host);
}
