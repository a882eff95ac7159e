import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { SIGNING_ALGORITHM, type SigningKeyPair } from './key-pair.ts';

/** "A token generally lasts 480 minutes" [G-POST]. */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 480 * 60;

export interface IssuedToken {
  readonly token: string;
  readonly expiresIn: number;
  /** Epoch milliseconds, on the issuer's clock. */
  readonly expiresAt: number;
}

export interface TokenIssuer {
  /** `issuedAtMs` backdates the token (the kit's expired-token probes); by default it is issued now. */
  issue(input: { readonly clientId: string; readonly audience: string; readonly lifetimeSeconds: number; readonly issuedAtMs?: number }): Promise<IssuedToken>;
}

export interface TokenIssuerOptions {
  readonly key: SigningKeyPair;
  readonly issuer: string;
  readonly now: () => number;
  /** Called with every raw token before anyone else sees it, so the run can register it with its redactor. */
  readonly onIssued: (token: string) => void;
}

export function checkLifetimeSeconds(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of seconds, at least 1 (got ${value})`);
  return value;
}

/**
 * Signs the tokens: RS256 with the run's key and its `kid`, claims `iss`, `aud`, `exp`, `iat`, `client_id`, `jti`
 * (docs/sage-id-api.md). `client_id` ties a token to its provider [G-POST]; `aud` names the API it is for [BRUNO] [PLAY].
 */
export function createTokenIssuer(options: TokenIssuerOptions): TokenIssuer {
  return {
    async issue({ clientId, audience, lifetimeSeconds, issuedAtMs }) {
      checkLifetimeSeconds(lifetimeSeconds, 'token lifetime');
      const issuedAtSeconds = Math.floor((issuedAtMs ?? options.now()) / 1000);
      const expiresAtSeconds = issuedAtSeconds + lifetimeSeconds;
      const token = await new SignJWT({ client_id: clientId })
        .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: options.key.kid, typ: 'JWT' })
        .setIssuer(options.issuer)
        .setAudience(audience)
        .setIssuedAt(issuedAtSeconds)
        .setExpirationTime(expiresAtSeconds)
        .setJti(randomUUID())
        .sign(options.key.privateKey);
      options.onIssued(token);
      return { token, expiresIn: lifetimeSeconds, expiresAt: expiresAtSeconds * 1000 };
    },
  };
}
