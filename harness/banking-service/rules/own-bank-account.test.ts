import { describe, expect, it } from 'vitest';
import { ruleContext, statementView } from '../test-support/rule-context.ts';
import { ownBankAccount } from './own-bank-account.ts';

describe('own-bank-account', () => {
  it('accepts the owner of the bank', () => {
    expect(ownBankAccount.check(statementView(), ruleContext())).toEqual([]);
  });

  it('refuses another provider with 403', () => {
    const violations = ownBankAccount.check(statementView(), ruleContext({ callerClientId: 'client-2' }));
    expect(violations).toHaveLength(1);
    expect(violations[0]?.message).toMatch(/does not belong to a bank your client registered/);
    expect(ownBankAccount.refusalStatus).toBe(403);
  });
});
