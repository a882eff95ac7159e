import { describe, expect, it } from 'vitest';
import { ruleContext, statementView } from '../test-support/rule-context.ts';
import { oneAccountDetail } from './one-account-detail.ts';

describe('one-account-detail (R12)', () => {
  it('accepts exactly one AccountDetail and refuses two', () => {
    expect(oneAccountDetail.check(statementView(), ruleContext())).toEqual([]);
    const [violation] = oneAccountDetail.check(statementView({ extraAccountDetails: 1 }), ruleContext());
    expect(violation?.message).toMatch(/has 2 entries: a statement carries exactly one AccountDetail/);
  });
});
