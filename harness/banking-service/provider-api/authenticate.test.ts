import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendRequest, startHttpServer, type RunningHttpServer } from '../../http/index.ts';
import { startSageId, type SageId } from '../../sage-id/index.ts';
import { ManualClock, ProviderClientRegistry } from '../state/index.ts';
import { authenticateProvider } from './authenticate.ts';

describe('authenticateProvider with real Sage ID tokens', () => {
  const clock = new ManualClock();
  const providers = new ProviderClientRegistry();
  let sageId: SageId;
  let server: RunningHttpServer;

  beforeAll(async () => {
    sageId = await startSageId({ now: () => clock.now(), tokenLifetimeSeconds: 60 });
    sageId.registerClient({ clientId: 'p1', audience: 'provider-api' });
    sageId.registerClient({ clientId: 'p2', audience: 'provider-api' });
    sageId.registerClient({ clientId: 'stranger', audience: 'provider-api' });
    providers.register({ clientId: 'p1', apiKey: 'key-one-1111', notificationHeaderName: 'x-h', notificationHeaderValue: 'v1' });
    providers.register({ clientId: 'p2', apiKey: 'key-two-2222', notificationHeaderName: 'x-h', notificationHeaderValue: 'v2' });
    server = await startHttpServer({
      name: 'auth',
      routes: [
        {
          method: 'GET',
          pattern: '/v1/x',
          handler: async (request) => {
            const result = await authenticateProvider(request, { verifier: sageId, audience: 'provider-api', providers });
            return result.ok ? { status: 200, json: { clientId: result.provider.clientId } } : { status: result.status, json: { code: result.code, message: result.message } };
          },
        },
      ],
    });
  });
  afterAll(async () => {
    await server.close();
    await sageId.close();
  });

  const call = async (headers: Record<string, string>) => {
    const exchange = await sendRequest({ method: 'GET', url: `${server.url}/v1/x`, headers, timeoutMs: 2000 });
    return { status: exchange.response?.status, body: JSON.parse(exchange.response?.body.toString() ?? '{}') as Record<string, string> };
  };
  const bearer = async (clientId: string, audience = 'provider-api') => `Bearer ${await sageId.issueToken({ clientId, audience })}`;

  it('lets a valid token with its own API key through', async () => {
    expect(await call({ authorization: await bearer('p1'), 'x-api-key': 'key-one-1111' })).toEqual({ status: 200, body: { clientId: 'p1' } });
  });

  it('answers 401 for a missing, malformed, wrong-audience or expired token', async () => {
    expect((await call({ 'x-api-key': 'key-one-1111' })).body.code).toBe('token-missing');
    expect((await call({ authorization: 'Bearer nope', 'x-api-key': 'key-one-1111' })).status).toBe(401);
    expect(await call({ authorization: await bearer('p1', 'another-api'), 'x-api-key': 'key-one-1111' })).toMatchObject({ status: 401, body: { code: 'token-wrong-audience' } });
    const token = await bearer('p1');
    clock.advance(61_000);
    expect(await call({ authorization: token, 'x-api-key': 'key-one-1111' })).toMatchObject({ status: 401, body: { code: 'token-expired' } });
  });

  it('answers 403 for a missing or wrong API key, another provider\'s key, or a client that is no provider', async () => {
    const token = await bearer('p1');
    expect(await call({ authorization: token })).toMatchObject({ status: 403, body: { code: 'api-key-missing' } });
    expect(await call({ authorization: token, 'x-api-key': 'guess' })).toMatchObject({ status: 403, body: { code: 'api-key-invalid' } });
    const answer = await call({ authorization: token, 'x-api-key': 'key-two-2222' });
    expect(answer).toMatchObject({ status: 403, body: { code: 'api-key-invalid' } });
    expect(answer.body.message).not.toContain('key-two-2222');
    expect(await call({ authorization: await bearer('stranger'), 'x-api-key': 'key-one-1111' })).toMatchObject({ status: 403, body: { code: 'unknown-provider' } });
  });
});
