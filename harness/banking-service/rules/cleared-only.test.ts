import { describe, expect, it } from 'vitest';
import { ruleContext, statementView } from '../test-support/rule-context.ts';
import { clearedOnly } from './cleared-only.ts';

describe('cleared-only (R1)', () => {
  it('accepts posted transactions and rejects a pending one', () => {
    expect(clearedOnly.check(statementView({ transactions: [{ amount: 1 }] }), ruleContext())).toEqual([]);
    const [violation] = clearedOnly.check(statementView({ transactions: [{ amount: 1 }, { amount: 2, status: 'pending' }] }), ruleContext());
    expect(violation).toMatchObject({ pointer: '/data/transactionDetails/1/transactionStatus', anchors: ['R1'] });
    expect(violation?.message).toMatch(/"pending": send only cleared transactions/);
  });
});
