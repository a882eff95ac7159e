import { capped, violationOf, type StatementRule } from './statement-rule.ts';

/**
 * R20: one statement is for one account [P-STMT]; every transaction carries the same bankAccountId as the
 * AccountDetail, and data.bankId is that account's bank [BRUNO].
 */
export const matchingBankAccountIds: StatementRule = {
  id: 'matching-bank-account-ids',
  anchors: ['R20'],
  evidence: ['P-STMT', 'BRUNO'],
  phases: ['at-post'],
  refusalStatus: 422,
  check(statement, context) {
    const accountId = statement.accountDetails[0]?.bankAccountId;
    if (accountId === undefined) return [];
    const violations = statement.transactionDetails
      .filter((transaction) => transaction.bankAccountId !== accountId)
      .map((transaction) =>
        violationOf(
          this,
          `transactionDetails[${transaction.index}].bankAccountId is ${JSON.stringify(transaction.bankAccountId ?? null)}, not the statement's account ${accountId}: post one statement per account`,
          `/data/transactionDetails/${transaction.index}/bankAccountId`,
        ),
      );
    if (context.account && statement.bankId !== context.account.bankId) {
      violations.unshift(violationOf(this, `data.bankId is ${JSON.stringify(statement.bankId ?? null)}, but account ${accountId} belongs to bank ${context.account.bankId}`, '/data/bankId'));
    }
    return capped(this, violations);
  },
};
