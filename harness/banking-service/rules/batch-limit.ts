import { violationOf, type StatementRule } from './statement-rule.ts';

/** R11: at most 100 or 1,000 TransactionDetails per statement (D1), by policy statement-batch-limit [P-STMT] [G-POST]. */
export const batchLimit: StatementRule = {
  id: 'batch-limit',
  anchors: ['R11', 'D1'],
  evidence: ['P-STMT', 'G-POST'],
  policy: 'statement-batch-limit',
  phases: ['at-post'],
  refusalStatus: 422,
  check(statement, context) {
    const limit = context.policies['statement-batch-limit'];
    const count = statement.transactionDetails.length;
    if (count <= limit) return [];
    return [violationOf(this, `data.transactionDetails has ${count} transactions, more than ${limit} (policy statement-batch-limit): split them into statements of at most ${limit}, posted one after another`, '/data/transactionDetails')];
  },
};
