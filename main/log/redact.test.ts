import { describe, expect, it } from 'vitest';
import { redactLogText, redactWhileInUse } from './redact.ts';

const JWT = 'eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJ0aWQiOiJ0ZW5hbnQiLCJvaWQiOiJ1c2VyIn0.';

describe('log redaction', () => {
  it.each([
    ['an Authorization header', 'authorization: Bearer abc.def.ghi', 'abc.def.ghi'],
    ['an Authorization header in an inspected object', "{ Authorization: 'Basic dXNlcjpwYXNz' }", 'dXNlcjpwYXNz'],
    ['a bearer value in a message', 'sent Bearer 0.AAAAxyz-refresh_like+/=', '0.AAAAxyz'],
    ['a JWT anywhere', `token was ${JWT} (expired)`, JWT],
    ['a refresh token in JSON', '{"refresh_token":"0.AVYA-secret-refresh","expires_in":3600}', '0.AVYA-secret-refresh'],
    ['an OAuth code and verifier in a form', 'grant_type=authorization_code&code=M.C101_secret&code_verifier=verif123', 'M.C101_secret'],
    ['a client secret', 'client_secret=s3cr3t-value&x=1', 's3cr3t-value'],
    ['a SAS signature', 'https://x.blob.core.windows.net/c?sv=2020&sig=abcDEF%2B123', 'abcDEF%2B123'],
    ['a Key Vault secret URI', 'usernameSecret https://contoso-kv.vault.azure.net/secrets/hub-user/0123456789abcdef0123456789abcdef', 'hub-user'],
    ['a sovereign-cloud secret URI', 'https://kv1.vault.azure.cn/secrets/pass', '/secrets/pass'],
  ])('removes %s', (_what, text, secret) => {
    const out = redactLogText(text);
    expect(out).not.toContain(secret);
    expect(out).toContain('[redacted]');
  });

  it('keeps what a bug report needs: paths, status, request ids, the vault', () => {
    const line = 'azure PUT /subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/r/cacheRules/x → 201 in 30 ms request-id=3f2a correlation-id=9e1b';
    expect(redactLogText(line)).toBe(line);
    expect(redactLogText('https://contoso-kv.vault.azure.net/secrets/hub-user')).toBe('https://contoso-kv.vault.azure.net/secrets/[redacted]');
  });
});

describe('redaction of values in use (credential setup)', () => {
  it('removes a held username and password, raw, JSON-escaped and URL-encoded, until released', () => {
    const password = 'dckr_pat_"Quoted"/x+y';
    const release = redactWhileInUse(['octo-user', password]);
    const line = `setSecret body {"value":${JSON.stringify(password)}} user=octo-user q=${encodeURIComponent(password)} raw ${password}`;
    const out = redactLogText(line);
    expect(out).not.toContain('octo-user');
    expect(out).not.toContain(password);
    expect(out).not.toContain(JSON.stringify(password).slice(1, -1));
    expect(out).not.toContain(encodeURIComponent(password));
    release();
    expect(redactLogText('user=octo-user')).toBe('user=octo-user');
  });

  it('keeps a value redacted while another holder still uses it', () => {
    const a = redactWhileInUse(['shared-secret-1']);
    const b = redactWhileInUse(['shared-secret-1']);
    a();
    expect(redactLogText('x shared-secret-1')).not.toContain('shared-secret-1');
    b();
    expect(redactLogText('x shared-secret-1')).toContain('shared-secret-1');
  });
});
