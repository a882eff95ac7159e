import { randomBytes } from 'node:crypto';
import { SignJWT, errors, jwtVerify } from 'jose';
import type { Clock } from '../state/index.ts';

export interface ConsumerTokenClaims {
  readonly organisationId: string;
  readonly companyId: string;
  readonly applicationId: string;
}

export type ConsumerTokenCheck = { readonly ok: true; readonly claims: ConsumerTokenClaims } | { readonly ok: false; readonly code: string; readonly message: string };

const AUDIENCE = 'banking-service-consumer-api';
/** One hour [KC-19]; the product asks for a new one with GET /accesstoken. */
export const CONSUMER_TOKEN_LIFETIME_SECONDS = 3600;

/**
 * The product JWT GET /accesstoken answers [BRUNO] [CA-AUTHSVC]: HS256 with a key that lives only for the run,
 * scoped to one organisation and company [KC-19]. Every token issued is reported so the run can redact it.
 */
export class ConsumerJwt {
  private readonly key = randomBytes(32);

  constructor(
    private readonly clock: Clock,
    private readonly issuer: () => string,
    private readonly onIssued: (token: string) => void = () => {},
  ) {}

  async issue(claims: ConsumerTokenClaims): Promise<string> {
    const now = Math.floor(this.clock.now() / 1000);
    const token = await new SignJWT({ org: claims.organisationId, company: claims.companyId, app: claims.applicationId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(this.issuer())
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + CONSUMER_TOKEN_LIFETIME_SECONDS)
      .sign(this.key);
    this.onIssued(token);
    return token;
  }

  async verify(authorization: string | undefined): Promise<ConsumerTokenCheck> {
    const match = /^Bearer +(\S+)$/.exec(authorization?.trim() ?? '');
    if (!match) return { ok: false, code: 'jwt-missing', message: 'no "Authorization: Bearer <jwt>": get one from GET /accesstoken' };
    try {
      const { payload } = await jwtVerify(match[1] as string, this.key, { audience: AUDIENCE, issuer: this.issuer(), currentDate: new Date(this.clock.now()), algorithms: ['HS256'] });
      const { org, company, app } = payload as Record<string, unknown>;
      if (typeof org !== 'string' || typeof company !== 'string' || typeof app !== 'string') return { ok: false, code: 'jwt-invalid', message: 'the jwt lacks its organisation, company or application' };
      return { ok: true, claims: { organisationId: org, companyId: company, applicationId: app } };
    } catch (error) {
      if (error instanceof errors.JWTExpired) return { ok: false, code: 'jwt-expired', message: 'the jwt has expired: get a new one from GET /accesstoken' };
      return { ok: false, code: 'jwt-invalid', message: 'the jwt was not issued by this Banking Service' };
    }
  }
}
