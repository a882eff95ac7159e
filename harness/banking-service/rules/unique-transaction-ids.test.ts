import { describe, expect, it } from 'vitest';
import { ruleContext, statementView } from '../test-support/rule-context.ts';
import { MAX_VIOLATIONS_PER_RULE } from './statement-rule.ts';
import { uniqueTransactionIds } from './unique-transaction-ids.ts';

describe('unique-transaction-ids (R2)', () => {
  it('accepts fresh ids', () => {
    expect(uniqueTransactionIds.check(statementView({ transactions: [{ amount: 1, uniqueId: 'a' }, { amount: 2, uniqueId: 'b' }] }), ruleContext())).toEqual([]);
  });

  it('rejects an id repeated within the statement and one accepted before', () => {
    const statement = statementView({ transactions: [{ amount: 1, uniqueId: 'a' }, { amount: 2, uniqueId: 'a' }, { amount: 3, uniqueId: 'old' }] });
    const violations = uniqueTransactionIds.check(statement, ruleContext({ acceptedUniqueIds: new Set(['old']) }));
    expect(violations.map((violation) => violation.pointer)).toEqual(['/data/transactionDetails/1/uniqueId', '/data/transactionDetails/2/uniqueId']);
    expect(violations[0]?.message).toMatch(/repeats transactionDetails\[0\] in the same statement/);
    expect(violations[1]?.message).toMatch(/was accepted in an earlier statement/);
  });

  it('caps a flood of duplicates and counts the rest', () => {
    const transactions = Array.from({ length: 30 }, () => ({ amount: 1, uniqueId: 'same' }));
    const violations = uniqueTransactionIds.check(statementView({ transactions }), ruleContext());
    expect(violations).toHaveLength(MAX_VIOLATIONS_PER_RULE + 1);
    expect(violations.at(-1)?.message).toBe('19 more transaction(s) break the same rule');
  });
});
