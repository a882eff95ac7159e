import { describe, expect, it } from 'vitest';
import { ruleContext, statementView } from '../test-support/rule-context.ts';
import { batchLimit } from './batch-limit.ts';

const many = (count: number) => Array.from({ length: count }, () => ({ amount: 1 }));

describe('batch-limit (R11, policy statement-batch-limit)', () => {
  it('accepts 100 and refuses 101 under the default policy', () => {
    expect(batchLimit.check(statementView({ transactions: many(100) }), ruleContext())).toEqual([]);
    const [violation] = batchLimit.check(statementView({ transactions: many(101) }), ruleContext());
    expect(violation?.message).toMatch(/101 transactions, more than 100 \(policy statement-batch-limit\)/);
  });

  it('takes 1,000 when the policy says so', () => {
    expect(batchLimit.check(statementView({ transactions: many(101) }), ruleContext({ policyOverrides: { 'statement-batch-limit': 1000 } }))).toEqual([]);
  });
});
