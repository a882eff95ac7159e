import { describe, expect, it } from 'vitest';
import { ruleContext, statementView } from '../test-support/rule-context.ts';
import { notBeforeStartDate } from './not-before-start-date.ts';

describe('not-before-start-date (R13)', () => {
  it('accepts transactions on or after the requested start date (same UTC day counts)', () => {
    const statement = statementView({ transactions: [{ amount: 1, datePosted: '2024-02-01T00:00:00.000Z' }, { amount: 1, datePosted: '2024-02-05T10:00:00.000Z' }] });
    expect(notBeforeStartDate.check(statement, ruleContext())).toEqual([]);
  });

  it('rejects a transaction posted before it', () => {
    const [violation] = notBeforeStartDate.check(statementView({ transactions: [{ amount: 1, datePosted: '2024-01-31T23:59:59.000Z' }] }), ruleContext());
    expect(violation?.message).toMatch(/before the account's requestedStartDate 2024-02-01T00:00:00.000Z/);
  });
});
