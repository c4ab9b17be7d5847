import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseWwwAuthenticate } from './www-authenticate.ts';

describe('WWW-Authenticate', () => {
  test('reads the Docker Hub bearer challenge', () => {
    expect(parseWwwAuthenticate('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"')).toEqual([
      { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/nginx:pull' } },
    ]);
  });
  test('reads unquoted parameters (gcr.io) and a missing service (Artifact Registry)', () => {
    expect(parseWwwAuthenticate('Bearer realm="https://gcr.io/v2/token",service=gcr.io')[0]!.params).toEqual({ realm: 'https://gcr.io/v2/token', service: 'gcr.io' });
    expect(parseWwwAuthenticate('Bearer realm="https://us-docker.pkg.dev/v2/token"')[0]!.params).toEqual({ realm: 'https://us-docker.pkg.dev/v2/token' });
  });
  test('splits two challenges on one line (Quay) and keeps commas inside quotes', () => {
    const challenges = parseWwwAuthenticate('Basic realm="quay.io", Bearer realm="https://quay.io/v2/auth",service="quay.io",scope="repository:a/b:pull,push"');
    expect(challenges.map((c) => c.scheme)).toEqual(['basic', 'bearer']);
    expect(challenges[1]!.params['scope']).toBe('repository:a/b:pull,push');
  });
  test('schemes and parameter names are case-insensitive; spaces around = are allowed', () => {
    expect(parseWwwAuthenticate('bearer Realm = "https://r/token" , Service = "svc"')).toEqual([{ scheme: 'bearer', params: { realm: 'https://r/token', service: 'svc' } }]);
  });
  test('never throws on any input', () => {
    fc.assert(fc.property(fc.string(), (text) => Array.isArray(parseWwwAuthenticate(text))), { numRuns: 2000 });
  });
});
