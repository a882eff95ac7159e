import { accountAcceptsStatements } from './account-accepts-statements.ts';
import { amountSignMatchesType } from './amount-sign-matches-type.ts';
import { balancesAfterTransactions } from './balances-after-transactions.ts';
import { batchLimit } from './batch-limit.ts';
import { clearedOnly } from './cleared-only.ts';
import { expectedTotals } from './expected-totals.ts';
import { knownBankAccount } from './known-bank-account.ts';
import { matchingBankAccountIds } from './matching-bank-account-ids.ts';
import { notBeforeStartDate } from './not-before-start-date.ts';
import { oneAccountDetail } from './one-account-detail.ts';
import { oneStatementInFlight } from './one-statement-in-flight.ts';
import { ownBankAccount } from './own-bank-account.ts';
import { principalIdRule } from './principal-id.ts';
import type { StatementRule } from './statement-rule.ts';
import { statementOrder } from './statement-order.ts';
import { twoWeekSpread } from './two-week-spread.ts';
import { uniqueTransactionIds } from './unique-transaction-ids.ts';

/**
 * Every statement rule Banking Service enforces (reference §10, §13.4), in the order they are reported. The
 * split between `at-post` and `processing` is kit contract KC-04.
 */
export const STATEMENT_RULES: readonly StatementRule[] = Object.freeze([
  knownBankAccount,
  ownBankAccount,
  oneAccountDetail,
  batchLimit,
  matchingBankAccountIds,
  principalIdRule,
  expectedTotals,
  accountAcceptsStatements,
  oneStatementInFlight,
  uniqueTransactionIds,
  clearedOnly,
  notBeforeStartDate,
  twoWeekSpread,
  statementOrder,
  amountSignMatchesType,
  balancesAfterTransactions,
]);
