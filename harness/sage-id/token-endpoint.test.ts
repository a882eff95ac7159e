import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendRequest, type OutboundExchange } from '../http/index.ts';
import { resolvePolicies } from '../policies/index.ts';
import { startSageId, type SageId } from './index.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

function json(exchange: OutboundExchange): Record<string, unknown> {
  expect(exchange.failure).toBeUndefined();
  return JSON.parse(exchange.response?.body.toString('utf8') ?? 'null') as Record<string, unknown>;
}

describe('POST /oauth/token', () => {
  let sageId: SageId;
  let client: { clientId: string; clientSecret: string; audience: string };
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    sendRequest({ method: 'POST', url: `${sageId.url}/oauth/token`, headers, body, timeoutMs: 5000 });
  const goodFields = () => ({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret, audience: client.audience });

  /** Every error answer: its status, its OAuth error code, and no secret in it. */
  async function expectOAuthError(exchange: Promise<OutboundExchange>, status: number, error: string): Promise<string> {
    const answer = await exchange;
    expect(answer.response?.status).toBe(status);
    expect(answer.response?.headers['cache-control']).toBe('no-store');
    const body = json(answer);
    expect(body.error).toBe(error);
    expect(body).not.toHaveProperty('access_token');
    expect(answer.response?.body.toString()).not.toContain(client.clientSecret);
    return String(body.error_description);
  }

  beforeAll(async () => {
    sageId = await startSageId();
    client = sageId.registerClient({ audience: 'provider-api' });
  });
  afterAll(() => sageId.close());

  it('issues a Bearer token for a form-urlencoded request [BRUNO]', async () => {
    const answer = await post(formBody(goodFields()), FORM);
    expect(answer.response?.status).toBe(200);
    expect(answer.response?.headers['content-type']).toBe('application/json');
    expect(answer.response?.headers['cache-control']).toBe('no-store');
    const body = json(answer);
    expect(body).toEqual({ access_token: expect.stringMatching(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/), token_type: 'Bearer', expires_in: 480 * 60 });
    expect((await sageId.verifyAuthorization(`Bearer ${String(body.access_token)}`, 'provider-api')).ok).toBe(true);
  });

  it('issues a Bearer token for a JSON request [PLAY]', async () => {
    const body = json(await post(goodFields()));
    expect(body.token_type).toBe('Bearer');
    expect((await sageId.verifyAuthorization(`Bearer ${String(body.access_token)}`, 'provider-api')).ok).toBe(true);
  });

  it('refuses a wrong secret and an unknown client with 401 invalid_client, naming which', async () => {
    const wrongSecret = await expectOAuthError(post(formBody({ ...goodFields(), client_secret: 'not-the-secret' }), FORM), 401, 'invalid_client');
    expect(wrongSecret).toBe(`client_secret does not match client_id "${client.clientId}": use the client_secret given for this run`);
    expect(wrongSecret).not.toContain('not-the-secret');
    const unknown = await expectOAuthError(post({ ...goodFields(), client_id: 'someone-else' }), 401, 'invalid_client');
    expect(unknown).toBe('client_id "someone-else" is not registered with this Sage ID: use the client_id given for this run');
  });

  it("refuses another grant, the old guide's client_credentails typo included [G-POST], with unsupported_grant_type", async () => {
    const typo = await expectOAuthError(post(formBody({ ...goodFields(), grant_type: 'client_credentails' }), FORM), 400, 'unsupported_grant_type');
    expect(typo).toBe('grant_type "client_credentails" is not supported: use client_credentials');
    await expectOAuthError(post({ ...goodFields(), grant_type: 'password' }), 400, 'unsupported_grant_type');
  });

  it('refuses missing fields with invalid_request, listing them', async () => {
    const { grant_type: _grant, ...withoutGrant } = goodFields();
    expect(await expectOAuthError(post(formBody(withoutGrant), FORM), 400, 'invalid_request')).toBe('missing grant_type');
    const { client_secret: _secret, audience: _audience, ...partial } = goodFields();
    expect(await expectOAuthError(post(partial), 400, 'invalid_request')).toBe('missing client_secret, audience');
    expect(await expectOAuthError(post(formBody({ ...partial, client_secret: '', audience: 'provider-api' }), FORM), 400, 'invalid_request')).toBe('missing client_secret');
  });

  it("explains that the old guide's client_Secret spelling is not client_secret [G-POST]", async () => {
    const { client_secret: secret, ...rest } = goodFields();
    const description = await expectOAuthError(post(formBody({ ...rest, client_Secret: secret }), FORM), 400, 'invalid_request');
    expect(description).toBe('missing client_secret (field names are case-sensitive: client_Secret is not client_secret)');
  });

  it('refuses an audience the client is not registered for with invalid_target (RFC 8707)', async () => {
    const description = await expectOAuthError(post({ ...goodFields(), audience: 'consumer-api' }), 400, 'invalid_target');
    expect(description).toBe(`client "${client.clientId}" is not registered for audience "consumer-api": use the audience given for this run`);
  });

  it('refuses bodies that are neither form nor JSON, broken JSON, and non-string JSON values', async () => {
    expect(await expectOAuthError(post(undefined), 400, 'invalid_request')).toBe(
      'the token request has no body: send grant_type, client_id, client_secret and audience as application/x-www-form-urlencoded or application/json',
    );
    expect(await expectOAuthError(post('grant_type=client_credentials', { 'content-type': 'text/plain' }), 400, 'invalid_request')).toBe(
      'the token request body must be application/x-www-form-urlencoded or application/json',
    );
    expect(await expectOAuthError(post('{"grant_type":', { 'content-type': 'application/json' }), 400, 'invalid_request')).toMatch(/^the JSON body does not parse: /);
    expect(await expectOAuthError(post([goodFields()]), 400, 'invalid_request')).toMatch(/must be an object/);
    expect(await expectOAuthError(post({ ...goodFields(), client_id: 42 }), 400, 'invalid_request')).toBe('client_id must be a string');
  });

  it('answers 405 to another method', async () => {
    const answer = await sendRequest({ method: 'GET', url: `${sageId.url}/oauth/token`, timeoutMs: 5000 });
    expect(answer.response?.status).toBe(405);
  });
});

describe('POST /oauth/token under policy token-request-encoding', () => {
  it('=form refuses JSON and still takes a form; =json refuses a form and still takes JSON', async () => {
    for (const encoding of ['form', 'json'] as const) {
      const sageId = await startSageId({ policies: resolvePolicies({ 'token-request-encoding': encoding }) });
      try {
        const client = sageId.registerClient({ audience: 'provider-api' });
        const fields = { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret, audience: client.audience };
        const url = `${sageId.url}/oauth/token`;
        const asForm = await sendRequest({ method: 'POST', url, headers: FORM, body: formBody(fields), timeoutMs: 5000 });
        const asJson = await sendRequest({ method: 'POST', url, body: fields, timeoutMs: 5000 });
        const [accepted, refused] = encoding === 'form' ? [asForm, asJson] : [asJson, asForm];
        expect(accepted.response?.status).toBe(200);
        expect(refused.response?.status).toBe(400);
        const wanted = encoding === 'form' ? 'application/x-www-form-urlencoded' : 'application/json';
        expect(json(refused)).toEqual({
          error: 'invalid_request',
          error_description: `send the token request as ${wanted}: this run follows policy token-request-encoding=${encoding}`,
        });
      } finally {
        await sageId.close();
      }
    }
  });
});
