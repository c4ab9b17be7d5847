import { describe, expect, it } from 'vitest';
import { distributionErrorOf, explainPullFailure } from './warm-errors.ts';

const hub = { image: 'library/nginx:1.27', rule: { name: 'hub', source: 'docker.io/library/*' }, credentialSet: null };

describe('explaining a failed warm-up pull', () => {
  it('reads the first distribution error of a body, and nothing from a body that is not one', () => {
    expect(distributionErrorOf('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}')).toEqual({ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' });
    expect(distributionErrorOf('<html>')).toEqual({ code: null, message: null });
  });

  it('names Docker Hub rate limits and suggests a credential set when the rule has none', () => {
    const text = explainPullFailure({ status: 429, code: 'TOOMANYREQUESTS', message: 'You have reached your pull rate limit.' }, hub);
    expect(text).toMatch(/pull rate limit/);
    expect(text).toMatch(/Give the rule a credential set/);
  });

  it('puts an unhealthy credential set first when the registry refuses', () => {
    const text = explainPullFailure({ status: 401, code: 'UNAUTHORIZED', message: null }, { ...hub, credentialSet: { name: 'hub-creds', status: 'Unhealthy', errorCode: 'Forbidden' } });
    expect(text).toMatch(/Credential set "hub-creds" is Unhealthy \(Forbidden\)/);
  });

  it('tells a missing tag from a missing role', () => {
    expect(explainPullFailure({ status: 404, code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }, hub)).toMatch(/library\/nginx:1\.27 was not found/);
    expect(explainPullFailure({ status: 401, code: 'UNAUTHORIZED', message: null }, hub)).toMatch(/AcrPull/);
    expect(explainPullFailure({ status: 404, code: 'NAME_UNKNOWN', message: null }, { ...hub, rule: null })).toMatch(/No cache rule covers/);
  });
});
