/** A transaction as Banking Service holds it: the provider's fields plus the consumer-side id. */
export interface StoredTransaction {
  /** Sequential consumer id; per account increasing, gaps possible [CA-FETCH] [KC-14]. */
  readonly transactionId: number;
  readonly uniqueId: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

export interface TransactionPage {
  readonly transactions: readonly StoredTransaction[];
  readonly total: number;
  /** The id of the last transaction returned; startIndex - 1 when the page is empty [CA-FETCH] [KC-14]. */
  readonly endIndex: number;
  /** startIndex of the next page, undefined when this page reaches the newest transaction. */
  readonly nextStartIndex: number | undefined;
  /** startIndex of the page holding the newest transactions, undefined when the account has none. */
  readonly lastStartIndex: number | undefined;
}

/**
 * Transactions per bank account and the uniqueIds each account has ever accepted. Ids come from one counter
 * shared by every account, so an account's ids increase but are not contiguous: products must not assume they
 * are [CA-FETCH] [KC-14].
 */
export class TransactionStore {
  private readonly byAccount = new Map<string, StoredTransaction[]>();
  private readonly uniqueIdsByAccount = new Map<string, Set<string>>();
  private counter = 0;

  append(bankAccountId: string, transactions: readonly { readonly uniqueId: string; readonly fields: Readonly<Record<string, unknown>> }[]): StoredTransaction[] {
    const list = this.byAccount.get(bankAccountId) ?? [];
    const ids = this.uniqueIdsByAccount.get(bankAccountId) ?? new Set<string>();
    const stored = transactions.map((transaction) => {
      this.counter += 1;
      ids.add(transaction.uniqueId);
      return { transactionId: this.counter, uniqueId: transaction.uniqueId, fields: transaction.fields };
    });
    for (const transaction of stored) list.push(transaction);
    this.byAccount.set(bankAccountId, list);
    this.uniqueIdsByAccount.set(bankAccountId, ids);
    return stored;
  }

  /** Every uniqueId the account has accepted; a statement repeating one is rejected whole [APPLY] (R2). */
  acceptedUniqueIds(bankAccountId: string): ReadonlySet<string> {
    return this.uniqueIdsByAccount.get(bankAccountId) ?? new Set<string>();
  }

  count(bankAccountId: string): number {
    return this.byAccount.get(bankAccountId)?.length ?? 0;
  }

  /** Total stored across accounts, for the benchmark and reports. */
  totalCount(): number {
    let total = 0;
    for (const list of this.byAccount.values()) total += list.length;
    return total;
  }

  lastTransactionId(bankAccountId: string): number {
    return this.byAccount.get(bankAccountId)?.at(-1)?.transactionId ?? 0;
  }

  /** Transactions with an id of at least `startIndex` (inclusive: the collection passes lastTransactionId + 1 [BRUNO] [KC-14]). */
  page(bankAccountId: string, startIndex: number, pageSize: number): TransactionPage {
    const list = this.byAccount.get(bankAccountId) ?? [];
    const from = firstIndexAtLeast(list, startIndex);
    const transactions = list.slice(from, from + pageSize);
    const last = transactions.at(-1);
    const following = list[from + pageSize];
    const lastPageFirst = list[Math.max(0, list.length - pageSize)];
    return {
      transactions,
      total: list.length,
      endIndex: last?.transactionId ?? Math.max(0, startIndex - 1),
      nextStartIndex: following?.transactionId,
      lastStartIndex: lastPageFirst?.transactionId,
    };
  }

  /** Hard delete on offboarding [CA-OFF]: the transactions and the account's uniqueId history go. */
  deleteAccount(bankAccountId: string): number {
    const deleted = this.count(bankAccountId);
    this.byAccount.delete(bankAccountId);
    this.uniqueIdsByAccount.delete(bankAccountId);
    return deleted;
  }
}

function firstIndexAtLeast(list: readonly StoredTransaction[], id: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((list[middle]?.transactionId ?? 0) < id) low = middle + 1;
    else high = middle;
  }
  return low;
}
