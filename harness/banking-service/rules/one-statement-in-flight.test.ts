import { describe, expect, it } from 'vitest';
import { TEST_ACCOUNT, ruleContext, statementView } from '../test-support/rule-context.ts';
import { oneStatementInFlight } from './one-statement-in-flight.ts';

describe('one-statement-in-flight (R7)', () => {
  it('accepts when nothing is in flight and refuses with 409 naming the statement to wait for', () => {
    expect(oneStatementInFlight.check(statementView(), ruleContext())).toEqual([]);
    const inFlight = {
      id: 'st-1',
      bankAccountId: TEST_ACCOUNT.id,
      clientId: 'client-1',
      status: 'processing' as const,
      receivedAt: 0,
      completedAt: undefined,
      transactionCount: 1,
      reasons: [],
      firstTransactionId: undefined,
      lastTransactionId: undefined,
    };
    const [violation] = oneStatementInFlight.check(statementView(), ruleContext({ inFlight }));
    expect(violation?.message).toMatch(/statement st-1 .* is still processing: poll GET \/v1\/statements\/st-1/);
    expect(oneStatementInFlight.refusalStatus).toBe(409);
  });
});
