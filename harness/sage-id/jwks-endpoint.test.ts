import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendRequest } from '../http/index.ts';
import { startSageId, type SageId } from './index.ts';

describe('GET /.well-known/jwks.json', () => {
  let sageId: SageId;
  beforeAll(async () => {
    sageId = await startSageId();
  });
  afterAll(() => sageId.close());

  it('publishes one public RS256 key with a kid, and no private parameters', async () => {
    const answer = await sendRequest({ method: 'GET', url: `${sageId.url}/.well-known/jwks.json`, timeoutMs: 5000 });
    expect(answer.response?.status).toBe(200);
    const jwks = JSON.parse(answer.response?.body.toString() ?? '') as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) });
    for (const privateParameter of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(jwks.keys[0]).not.toHaveProperty(privateParameter);
  });

  it('verifies a token from POST /oauth/token the way a connector would, with createRemoteJWKSet', async () => {
    const client = sageId.registerClient({ audience: 'provider-api' });
    const answer = await sendRequest({
      method: 'POST',
      url: `${sageId.url}/oauth/token`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret, audience: 'provider-api' }).toString(),
      timeoutMs: 5000,
    });
    const { access_token: token } = JSON.parse(answer.response?.body.toString() ?? '') as { access_token: string };
    const jwks = createRemoteJWKSet(new URL(`${sageId.url}/.well-known/jwks.json`), { timeoutDuration: 5000 });
    const { payload, protectedHeader } = await jwtVerify(token, jwks, { issuer: sageId.issuer, audience: 'provider-api', algorithms: ['RS256'] });
    expect(protectedHeader).toMatchObject({ alg: 'RS256', typ: 'JWT', kid: expect.any(String) });
    expect(payload).toMatchObject({ iss: sageId.url, aud: 'provider-api', client_id: client.clientId });
    expect(Object.keys(payload).sort()).toEqual(['aud', 'client_id', 'exp', 'iat', 'iss', 'jti']);
  });

  it("does not verify another Sage ID's token: each start has its own key", async () => {
    const other = await startSageId();
    try {
      const foreign = await other.issueToken({ clientId: 'bs', audience: 'provider-api' });
      const jwks = createRemoteJWKSet(new URL(`${sageId.url}/.well-known/jwks.json`), { timeoutDuration: 5000 });
      await expect(jwtVerify(foreign, jwks)).rejects.toThrow(/no applicable key found|signature verification failed/);
    } finally {
      await other.close();
    }
  });
});
