import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES, resolvePolicies, type Policies } from '../../policies/index.ts';
import { EventLog } from '../events/index.ts';
import { readStatement, type StatementView } from '../rules/index.ts';
import { SimulatorState, systemClock } from '../state/index.ts';
import { buildStatement, type TransactionSpec } from '../test-support/statement-builder.ts';
import { StatementProcessor } from './statement-processor.ts';

function setup(policies: Policies = DEFAULT_POLICIES) {
  const events = new EventLog({ clock: systemClock });
  const state = new SimulatorState<StatementView>(systemClock, events);
  const bank = state.banks.create({
    externalRef: 'agg', name: 'B', countryCode: 'GB', url: 'https://b', supportiframe: false, ownerClientId: 'p1',
    callbackURLs: { notification: 'http://c/n', availableAccounts: undefined, auth: 'http://c/a', reAuth: 'http://c/r' },
  });
  const account = state.accounts.create({
    externalId: 'e', bankId: bank.principalId, organisationId: 'o', companyId: 'c', accountName: 'n', accountKey: undefined, accountType: undefined,
    bankIdentifier: '1', branchIdentifier: undefined, accountIdentifier: '2', defaultCurrency: undefined, requestedStartDate: '2024-01-01T00:00:00.000Z',
    status: 'pending', groupId: 'g', via: 'seed',
  });
  const processor = new StatementProcessor({ state, events, policies, processingMs: 5 });
  const post = (transactions: TransactionSpec[], extra: { status?: string; ledgerBalance?: number } = {}) => {
    const read = readStatement(buildStatement({ bankAccountId: account.id, bankId: bank.principalId, transactions, ...extra }));
    if (!read.ok) throw new Error('bad test statement');
    const record = state.statements.create({ bankAccountId: account.id, clientId: 'p1', transactionCount: transactions.length, payload: read.statement });
    processor.accept(record);
    return record;
  };
  const settled = (statementId: string) =>
    events.waitFor((event) => (event.type === 'statement.completed' || event.type === 'statement.rejected') && event.statementId === statementId, { timeoutMs: 2000, description: `statement ${statementId} settled` });
  return { state, events, processor, account, post, settled };
}

describe('StatementProcessor', () => {
  it('goes accepted → processing → completed, stores transactions and activates on the first transactions', async () => {
    const { state, events, processor, account, post, settled } = setup();
    const record = post([{ amount: 10 }, { amount: -3 }]);
    expect(state.statements.get(record.id)?.status).toBe('accepted');
    await events.waitForType('statement.processing', (event) => event.statementId === record.id, { timeoutMs: 1000, description: 'processing' });
    expect(state.statements.get(record.id)?.status).toBe('processing');
    await settled(record.id);
    expect(state.statements.get(record.id)).toMatchObject({ status: 'completed', firstTransactionId: 1, lastTransactionId: 2 });
    expect(state.transactions.count(account.id)).toBe(2);
    expect(state.accounts.get(account.id)).toMatchObject({ status: 'active', ledgerBalance: 7 });
    processor.close();
  });

  it('keeps the account pending after a status-only statement under the default policy, activates it under first-accepted-statement', async () => {
    const strict = setup();
    await strict.settled(strict.post([]).id);
    expect(strict.state.accounts.get(strict.account.id)?.status).toBe('pending');
    strict.processor.close();
    const loose = setup(resolvePolicies({ 'account-activation': 'first-accepted-statement' }));
    await loose.settled(loose.post([]).id);
    expect(loose.state.accounts.get(loose.account.id)?.status).toBe('active');
    loose.processor.close();
  });

  it('rejects with reasons and changes nothing', async () => {
    const { state, events, processor, account, post, settled } = setup();
    const record = post([{ amount: 10, status: 'pending' }], { status: 'authRequired' });
    await settled(record.id);
    expect(state.statements.get(record.id)).toMatchObject({ status: 'rejected', reasons: [{ rule: 'cleared-only' }] });
    expect(state.transactions.count(account.id)).toBe(0);
    expect(state.accounts.get(account.id)?.status).toBe('pending');
    expect(events.ofType('statement.rejected')[0]?.reasons[0]?.anchors).toEqual(['R1']);
    processor.close();
  });

  it('applies authRequired on completion and rejects uniqueIds accepted before', async () => {
    const { state, processor, account, post, settled } = setup();
    await settled(post([{ amount: 1, uniqueId: 'u1' }]).id);
    await settled(post([], { status: 'authRequired', ledgerBalance: 1 }).id);
    expect(state.accounts.get(account.id)?.status).toBe('authRequired');
    const duplicate = post([{ amount: 1, uniqueId: 'u1' }], { ledgerBalance: 2 });
    await settled(duplicate.id);
    expect(state.statements.get(duplicate.id)?.reasons.map((reason) => reason.rule)).toEqual(['unique-transaction-ids']);
    processor.close();
  });
});
