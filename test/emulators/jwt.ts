// Unsigned JWTs, as the emulators issue them. msal-node only base64-decodes an id_token's payload
// (it checks neither signature nor claims), so this is enough for the real library; the app must
// never treat these claims as verified either.
import { randomBytes } from 'node:crypto';

export function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

export function unsignedJwt(claims: Record<string, unknown>): string {
  return `${base64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', kid: 'emulator' }))}.${base64url(JSON.stringify(claims))}.${base64url(randomBytes(16))}`;
}

export function decodeJwtPayload(token: string): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** An ARM access token for tests that bypass sign-in (a TokenCredential returning this). */
export function fakeArmToken(claims: { tid: string; oid?: string; aud?: string; upn?: string }): string {
  const now = Math.floor(Date.now() / 1000);
  return unsignedJwt({
    aud: claims.aud ?? 'https://management.azure.com',
    iss: `https://sts.windows.net/${claims.tid}/`,
    iat: now,
    nbf: now,
    exp: now + 3600,
    tid: claims.tid,
    oid: claims.oid ?? '00000000-0000-0000-0000-0000000000aa',
    upn: claims.upn ?? 'test@example.invalid',
    scp: 'user_impersonation',
    jti: randomBytes(8).toString('hex'),
  });
}
