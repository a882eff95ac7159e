import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type GenerateKeyPairResult } from 'jose';

type CryptoKeyPair = GenerateKeyPairResult;
import { startStandIn, type StandInReply, type StandInServer } from './http-stand-in.ts';

export interface SageIdStandIn extends StandInServer {
  /** Signs a token the way Banking Service's Sage ID token for the connector looks; overrides make it wrong. */
  issueToken(overrides?: { readonly issuer?: string; readonly audience?: string; readonly expiresInSeconds?: number; readonly untrustedKey?: boolean }): Promise<string>;
  /** Token requests answered so far. */
  readonly tokenRequests: () => number;
  /** The next token responses, consumed first (to inject 429/500). */
  readonly scripted: StandInReply[];
}

/** RSA key generation costs hundreds of milliseconds: one trusted and one untrusted pair per test process. */
let cachedKeyPairs: Promise<{ trusted: CryptoKeyPair; untrusted: CryptoKeyPair }> | undefined;
function keyPairs(): Promise<{ trusted: CryptoKeyPair; untrusted: CryptoKeyPair }> {
  cachedKeyPairs ??= Promise.all([generateKeyPair('RS256', { extractable: true }), generateKeyPair('RS256', { extractable: true })]).then(([trusted, untrusted]) => ({ trusted, untrusted }));
  return cachedKeyPairs;
}

/**
 * Sage ID as the kit's simulator provides it (design §5): client-credentials tokens (RS256 JWTs) at /oauth/token
 * and the signing key at /.well-known/jwks.json. `iss` is the stand-in's base URL.
 */
export async function startSageIdStandIn(options: {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly audience: string;
  readonly tokenLifetimeSeconds?: number;
}): Promise<SageIdStandIn> {
  const { trusted, untrusted } = await keyPairs();
  const jwk = { ...(await exportJWK(trusted.publicKey)), kid: 'stand-in-1', alg: 'RS256', use: 'sig' };
  const scripted: StandInReply[] = [];
  let tokens = 0;
  let issuer = '';
  const sign = (key: CryptoKey, claims: { aud: string; iss: string; expiresInSeconds: number; subject: string }): Promise<string> =>
    new SignJWT({ client_id: claims.subject })
      .setProtectedHeader({ alg: 'RS256', kid: 'stand-in-1' })
      .setIssuer(claims.iss)
      .setAudience(claims.aud)
      .setSubject(claims.subject)
      .setIssuedAt()
      .setJti(randomUUID())
      .setExpirationTime(Math.floor(Date.now() / 1000) + claims.expiresInSeconds)
      .sign(key);

  const server = await startStandIn(async (request) => {
    if (request.method === 'GET' && request.path === '/.well-known/jwks.json') return { status: 200, json: { keys: [jwk] } };
    if (request.method === 'POST' && request.path === '/oauth/token') {
      const next = scripted.shift();
      if (next !== undefined) return next;
      const form = request.body as Record<string, string>;
      if (form.grant_type !== 'client_credentials' || form.client_id !== options.clientId || form.client_secret !== options.clientSecret) {
        return { status: 401, json: { error: 'invalid_client' } };
      }
      tokens += 1;
      const lifetime = options.tokenLifetimeSeconds ?? 3600;
      const accessToken = await sign(trusted.privateKey, { aud: form.audience ?? '', iss: issuer, expiresInSeconds: lifetime, subject: options.clientId });
      return { status: 200, json: { access_token: accessToken, token_type: 'Bearer', expires_in: lifetime } };
    }
    return { status: 404, json: { error: 'not found' } };
  });
  issuer = server.url;
  return {
    ...server,
    scripted,
    tokenRequests: () => tokens,
    issueToken: (overrides = {}) =>
      sign(overrides.untrustedKey ? untrusted.privateKey : trusted.privateKey, {
        aud: overrides.audience ?? options.clientId,
        iss: overrides.issuer ?? issuer,
        expiresInSeconds: overrides.expiresInSeconds ?? 300,
        subject: 'banking-service',
      }),
  };
}
