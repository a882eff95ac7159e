import { violationOf, type StatementRule } from './statement-rule.ts';

/**
 * Q24: a cancelled account is terminal and its data hard-deleted [CA-OFF] [F-OFF], so its statements are refused;
 * whether an authRequired account still takes statements is policy statements-for-inactive-accounts. Checked at
 * POST and again when the statement is processed, since the product may disconnect the account in between.
 */
export const accountAcceptsStatements: StatementRule = {
  id: 'account-accepts-statements',
  anchors: ['Q24'],
  evidence: ['CA-OFF', 'F-OFF', 'U-REAUTH'],
  policy: 'statements-for-inactive-accounts',
  phases: ['at-post', 'processing'],
  refusalStatus: 409,
  check(_statement, context) {
    const account = context.account;
    if (!account) return [];
    if (account.status === 'cancelled') {
      return [violationOf(this, `bank account ${account.id} is cancelled (disconnected by the product): stop posting for it and clean up on the resourceDeleted notification`, '/data/accountDetails/0/bankAccountId')];
    }
    if (account.status === 'authRequired' && context.policies['statements-for-inactive-accounts'] === 'reject-cancelled-and-auth-required') {
      return [violationOf(this, `bank account ${account.id} is authRequired: wait for the re-authorisation PATCH before posting (policy statements-for-inactive-accounts = reject-cancelled-and-auth-required)`, '/data/accountDetails/0/status')];
    }
    return [];
  },
};
