import type { FaultSet } from '../faults.ts';
import type { BankTransaction } from '../test-bank/index.ts';

export const TWO_WEEKS_MS = 14 * 86_400_000;

export interface BatchLimits {
  /** STATEMENT_BATCH_LIMIT (policy statement-batch-limit, default 100) [P-STMT] [G-POST]. */
  readonly maxTransactions: number;
  /** Oldest-to-newest span allowed in one upload (R8) [APPLY] [SETUP]. */
  readonly maxSpanMs: number;
}

/**
 * Which transactions a push sends: cleared ones only (R1) [APPLY] [CA-TXN], from the requested start date (R13)
 * [U-POST] [C-NOTIF], not sent to this bank account before, in statement order (R9).
 */
export function selectUnsent(
  transactions: readonly BankTransaction[],
  scope: { readonly requestedStartDate: string; readonly sentIds: ReadonlySet<string> },
  faults: FaultSet,
): BankTransaction[] {
  const startMs = Date.parse(scope.requestedStartDate);
  return transactions.filter((transaction) => {
    if (scope.sentIds.has(transaction.id)) return false;
    if (transaction.status !== 'booked' && !faults.has('send-pending-transactions')) return false;
    if (Date.parse(transaction.date) < startMs && !faults.has('ignore-requested-start-date')) return false;
    return true;
  });
}

/**
 * Splits transactions (already in statement order) into consecutive batches that each hold at most
 * maxTransactions and span strictly less than maxSpanMs from oldest to newest — "no transaction more than two
 * weeks older than the newest in the same upload" (R8, policy two-week-spread-scope); staying strictly under the
 * bound keeps a batch valid whichever way the boundary is read. Batches come out in date order (R9) [P-STMT].
 */
export function planBatches<Transaction extends { readonly date: string }>(transactions: readonly Transaction[], limits: BatchLimits, faults: FaultSet): Transaction[][] {
  const maxTransactions = faults.has('oversize-batch') ? Number.POSITIVE_INFINITY : limits.maxTransactions;
  const maxSpanMs = faults.has('wide-date-spread') ? Number.POSITIVE_INFINITY : limits.maxSpanMs;
  const batches: Transaction[][] = [];
  let current: Transaction[] = [];
  let firstMs = 0;
  for (const transaction of transactions) {
    const dateMs = Date.parse(transaction.date);
    if (current.length > 0 && (current.length >= maxTransactions || dateMs - firstMs >= maxSpanMs)) {
      batches.push(current);
      current = [];
    }
    if (current.length === 0) firstMs = dateMs;
    current.push(transaction);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
