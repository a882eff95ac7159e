import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_TIMING, TEST_SECRETS } from '../test-support/connector-harness.ts';
import { startProviderApiStandIn, type ProviderApiStandIn } from '../test-support/provider-api-stand-in.ts';
import { startSageIdStandIn, type SageIdStandIn } from '../test-support/sage-id-stand-in.ts';
import { faultSet, NO_FAULTS, type FaultSet } from './faults.ts';
import { silentLogger } from './log.ts';
import { ProviderApiClient, ProviderApiTransportError } from './provider-api-client.ts';
import { SageIdClient } from './sage-id-client.ts';

describe('ProviderApiClient against real HTTP stand-ins', () => {
  let sageId: SageIdStandIn;
  let providerApi: ProviderApiStandIn;
  beforeAll(async () => {
    sageId = await startSageIdStandIn({ clientId: TEST_SECRETS.clientId, clientSecret: TEST_SECRETS.clientSecret, audience: TEST_SECRETS.audience });
    providerApi = await startProviderApiStandIn({ apiKey: TEST_SECRETS.apiKey });
  });
  afterAll(async () => {
    await Promise.all([sageId?.close(), providerApi?.close()]);
  });

  const client = (faults: FaultSet = NO_FAULTS, baseUrl?: string): { api: ProviderApiClient; tokens: SageIdClient } => {
    const tokens = new SageIdClient({
      tokenUrl: `${sageId.url}/oauth/token`,
      clientId: TEST_SECRETS.clientId,
      clientSecret: TEST_SECRETS.clientSecret,
      audience: TEST_SECRETS.audience,
      timing: FAST_TIMING,
      faults,
      log: silentLogger,
    });
    return { api: new ProviderApiClient({ baseUrl: baseUrl ?? providerApi.url, apiKey: TEST_SECRETS.apiKey, tokens, timing: FAST_TIMING, faults, log: silentLogger }), tokens };
  };
  const marker = (): string => `/v1/accountqueries?m=${Math.random()}`;

  it('sends x-api-key, a bearer token and JSON on every call, reusing the token', async () => {
    const { api, tokens } = client();
    await api.request('POST', '/v1/accountqueries', { data: { bankId: 'b', externalId: 'e' } });
    await api.request('POST', '/v1/accountqueries', { data: { bankId: 'b', externalId: 'f' } });
    const calls = providerApi.requests.slice(-2);
    for (const call of calls) {
      expect(call.headers['x-api-key']).toBe(TEST_SECRETS.apiKey);
      expect(call.headers.authorization).toMatch(/^Bearer \S+$/);
      expect(call.headers['content-type']).toBe('application/json');
    }
    expect(calls[0]!.headers.authorization).toBe(calls[1]!.headers.authorization);
    expect(tokens.fetchCount).toBe(1);
  });

  it('on a 401 fetches a new token and retries once', async () => {
    const { api, tokens } = client();
    const path = marker();
    providerApi.scripted.push({ match: (request) => request.query.has('m') && request.path === '/v1/accountqueries', reply: { status: 401, json: { errors: [{ code: 'unauthenticated', message: 'expired' }] } } });
    const response = await api.request('POST', path, {});
    expect(response.status).toBe(404);
    expect(tokens.fetchCount).toBe(2);
    const [first, second] = providerApi.requests.slice(-2);
    expect(first!.headers.authorization).not.toBe(second!.headers.authorization);
  });

  it('answers a 401 with the 401 under no-refresh-on-401', async () => {
    const { api, tokens } = client(faultSet(['no-refresh-on-401']));
    providerApi.scripted.push({ match: (request) => request.query.has('m'), reply: { status: 401, json: {} } });
    expect((await api.request('POST', marker(), {})).status).toBe(401);
    expect(tokens.fetchCount).toBe(1);
  });

  it('waits Retry-After on a 429 before retrying', async () => {
    const { api } = client();
    providerApi.scripted.push({ match: (request) => request.query.has('m'), reply: { status: 429, json: {}, headers: { 'retry-after': '1' } } });
    const before = providerApi.requests.length;
    await api.request('POST', marker(), {});
    const [throttled, retried] = providerApi.requests.slice(before);
    expect(retried!.atMs - throttled!.atMs).toBeGreaterThanOrEqual(950);
  });

  it('retries at once under no-backoff-on-429, and leaves x-api-key off under no-api-key', async () => {
    const { api } = client(faultSet(['no-backoff-on-429', 'no-api-key']));
    providerApi.scripted.push({ match: (request) => request.query.has('m'), reply: { status: 429, json: {}, headers: { 'retry-after': '5' } } });
    const before = providerApi.requests.length;
    expect((await api.request('POST', marker(), {})).status).toBe(403);
    const [throttled, retried] = providerApi.requests.slice(before);
    expect(retried!.atMs - throttled!.atMs).toBeLessThan(1000);
    expect(retried!.headers['x-api-key']).toBeUndefined();
  });

  it('throws a transport error when the connection drops or nothing listens', async () => {
    const { api } = client();
    providerApi.scripted.push({ match: (request) => request.query.has('m'), reply: { drop: true } });
    await expect(api.request('POST', marker(), {})).rejects.toBeInstanceOf(ProviderApiTransportError);
    const { api: nowhere } = client(NO_FAULTS, 'http://127.0.0.1:9');
    await expect(nowhere.request('GET', '/v1/statements/x')).rejects.toThrow(/no response/);
  });
});
