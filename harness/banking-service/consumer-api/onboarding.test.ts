import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendRequest } from '../../http/index.ts';
import { resolvePolicies } from '../../policies/index.ts';
import { CURRENT_ACCOUNT, SAVINGS_ACCOUNT, startFixture, type Fixture } from '../test-support/simulator-fixture.ts';
import { walkBrowser } from '../test-support/scripted-provider.ts';

const newAccount = (bankId: string, account: { accountIdentifier: string; bankIdentifier: string }) => ({
  accountType: 'DEBIT', accountName: 'Acc', accountIdentifier: account.accountIdentifier, bankIdentifier: account.bankIdentifier, defaultCurrency: 'GBP', bankId, requestedStartDate: '2024-02-01T00:00:00.000Z',
});

describe('Consumer API onboarding: banks, indirectlinkaccount, poll route, UI return, bankaccounts', () => {
  let fixture: Fixture;

  beforeAll(async () => {
    fixture = await startFixture({ specs: 'none', rateLimit: { requestsPerSecond: 1000 } });
  });
  afterAll(() => fixture.close());

  it('GET /banks/{bankId}: 200 for a registered bank, 404 otherwise', async () => {
    expect(await fixture.product.getBank(fixture.bankId)).toMatchObject({ status: 200, body: { bankId: fixture.bankId, supportiframe: false } });
    expect((await fixture.product.getBank('3993ba12-039d-43a5-a5ae-1493e5ac1ff8')).status).toBe(404);
  });

  it('indirectlinkaccount: 400 without a bank, 404 for an unknown one, and the guide\'s bankId spelling works', async () => {
    const base = `${fixture.simulator.consumerApiUrl}/organisations/${fixture.product.company?.organisationId}/companies/${fixture.product.company?.companyId}/indirectlinkaccount`;
    const jwt = (await fixture.product.accessToken()).body?.jwt ?? '';
    const call = (query: string) => sendRequest({ method: 'GET', url: `${base}${query}`, headers: { 'x-application': fixture.simulator.product.applicationId, authorization: `Bearer ${jwt}` }, timeoutMs: 3000 });
    expect((await call('?web=true')).response?.status).toBe(400);
    expect((await call('?bankid=3993ba12-039d-43a5-a5ae-1493e5ac1ff8&web=true')).response?.status).toBe(404);
    expect((await call(`?bankId=${fixture.bankId}&web=true`)).response?.status).toBe(302);
  });

  it('notifies the provider before answering, sends the browser to /auth and polls 202 → 200 → 404 (T-ONB-4: every offered account listed)', async () => {
    const start = await fixture.product.startOnboarding(fixture.bankId);
    const redirect = new URL(start.body?.redirect ?? '');
    const authorisationId = redirect.searchParams.get('authorisation_id') ?? '';
    expect(fixture.provider.notifications.some((notification) => notification.body.resource.id === authorisationId)).toBe(true);
    expect(redirect.searchParams.get('redirect_uri')).toBe(`${new URL(fixture.simulator.consumerApiUrl).origin}/ui/authorisations/${authorisationId}/return`);
    expect(start.body?.pollPeriod).toBe(5000);
    const pending = await fixture.product.poll(start.body?.pollRoute ?? '');
    expect(pending.status).toBe(202);
    expect(pending.body?.pollRoute).not.toBe(start.body?.pollRoute);
    await walkBrowser(start.body?.redirect ?? '');
    const done = await fixture.product.poll(pending.body?.pollRoute ?? '');
    expect(done.body?.accounts?.map((account) => account.bankAccountExternalId)).toEqual([CURRENT_ACCOUNT.bankAccountExternalId, SAVINGS_ACCOUNT.bankAccountExternalId]);
    expect((await fixture.product.poll(pending.body?.pollRoute ?? '')).status).toBe(404);
  });

  it('POST /bankaccounts: 201 pending for each offered account (T-ONB-1, T-ONB-2), 409 for a duplicate, 422 for an account never offered, 400 without identifiers', async () => {
    const first = await fixture.product.createBankAccount(newAccount(fixture.bankId, CURRENT_ACCOUNT));
    const second = await fixture.product.createBankAccount(newAccount(fixture.bankId, SAVINGS_ACCOUNT));
    expect([first.status, first.body?.status, second.status, second.body?.status]).toEqual([201, 'pending', 201, 'pending']);
    expect(fixture.provider.bankAccountIdFor(SAVINGS_ACCOUNT.bankAccountExternalId)).toBe(second.body?.bankAccountId);
    const duplicate = await fixture.product.createBankAccount(newAccount(fixture.bankId, CURRENT_ACCOUNT));
    expect(duplicate.status).toBe(409);
    expect(duplicate.errors?.[0]?.code).toBe('account-exists');
    const never = await fixture.product.createBankAccount(newAccount(fixture.bankId, { bankIdentifier: '9999', accountIdentifier: '1' }));
    expect(never.status).toBe(422);
    expect(never.errors?.[0]?.code).toBe('not-offered');
    // Deliberately without bankIdentifier and accountIdentifier, which the client's type requires.
    const incomplete = { bankId: fixture.bankId, requestedStartDate: '2024-01-01T00:00:00Z' } as unknown as Parameters<typeof fixture.product.createBankAccount>[0];
    expect((await fixture.product.createBankAccount(incomplete)).status).toBe(400);
    expect((await fixture.product.getBankAccount('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await fixture.product.deleteBankAccount('00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('the UI return records a wrong or missing state', async () => {
    const start = await fixture.product.startOnboarding(fixture.bankId);
    const redirect = new URL(start.body?.redirect ?? '');
    const redirectUri = redirect.searchParams.get('redirect_uri') ?? '';
    await sendRequest({ method: 'GET', url: `${redirectUri}?state=not-the-state`, timeoutMs: 3000 });
    await sendRequest({ method: 'GET', url: redirectUri, timeoutMs: 3000 });
    await sendRequest({ method: 'GET', url: `${redirectUri}${redirect.searchParams.get('state')}`, timeoutMs: 3000 });
    expect(fixture.simulator.events.ofType('authorisation.returned').slice(-3).map((event) => [event.state, event.format, event.accepted])).toEqual([
      ['wrong', 'query-parameter', false],
      ['missing', 'none', false],
      ['matched', 'raw', false],
    ]);
    const browser = fixture.simulator.traffic.all().filter((record) => record.from === 'browser');
    expect(browser.length).toBeGreaterThanOrEqual(3);
  });

  it('answers the product even when the connector refuses the notification, and records the refusal [KC-03]', async () => {
    const deadBank = fixture.simulator.registerBank({ name: 'Dead', countryCode: 'GB', callbackURLs: { notification: 'http://127.0.0.1:9/notification', auth: 'http://127.0.0.1:9/auth', reAuth: 'http://127.0.0.1:9/authrefresh' } });
    const start = await fixture.product.startOnboarding(deadBank.principalId);
    expect(start.status).toBe(302);
    expect(fixture.simulator.events.ofType('notification.sent').at(-1)?.outcome).toMatchObject({ acknowledged: false, failure: expect.stringMatching(/^connection:/) });
  });
});

describe('the UI return under policy redirect-state-format = query-parameter-or-raw', () => {
  it('accepts a state appended raw', async () => {
    const fixture = await startFixture({ specs: 'none', policies: resolvePolicies({ 'redirect-state-format': 'query-parameter-or-raw' }) });
    try {
      const start = await fixture.product.startOnboarding(fixture.bankId);
      const redirect = new URL(start.body?.redirect ?? '');
      const landing = await sendRequest({ method: 'GET', url: `${redirect.searchParams.get('redirect_uri')}${redirect.searchParams.get('state')}`, timeoutMs: 3000 });
      expect(landing.response?.status).toBe(200);
      expect(fixture.simulator.events.ofType('authorisation.returned').at(-1)).toMatchObject({ state: 'matched', format: 'raw', accepted: true });
    } finally {
      await fixture.close();
    }
  });
});
