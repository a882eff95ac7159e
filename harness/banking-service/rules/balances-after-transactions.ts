import { formatAmount, sameAmount, violationOf, type StatementRule } from './statement-rule.ts';

/**
 * R4/R5: an upload with transactions carries a correctly signed ending balance, the balance after its
 * transactions [APPLY] [P-STMT]. For the first statement the opening balance is unknown, so only presence can be
 * checked; afterwards the ledgerBalance must move by exactly the sum of the transactions [KC-11].
 */
export const balancesAfterTransactions: StatementRule = {
  id: 'balances-after-transactions',
  anchors: ['R4', 'R5'],
  evidence: ['APPLY', 'SETUP', 'GS', 'P-STMT'],
  phases: ['processing'],
  refusalStatus: 422,
  check(statement, context) {
    if (statement.transactionDetails.length === 0) return [];
    const ledger = statement.accountDetails[0]?.balances?.ledgerBalance;
    if (ledger === undefined) {
      return [violationOf(this, 'accountDetails[0].balances.ledgerBalance is missing: a statement with transactions must carry the signed ending balance after them', '/data/accountDetails/0/balances/ledgerBalance')];
    }
    const previous = context.previousLedgerBalance;
    if (previous === undefined) return [];
    // "A statement holding an id sent before is not processed at all" [APPLY]: a resubmission of a statement that
    // did land is refused for its ids alone (unique-transaction-ids), not also for a balance now a statement behind.
    if (statement.transactionDetails.some((transaction) => transaction.uniqueId !== undefined && context.acceptedUniqueIds.has(transaction.uniqueId))) return [];
    const sum = statement.transactionDetails.reduce((total, transaction) => total + (transaction.transactionAmount ?? 0), 0);
    if (sameAmount(ledger - previous, sum)) return [];
    return [
      violationOf(
        this,
        `accountDetails[0].balances.ledgerBalance ${formatAmount(ledger)} minus the previous statement's ${formatAmount(previous)} is ${formatAmount(ledger - previous)}, but the transactions sum to ${formatAmount(sum)}: send the balance after this statement's transactions`,
        '/data/accountDetails/0/balances/ledgerBalance',
      ),
    ];
  },
};
