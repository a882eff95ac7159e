import { describe, expect, it } from 'vitest';
import { ruleContext, statementView } from '../test-support/rule-context.ts';
import { expectedTotals } from './expected-totals.ts';

const transactions = [{ amount: 100 }, { amount: -40 }, { amount: -60 }];

describe('expected-totals (R17, policies expected-block and debit-sum-sign)', () => {
  it('accepts matching totals with a negative debit sum', () => {
    expect(expectedTotals.check(statementView({ transactions }), ruleContext())).toEqual([]);
  });

  it('names each total that does not match', () => {
    const violations = expectedTotals.check(statementView({ transactions, expected: { transactionDetailsCount: 2, transactionCreditSum: 99 } }), ruleContext());
    expect(violations.map((violation) => violation.pointer)).toEqual(['/data/expected/transactionDetailsCount', '/data/expected/transactionCreditSum']);
    expect(violations[1]?.message).toMatch(/is 99 but the CREDIT transactions sum to 100/);
  });

  it('follows debit-sum-sign', () => {
    const positive = statementView({ transactions, expected: { transactionDebitSum: 100 } });
    const [violation] = expectedTotals.check(positive, ruleContext());
    expect(violation).toMatchObject({ policy: 'debit-sum-sign' });
    expect(violation?.message).toMatch(/must be -100.*policy debit-sum-sign = negative/);
    expect(expectedTotals.check(positive, ruleContext({ policyOverrides: { 'debit-sum-sign': 'positive' } }))).toEqual([]);
    expect(expectedTotals.check(positive, ruleContext({ policyOverrides: { 'debit-sum-sign': 'either' } }))).toEqual([]);
  });

  it('follows expected-block: required, only if present, or ignored', () => {
    const missing = statementView({ transactions, expected: null });
    expect(expectedTotals.check(missing, ruleContext())[0]?.message).toMatch(/data.expected is missing/);
    expect(expectedTotals.check(missing, ruleContext({ policyOverrides: { 'expected-block': 'matching-if-present' } }))).toEqual([]);
    const wrong = statementView({ transactions, expected: { accountDetailsCount: 3 } });
    expect(expectedTotals.check(wrong, ruleContext({ policyOverrides: { 'expected-block': 'matching-if-present' } }))).toHaveLength(1);
    expect(expectedTotals.check(wrong, ruleContext({ policyOverrides: { 'expected-block': 'ignored' } }))).toEqual([]);
  });
});
