import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStatement, type StatementSpec } from '../test-support/statement-builder.ts';
import { CURRENT_ACCOUNT, SAVINGS_ACCOUNT, startFixture, type Fixture } from '../test-support/simulator-fixture.ts';

interface ErrorBody {
  errors: { code: string; message: string; rule?: string; evidence?: string[]; pointer?: string; policy?: string }[];
}

/**
 * Every statement rule over real HTTP: the valid case accepted, the broken case refused at POST with its status,
 * or rejected during processing with its reason (kit contract KC-04).
 */
describe('POST /v1/statements and GET /v1/statements/{id}: every rule', () => {
  let fixture: Fixture;
  let account: string;
  let otherAccount: string;
  let bankId: string;

  beforeAll(async () => {
    fixture = await startFixture({ rateLimit: { requestsPerSecond: 1000 } });
    bankId = fixture.bankId;
    account = await fixture.onboard(CURRENT_ACCOUNT);
    otherAccount = await fixture.onboard(SAVINGS_ACCOUNT);
  });
  afterAll(() => fixture.close());

  const statement = (spec: Partial<StatementSpec> = {}) => buildStatement({ bankAccountId: account, bankId, ...spec });

  async function refusedAtPost(body: unknown, status: number, rule: string) {
    const answer = await fixture.provider.postStatement(body);
    expect(answer.status, JSON.stringify(answer.body)).toBe(status);
    const errors = (answer.body as ErrorBody).errors;
    expect(errors.map((error) => error.code)).toContain(rule);
    return errors.find((error) => error.code === rule);
  }

  async function rejectedInProcessing(body: unknown, rule: string) {
    const answer = await fixture.provider.postStatement(body);
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    const id = (answer.body as { data: { _id: string } }).data._id;
    await fixture.settled(id);
    const state = await fixture.provider.getStatement(id);
    const data = (state.body as { data: { status: string; reasons: { rule: string; message: string; evidence: string[] }[] } }).data;
    expect(data.status).toBe('rejected');
    expect(data.reasons.map((reason) => reason.rule)).toEqual([rule]);
    return data.reasons[0];
  }

  async function completes(body: unknown) {
    const answer = await fixture.provider.postStatement(body);
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    const id = (answer.body as { data: { _id: string } }).data._id;
    await fixture.settled(id);
    expect(((await fixture.provider.getStatement(id)).body as { data: { status: string } }).data.status).toBe('completed');
  }

  it('accepts a valid statement: 201 {data:{_id,status:accepted}}, then completed with no reasons', async () => {
    await completes(statement({ transactions: [{ amount: 10, uniqueId: 'first-1' }, { amount: -4 }], ledgerBalance: 6 }));
  });

  it('refuses a body that breaks the spec with 400 and the findings', async () => {
    const broken = statement();
    (broken.data['accountDetails'] as Record<string, unknown>[])[0] = { bankAccountId: account, status: 'closed' };
    const answer = await fixture.provider.postStatement(broken);
    expect(answer.status).toBe(400);
    expect((answer.body as ErrorBody).errors[0]).toMatchObject({ code: 'spec-enum', pointer: '/data/accountDetails/0/status' });
    expect((await fixture.provider.call('POST', '/v1/statements', undefined, { rawBody: '{"data":' })).status).toBe(400);
  });

  it('R20 known-bank-account: 404 for an id Banking Service never issued', async () => {
    const unknown = '5b26b598-a880-4e32-8c41-126aa0206857';
    const error = await refusedAtPost(buildStatement({ bankAccountId: unknown, bankId }), 404, 'known-bank-account');
    expect(error?.message).toMatch(/use resource.id of the bank-account-created notification/);
  });

  it('R20 matching-bank-account-ids: 422 for a transaction of another account', async () => {
    await refusedAtPost(statement({ transactions: [{ amount: 1, bankAccountId: otherAccount }] }), 422, 'matching-bank-account-ids');
  });

  it('D7 principal-id: 422 when principalId is the bank, not the account (policy statement-principal-id)', async () => {
    const error = await refusedAtPost(statement({ principalId: bankId }), 422, 'principal-id');
    expect(error?.policy).toBe('statement-principal-id');
  });

  it('R11 batch-limit: 422 above 100 transactions (policy statement-batch-limit)', async () => {
    const transactions = Array.from({ length: 101 }, () => ({ amount: 1 }));
    const error = await refusedAtPost(statement({ transactions }), 422, 'batch-limit');
    expect(error).toMatchObject({ policy: 'statement-batch-limit', evidence: ['P-STMT', 'G-POST'] });
  });

  it('R17 expected-totals: 422 for a count or sum that does not match, 422 for a positive debit sum', async () => {
    await refusedAtPost(statement({ transactions: [{ amount: 5 }], expected: { transactionCreditSum: 6 } }), 422, 'expected-totals');
    await refusedAtPost(statement({ transactions: [{ amount: -5 }], expected: { transactionDebitSum: 5 } }), 422, 'expected-totals');
    await refusedAtPost(statement({ expected: null }), 422, 'expected-totals');
  });

  it('R2 unique-transaction-ids: rejected during processing for an id repeated or sent before, nothing stored', async () => {
    const before = fixture.simulator.state.transactions(account).length;
    const repeated = await rejectedInProcessing(statement({ transactions: [{ amount: 1, uniqueId: 'twice' }, { amount: 1, uniqueId: 'twice' }], ledgerBalance: 8 }), 'unique-transaction-ids');
    expect(repeated?.message).toMatch(/repeats transactionDetails\[0\] in the same statement/);
    const resent = await rejectedInProcessing(statement({ transactions: [{ amount: 1, uniqueId: 'first-1' }], ledgerBalance: 7 }), 'unique-transaction-ids');
    expect(resent?.message).toMatch(/accepted in an earlier statement/);
    expect(fixture.simulator.state.transactions(account)).toHaveLength(before);
  });

  it('R1 cleared-only and R12 one-account-detail: the spec refuses them first, 400 at POST (the rules back it up without specs)', async () => {
    const pending = await fixture.provider.postStatement(statement({ transactions: [{ amount: 1, status: 'pending' }], ledgerBalance: 7 }));
    expect(pending.status).toBe(400);
    expect((pending.body as ErrorBody).errors[0]).toMatchObject({ code: 'spec-enum', pointer: '/data/transactionDetails/0/transactionStatus' });
    const two = await fixture.provider.postStatement(statement({ extraAccountDetails: 1 }));
    expect(two.status).toBe(400);
    expect((two.body as ErrorBody).errors[0]).toMatchObject({ code: 'spec-maxItems', pointer: '/data/accountDetails' });
  });

  it('R13 not-before-start-date: rejected for a transaction before requestedStartDate', async () => {
    await rejectedInProcessing(statement({ transactions: [{ amount: 1, datePosted: '2024-01-15T00:00:00.000Z' }], ledgerBalance: 7 }), 'not-before-start-date');
  });

  it('R8 two-week-spread: rejected when a transaction is more than two weeks older than the newest', async () => {
    const transactions = [{ amount: 1, datePosted: '2024-02-01T00:00:00.000Z' }, { amount: 1, datePosted: '2024-02-20T00:00:00.000Z' }];
    await rejectedInProcessing(statement({ transactions, ledgerBalance: 8 }), 'two-week-spread');
  });

  it('R9 statement-order: rejected when datePosted goes backwards', async () => {
    const transactions = [{ amount: 1, datePosted: '2024-03-02T00:00:00.000Z' }, { amount: 1, datePosted: '2024-03-01T00:00:00.000Z' }];
    await rejectedInProcessing(statement({ transactions, ledgerBalance: 8 }), 'statement-order');
  });

  it('R16 amount-sign-matches-type: rejected for a positive DEBIT', async () => {
    await rejectedInProcessing(statement({ transactions: [{ amount: 3, type: 'DEBIT' }], expected: { transactionCreditSum: 0, transactionDebitSum: -3 }, ledgerBalance: 9 }), 'amount-sign-matches-type');
  });

  it('R4/R5 balances-after-transactions: rejected without a ledger balance, or one that does not move by the transaction sum', async () => {
    await rejectedInProcessing(statement({ transactions: [{ amount: 1 }], balances: null }), 'balances-after-transactions');
    const wrong = await rejectedInProcessing(statement({ transactions: [{ amount: 1 }], ledgerBalance: 100 }), 'balances-after-transactions');
    expect(wrong?.message).toMatch(/minus the previous statement's 6 is 94, but the transactions sum to 1/);
    await completes(statement({ transactions: [{ amount: 1 }], ledgerBalance: 7 }));
  });

  it('Q24 account-accepts-statements: 409 for a cancelled account', async () => {
    expect((await fixture.product.deleteBankAccount(otherAccount)).status).toBe(204);
    const error = await refusedAtPost(buildStatement({ bankAccountId: otherAccount, bankId }), 409, 'account-accepts-statements');
    expect(error?.message).toMatch(/is cancelled/);
  });

  it('GET /v1/statements/{id}: 404 for an unknown id', async () => {
    const answer = await fixture.provider.getStatement('no-such-statement');
    expect(answer.status).toBe(404);
    expect((answer.body as ErrorBody).errors[0]?.code).toBe('unknown-statement');
  });

  it('another provider gets 403 for the account and its statements, and learns nothing else', async () => {
    const { ScriptedProvider } = await import('../test-support/scripted-provider.ts');
    const intruder = await ScriptedProvider.start(fixture.simulator.registerProvider());
    try {
      const answer = await intruder.postStatement(statement({ transactions: [{ amount: 1 }], expected: { transactionDetailsCount: 9 } }));
      expect(answer.status).toBe(403);
      expect((answer.body as ErrorBody).errors.map((error) => error.code)).toEqual(['own-bank-account']);
      const mine = fixture.simulator.state.statements()[0]?.id ?? '';
      expect((await intruder.getStatement(mine)).status).toBe(403);
    } finally {
      await intruder.close();
    }
  });
});

describe('POST /v1/statements in a run without specs, statements in flight for 300 ms', () => {
  let fixture: Fixture;
  let account: string;
  let other: string;
  beforeAll(async () => {
    // 300 ms in flight, so a second POST surely meets the first still processing.
    fixture = await startFixture({ specs: 'none', rateLimit: { requestsPerSecond: 1000 }, statementProcessingMs: 300 });
    account = await fixture.onboard(CURRENT_ACCOUNT);
    other = await fixture.onboard(SAVINGS_ACCOUNT);
  });
  afterAll(() => fixture.close());

  const statusOnly = (bankAccountId: string) => buildStatement({ bankAccountId, bankId: fixture.bankId, balances: null });

  it('R7 one-statement-in-flight: 409 while the account\'s statement is processing; other accounts go on', async () => {
    const first = await fixture.provider.postStatement(statusOnly(account));
    expect(first.status).toBe(201);
    const second = await fixture.provider.postStatement(statusOnly(account));
    expect(second.status).toBe(409);
    const error = (second.body as ErrorBody).errors[0];
    expect(error).toMatchObject({ code: 'one-statement-in-flight', rule: 'one-statement-in-flight', evidence: ['P-STMT', 'F-POST', 'APPLY'] });
    expect(error?.message).toMatch(/poll GET \/v1\/statements\/.* until it is completed/);
    const elsewhere = await fixture.provider.postStatement(statusOnly(other));
    expect(elsewhere.status).toBe(201);
    await fixture.settled((first.body as { data: { _id: string } }).data._id);
    await fixture.settled((elsewhere.body as { data: { _id: string } }).data._id);
  });

  it('without specs, R12 one-account-detail refuses two AccountDetails at POST and R1 cleared-only rejects a pending transaction during processing', async () => {
    const two = await fixture.provider.postStatement(buildStatement({ bankAccountId: account, bankId: fixture.bankId, extraAccountDetails: 1 }));
    expect(two.status).toBe(422);
    expect((two.body as ErrorBody).errors.map((error) => error.code)).toEqual(['one-account-detail']);
    const pending = await fixture.provider.postStatement(buildStatement({ bankAccountId: account, bankId: fixture.bankId, transactions: [{ amount: 1, status: 'pending' }] }));
    expect(pending.status).toBe(201);
    const settled = await fixture.settled((pending.body as { data: { _id: string } }).data._id);
    expect(settled).toMatchObject({ type: 'statement.rejected', reasons: [{ rule: 'cleared-only', anchors: ['R1'] }] });
  });
});
