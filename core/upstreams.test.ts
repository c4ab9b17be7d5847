import { expect, test } from 'vitest';
import { CATALOG_CHECKED, isAcrLoginServer, upstreamByAlias, upstreamByLoginServer, UPSTREAMS } from './upstreams.ts';

test('the catalog holds the documented upstreams with their credential rules', () => {
  const table = Object.fromEntries(UPSTREAMS.map((u) => [u.loginServer, [u.credentials, u.configurableIn.join('+')]]));
  expect(table).toMatchObject({
    'docker.io': ['required', 'portal+cli'],
    'mcr.microsoft.com': ['not-supported', 'portal+cli'],
    'public.ecr.aws': ['not-supported', 'portal+cli'],
    'ghcr.io': ['optional', 'portal+cli'],
    'quay.io': ['optional', 'portal+cli'],
    'registry.k8s.io': ['optional', 'cli'],
    'gcr.io': ['optional', 'cli'],
  });
});

test('Docker Hub carries the library/ note', () => {
  expect(upstreamByLoginServer('docker.io')?.notes.join(' ')).toMatch(/library\//);
});

test('lookup by login server is case-insensitive and knows Google Artifact Registry hosts', () => {
  expect(upstreamByLoginServer('GHCR.io')?.displayName).toBe('GitHub Container Registry');
  expect(upstreamByLoginServer('us-docker.pkg.dev')?.displayName).toBe('Google Artifact Registry');
  expect(upstreamByLoginServer('pkg.dev')).toBeUndefined();
  expect(upstreamByLoginServer('docker.example.com')).toBeUndefined();
});

test('the catalog has the 2026 upstreams, each with auth modes, a source and a checked date', () => {
  const auth = (host: string) => upstreamByLoginServer(host)?.auth.join('+');
  expect(auth('nvcr.io')).toBe('anonymous+credential-set');
  expect(auth('registry.redhat.io')).toBe('credential-set');
  expect(auth('registry.access.redhat.com')).toBe('anonymous');
  expect(auth('dhi.io')).toBe('credential-set');
  expect(auth('eu.gcr.io')).toBe('anonymous+credential-set');
  expect(auth('us.gcr.io')).toBe('anonymous+credential-set');
  expect(auth('upstream.azurecr.io')).toBe('managed-identity');
  expect(auth('upstream.azurecr.cn')).toBe('managed-identity');
  for (const upstream of UPSTREAMS) {
    expect(upstream.source.length, upstream.loginServer).toBeGreaterThan(10);
    expect(upstream.checked, upstream.loginServer).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  }
  expect(CATALOG_CHECKED).toMatch(/^\d{4}-\d{2}-\d{2}$/);
});

test('Docker Hub aliases are not login servers, but are recognised for a fix', () => {
  expect(upstreamByLoginServer('index.docker.io')).toBeUndefined();
  expect(upstreamByAlias('index.docker.io')?.loginServer).toBe('docker.io');
  expect(upstreamByAlias('registry-1.docker.io')?.loginServer).toBe('docker.io');
});

test('ACR login servers are recognised in every cloud', () => {
  expect(isAcrLoginServer('contoso.azurecr.io')).toBe(true);
  expect(isAcrLoginServer('contoso.azurecr.cn')).toBe(true);
  expect(isAcrLoginServer('docker.io')).toBe(false);
});
