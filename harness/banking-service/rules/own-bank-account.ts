import { violationOf, type StatementRule } from './statement-rule.ts';

/**
 * "Only tokens generated with your client_id can access resources associated with your provider" [G-POST]: a
 * statement for an account of another provider's bank is refused 403 [KC-01].
 */
export const ownBankAccount: StatementRule = {
  id: 'own-bank-account',
  anchors: ['R20'],
  evidence: ['G-POST'],
  phases: ['at-post'],
  refusalStatus: 403,
  check(_statement, context) {
    if (!context.account) return [];
    if (context.bank && context.bank.ownerClientId === context.callerClientId) return [];
    return [violationOf(this, `bank account ${context.account.id} does not belong to a bank your client registered`, '/data/accountDetails/0/bankAccountId')];
  },
};
