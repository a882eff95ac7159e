import { describe, expect, it } from 'vitest';
import { TEST_ACCOUNT, ruleContext, statementView } from '../test-support/rule-context.ts';
import { runRules } from './run-rules.ts';

describe('runRules', () => {
  it('passes a valid statement in both phases', () => {
    const statement = statementView({ transactions: [{ amount: 10 }, { amount: -4 }] });
    expect(runRules('at-post', statement, ruleContext())).toEqual({ violations: [], status: undefined });
    expect(runRules('processing', statement, ruleContext())).toEqual({ violations: [], status: undefined });
  });

  it('answers 422 before 409 at POST and lists both', () => {
    const statement = statementView({ transactions: [{ amount: 10 }], expected: { transactionDetailsCount: 9 } });
    const outcome = runRules('at-post', statement, ruleContext({ account: { ...TEST_ACCOUNT, status: 'cancelled' } }));
    expect(outcome.status).toBe(422);
    expect(outcome.violations.map((violation) => violation.rule)).toEqual(['expected-totals', 'account-accepts-statements']);
  });

  it('hides everything else behind a 403 for another provider', () => {
    const statement = statementView({ transactions: [{ amount: 10 }], expected: { transactionDetailsCount: 9 } });
    const outcome = runRules('at-post', statement, ruleContext({ callerClientId: 'intruder', account: { ...TEST_ACCOUNT, status: 'cancelled' } }));
    expect(outcome).toMatchObject({ status: 403, violations: [{ rule: 'own-bank-account' }] });
  });

  it('reports processing violations without a status', () => {
    const outcome = runRules('processing', statementView({ transactions: [{ amount: 10, status: 'pending' }] }), ruleContext());
    expect(outcome).toMatchObject({ status: undefined, violations: [{ rule: 'cleared-only' }] });
  });
});
