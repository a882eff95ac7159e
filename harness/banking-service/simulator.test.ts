import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { candidateEnvironment } from './provider-credentials.ts';
import { startBankingServiceSimulator } from './simulator.ts';
import { buildStatement } from './test-support/statement-builder.ts';
import { CURRENT_ACCOUNT, SAVINGS_ACCOUNT, startFixture, type Fixture } from './test-support/simulator-fixture.ts';
import { ScriptedProvider, walkBrowser } from './test-support/scripted-provider.ts';

/**
 * The whole life of an account, the way a scripted provider and the kit's product client drive it over real
 * HTTP: onboarding → statements → re-authorisation → offboarding, with the documented status at each step
 * (reference §11, T-ONB-1, the collection's assertions §13.3). The script fires its calls back to back, with
 * no user in the loop and deliberate refusals in between, so it runs with a higher rate limit than the
 * default; throttling has its own test (provider-api/provider-api.test.ts).
 */
describe('simulated Banking Service: an account from onboarding to offboarding', () => {
  let fixture: Fixture;
  let bankAccountId: string;

  beforeAll(async () => {
    // 150 ms in flight: long enough that the second POST surely meets the first still processing.
    fixture = await startFixture({ rateLimit: { requestsPerSecond: 100 }, statementProcessingMs: 150 });
  });
  afterAll(() => fixture.close());

  it('onboards: notification before /auth, PATCH, state back at redirect_uri, poll, pending account, bank-account-created notification', async () => {
    const { simulator, provider, product, bankId } = fixture;
    expect((await product.getBank(bankId)).body).toMatchObject({ bankId, dataProvider: 'indirect' });

    const start = await product.startOnboarding(bankId);
    expect(start.status).toBe(302);
    const redirect = new URL(start.body?.redirect ?? '');
    expect(start.headers['location']).toBe(redirect.toString());
    expect(`${redirect.origin}${redirect.pathname}`).toBe(`${provider.connectorUrl}/auth`);
    const authorisationId = redirect.searchParams.get('authorisation_id') ?? '';
    expect(redirect.searchParams.get('bank')).toBe(bankId);
    expect(provider.notifications.at(-1)).toMatchObject({ body: { type: 'resourceCreated', resource: { id: authorisationId, type: 'authorisation' }, additionalData: { bankId } }, headerValid: true, tokenValid: true });

    const pending = await product.poll(start.body?.pollRoute ?? '');
    expect(pending.status).toBe(202);

    const { connector, landing } = await walkBrowser(start.body?.redirect ?? '');
    expect(connector.headers['x-patch-status']).toBe('204');
    expect(landing?.status).toBe(200);
    expect(simulator.events.ofType('authorisation.returned').at(-1)).toMatchObject({ authorisationId, state: 'matched', accepted: true });

    const result = await product.poll(pending.body?.pollRoute ?? '');
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ success: true, account: { bankAccountExternalId: CURRENT_ACCOUNT.bankAccountExternalId } });
    expect(result.body?.accounts?.map((account) => account.accountIdentifier)).toEqual([CURRENT_ACCOUNT.accountIdentifier, SAVINGS_ACCOUNT.accountIdentifier]);
    expect((await product.poll(pending.body?.pollRoute ?? '')).status).toBe(404);

    const created = await product.createBankAccount({
      accountType: 'DEBIT', accountName: 'Current Account', accountIdentifier: CURRENT_ACCOUNT.accountIdentifier, bankIdentifier: CURRENT_ACCOUNT.bankIdentifier,
      defaultCurrency: 'GBP', bankId, requestedStartDate: '2024-02-01T00:00:00.000Z',
    });
    expect(created).toMatchObject({ status: 201, body: { status: 'pending', lastTransactionId: 0 } });
    bankAccountId = created.body?.bankAccountId ?? '';
    expect(provider.bankAccountIdFor(CURRENT_ACCOUNT.bankAccountExternalId)).toBe(bankAccountId);
    expect(provider.notifications.at(-1)?.body.additionalData).toEqual({ externalId: CURRENT_ACCOUNT.bankAccountExternalId, requestedStartDate: '2024-02-01T00:00:00.000Z', bankId });
    expect((await product.getBankAccount(bankAccountId)).body?.status).toBe('pending');

    const query = await provider.call('POST', '/v1/accountqueries', { data: { bankId, externalId: CURRENT_ACCOUNT.bankAccountExternalId } });
    expect(query).toMatchObject({ status: 200, body: { data: { bankAccountId, status: 'pending', requestedStartDate: '2024-02-01T00:00:00.000Z' } } });
  });

  it('posts statements: accepted, one in flight, completed; the account turns active; the product pages transactions', async () => {
    const { simulator, provider, product, bankId, settled } = fixture;
    const first = await provider.postStatement(buildStatement({ bankAccountId, bankId, transactions: [{ amount: 100 }, { amount: -40 }] }));
    expect(first).toMatchObject({ status: 201, body: { data: { status: 'accepted', bankAccountId } } });
    const statementId = (first.body as { data: { _id: string } }).data._id;
    const second = await provider.postStatement(buildStatement({ bankAccountId, bankId, transactions: [{ amount: 5 }], ledgerBalance: 65 }));
    expect(second.status).toBe(409);
    expect(JSON.stringify(second.body)).toContain('one-statement-in-flight');

    await settled(statementId);
    expect((await provider.getStatement(statementId)).body).toMatchObject({ data: { _id: statementId, status: 'completed', reasons: [] } });
    expect((await product.getBankAccount(bankAccountId)).body?.status).toBe('active');

    const next = await provider.postStatement(buildStatement({ bankAccountId, bankId, transactions: [{ amount: 5 }], ledgerBalance: 65 }));
    await settled((next.body as { data: { _id: string } }).data._id);
    const page = await product.transactions(bankAccountId, 0);
    expect(page.body?.bankAccount.status).toBe('active');
    const list = page.body?.bankTransactionList;
    expect(list?.total).toBe(3);
    expect(list?.transactions.map((transaction) => transaction.transactionAmount)).toEqual([100, -40, 5]);
    const ids = list?.transactions.map((transaction) => transaction.transactionId) ?? [];
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    const after = await product.transactions(bankAccountId, (ids[1] ?? 0) + 1);
    expect(after.body?.bankTransactionList.transactions.map((transaction) => transaction.transactionAmount)).toEqual([5]);
    expect(simulator.events.ofType('account.status-changed').map((event) => event.to)).toEqual(['active']);
  });

  it('re-authorises: an authRequired statement, indirectauth to /authrefresh, the PATCH brings the account back to active', async () => {
    const { simulator, provider, product, bankId, settled } = fixture;
    const lapse = await provider.postStatement(buildStatement({ bankAccountId, bankId, status: 'authRequired', balances: null }));
    await settled((lapse.body as { data: { _id: string } }).data._id);
    expect((await product.transactions(bankAccountId)).body?.bankAccount.status).toBe('authRequired');

    const start = await product.startReauthorisation(bankAccountId);
    expect(start.status).toBe(302);
    const redirect = new URL(start.body?.redirect ?? '');
    expect(redirect.pathname).toBe('/authrefresh');
    expect(redirect.searchParams.get('bankaccount')).toBe(bankAccountId);
    expect(redirect.searchParams.get('externalId')).toBe(CURRENT_ACCOUNT.bankAccountExternalId);
    const authorisationId = redirect.searchParams.get('authorisation_id') ?? '';
    expect(provider.notifications.at(-1)?.body.resource).toMatchObject({ id: authorisationId, type: 'authorisation' });

    const { connector } = await walkBrowser(start.body?.redirect ?? '');
    expect(connector.headers['x-patch-status']).toBe('204');
    expect((await product.getBankAccount(bankAccountId)).body?.status).toBe('active');
    expect(simulator.events.ofType('authorisation.patched').at(-1)).toMatchObject({ authorisationId, kind: 'reauthorisation', reactivatedBankAccountIds: [bankAccountId] });
    const reused = await provider.patchAuthorisation(authorisationId, { data: { status: 'success' } });
    expect(reused.status).toBe(409);
    expect(JSON.stringify(reused.body)).toContain('authorisation-already-used');
  });

  it('offboards: DELETE 204, cancelled for good, transactions hard-deleted, resourceDeleted sent, statements refused', async () => {
    const { simulator, provider, product, bankId } = fixture;
    expect((await product.deleteBankAccount(bankAccountId)).status).toBe(204);
    expect((await product.getBankAccount(bankAccountId)).body?.status).toBe('cancelled');
    expect(provider.notifications.at(-1)?.body).toEqual({ type: 'resourceDeleted', resource: { id: bankAccountId, type: 'bankAccount', url: 'NA' }, additionalData: { externalId: CURRENT_ACCOUNT.bankAccountExternalId, bankId } });
    expect((await product.transactions(bankAccountId)).body?.bankTransactionList).toMatchObject({ total: 0, transactions: [] });
    expect(simulator.state.transactions(bankAccountId)).toEqual([]);
    const refused = await provider.postStatement(buildStatement({ bankAccountId, bankId, transactions: [{ amount: 1 }] }));
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body)).toContain('account-accepts-statements');
    expect((await product.deleteBankAccount(bankAccountId)).status).toBe(204);
    expect(provider.notifications.filter((notification) => notification.body.type === 'resourceDeleted')).toHaveLength(1);
    expect(simulator.events.ofType('account.status-changed').map((event) => event.to)).toEqual(['active', 'authRequired', 'active', 'cancelled']);
  });

  it('reconnects the same real-world account and receives transactions from the new start date (T-ONB-3)', async () => {
    const { provider, product, bankId, settled, onboard } = fixture;
    const again = await onboard(CURRENT_ACCOUNT, '2024-03-01T00:00:00.000Z');
    expect(again).not.toBe(bankAccountId);
    expect((await product.getBankAccount(again)).body?.status).toBe('pending');
    const early = await provider.postStatement(buildStatement({ bankAccountId: again, bankId, transactions: [{ amount: 1, datePosted: '2024-02-27T10:00:00.000Z' }] }));
    expect((await settled((early.body as { data: { _id: string } }).data._id))).toMatchObject({ type: 'statement.rejected', reasons: [{ rule: 'not-before-start-date' }] });
    const onTime = await provider.postStatement(buildStatement({ bankAccountId: again, bankId, transactions: [{ amount: 1, datePosted: '2024-03-01T10:00:00.000Z' }] }));
    await settled((onTime.body as { data: { _id: string } }).data._id);
    expect((await product.transactions(again)).body?.bankTransactionList.transactions.map((transaction) => transaction.datePosted)).toEqual(['2024-03-01T10:00:00.000Z']);
  });

  it('recorded every exchange with its parties and operation, and no spec finding on the valid ones', () => {
    const records = fixture.simulator.traffic.all();
    const parties = new Set(records.map((record) => `${record.from}->${record.to}:${record.api ?? '-'}`));
    expect(parties).toEqual(new Set(['candidate->sage-id:sage-id', 'candidate->banking-service:provider-api', 'product->banking-service:consumer-api', 'banking-service->candidate:connector-api', 'browser->banking-service:-']));
    const unexpected = records.filter((record) => record.response && record.response.status < 300 && record.findings.length > 0);
    expect(unexpected.map((record) => ({ op: record.operationId, findings: record.findings }))).toEqual([]);
    expect(records.every((record) => record.api === undefined || record.operationId !== undefined)).toBe(true);
  });
});

