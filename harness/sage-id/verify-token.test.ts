import { UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSigningKeyPair } from './key-pair.ts';
import { startSageId, type SageId, type TokenVerification } from './index.ts';
import { createTokenIssuer } from './token-issuer.ts';
import { verifyAuthorizationHeader } from './verify-token.ts';

/** A reason, and a message that does not give the token away. */
function expectRejected(verification: TokenVerification, reason: string, token?: string): void {
  expect(verification).toMatchObject({ ok: false, reason });
  if (!verification.ok && token !== undefined) expect(verification.message).not.toContain(token);
}

describe('verifyAuthorization', () => {
  let clock = Date.UTC(2025, 0, 1);
  let sageId: SageId;
  let other: SageId;
  let clientId: string;

  beforeAll(async () => {
    [sageId, other] = await Promise.all([startSageId({ tokenLifetimeSeconds: 60, now: () => clock }), startSageId()]);
    ({ clientId } = sageId.registerClient({ audience: 'provider-api' }));
  });
  afterAll(async () => {
    await Promise.all([sageId.close(), other.close()]);
  });

  it('accepts a token it issued, for its audience, and reports the client and expiry', async () => {
    const token = await sageId.issueToken({ clientId, audience: 'provider-api' });
    const verification = await sageId.verifyAuthorization(`Bearer ${token}`, 'provider-api');
    expect(verification).toEqual({
      ok: true,
      token: { clientId, audience: 'provider-api', expiresAt: clock + 60_000, claims: expect.objectContaining({ client_id: clientId, iss: sageId.issuer }) },
    });
  });

  it('reports a missing header', async () => {
    for (const header of [undefined, '', '   ']) expectRejected(await sageId.verifyAuthorization(header, 'provider-api'), 'missing');
  });

  it('reports a malformed header or token without echoing it', async () => {
    const token = await sageId.issueToken({ clientId, audience: 'provider-api' });
    for (const header of [token, `Basic ${token}`, 'Bearer not-a-jwt', 'Bearer abc.def.ghi', `Bearer ${token} extra`]) {
      expectRejected(await sageId.verifyAuthorization(header, 'provider-api'), 'malformed', token);
    }
  });

  it('reports a bad signature: signed by another key, altered, or unsigned', async () => {
    const foreign = await other.issueToken({ clientId, audience: 'provider-api' });
    expectRejected(await sageId.verifyAuthorization(`Bearer ${foreign}`, 'provider-api'), 'bad-signature', foreign);

    const genuine = await sageId.issueToken({ clientId, audience: 'provider-api' });
    const [header, , signature] = genuine.split('.');
    const forgedClaims = Buffer.from(JSON.stringify({ client_id: clientId, aud: 'provider-api', iss: sageId.issuer, exp: 9_999_999_999 })).toString('base64url');
    expectRejected(await sageId.verifyAuthorization(`Bearer ${header}.${forgedClaims}.${signature}`, 'provider-api'), 'bad-signature');

    const unsigned = new UnsecuredJWT({ client_id: clientId }).setIssuer(sageId.issuer).setAudience('provider-api').setExpirationTime('1h').encode();
    expectRejected(await sageId.verifyAuthorization(`Bearer ${unsigned}`, 'provider-api'), 'bad-signature');
  });

  it('reports expiry exactly at the end of the lifetime, moving the clock instead of sleeping', async () => {
    const issuedAt = clock;
    const token = await sageId.issueToken({ clientId, audience: 'provider-api' });
    try {
      clock = issuedAt + 59_000;
      expect((await sageId.verifyAuthorization(`Bearer ${token}`, 'provider-api')).ok).toBe(true);
      clock = issuedAt + 60_000;
      expectRejected(await sageId.verifyAuthorization(`Bearer ${token}`, 'provider-api'), 'expired', token);
    } finally {
      clock = issuedAt;
    }
  });

  it('honours a shorter lifetime given per token', async () => {
    const issuedAt = clock;
    const token = await sageId.issueToken({ clientId, audience: 'provider-api', lifetimeSeconds: 1 });
    try {
      clock = issuedAt + 1_000;
      expectRejected(await sageId.verifyAuthorization(`Bearer ${token}`, 'provider-api'), 'expired');
    } finally {
      clock = issuedAt;
    }
  });

  it('reports a token for another audience', async () => {
    const token = await sageId.issueToken({ clientId, audience: 'consumer-api' });
    const verification = await sageId.verifyAuthorization(`Bearer ${token}`, 'provider-api');
    expectRejected(verification, 'wrong-audience', token);
    expect(!verification.ok && verification.message).toBe('the token is not for audience "provider-api": request it with audience=provider-api');
  });

  it('reports a token for a client this Sage ID does not know', async () => {
    const token = await sageId.issueToken({ clientId: 'never-registered', audience: 'provider-api' });
    expectRejected(await sageId.verifyAuthorization(`Bearer ${token}`, 'provider-api'), 'unknown-client', token);
  });
});

describe('verifyAuthorizationHeader', () => {
  it('reports a token signed with the right key but another issuer', async () => {
    const key = await createSigningKeyPair();
    const now = () => Date.now();
    const elsewhere = createTokenIssuer({ key, issuer: 'http://127.0.0.1:1', now, onIssued: () => {} });
    const { token } = await elsewhere.issue({ clientId: 'c1', audience: 'provider-api', lifetimeSeconds: 60 });
    const verification = await verifyAuthorizationHeader(`Bearer ${token}`, 'provider-api', {
      publicKey: key.publicKey,
      issuer: 'http://127.0.0.1:2',
      now,
      isRegisteredClient: () => true,
    });
    expectRejected(verification, 'wrong-issuer', token);
  });
});
