import { violationOf, type StatementRule } from './statement-rule.ts';

/** R12: a statement contains exactly one AccountDetail [P-STMT] [BRUNO]. */
export const oneAccountDetail: StatementRule = {
  id: 'one-account-detail',
  anchors: ['R12'],
  evidence: ['P-STMT', 'BRUNO'],
  phases: ['at-post'],
  refusalStatus: 422,
  check(statement) {
    const count = statement.accountDetails.length;
    if (count === 1) return [];
    return [violationOf(this, `data.accountDetails has ${count} entries: a statement carries exactly one AccountDetail; post one statement per account`, '/data/accountDetails')];
  },
};