/**
 * No secret reaches the evidence: a run with known secrets walks every flow that carries one (token requests,
 * notifications with the provider header, signed consumer calls, the organisation key handed out, every JWT),
 * then the traffic-log and events files are searched byte for byte.
 */
describe('no secret in the traffic log or the events file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bs-secrets-'));
  const trafficFile = join(dir, 'traffic.jsonl');
  const eventsFile = join(dir, 'events.jsonl');
  const known = {
    clientSecret: 'KNOWN-client-secret-0123456789',
    apiKey: 'KNOWN-api-key-0123456789',
    notificationHeaderValue: 'KNOWN-notification-header-0123456789',
    signingKey: 'KNOWN-product-signing-key-0123456789',
  };
  const issued: string[] = [];
  let fixture: Fixture;

  beforeAll(async () => {
    fixture = await startFixture({
      trafficFile,
      eventsFile,
      provider: { clientSecret: known.clientSecret, apiKey: known.apiKey, notificationHeaderValue: known.notificationHeaderValue },
      product: { signingKey: known.signingKey },
      rateLimit: { requestsPerSecond: 1000 },
    });
    fixture.simulator.sageId.onTokenIssued((token) => issued.push(token));
    const account = await fixture.onboard(CURRENT_ACCOUNT);
    const statement = await fixture.provider.postStatement(buildStatement({ bankAccountId: account, bankId: fixture.bankId, transactions: [{ amount: 1 }] }));
    await fixture.settled((statement.body as { data: { _id: string } }).data._id);
    await fixture.product.transactions(account);
    await fixture.product.deleteBankAccount(account);
    // A provider that leaks its own secret into a body, and one that sends a wrong key: both still redacted.
    await fixture.provider.call('POST', '/v1/accountqueries', { data: { bankId: fixture.bankId, externalId: known.apiKey } });
    await fixture.provider.call('GET', '/v1/statements/x', undefined, { authorization: `Bearer ${await fixture.provider.accessToken()}`, apiKey: `${known.apiKey}-wrong` });
  });
  afterAll(async () => {
    await fixture.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('walked flows that carry every kind of secret', () => {
    const records = fixture.simulator.traffic.all();
    expect(records.some((record) => record.to === 'sage-id')).toBe(true);
    expect(records.some((record) => record.operationId === 'postNotification')).toBe(true);
    expect(records.some((record) => record.operationId === 'createOrganisation')).toBe(true);
    expect(records.some((record) => record.operationId === 'getAccessToken')).toBe(true);
    expect(issued.length).toBeGreaterThan(0);
  });

  it('finds none of them in the bytes of either file', async () => {
    await fixture.close();
    const traffic = readFileSync(trafficFile, 'utf8');
    const events = readFileSync(eventsFile, 'utf8');
    expect(traffic.length).toBeGreaterThan(1000);
    const organisationKeys = fixture.simulator.state.organisations().map((organisation) => organisation.signingKey);
    const secrets = [...Object.values(known), ...organisationKeys, ...issued];
    for (const secret of secrets) {
      expect(traffic.includes(secret), `traffic log contains a secret starting ${secret.slice(0, 6)}`).toBe(false);
      expect(events.includes(secret), `events file contains a secret starting ${secret.slice(0, 6)}`).toBe(false);
    }
    expect(traffic).not.toMatch(/eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\./);
    expect(traffic).toContain('[REDACTED:');
  });
});

