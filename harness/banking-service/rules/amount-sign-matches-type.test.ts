import { describe, expect, it } from 'vitest';
import { ruleContext, statementView } from '../test-support/rule-context.ts';
import { amountSignMatchesType } from './amount-sign-matches-type.ts';

describe('amount-sign-matches-type (R16, policy amount-sign-matches-type)', () => {
  it('accepts signed amounts and zero with either type', () => {
    const statement = statementView({ transactions: [{ amount: 10, type: 'CREDIT' }, { amount: -10, type: 'DEBIT' }, { amount: 0, type: 'DEBIT' }] });
    expect(amountSignMatchesType.check(statement, ruleContext())).toEqual([]);
  });

  it('rejects a positive DEBIT and a negative CREDIT exchangeAmount', () => {
    const statement = statementView({ transactions: [{ amount: 10, type: 'DEBIT' }, { amount: 5, type: 'CREDIT', extra: { exchangeAmount: -6 } }] });
    const violations = amountSignMatchesType.check(statement, ruleContext());
    expect(violations.map((violation) => violation.pointer)).toEqual(['/data/transactionDetails/0/transactionAmount', '/data/transactionDetails/1/exchangeAmount']);
    expect(violations[0]?.message).toMatch(/a DEBIT amount must be negative/);
    expect(amountSignMatchesType.check(statement, ruleContext({ policyOverrides: { 'amount-sign-matches-type': 'off' } }))).toEqual([]);
  });
});
