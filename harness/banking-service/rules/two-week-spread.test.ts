import { describe, expect, it } from 'vitest';
import { ruleContext, statementView } from '../test-support/rule-context.ts';
import { twoWeekSpread } from './two-week-spread.ts';

const spread = (days: number) =>
  statementView({ transactions: [{ amount: 1, datePosted: '2024-03-01T00:00:00.000Z' }, { amount: 1, datePosted: new Date(Date.parse('2024-03-01T00:00:00.000Z') + days * 86_400_000).toISOString() }] });

describe('two-week-spread (R8, policy two-week-spread-scope)', () => {
  it('accepts exactly two weeks and rejects more', () => {
    expect(twoWeekSpread.check(spread(14), ruleContext())).toEqual([]);
    const [violation] = twoWeekSpread.check(spread(15), ruleContext());
    expect(violation).toMatchObject({ pointer: '/data/transactionDetails/0/datePosted', policy: 'two-week-spread-scope' });
    expect(violation?.message).toMatch(/more than two weeks older than the statement's newest transaction/);
  });

  it('is switched off by the policy', () => {
    expect(twoWeekSpread.check(spread(40), ruleContext({ policyOverrides: { 'two-week-spread-scope': 'off' } }))).toEqual([]);
  });
});
