import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BANKING_SERVICE_CLIENT_ID } from '../../harness/banking-service/notifier/index.ts';
import { startBankingServiceSimulator, type BankingServiceSimulator } from '../../harness/banking-service/simulator.ts';
import { BankingServiceTokens } from './banking-service-tokens.ts';

/**
 * The wrong tokens of SEC-02 are wrong in exactly the way their probe claims, judged as a connector judges a
 * notification token under the kit contract (KC-02): RS256 with a key of the Sage ID JWKS, iss = the Sage ID URL,
 * aud = the provider's client id, not expired.
 */
describe('BankingServiceTokens', () => {
  let simulator: BankingServiceSimulator;
  let tokens: BankingServiceTokens;
  const verify = async (token: string): Promise<string> => {
    try {
      const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(simulator.credentials.jwksUrl)), {
        issuer: simulator.sageId.issuer,
        audience: simulator.credentials.clientId,
        algorithms: ['RS256'],
      });
      return `ok ${String(payload['client_id'])}`;
    } catch (error) {
      return error instanceof errors.JOSEError ? error.code : String(error);
    }
  };

  beforeAll(async () => {
    simulator = await startBankingServiceSimulator({ specs: 'none' });
    tokens = new BankingServiceTokens(simulator);
  });
  afterAll(() => simulator.close());

  it('mints what Banking Service sends: valid for the provider\'s client id, from client banking-service', async () => {
    expect(await verify(await tokens.valid())).toBe(`ok ${BANKING_SERVICE_CLIENT_ID}`);
  });

  it('mints a token that expired an hour ago, signed by Sage ID', async () => {
    const token = await tokens.expired();
    expect(await verify(token)).toBe('ERR_JWT_EXPIRED');
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp: number };
    expect(payload.exp * 1000).toBeLessThan(Date.now() - 30 * 60_000);
  });

  it('mints a token signed by a key outside the JWKS, and one for another audience', async () => {
    expect(await verify(await tokens.signedByAnotherKey())).toBe('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    expect(await verify(await tokens.forAnotherAudience())).toBe('ERR_JWT_CLAIM_VALIDATION_FAILED');
  });
});
