import { describe, expect, it } from 'vitest';
import { ruleContext, statementView } from '../test-support/rule-context.ts';
import { statementOrder } from './statement-order.ts';

const dated = (...dates: string[]) => statementView({ transactions: dates.map((datePosted) => ({ amount: 1, datePosted })) });

describe('statement-order (R9, policy statement-order)', () => {
  it('accepts datePosted ascending (ties allowed) and rejects a step back', () => {
    expect(statementOrder.check(dated('2024-03-01T00:00:00Z', '2024-03-01T00:00:00Z', '2024-03-02T00:00:00Z'), ruleContext())).toEqual([]);
    const [violation] = statementOrder.check(dated('2024-03-02T00:00:00Z', '2024-03-01T00:00:00Z'), ruleContext());
    expect(violation?.message).toMatch(/transactionDetails\[1\].datePosted .* is earlier than transactionDetails\[0\]/);
  });

  it('is switched off by the policy', () => {
    expect(statementOrder.check(dated('2024-03-02T00:00:00Z', '2024-03-01T00:00:00Z'), ruleContext({ policyOverrides: { 'statement-order': 'off' } }))).toEqual([]);
  });
});
