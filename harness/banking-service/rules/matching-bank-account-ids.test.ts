import { describe, expect, it } from 'vitest';
import { ruleContext, statementView } from '../test-support/rule-context.ts';
import { matchingBankAccountIds } from './matching-bank-account-ids.ts';

describe('matching-bank-account-ids (R20)', () => {
  it('accepts transactions of the statement account and its own bank', () => {
    expect(matchingBankAccountIds.check(statementView({ transactions: [{ amount: 5 }] }), ruleContext())).toEqual([]);
  });

  it('names a transaction of another account and a wrong bankId', () => {
    const violations = matchingBankAccountIds.check(statementView({ bankId: '11111111-1111-4111-8111-111111111111', transactions: [{ amount: 5 }, { amount: 6, bankAccountId: 'other' }] }), ruleContext());
    expect(violations.map((violation) => violation.pointer)).toEqual(['/data/bankId', '/data/transactionDetails/1/bankAccountId']);
    expect(violations[1]?.message).toMatch(/post one statement per account/);
  });
});
