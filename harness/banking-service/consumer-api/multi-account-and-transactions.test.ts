import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePolicies } from '../../policies/index.ts';
import { buildStatement } from '../test-support/statement-builder.ts';
import { CURRENT_ACCOUNT, SAVINGS_ACCOUNT, startFixture, type Fixture } from '../test-support/simulator-fixture.ts';

const BUSINESS_ACCOUNT = { bankAccountExternalId: 'QkVTOjM=', accountName: 'Business Account', bankIdentifier: '1000', accountIdentifier: '777' };

describe('Consumer API: multi-account linking, re-authorisation start, transactions paging', () => {
  let fixture: Fixture;
  let first: string;

  beforeAll(async () => {
    fixture = await startFixture({ specs: 'none', rateLimit: { requestsPerSecond: 1000 }, pageSize: 2 });
    first = await fixture.onboard(CURRENT_ACCOUNT);
  });
  afterAll(() => fixture.close());

  it('availablebankaccounts: 409 while the first account is pending [CA-MAL]', async () => {
    const answer = await fixture.product.availableBankAccounts([first]);
    expect(answer.status).toBe(409);
    expect(answer.errors?.[0]?.code).toBe('first-account-not-active');
    expect(fixture.provider.availableAccountsCalls).toEqual([]);
  });

  it('lists every account of the authorisation with metadata.connected, with stable candidate ids; linking creates the account and notifies', async () => {
    const statement = await fixture.provider.postStatement(buildStatement({ bankAccountId: first, bankId: fixture.bankId, transactions: [{ amount: 1 }] }));
    await fixture.settled((statement.body as { data: { _id: string } }).data._id);
    fixture.provider.accounts = [CURRENT_ACCOUNT, SAVINGS_ACCOUNT, BUSINESS_ACCOUNT];
    const listed = await fixture.product.availableBankAccounts([first]);
    expect(listed.status).toBe(200);
    expect(fixture.provider.availableAccountsCalls).toEqual([CURRENT_ACCOUNT.bankAccountExternalId]);
    expect(listed.body?.availableAccounts.map((candidate) => [candidate.accountIdentifier, candidate.metadata.connected])).toEqual([
      [CURRENT_ACCOUNT.accountIdentifier, true],
      [SAVINGS_ACCOUNT.accountIdentifier, false],
      [BUSINESS_ACCOUNT.accountIdentifier, false],
    ]);
    const again = await fixture.product.availableBankAccounts([first]);
    expect(again.body?.availableAccounts.map((candidate) => candidate.bankAccountCandidateId)).toEqual(listed.body?.availableAccounts.map((candidate) => candidate.bankAccountCandidateId));

    const savings = listed.body?.availableAccounts[1]?.bankAccountCandidateId ?? '';
    const linked = await fixture.product.linkAvailableBankAccount({ bankAccountCandidateId: savings, requestedStartDate: '2024-02-15T00:00:00.000Z' });
    expect(linked).toMatchObject({ status: 201, body: { status: 'pending' } });
    expect(fixture.provider.notifications.at(-1)?.body).toMatchObject({
      type: 'resourceCreated',
      resource: { id: linked.body?.bankAccountId, type: 'bankAccount' },
      additionalData: { externalId: SAVINGS_ACCOUNT.bankAccountExternalId, requestedStartDate: '2024-02-15T00:00:00.000Z', bankId: fixture.bankId },
    });
    expect(fixture.simulator.events.ofType('account.created').at(-1)).toMatchObject({ via: 'multi-account-link' });
    const after = await fixture.product.availableBankAccounts([first]);
    expect(after.body?.availableAccounts.map((candidate) => candidate.metadata.connected)).toEqual([true, true, false]);
    const twice = await fixture.product.linkAvailableBankAccount({ bankAccountCandidateId: savings, requestedStartDate: '2024-02-15T00:00:00.000Z' });
    expect(twice.status).toBe(409);
    expect((await fixture.product.linkAvailableBankAccount({ bankAccountCandidateId: 'nope', requestedStartDate: '2024-02-15T00:00:00.000Z' })).status).toBe(404);
  });

  it('answers 502 naming the problem when the connector\'s /availableaccounts answer is not a bare array [KC-22]', async () => {
    fixture.provider.availableAccountsReply = { status: 200, json: { data: [] } };
    try {
      const answer = await fixture.product.availableBankAccounts([first]);
      expect(answer.status).toBe(502);
      expect(answer.errors?.[0]?.message).toMatch(/not a JSON array/);
      expect(fixture.simulator.events.ofType('available-accounts.requested').at(-1)?.outcome.acknowledged).toBe(false);
    } finally {
      fixture.provider.availableAccountsReply = undefined;
    }
  });

  it('pages transactions from an inclusive startIndex with next and last links [KC-14]', async () => {
    const statement = await fixture.provider.postStatement(buildStatement({ bankAccountId: first, bankId: fixture.bankId, transactions: [{ amount: 2 }, { amount: 3 }, { amount: 4 }], ledgerBalance: 10 }));
    await fixture.settled((statement.body as { data: { _id: string } }).data._id);
    const firstPage = await fixture.product.transactions(first, 0);
    const list = firstPage.body?.bankTransactionList;
    expect(list?.total).toBe(4);
    expect(list?.transactions.map((transaction) => transaction.transactionAmount)).toEqual([1, 2]);
    expect(list?.endIndex).toBe(list?.transactions[1]?.transactionId);
    expect(list?.next).toMatch(/\/transactions\?startIndex=\d+$/);
    const nextPage = await fixture.product.transactions(first, Number(new URL(list?.next ?? '').searchParams.get('startIndex')));
    expect(nextPage.body?.bankTransactionList.transactions.map((transaction) => transaction.transactionAmount)).toEqual([3, 4]);
    expect(nextPage.body?.bankTransactionList.next).toBeNull();
    expect(nextPage.body?.bankTransactionList.last).toBe(list?.last);
    expect(firstPage.body?.bankAccount.lastTransactionId).toBe(nextPage.body?.bankTransactionList.endIndex);
    const beyond = await fixture.product.transactions(first, (nextPage.body?.bankTransactionList.endIndex ?? 0) + 1);
    expect(beyond.body?.bankTransactionList.transactions).toEqual([]);
  });

  it('indirectauth: 302 to /authrefresh with the account, and 409 for a cancelled account', async () => {
    const start = await fixture.product.startReauthorisation(first);
    expect(start.status).toBe(302);
    expect(new URL(start.body?.redirect ?? '').searchParams.get('bankaccount')).toBe(first);
    const savings = fixture.provider.bankAccountIdFor(SAVINGS_ACCOUNT.bankAccountExternalId) ?? '';
    await fixture.product.deleteBankAccount(savings);
    const cancelled = await fixture.product.startReauthorisation(savings);
    expect(cancelled.status).toBe(409);
  });
});

describe('indirectauth under policy authrefresh-bankaccount-parameter = bank-id', () => {
  it('passes the bank id as bankaccount (D4)', async () => {
    const fixture = await startFixture({ specs: 'none', policies: resolvePolicies({ 'authrefresh-bankaccount-parameter': 'bank-id' }) });
    try {
      const account = await fixture.onboard(CURRENT_ACCOUNT);
      const start = await fixture.product.startReauthorisation(account);
      expect(new URL(start.body?.redirect ?? '').searchParams.get('bankaccount')).toBe(fixture.bankId);
    } finally {
      await fixture.close();
    }
  });
});
