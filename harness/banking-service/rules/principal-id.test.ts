import { describe, expect, it } from 'vitest';
import { TEST_BANK, ruleContext, statementView } from '../test-support/rule-context.ts';
import { principalIdRule } from './principal-id.ts';

describe('principal-id (D7, policy statement-principal-id)', () => {
  it('accepts the bank account id under the default policy and refuses the bank id', () => {
    expect(principalIdRule.check(statementView(), ruleContext())).toEqual([]);
    const [violation] = principalIdRule.check(statementView({ principalId: TEST_BANK.principalId }), ruleContext());
    expect(violation).toMatchObject({ policy: 'statement-principal-id', pointer: '/data/principalId' });
    expect(violation?.message).toMatch(/must be the bank account id \(policy statement-principal-id = bank-account-id\)/);
  });

  it('follows the policy in force', () => {
    const bankPrincipal = ruleContext({ policyOverrides: { 'statement-principal-id': 'bank-principal-id' } });
    expect(principalIdRule.check(statementView({ principalId: TEST_BANK.principalId }), bankPrincipal)).toEqual([]);
    expect(principalIdRule.check(statementView(), bankPrincipal)).toHaveLength(1);
    const either = ruleContext({ policyOverrides: { 'statement-principal-id': 'either' } });
    expect(principalIdRule.check(statementView(), either)).toEqual([]);
    expect(principalIdRule.check(statementView({ principalId: TEST_BANK.principalId }), either)).toEqual([]);
  });
});
