import { CompactSign, compactVerify, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { createSigningKeyPair } from './key-pair.ts';

describe('createSigningKeyPair', () => {
  it('publishes only the public RSA parameters, with a kid and RS256', async () => {
    const pair = await createSigningKeyPair();
    expect(Object.keys(pair.publicJwk).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
    expect(pair.publicJwk).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: pair.kid });
    expect(pair.publicJwk).not.toHaveProperty('d');
  });

  it('makes a new key every time, and the published key verifies what the private key signed', async () => {
    const [one, two] = await Promise.all([createSigningKeyPair(), createSigningKeyPair()]);
    expect(one.kid).not.toBe(two.kid);
    const jws = await new CompactSign(new TextEncoder().encode('hello')).setProtectedHeader({ alg: 'RS256' }).sign(one.privateKey);
    await expect(compactVerify(jws, await importJWK(one.publicJwk, 'RS256'))).resolves.toBeDefined();
    await expect(compactVerify(jws, await importJWK(two.publicJwk, 'RS256'))).rejects.toThrow(/signature verification failed/);
  });
});
