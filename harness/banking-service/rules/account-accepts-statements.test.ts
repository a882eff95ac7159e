import { describe, expect, it } from 'vitest';
import { TEST_ACCOUNT, ruleContext, statementView } from '../test-support/rule-context.ts';
import { accountAcceptsStatements } from './account-accepts-statements.ts';

describe('account-accepts-statements (Q24, policy statements-for-inactive-accounts)', () => {
  it('accepts pending, active and (by default) authRequired accounts', () => {
    for (const status of ['pending', 'active', 'authRequired'] as const) {
      expect(accountAcceptsStatements.check(statementView(), ruleContext({ account: { ...TEST_ACCOUNT, status } }))).toEqual([]);
    }
  });

  it('refuses a cancelled account, and an authRequired one under the stricter policy', () => {
    const [cancelled] = accountAcceptsStatements.check(statementView(), ruleContext({ account: { ...TEST_ACCOUNT, status: 'cancelled' } }));
    expect(cancelled?.message).toMatch(/is cancelled .* stop posting for it/);
    const strict = ruleContext({ account: { ...TEST_ACCOUNT, status: 'authRequired' }, policyOverrides: { 'statements-for-inactive-accounts': 'reject-cancelled-and-auth-required' } });
    expect(accountAcceptsStatements.check(statementView(), strict)[0]?.message).toMatch(/is authRequired: wait for the re-authorisation PATCH/);
    expect(accountAcceptsStatements.phases).toEqual(['at-post', 'processing']);
  });
});
