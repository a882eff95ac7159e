import type { RuleViolation } from '../events/index.ts';
import { formatAmount, sameAmount, violationOf, type StatementRule } from './statement-rule.ts';

const FIELDS = ['transactionDetailsCount', 'accountDetailsCount', 'transactionCreditSum', 'transactionDebitSum'] as const;

/**
 * R17: the expected control totals match the payload [BRUNO]. Whether the block is mandatory is policy
 * expected-block; the sign of transactionDebitSum is policy debit-sum-sign (Q12). Credits and debits are told
 * apart by transactionType; the debit sum is compared by magnitude with the sign the policy wants.
 */
export const expectedTotals: StatementRule = {
  id: 'expected-totals',
  anchors: ['R17'],
  evidence: ['BRUNO', 'P-STMT'],
  policy: 'expected-block',
  phases: ['at-post'],
  refusalStatus: 422,
  check(statement, context) {
    const mode = context.policies['expected-block'];
    if (mode === 'ignored') return [];
    const expected = statement.expected;
    const required = mode === 'required-and-matching';
    if (expected === undefined) {
      return required ? [violationOf(this, 'data.expected is missing: send the control totals transactionDetailsCount, accountDetailsCount, transactionCreditSum and transactionDebitSum (policy expected-block = required-and-matching)', '/data/expected')] : [];
    }
    const transactions = statement.transactionDetails;
    const credits = transactions.filter((t) => t.transactionType === 'CREDIT').reduce((sum, t) => sum + (t.transactionAmount ?? 0), 0);
    const debitMagnitude = transactions.filter((t) => t.transactionType === 'DEBIT').reduce((sum, t) => sum + Math.abs(t.transactionAmount ?? 0), 0);
    const violations: RuleViolation[] = [];
    for (const field of FIELDS) {
      const value = expected[field];
      const pointer = `/data/expected/${field}`;
      if (value === undefined) {
        if (required) violations.push(violationOf(this, `data.expected.${field} is missing (policy expected-block = required-and-matching)`, pointer));
        continue;
      }
      if (typeof value !== 'number') {
        violations.push(violationOf(this, `data.expected.${field} must be a number`, pointer));
        continue;
      }
      if (field === 'transactionDetailsCount' && value !== transactions.length) {
        violations.push(violationOf(this, `data.expected.transactionDetailsCount is ${value} but the statement has ${transactions.length} transactions`, pointer));
      }
      if (field === 'accountDetailsCount' && value !== statement.accountDetails.length) {
        violations.push(violationOf(this, `data.expected.accountDetailsCount is ${value} but the statement has ${statement.accountDetails.length} AccountDetails`, pointer));
      }
      if (field === 'transactionCreditSum' && !sameAmount(value, credits)) {
        violations.push(violationOf(this, `data.expected.transactionCreditSum is ${formatAmount(value)} but the CREDIT transactions sum to ${formatAmount(credits)}`, pointer));
      }
      if (field === 'transactionDebitSum') {
        const sign = context.policies['debit-sum-sign'];
        const accepted = sign === 'negative' ? [-debitMagnitude] : sign === 'positive' ? [debitMagnitude] : [-debitMagnitude, debitMagnitude];
        if (!accepted.some((candidate) => sameAmount(value, candidate))) {
          violations.push(
            violationOf(
              { ...this, policy: 'debit-sum-sign' },
              `data.expected.transactionDebitSum is ${formatAmount(value)} but must be ${accepted.map(formatAmount).join(' or ')}: the DEBIT transactions total ${formatAmount(debitMagnitude)} in magnitude (policy debit-sum-sign = ${sign})`,
              pointer,
            ),
          );
        }
      }
    }
    return violations;
  },
};
