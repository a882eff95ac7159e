import type { BankAccountBody } from '../../harness/product/index.ts';
import type { FlowContext } from './flow-driver.ts';

export interface ProductView {
  /** The account as the transaction read reports it. */
  readonly account: BankAccountBody | undefined;
  /** Transactions read in this pass (from `startIndex` on). */
  readonly read: number;
  /** `bankTransactionList.total` of the last page: every transaction Banking Service holds for the account. */
  readonly total: number;
  readonly pages: number;
  /** The highest transactionId read; the next incremental read starts after it, as the collection does [BRUNO]. */
  readonly lastTransactionId: number | undefined;
  readonly oldestDatePosted: string | undefined;
  readonly newestDatePosted: string | undefined;
}

/** Pages can only run out; this many means the simulator's paging is broken, which is the kit's failure. */
const MAX_PAGES = 1_000;

/**
 * Reads the account's transactions as a Sage product does: GET …/transactions?startIndex=, following
 * bankTransactionList.next until it is null [BRUNO] [CA-FETCH] [U-POST]. Every page is an exchange in the traffic
 * log (product → banking-service), which STMT-04 reads.
 */
export async function readProductView(context: FlowContext, bankAccountId: string, startIndex = 0): Promise<ProductView> {
  let index = startIndex;
  let account: BankAccountBody | undefined;
  let read = 0;
  let total = 0;
  let pages = 0;
  let lastTransactionId: number | undefined;
  let oldest: string | undefined;
  let newest: string | undefined;
  for (;;) {
    const page = await context.product.transactions(bankAccountId, index);
    pages += 1;
    if (page.status !== 200 || !page.body?.bankTransactionList) {
      throw new Error(`GET …/bankaccounts/${bankAccountId}/transactions?startIndex=${index} answered ${page.status}${page.failure ? ` (${page.failure})` : ''}`);
    }
    account = page.body.bankAccount;
    const list = page.body.bankTransactionList;
    total = list.total;
    for (const transaction of list.transactions) {
      read += 1;
      lastTransactionId = Math.max(lastTransactionId ?? 0, transaction.transactionId);
      const posted = typeof transaction.datePosted === 'string' ? transaction.datePosted : undefined;
      if (posted !== undefined && (oldest === undefined || posted < oldest)) oldest = posted;
      if (posted !== undefined && (newest === undefined || posted > newest)) newest = posted;
    }
    if (list.next === null || list.transactions.length === 0) break;
    const next = Number(new URL(list.next).searchParams.get('startIndex'));
    if (!Number.isInteger(next) || next <= index) throw new Error(`bankTransactionList.next ${list.next} does not move past startIndex ${index}`);
    if (pages >= MAX_PAGES) throw new Error(`more than ${MAX_PAGES} pages of transactions for bank account ${bankAccountId}`);
    index = next;
  }
  return { account, read, total, pages, lastTransactionId, oldestDatePosted: oldest, newestDatePosted: newest };
}
