import type { RuleViolation } from '../events/index.ts';
import { capped, violationOf, type StatementRule } from './statement-rule.ts';

/**
 * R2: every transaction has a unique uniqueId; a statement holding an id sent before is not processed at all
 * [APPLY] [SETUP] [GS]. Checked within the statement and against every id the account has accepted, so a
 * resubmission after an uncertain delivery (R3) is rejected rather than double-posted.
 */
export const uniqueTransactionIds: StatementRule = {
  id: 'unique-transaction-ids',
  anchors: ['R2', 'R3'],
  evidence: ['APPLY', 'SETUP', 'GS'],
  phases: ['processing'],
  refusalStatus: 409,
  check(statement, context) {
    const seen = new Map<string, number>();
    const violations: RuleViolation[] = [];
    for (const transaction of statement.transactionDetails) {
      const id = transaction.uniqueId;
      const pointer = `/data/transactionDetails/${transaction.index}/uniqueId`;
      if (id === undefined || id === '') {
        violations.push(violationOf(this, `transactionDetails[${transaction.index}].uniqueId is missing: every transaction needs a unique id`, pointer));
        continue;
      }
      const first = seen.get(id);
      if (first !== undefined) {
        violations.push(violationOf(this, `transactionDetails[${transaction.index}].uniqueId ${JSON.stringify(id)} repeats transactionDetails[${first}] in the same statement`, pointer));
      } else if (context.acceptedUniqueIds.has(id)) {
        violations.push(violationOf(this, `transactionDetails[${transaction.index}].uniqueId ${JSON.stringify(id)} was accepted in an earlier statement: send only transactions not sent before`, pointer));
      }
      seen.set(id, first ?? transaction.index);
    }
    return capped(this, violations);
  },
};
