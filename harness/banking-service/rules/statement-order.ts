import type { RuleViolation } from '../events/index.ts';
import { capped, violationOf, type StatementRule } from './statement-rule.ts';
import { instantOf } from './statement-view.ts';

/**
 * R9: transactions go in the order they appear on the account statement [APPLY] [SETUP] [P-STMT]; by policy
 * statement-order the observable proxy is datePosted ascending, within one statement only [KC-25].
 */
export const statementOrder: StatementRule = {
  id: 'statement-order',
  anchors: ['R9'],
  evidence: ['APPLY', 'SETUP', 'P-STMT'],
  policy: 'statement-order',
  phases: ['processing'],
  refusalStatus: 422,
  check(statement, context) {
    if (context.policies['statement-order'] === 'off') return [];
    const violations: RuleViolation[] = [];
    let previous: { index: number; posted: number; text: string } | undefined;
    for (const transaction of statement.transactionDetails) {
      const posted = instantOf(transaction.datePosted);
      if (posted === undefined) continue;
      if (previous && posted < previous.posted) {
        violations.push(
          violationOf(
            this,
            `transactionDetails[${transaction.index}].datePosted ${transaction.datePosted} is earlier than transactionDetails[${previous.index}] (${previous.text}): send transactions in statement order, oldest first`,
            `/data/transactionDetails/${transaction.index}/datePosted`,
          ),
        );
      }
      previous = { index: transaction.index, posted, text: transaction.datePosted ?? '' };
    }
    return capped(this, violations);
  },
};
