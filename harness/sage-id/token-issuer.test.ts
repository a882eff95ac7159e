import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { createSigningKeyPair } from './key-pair.ts';
import { checkLifetimeSeconds, createTokenIssuer } from './token-issuer.ts';

describe('createTokenIssuer', () => {
  it('signs RS256 tokens with the kid and exactly the documented claims, and hands each to onIssued first', async () => {
    const key = await createSigningKeyPair();
    const seen: string[] = [];
    const now = Date.UTC(2025, 5, 1, 12, 0, 0, 700);
    const issuer = createTokenIssuer({ key, issuer: 'http://127.0.0.1:4000', now: () => now, onIssued: (token) => seen.push(token) });
    const issued = await issuer.issue({ clientId: 'c1', audience: 'provider-api', lifetimeSeconds: 90 });
    expect(seen).toEqual([issued.token]);
    expect(decodeProtectedHeader(issued.token)).toEqual({ alg: 'RS256', kid: key.kid, typ: 'JWT' });
    const claims = decodeJwt(issued.token);
    const iat = Math.floor(now / 1000);
    expect(claims).toEqual({ client_id: 'c1', iss: 'http://127.0.0.1:4000', aud: 'provider-api', iat, exp: iat + 90, jti: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(issued).toMatchObject({ expiresIn: 90, expiresAt: (iat + 90) * 1000 });
    const again = await issuer.issue({ clientId: 'c1', audience: 'provider-api', lifetimeSeconds: 90 });
    expect(decodeJwt(again.token).jti).not.toBe(claims.jti);
  });

  it('refuses a lifetime that is not a positive whole number of seconds', () => {
    expect(checkLifetimeSeconds(1, 'x')).toBe(1);
    for (const bad of [0, -5, 1.5, Number.NaN]) expect(() => checkLifetimeSeconds(bad, 'tokenLifetimeSeconds')).toThrow(/^tokenLifetimeSeconds must be a whole number of seconds/);
  });
});
