import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notify, startConnectorUnderTest, TEST_SECRETS, type RunningConnector } from '../test-support/connector-harness.ts';
import type { StatementRequest } from './statements/index.ts';

const BANK_ID = randomUUID();

function hiddenSession(html: string): string {
  const match = /name="session" value="([^"]+)"/.exec(html);
  if (match?.[1] === undefined) throw new Error('no session field on the login page');
  return match[1];
}

async function announce(running: RunningConnector, authorisationId: string): Promise<void> {
  const response = await notify(running, { type: 'resourceCreated', resource: { id: authorisationId, type: 'authorisation', url: 'NA' }, additionalData: { bankId: BANK_ID } });
  expect(response.status).toBe(202);
}

describe('reference connector smoke test (in-process, Sage ID and Provider API stand-ins)', () => {
  let running: RunningConnector;

  beforeAll(async () => {
    running = await startConnectorUnderTest();
  });
  afterAll(async () => {
    await running?.close();
  });

  it('answers GET / at once and syncs its bank with a reused token, the API key and its callback URLs', async () => {
    expect((await fetch(`${running.url}/`)).status).toBe(200);
    expect(await (await fetch(`${running.url}/health`)).json()).toMatchObject({ bankSync: 'pending' });
    await running.connector.startBankSync();
    expect(await (await fetch(`${running.url}/health`)).json()).toEqual({ status: 'ok', bankSync: 'done', principalId: running.providerApi.principalId });

    const sync = await running.providerApi.waitFor((request) => request.method === 'POST' && request.path === '/v1/banks');
    expect(sync.headers['x-api-key']).toBe(TEST_SECRETS.apiKey);
    expect(sync.headers.authorization).toMatch(/^Bearer \S+$/);
    expect(sync.headers['content-type']).toBe('application/json');
    expect(sync.body).toEqual({
      data: {
        toCreate: [
          {
            name: 'Reference Test Bank',
            countryCode: 'GB',
            url: running.url,
            externalRef: 'reference-connector-test-bank',
            supportiframe: true,
            callbackURLs: {
              notification: `${running.url}/notification`,
              availableAccounts: `${running.url}/availableaccounts`,
              auth: `${running.url}/auth`,
              reAuth: `${running.url}/authrefresh`,
            },
          },
        ],
      },
    });
    const tokenRequest = await running.sageId.waitFor((request) => request.path === '/oauth/token');
    expect(tokenRequest.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(tokenRequest.body).toMatchObject({ grant_type: 'client_credentials', client_id: TEST_SECRETS.clientId, audience: TEST_SECRETS.audience });
  });

  it('accepts a notification with the right header and a valid Sage ID token', async () => {
    const response = await notify(running, { type: 'resourceCreated', resource: { id: randomUUID(), type: 'authorisation', url: 'NA' }, additionalData: { bankId: BANK_ID } });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: true });
  });

  it('refuses notifications with a missing or wrong header or token, before reading the body', async () => {
    const body = { type: 'resourceCreated', resource: { id: randomUUID(), type: 'authorisation' } };
    expect((await notify(running, body, { headerValue: null })).status).toBe(403);
    expect((await notify(running, body, { headerValue: 'wrong-value' })).status).toBe(403);
    expect((await notify(running, body, { token: await running.sageId.issueToken({ untrustedKey: true }) })).status).toBe(401);
    expect((await notify(running, body, { token: await running.sageId.issueToken({ audience: 'someone-else' }) })).status).toBe(401);
    expect((await notify(running, body, { token: await running.sageId.issueToken({ issuer: 'https://elsewhere.example' }) })).status).toBe(401);
    expect((await notify(running, body, { token: await running.sageId.issueToken({ expiresInSeconds: -60 }) })).status).toBe(401);
    expect((await notify(running, body, { token: 'not-a-jwt' })).status).toBe(401);
    const noToken = await fetch(`${running.url}/notification`, { method: 'POST', headers: { [TEST_SECRETS.headerName]: TEST_SECRETS.headerValue }, body: JSON.stringify(body) });
    expect(noToken.status).toBe(401);
    expect(noToken.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('answers 400 to malformed notifications and 202 {ignored} to unknown kinds', async () => {
    expect((await notify(running, '{not json')).status).toBe(400);
    expect((await notify(running, [1, 2])).status).toBe(400);
    expect((await notify(running, { type: 'resourceCreated' })).status).toBe(400);
    const unknown = await notify(running, { type: 'resourceUpdated', resource: { id: randomUUID(), type: 'bankAccount' } });
    expect(unknown.status).toBe(202);
    expect(await unknown.json()).toMatchObject({ ignored: true });
  });

  it('serves the login page for an announced authorisation, PATCHes all accounts and redirects with state', async () => {
    const authorisationId = randomUUID();
    const state = randomUUID();
    await announce(running, authorisationId);
    const redirectUri = 'https://banking-service.example/return?flow=onboarding';
    const query = new URLSearchParams({ bank: BANK_ID, authorisation_id: authorisationId, redirect_uri: redirectUri, state });
    const page = await fetch(`${running.url}/auth?${query}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('name="username"');
    expect(html).toContain('name="password"');
    expect(html).toContain('name="otp"');

    const login = await fetch(new URL('auth/login', `${running.url}/auth`), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ session: hiddenSession(html), username: 'alice', password: 'alice-test-password', otp: '111111', action: 'login' }).toString(),
    });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe(`${redirectUri}&state=${state}`);

    const patch = await running.providerApi.waitFor((request) => request.method === 'PATCH' && request.path === `/v1/authorisations/${authorisationId}`);
    expect(patch.headers['x-api-key']).toBe(TEST_SECRETS.apiKey);
    expect(patch.body).toEqual({
      data: {
        status: 'success',
        bankAccounts: [
          { bankAccountExternalId: 'ref-alice-current', accountName: 'Alice Current Account ****0011', bankIdentifier: '404784', branchIdentifier: 'LEEDS-01', accountIdentifier: '41000011' },
          { bankAccountExternalId: 'ref-alice-savings', accountName: 'Alice Easy Saver ****0029', bankIdentifier: '404784', branchIdentifier: 'LEEDS-01', accountIdentifier: '41000029' },
          { bankAccountExternalId: 'ref-alice-card', accountName: 'Alice Rewards Card ****0037', bankIdentifier: '404784', branchIdentifier: 'CARDS', accountIdentifier: '41000037' },
        ],
      },
    });

    // Single use: the same authorisation_id is refused afterwards, with no second PATCH.
    expect((await fetch(`${running.url}/auth?${query}`)).status).toBe(403);
    expect(running.providerApi.requests.filter((request) => request.path === `/v1/authorisations/${authorisationId}`)).toHaveLength(1);
  });

  it('refuses an unannounced authorisation_id without a PATCH', async () => {
    const authorisationId = randomUUID();
    const query = new URLSearchParams({ bank: BANK_ID, authorisation_id: authorisationId, redirect_uri: 'https://bs.example/r', state: randomUUID() });
    const page = await fetch(`${running.url}/auth?${query}`);
    expect(page.status).toBe(403);
    expect(running.providerApi.requests.some((request) => request.path === `/v1/authorisations/${authorisationId}`)).toBe(false);
  });

  it('redirects a failed login with state and error=access_denied, without a PATCH', async () => {
    const authorisationId = randomUUID();
    const state = randomUUID();
    await announce(running, authorisationId);
    const query = new URLSearchParams({ bank: BANK_ID, authorisation_id: authorisationId, redirect_uri: 'https://bs.example/r', state });
    const html = await (await fetch(`${running.url}/auth?${query}`)).text();
    const login = await fetch(`${running.url}/auth/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ session: hiddenSession(html), username: 'alice', password: 'wrong', otp: '111111', action: 'login' }).toString(),
    });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe(`https://bs.example/r?state=${state}&error=access_denied`);
    expect(running.providerApi.requests.some((request) => request.path === `/v1/authorisations/${authorisationId}`)).toBe(false);
  });

  it('pushes the history of a new bank account from requestedStartDate in valid batches', async () => {
    const bankAccountId = randomUUID();
    const requestedStartDate = new Date(Date.now() - 60 * 86_400_000).toISOString();
    const response = await notify(running, {
      type: 'resourceCreated',
      resource: { id: bankAccountId, type: 'bankAccount', url: '' },
      additionalData: { externalId: 'ref-bob-business', requestedStartDate, bankId: BANK_ID },
    });
    expect(response.status).toBe(202);
    await running.connector.idle();

    const statements = running.providerApi.requests.filter((request) => request.method === 'POST' && request.path === '/v1/statements').map((request) => request.body as StatementRequest);
    const mine = statements.filter((statement) => statement.data.principalId === bankAccountId);
    expect(mine.length).toBeGreaterThan(1);
    const all = mine.flatMap((statement) => statement.data.transactionDetails);
    const expectedIds = running.connector.bank
      .transactions('ref-bob-business')
      .filter((transaction) => transaction.status === 'booked' && transaction.date >= requestedStartDate)
      .map((transaction) => transaction.id);
    expect(all.map((detail) => detail.uniqueId)).toEqual(expectedIds);
    for (const statement of mine) {
      const details = statement.data.transactionDetails;
      expect(details.length).toBeLessThanOrEqual(100);
      expect(statement.data.accountDetails).toHaveLength(1);
      expect(statement.data.bankId).toBe(BANK_ID);
      expect(statement.data.expected.transactionDetailsCount).toBe(details.length);
      expect(statement.data.expected.transactionDebitSum).toBeLessThanOrEqual(0);
      const times = details.map((detail) => Date.parse(detail.datePosted));
      expect(times).toEqual([...times].sort((left, right) => left - right));
      expect(times.at(-1)! - times[0]!).toBeLessThan(14 * 86_400_000);
      expect(details.every((detail) => detail.transactionStatus === 'posted')).toBe(true);
    }
    // A repeat of the same notification changes nothing.
    const before = running.providerApi.requests.length;
    expect((await notify(running, { type: 'resourceCreated', resource: { id: bankAccountId, type: 'bankAccount' }, additionalData: { externalId: 'ref-bob-business', requestedStartDate } })).status).toBe(202);
    await running.connector.idle();
    expect(running.providerApi.requests.filter((request) => request.path === '/v1/statements').length).toBe(statements.length);
    expect(running.providerApi.requests.length).toBe(before);
  });

  it('never writes a secret into its log', () => {
    const log = running.logLines.join('\n');
    expect(running.logLines.length).toBeGreaterThan(5);
    for (const secret of [TEST_SECRETS.clientSecret, TEST_SECRETS.apiKey, TEST_SECRETS.headerValue, 'alice-test-password', 'eyJ']) expect(log).not.toContain(secret);
  });
});
