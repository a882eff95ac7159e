import { capped, violationOf, type StatementRule } from './statement-rule.ts';
import { instantOf } from './statement-view.ts';

const TWO_WEEKS_MS = 14 * 24 * 60 * 60 * 1000;

/**
 * R8: a transaction may be at most two weeks older than the newest one [APPLY] [SETUP] [GS], measured within the
 * statement by policy two-week-spread-scope (Q17).
 */
export const twoWeekSpread: StatementRule = {
  id: 'two-week-spread',
  anchors: ['R8'],
  evidence: ['APPLY', 'SETUP', 'GS'],
  policy: 'two-week-spread-scope',
  phases: ['processing'],
  refusalStatus: 422,
  check(statement, context) {
    if (context.policies['two-week-spread-scope'] === 'off') return [];
    const dated = statement.transactionDetails.flatMap((transaction) => {
      const posted = instantOf(transaction.datePosted);
      return posted === undefined ? [] : [{ transaction, posted }];
    });
    if (dated.length === 0) return [];
    const newest = Math.max(...dated.map((entry) => entry.posted));
    const newestText = new Date(newest).toISOString();
    return capped(
      this,
      dated
        .filter((entry) => newest - entry.posted > TWO_WEEKS_MS)
        .map(({ transaction }) =>
          violationOf(
            this,
            `transactionDetails[${transaction.index}].datePosted ${transaction.datePosted} is more than two weeks older than the statement's newest transaction (${newestText}): split the history into statements spanning at most two weeks`,
            `/data/transactionDetails/${transaction.index}/datePosted`,
          ),
        ),
    );
  },
};
