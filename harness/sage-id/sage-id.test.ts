import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturedExchange } from '../http/index.ts';
import { sendRequest } from '../http/index.ts';
import { startSageId, type SageId } from './index.ts';

describe('startSageId', () => {
  let clock = Date.UTC(2025, 0, 1);
  const exchanges: CapturedExchange[] = [];
  const issued: string[] = [];
  let sageId: SageId;

  beforeAll(async () => {
    sageId = await startSageId({ tokenLifetimeSeconds: 120, now: () => clock, onExchange: (exchange) => exchanges.push(exchange) });
    sageId.onTokenIssued((token) => issued.push(token));
  });
  afterAll(() => sageId.close());

  const requestToken = async (client: { clientId: string; clientSecret: string; audience: string }) => {
    const answer = await sendRequest({
      method: 'POST',
      url: `${sageId.url}/oauth/token`,
      body: { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret, audience: client.audience },
      timeoutMs: 5000,
    });
    return JSON.parse(answer.response?.body.toString() ?? '') as { access_token: string; expires_in: number };
  };

  it('listens on loopback and is its own issuer', () => {
    expect(sageId.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sageId.issuer).toBe(sageId.url);
  });

  it('gives tokens the configured lifetime: valid until tokenLifetimeSeconds have passed, expired from then on', async () => {
    const client = sageId.registerClient({ audience: 'provider-api' });
    const startedAt = clock;
    const { access_token: token, expires_in: expiresIn } = await requestToken(client);
    expect(expiresIn).toBe(120);
    try {
      clock = startedAt + 119_000;
      expect((await sageId.verifyAuthorization(`Bearer ${token}`, 'provider-api')).ok).toBe(true);
      clock = startedAt + 120_000;
      expect(await sageId.verifyAuthorization(`Bearer ${token}`, 'provider-api')).toMatchObject({ ok: false, reason: 'expired' });
    } finally {
      clock = startedAt;
    }
  });

  it('tells listeners about every token, HTTP and direct, before the caller sees it, and stops when asked', async () => {
    const client = sageId.registerClient({ audience: 'provider-api' });
    const before = issued.length;
    const { access_token: viaHttp } = await requestToken(client);
    const direct = await sageId.issueToken({ clientId: 'banking-service', audience: client.clientId });
    expect(issued.slice(before)).toEqual([viaHttp, direct]);
    const late: string[] = [];
    const stop = sageId.onTokenIssued((token) => late.push(token));
    await sageId.issueToken({ clientId: 'banking-service', audience: client.clientId });
    stop();
    await sageId.issueToken({ clientId: 'banking-service', audience: client.clientId });
    expect(late).toHaveLength(1);
  });

  it('backdates a direct token when asked: iat and exp move together', async () => {
    const client = sageId.registerClient({ audience: 'provider-api' });
    const issuedAtMs = clock - 7_200_000;
    const token = await sageId.issueToken({ clientId: 'banking-service', audience: client.clientId, lifetimeSeconds: 600, issuedAtMs });
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { iat: number; exp: number };
    expect(payload).toMatchObject({ iat: Math.floor(issuedAtMs / 1000), exp: Math.floor(issuedAtMs / 1000) + 600 });
    expect(await sageId.verifyAuthorization(`Bearer ${token}`, client.clientId)).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('records every exchange through onExchange', async () => {
    const client = sageId.registerClient({ audience: 'provider-api' });
    const before = exchanges.length;
    await requestToken(client);
    const recorded = exchanges.slice(before);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ server: 'sage-id', route: '/oauth/token', response: { status: 200 } });
  });

  it('refuses a lifetime that is not a positive whole number of seconds', async () => {
    await expect(startSageId({ tokenLifetimeSeconds: 0 })).rejects.toThrow('tokenLifetimeSeconds must be a whole number of seconds, at least 1 (got 0)');
  });

  it('stops answering once closed', async () => {
    const short = await startSageId();
    await short.close();
    const answer = await sendRequest({ method: 'GET', url: `${short.url}/.well-known/jwks.json`, timeoutMs: 2000 });
    expect(answer.failure?.kind).toBe('connection');
  });
});
