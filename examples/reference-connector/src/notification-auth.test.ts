import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_SECRETS } from '../test-support/connector-harness.ts';
import { startSageIdStandIn, type SageIdStandIn } from '../test-support/sage-id-stand-in.ts';
import { NotificationAuthenticator } from './notification-auth.ts';

describe('NotificationAuthenticator with real RS256 tokens and a real JWKS endpoint', () => {
  let sageId: SageIdStandIn;
  let authenticator: NotificationAuthenticator;
  const header = TEST_SECRETS.headerName.toLowerCase();

  beforeAll(async () => {
    sageId = await startSageIdStandIn({ clientId: TEST_SECRETS.clientId, clientSecret: TEST_SECRETS.clientSecret, audience: TEST_SECRETS.audience });
    authenticator = new NotificationAuthenticator({ sageIdUrl: sageId.url, clientId: TEST_SECRETS.clientId, headerName: header, headerValue: TEST_SECRETS.headerValue, httpTimeoutMs: 2_000 });
  });
  afterAll(async () => {
    await sageId?.close();
  });

  const headers = async (overrides: { token?: string; value?: string | undefined } = {}): Promise<Record<string, string>> => {
    const result: Record<string, string> = { authorization: `Bearer ${overrides.token ?? (await sageId.issueToken())}` };
    const value = 'value' in overrides ? overrides.value : TEST_SECRETS.headerValue;
    if (value !== undefined) result[header] = value;
    return result;
  };

  it('accepts the agreed header with a valid token signed by a JWKS key', async () => {
    expect(await authenticator.check(await headers())).toEqual({ ok: true });
    expect(sageId.requests.some((request) => request.path === '/.well-known/jwks.json')).toBe(true);
  });

  it('refuses a missing or wrong header with 403, whatever the token', async () => {
    expect(await authenticator.check(await headers({ value: undefined }))).toMatchObject({ ok: false, status: 403 });
    expect(await authenticator.check(await headers({ value: `${TEST_SECRETS.headerValue}x` }))).toMatchObject({ ok: false, status: 403 });
    expect(await authenticator.check(await headers({ value: '' }))).toMatchObject({ ok: false, status: 403 });
  });

  it('refuses a bad token with 401: other key, audience, issuer, expired, no Bearer, none', async () => {
    for (const token of [
      await sageId.issueToken({ untrustedKey: true }),
      await sageId.issueToken({ audience: TEST_SECRETS.audience }),
      await sageId.issueToken({ issuer: `${sageId.url}/` }),
      await sageId.issueToken({ expiresInSeconds: -30 }),
      'garbage',
    ]) {
      expect(await authenticator.check(await headers({ token }))).toMatchObject({ ok: false, status: 401 });
    }
    expect(await authenticator.check({ [header]: TEST_SECRETS.headerValue, authorization: `Basic ${await sageId.issueToken()}` })).toMatchObject({ ok: false, status: 401 });
    expect(await authenticator.check({ [header]: TEST_SECRETS.headerValue })).toMatchObject({ ok: false, status: 401, reason: 'the Authorization header is missing' });
  });

  it('checks only what is present on /availableaccounts', async () => {
    expect(await authenticator.checkIfPresent({})).toEqual({ ok: true });
    expect(await authenticator.checkIfPresent({ [header]: TEST_SECRETS.headerValue })).toEqual({ ok: true });
    expect(await authenticator.checkIfPresent({ [header]: 'wrong' })).toMatchObject({ ok: false, status: 403 });
    expect(await authenticator.checkIfPresent({ authorization: 'Bearer nope' })).toMatchObject({ ok: false, status: 401 });
    expect(await authenticator.checkIfPresent(await headers())).toEqual({ ok: true });
  });

  it('answers 503 when the signing keys cannot be fetched', async () => {
    const offline = new NotificationAuthenticator({ sageIdUrl: 'http://127.0.0.1:9', clientId: TEST_SECRETS.clientId, headerName: header, headerValue: TEST_SECRETS.headerValue, httpTimeoutMs: 1_000 });
    expect(await offline.check(await headers())).toMatchObject({ ok: false, status: 503 });
  });
});
