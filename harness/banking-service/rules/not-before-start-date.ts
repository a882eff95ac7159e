import { capped, violationOf, type StatementRule } from './statement-rule.ts';
import { instantOf } from './statement-view.ts';

const utcDay = (instant: number): number => Math.floor(instant / 86_400_000);

/**
 * R13: the first push covers transactions from the user's requestedStartDate [U-POST] [C-NOTIF]; none may be
 * older. Compared by UTC calendar date [KC-21].
 */
export const notBeforeStartDate: StatementRule = {
  id: 'not-before-start-date',
  anchors: ['R13'],
  evidence: ['U-POST', 'C-NOTIF'],
  phases: ['processing'],
  refusalStatus: 422,
  check(statement, context) {
    const start = instantOf(context.account?.requestedStartDate);
    if (start === undefined) return [];
    const startDay = utcDay(start);
    return capped(
      this,
      statement.transactionDetails.flatMap((transaction) => {
        const posted = instantOf(transaction.datePosted);
        if (posted === undefined || utcDay(posted) >= startDay) return [];
        return [
          violationOf(
            this,
            `transactionDetails[${transaction.index}].datePosted ${transaction.datePosted} is before the account's requestedStartDate ${context.account?.requestedStartDate}: send only transactions from that date on`,
            `/data/transactionDetails/${transaction.index}/datePosted`,
          ),
        ];
      }),
    );
  },
};
