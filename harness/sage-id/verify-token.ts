import { errors, jwtVerify, type CryptoKey, type JWTPayload } from 'jose';
import { SIGNING_ALGORITHM } from './key-pair.ts';

export interface VerifiedToken {
  readonly clientId: string;
  readonly audience: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
  readonly claims: Record<string, unknown>;
}

export type TokenRejectionReason = 'missing' | 'malformed' | 'bad-signature' | 'expired' | 'wrong-audience' | 'wrong-issuer' | 'unknown-client';

export type TokenVerification =
  | { readonly ok: true; readonly token: VerifiedToken }
  | { readonly ok: false; readonly reason: TokenRejectionReason; readonly message: string };

export interface TokenVerifierOptions {
  readonly publicKey: CryptoKey;
  readonly issuer: string;
  readonly now: () => number;
  readonly isRegisteredClient: (clientId: string) => boolean;
}

const BEARER = /^Bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/;

const reject = (reason: TokenRejectionReason, message: string): TokenVerification => ({ ok: false, reason, message });

/**
 * Checks an `Authorization` header value the way Banking Service checks a Provider API call: `Bearer <jwt>`
 * [BRUNO], signed by this Sage ID, not expired, issued here, for the expected audience, to a registered client
 * [G-POST]. The checks run in that order and the first failure is the reason. Messages name what is wrong and
 * never repeat the header, the token or any claim value that could be a secret.
 */
export async function verifyAuthorizationHeader(
  header: string | undefined,
  audience: string,
  options: TokenVerifierOptions,
): Promise<TokenVerification> {
  if (header === undefined || header.trim() === '') return reject('missing', 'no Authorization header: send "Authorization: Bearer <access_token>"');
  const match = BEARER.exec(header.trim());
  if (match === null) {
    return reject('malformed', 'the Authorization header is not "Bearer <access_token>" with a JWT from POST /oauth/token');
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(match[1] as string, options.publicKey, {
      algorithms: [SIGNING_ALGORITHM],
      currentDate: new Date(options.now()),
      requiredClaims: ['exp'],
    }));
  } catch (error) {
    return classify(error);
  }
  if (payload.iss !== options.issuer) return reject('wrong-issuer', `the token was not issued by this Sage ID (${options.issuer})`);
  const audiences = typeof payload.aud === 'string' ? [payload.aud] : (payload.aud ?? []);
  if (!audiences.includes(audience)) return reject('wrong-audience', `the token is not for audience "${audience}": request it with audience=${audience}`);
  const clientId = payload['client_id'];
  if (typeof clientId !== 'string' || !options.isRegisteredClient(clientId)) {
    return reject('unknown-client', 'the token does not belong to a client registered with this Sage ID');
  }
  return {
    ok: true,
    token: { clientId, audience, expiresAt: (payload.exp as number) * 1000, claims: { ...payload } },
  };
}

function classify(error: unknown): TokenVerification {
  if (error instanceof errors.JWTExpired) return reject('expired', 'the token has expired: request a new one from POST /oauth/token');
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JOSEAlgNotAllowed) {
    return reject('bad-signature', 'the token signature does not verify against this Sage ID\'s key (signed elsewhere or altered)');
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return reject('malformed', `the token's ${error.claim} claim is invalid (${error.reason})`);
  }
  if (error instanceof errors.JOSEError) return reject('malformed', 'the bearer value is not a well-formed signed JWT');
  throw error;
}
