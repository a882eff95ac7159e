import { violationOf, type StatementRule } from './statement-rule.ts';

/**
 * R20: posting needs the Banking Service bankAccountId from the bank-account-created notification [C-NOTIF].
 * An id Banking Service never issued is answered 404 at POST [KC-06].
 */
export const knownBankAccount: StatementRule = {
  id: 'known-bank-account',
  anchors: ['R20'],
  evidence: ['C-NOTIF', 'P-STMT'],
  phases: ['at-post'],
  refusalStatus: 404,
  check(statement, context) {
    const id = statement.accountDetails[0]?.bankAccountId;
    if (id === undefined) {
      return [violationOf(this, 'accountDetails[0].bankAccountId is missing: send resource.id of the bank-account-created notification', '/data/accountDetails/0/bankAccountId')];
    }
    if (context.account) return [];
    return [violationOf(this, `bank account ${id} is unknown to Banking Service: use resource.id of the bank-account-created notification`, '/data/accountDetails/0/bankAccountId')];
  },
};