describe('startBankingServiceSimulator options', () => {
  it('pre-registers a bank from config for a candidate without bank sync, and hands out fresh credentials per run', async () => {
    const simulator = await startBankingServiceSimulator({
      specs: 'none',
      banks: [{ name: 'Configured', countryCode: 'GB', principalId: '3993ba12-039d-43a5-a5ae-1493e5ac1ff8', callbackURLs: { notification: 'http://127.0.0.1:9/n', auth: 'http://127.0.0.1:9/a', reAuth: 'http://127.0.0.1:9/r' } }],
    });
    const provider = await ScriptedProvider.start(simulator.credentials);
    const other = await startBankingServiceSimulator({ specs: 'none' });
    try {
      const bank = simulator.state.bank('3993ba12-039d-43a5-a5ae-1493e5ac1ff8');
      expect(bank).toMatchObject({ name: 'Configured', ownerClientId: simulator.credentials.clientId });
      const update = await provider.call('POST', '/v1/banks', { data: { toUpdate: [{ principalId: bank?.principalId, externalRef: bank?.externalRef, name: 'Renamed' }] } });
      expect(update.status).toBe(200);
      expect(simulator.specs).toBeUndefined();

      const env = candidateEnvironment(simulator.credentials);
      expect(env['BANKING_SERVICE_URL']).toBe(simulator.providerApiUrl);
      expect(env['SAGE_ID_URL']).toBe(simulator.sageIdUrl);
      for (const field of ['clientSecret', 'apiKey', 'audience', 'notificationHeaderValue'] as const) expect(simulator.credentials[field]).not.toBe(other.credentials[field]);
      expect(simulator.consumerApiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
    } finally {
      await provider.close();
      await other.close();
      await simulator.close();
    }
  });

  it('refuses a fault schedule naming an operation the Provider API does not have, and closes what it started', async () => {
    await expect(startBankingServiceSimulator({ specs: 'none', faults: [{ operationId: 'postStatements', occurrence: 1, fault: { kind: 'unauthorized-401' } }] })).rejects.toThrow(/not an operation of this API/);
  });
});
