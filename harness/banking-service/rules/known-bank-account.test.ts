import { describe, expect, it } from 'vitest';
import { ruleContext, statementView } from '../test-support/rule-context.ts';
import { knownBankAccount } from './known-bank-account.ts';

describe('known-bank-account (R20)', () => {
  it('accepts a statement for an account Banking Service issued', () => {
    expect(knownBankAccount.check(statementView(), ruleContext())).toEqual([]);
  });

  it('refuses an unknown bankAccountId with a pointer to it', () => {
    const [violation] = knownBankAccount.check(statementView(), ruleContext({ account: undefined }));
    expect(violation).toMatchObject({ rule: 'known-bank-account', anchors: ['R20'], pointer: '/data/accountDetails/0/bankAccountId' });
    expect(violation?.message).toMatch(/unknown to Banking Service: use resource.id of the bank-account-created notification/);
    expect(knownBankAccount.refusalStatus).toBe(404);
  });
});
