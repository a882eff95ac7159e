import { calculateJwkThumbprint, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';

/** The only algorithm this Sage ID signs with and accepts: the reference's tokens are RS256 JWTs. */
export const SIGNING_ALGORITHM = 'RS256';

export interface SigningKeyPair {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  /** The public half as published in the JWKS: `kty`, `n`, `e`, `kid`, `alg`, `use`. */
  readonly publicJwk: Readonly<JWK>;
}

/**
 * A fresh RSA key pair per Sage ID start: a token from an earlier run (or another simulator) can never verify
 * against this one. The `kid` is the key's RFC 7638 thumbprint, so it is stable for the key and unique across keys.
 */
export async function createSigningKeyPair(): Promise<SigningKeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(SIGNING_ALGORITHM, { modulusLength: 2048 });
  const exported = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(exported);
  const publicJwk = Object.freeze({ kty: exported.kty, n: exported.n, e: exported.e, kid, alg: SIGNING_ALGORITHM, use: 'sig' });
  return { kid, privateKey, publicKey, publicJwk };
}
