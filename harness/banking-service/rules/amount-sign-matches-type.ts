import type { RuleViolation } from '../events/index.ts';
import { capped, formatAmount, violationOf, type StatementRule } from './statement-rule.ts';

/**
 * R16: amounts are signed, credits positive and debits negative [BRUNO] [FX], enforced by policy
 * amount-sign-matches-type (Q16). Zero is allowed with either type [KC-20]. exchangeAmount follows the same sign.
 */
export const amountSignMatchesType: StatementRule = {
  id: 'amount-sign-matches-type',
  anchors: ['R16'],
  evidence: ['BRUNO', 'FX'],
  policy: 'amount-sign-matches-type',
  phases: ['processing'],
  refusalStatus: 422,
  check(statement, context) {
    if (context.policies['amount-sign-matches-type'] === 'off') return [];
    const violations: RuleViolation[] = [];
    for (const transaction of statement.transactionDetails) {
      const wrongSign = (amount: number | undefined): boolean =>
        amount !== undefined && ((transaction.transactionType === 'CREDIT' && amount < 0) || (transaction.transactionType === 'DEBIT' && amount > 0));
      const expectedSign = transaction.transactionType === 'CREDIT' ? 'positive' : 'negative';
      for (const field of ['transactionAmount', 'exchangeAmount'] as const) {
        const amount = transaction[field];
        if (!wrongSign(amount)) continue;
        violations.push(
          violationOf(
            this,
            `transactionDetails[${transaction.index}].${field} is ${formatAmount(amount ?? 0)} on a ${transaction.transactionType}: a ${transaction.transactionType} amount must be ${expectedSign}`,
            `/data/transactionDetails/${transaction.index}/${field}`,
          ),
        );
      }
    }
    return capped(this, violations);
  },
};
