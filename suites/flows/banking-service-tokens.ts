import { randomUUID } from 'node:crypto';
import { SignJWT, decodeJwt, decodeProtectedHeader, generateKeyPair, type CryptoKey } from 'jose';
import { BANKING_SERVICE_CLIENT_ID } from '../../harness/banking-service/notifier/index.ts';
import type { BankingServiceSimulator } from '../../harness/banking-service/simulator.ts';

const LIFETIME_SECONDS = 600;
/** How long ago the expired token expired: far beyond any sensible clock tolerance. */
const EXPIRED_FOR_SECONDS = 3_600;

/** One foreign key per process: RSA key generation costs a few hundred milliseconds and the key proves nothing more when fresh. */
let foreignKey: Promise<CryptoKey> | undefined;
const foreignPrivateKey = (): Promise<CryptoKey> => (foreignKey ??= generateKeyPair('RS256', { modulusLength: 2048 }).then((pair) => pair.privateKey));

/**
 * The Sage ID tokens Banking Service puts on its calls to the connector (KC-02: iss = Sage ID, aud = the
 * provider's client id, client_id = banking-service), and the wrong ones the security flow needs: signed by a key
 * outside the JWKS, expired, for another audience.
 */
export class BankingServiceTokens {
  constructor(private readonly simulator: BankingServiceSimulator) {}

  /** What Banking Service itself would send. */
  valid(): Promise<string> {
    return this.simulator.sageId.issueToken({ clientId: BANKING_SERVICE_CLIENT_ID, audience: this.simulator.credentials.clientId, lifetimeSeconds: LIFETIME_SECONDS });
  }

  /** Right issuer and key id, valid claims, but signed by a key the JWKS does not hold. */
  async signedByAnotherKey(): Promise<string> {
    const genuine = await this.valid();
    const { kid } = decodeProtectedHeader(genuine);
    const claims = decodeJwt(genuine);
    const privateKey = await foreignPrivateKey();
    return new SignJWT({ client_id: BANKING_SERVICE_CLIENT_ID })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...(kid === undefined ? {} : { kid }) })
      .setIssuer(String(claims.iss))
      .setAudience(this.simulator.credentials.clientId)
      .setIssuedAt(Number(claims.iat))
      .setExpirationTime(Number(claims.exp))
      .setJti(randomUUID())
      .sign(privateKey);
  }

  /** Signed by the simulated Sage ID for another audience (another provider's client id). */
  forAnotherAudience(): Promise<string> {
    return this.simulator.sageId.issueToken({ clientId: BANKING_SERVICE_CLIENT_ID, audience: `provider-${randomUUID()}`, lifetimeSeconds: LIFETIME_SECONDS });
  }

  /** Signed by the simulated Sage ID, expired an hour ago: far beyond any sensible clock tolerance. */
  expired(): Promise<string> {
    return this.simulator.sageId.issueToken({
      clientId: BANKING_SERVICE_CLIENT_ID,
      audience: this.simulator.credentials.clientId,
      lifetimeSeconds: LIFETIME_SECONDS,
      issuedAtMs: Date.now() - (LIFETIME_SECONDS + EXPIRED_FOR_SECONDS) * 1000,
    });
  }
}
