import { capped, violationOf, type StatementRule } from './statement-rule.ts';

/** R1: only cleared transactions may be sent; `posted` is the only status seen [APPLY] [SETUP] [GS] [BRUNO]. */
export const clearedOnly: StatementRule = {
  id: 'cleared-only',
  anchors: ['R1'],
  evidence: ['APPLY', 'SETUP', 'GS', 'CA-TXN'],
  phases: ['processing'],
  refusalStatus: 422,
  check(statement) {
    return capped(
      this,
      statement.transactionDetails
        .filter((transaction) => transaction.transactionStatus !== 'posted')
        .map((transaction) =>
          violationOf(
            this,
            `transactionDetails[${transaction.index}].transactionStatus is ${JSON.stringify(transaction.transactionStatus ?? null)}: send only cleared transactions (posted); hold pending ones until they clear`,
            `/data/transactionDetails/${transaction.index}/transactionStatus`,
          ),
        ),
    );
  },
};
