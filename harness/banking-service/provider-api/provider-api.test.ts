import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBankingServiceSimulator, type BankingServiceSimulator } from '../simulator.ts';
import { ManualClock } from '../state/index.ts';
import { ScriptedProvider } from '../test-support/scripted-provider.ts';

/** Every Provider API call: authenticated (401/403, kit contract KC-01), throttled (429, KC-07), validated (400). */
describe('Provider API: authentication, throttling and spec validation', () => {
  const clock = new ManualClock();
  let simulator: BankingServiceSimulator;
  let provider: ScriptedProvider;

  beforeAll(async () => {
    simulator = await startBankingServiceSimulator({ clock, tokenLifetimeSeconds: 60 });
    provider = await ScriptedProvider.start(simulator.credentials);
  });
  afterAll(async () => {
    await provider.close();
    await simulator.close();
  });

  const errorCode = (body: unknown) => (body as { errors: { code: string }[] }).errors[0]?.code;

  it('refuses an unauthenticated call with 401 and a WWW-Authenticate challenge', async () => {
    const answer = await provider.call('GET', '/v1/statements/x', undefined, { authorization: null });
    expect(answer.status).toBe(401);
    expect(errorCode(answer.body)).toBe('token-missing');
    expect(answer.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  it('refuses a token for another audience and a token signed elsewhere with 401', async () => {
    const foreign = await fetch(simulator.credentials.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: simulator.credentials.clientId, client_secret: simulator.credentials.clientSecret, audience: 'another-api' }),
    });
    // Sage ID refuses an audience the client is not registered for (RFC 8707 invalid_target) …
    expect(foreign.status).toBe(400);
    await foreign.body?.cancel();
    // … but a client may well hold a genuine Sage ID token for another API: the Provider API refuses it.
    const otherAudience = await simulator.sageId.issueToken({ clientId: simulator.credentials.clientId, audience: 'another-api' });
    const refused = await provider.call('GET', '/v1/statements/x', undefined, { authorization: `Bearer ${otherAudience}` });
    expect(refused.status).toBe(401);
    expect(errorCode(refused.body)).toBe('token-wrong-audience');
    const token = await provider.accessToken();
    const [header, payload] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, aud: 'another-api' })).toString('base64url')}.${token.split('.')[2]}`;
    expect(errorCode((await provider.call('GET', '/v1/statements/x', undefined, { authorization: `Bearer ${tampered}` })).body)).toBe('token-bad-signature');
  });

  it('refuses an expired token with 401 so the provider refreshes it [G-POST]', async () => {
    const token = await provider.accessToken(true);
    clock.advance(61_000);
    const answer = await provider.call('GET', '/v1/statements/x', undefined, { authorization: `Bearer ${token}` });
    expect(answer.status).toBe(401);
    expect(errorCode(answer.body)).toBe('token-expired');
    await provider.accessToken(true);
  });

  it('refuses a missing or wrong x-api-key, or another provider\'s, with 403', async () => {
    expect(await provider.call('GET', '/v1/statements/x', undefined, { apiKey: null })).toMatchObject({ status: 403 });
    const wrong = await provider.call('GET', '/v1/statements/x', undefined, { apiKey: 'not-the-key' });
    expect(wrong.status).toBe(403);
    expect(errorCode(wrong.body)).toBe('api-key-invalid');
    const other = simulator.registerProvider();
    expect((await provider.call('GET', '/v1/statements/x', undefined, { apiKey: other.apiKey })).status).toBe(403);
  });

  it('validates the body against the provider-api spec: 400 with the findings', async () => {
    const answer = await provider.call('POST', '/v1/banks', { data: { toCreate: [{ name: 'No callbacks', countryCode: 'GB' }] } });
    expect(answer.status).toBe(400);
    const errors = (answer.body as { errors: { code: string; pointer: string }[] }).errors;
    expect(errors.map((error) => error.pointer)).toEqual(expect.arrayContaining(['/data/toCreate/0/externalRef', '/data/toCreate/0/callbackURLs', '/data/toCreate/0/url']));
    expect((await provider.call('POST', '/v1/banks', undefined, { rawBody: 'not json' })).status).toBe(400);
    const query = await provider.call('POST', '/v1/accountqueries', { data: { bankId: '30a36e6b-4ce6-409a-8471-fa29e9999b3a' } });
    expect(query.status).toBe(400);
    expect((query.body as { errors: { pointer: string }[] }).errors[0]?.pointer).toBe('/data/externalId');
    const patch = await provider.call('PATCH', '/v1/authorisations/4f2de470-efee-4f06-a659-1aef01c75558', { data: { status: 'failed' } });
    expect(patch.status).toBe(400);
    expect((patch.body as { errors: { code: string }[] }).errors[0]?.code).toBe('spec-enum');
  });

  it('throttles at 10 requests a second per client with 429 and Retry-After, and lets the client in once it waited', async () => {
    clock.advance(5_000);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i += 1) statuses.push((await provider.getStatement('none')).status);
    expect(statuses.every((status) => status === 404)).toBe(true);
    const throttled = await provider.getStatement('none');
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('1');
    expect(simulator.traffic.all().at(-1)?.annotations).toEqual({ rateLimited: 'true' });
    expect(simulator.events.ofType('rate-limit.exceeded').at(-1)).toMatchObject({ operationId: 'getStatement', retryAfterSeconds: 1 });
    clock.advance(1_000);
    expect((await provider.getStatement('none')).status).toBe(404);
  });

  it('records every Provider API exchange from the candidate with its operation, redacted', () => {
    const records = simulator.traffic.all().filter((record) => record.api === 'provider-api');
    expect(records.length).toBeGreaterThan(10);
    expect(records.every((record) => record.from === 'candidate' && record.to === 'banking-service' && record.operationId !== undefined)).toBe(true);
    const bytes = JSON.stringify(simulator.traffic.all());
    expect(bytes).not.toContain(simulator.credentials.apiKey);
    expect(bytes).not.toContain(simulator.credentials.clientSecret);
  });
});
