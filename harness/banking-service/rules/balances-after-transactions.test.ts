import { describe, expect, it } from 'vitest';
import { ruleContext, statementView } from '../test-support/rule-context.ts';
import { balancesAfterTransactions } from './balances-after-transactions.ts';

describe('balances-after-transactions (R4, R5)', () => {
  it('needs a ledger balance when transactions are sent, but not for a status-only statement', () => {
    expect(balancesAfterTransactions.check(statementView({ balances: null }), ruleContext())).toEqual([]);
    const [violation] = balancesAfterTransactions.check(statementView({ transactions: [{ amount: 5 }], balances: null }), ruleContext());
    expect(violation?.message).toMatch(/ledgerBalance is missing: a statement with transactions must carry the signed ending balance/);
  });

  it('cannot check the first statement, then checks the balance moved by the transaction sum', () => {
    expect(balancesAfterTransactions.check(statementView({ transactions: [{ amount: 5 }], ledgerBalance: 1234 }), ruleContext())).toEqual([]);
    const next = statementView({ transactions: [{ amount: 5.1 }, { amount: -0.2 }], ledgerBalance: 104.9 });
    expect(balancesAfterTransactions.check(next, ruleContext({ previousLedgerBalance: 100 }))).toEqual([]);
    const [violation] = balancesAfterTransactions.check(next, ruleContext({ previousLedgerBalance: 90 }));
    expect(violation?.message).toMatch(/104.9 minus the previous statement's 90 is 14.9, but the transactions sum to 4.9/);
  });

  it('leaves a statement holding an id accepted before to unique-transaction-ids: it is not processed at all', () => {
    const resubmitted = statementView({ transactions: [{ amount: 5, uniqueId: 'tx-1' }], ledgerBalance: 105 });
    expect(balancesAfterTransactions.check(resubmitted, ruleContext({ previousLedgerBalance: 105, acceptedUniqueIds: new Set(['tx-1']) }))).toEqual([]);
    expect(balancesAfterTransactions.check(resubmitted, ruleContext({ previousLedgerBalance: 105 }))).toHaveLength(1);
  });
});
