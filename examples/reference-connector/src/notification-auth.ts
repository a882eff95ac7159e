import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';

export type InboundAuthResult =
  | { readonly ok: true }
  /** 401: no or bad Sage ID token; 403: the provider header is missing or wrong; 503: the signing keys are unreachable. */
  | { readonly ok: false; readonly status: 401 | 403 | 503; readonly reason: string };

export interface NotificationAuthOptions {
  /** SAGE_ID_URL without a trailing slash: the JWKS lives under it and it is the expected `iss`. */
  readonly sageIdUrl: string;
  /** SAGE_ID_CLIENT_ID: the expected `aud`. */
  readonly clientId: string;
  /** Lower-case header name. */
  readonly headerName: string;
  readonly headerValue: string;
  readonly httpTimeoutMs: number;
  /** Tests may hand in a local key set; by default the JWKS is fetched (and cached) from Sage ID. */
  readonly keys?: JWTVerifyGetKey;
}

const CLOCK_TOLERANCE_SECONDS = 5;

function sameValue(given: string, expected: string): boolean {
  // Hash both sides so the comparison takes the same time whatever the lengths.
  const left = createHash('sha256').update(given).digest();
  const right = createHash('sha256').update(expected).digest();
  return timingSafeEqual(left, right) && given.length === expected.length;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? (value.length === 1 ? value[0] : undefined) : value;
}

/**
 * Authenticates Banking Service's calls into the connector: the provider-chosen header must carry the agreed value
 * and Authorization must hold a Sage ID JWT [SEC] [SETUP]. How Sage ID tokens are to be validated is undocumented
 * (reference §14 Q2); the kit's contract is RS256, a key from `${SAGE_ID_URL}/.well-known/jwks.json`,
 * iss = SAGE_ID_URL, aud = SAGE_ID_CLIENT_ID, not expired.
 */
export class NotificationAuthenticator {
  readonly #options: NotificationAuthOptions;
  readonly #keys: JWTVerifyGetKey;

  constructor(options: NotificationAuthOptions) {
    this.#options = options;
    this.#keys =
      options.keys ??
      createRemoteJWKSet(new URL(`${options.sageIdUrl}/.well-known/jwks.json`), { timeoutDuration: options.httpTimeoutMs, cooldownDuration: 5_000 });
  }

  /** Both checks, header first: every notification must pass them. */
  async check(headers: IncomingHttpHeaders): Promise<InboundAuthResult> {
    const header = single(headers[this.#options.headerName]);
    if (header === undefined) return { ok: false, status: 403, reason: `the ${this.#options.headerName} header is missing` };
    if (!sameValue(header, this.#options.headerValue)) return { ok: false, status: 403, reason: `the ${this.#options.headerName} header has the wrong value` };
    return this.#checkToken(single(headers.authorization));
  }

  /**
   * For /availableaccounts, whose authentication is undocumented (policy available-accounts-auth,
   * sent-not-required): whatever is present must be right, absence is accepted.
   */
  async checkIfPresent(headers: IncomingHttpHeaders): Promise<InboundAuthResult> {
    const header = headers[this.#options.headerName];
    if (header !== undefined) {
      const value = single(header);
      if (value === undefined || !sameValue(value, this.#options.headerValue)) return { ok: false, status: 403, reason: `the ${this.#options.headerName} header has the wrong value` };
    }
    if (headers.authorization === undefined) return { ok: true };
    return this.#checkToken(single(headers.authorization));
  }

  async #checkToken(authorization: string | undefined): Promise<InboundAuthResult> {
    if (authorization === undefined) return { ok: false, status: 401, reason: 'the Authorization header is missing' };
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (match?.[1] === undefined) return { ok: false, status: 401, reason: 'the Authorization header is not "Bearer <token>"' };
    try {
      await jwtVerify(match[1], this.#keys, {
        issuer: this.#options.sageIdUrl,
        audience: this.#options.clientId,
        algorithms: ['RS256'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp'],
      });
      return { ok: true };
    } catch (error) {
      if (isKeySetUnavailable(error)) {
        // Our side cannot verify right now: a 5xx invites Banking Service to retry rather than treat it as a refusal.
        return { ok: false, status: 503, reason: `the Sage ID signing keys could not be fetched (${(error as Error).message})` };
      }
      const code = error instanceof joseErrors.JOSEError ? error.code : 'ERR_UNKNOWN';
      return { ok: false, status: 401, reason: `the Sage ID token was refused (${code})` };
    }
  }
}

function isKeySetUnavailable(error: unknown): boolean {
  if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid) return true;
  if (error instanceof joseErrors.JOSEError) return error.code === 'ERR_JOSE_GENERIC' && /JSON Web Key Set/.test(error.message);
  return error instanceof Error; // fetch itself failed: refused connection, DNS, TLS
}
