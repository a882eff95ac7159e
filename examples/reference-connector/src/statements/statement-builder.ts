import type { FaultSet } from '../faults.ts';
import type { BankTransaction } from '../test-bank/index.ts';
import type { ExpectedTotals, StatementRequest, StatementTransactionDetail } from './statement-types.ts';

/** Minor units (the bank's integers) to the decimal major units statements carry, e.g. -1234 -> -12.34. */
export function toMajorUnits(minor: number): number {
  return minor / 100;
}

/** One bank transaction as a TransactionDetail [BRUNO]. */
export function toTransactionDetail(transaction: BankTransaction, bankAccountId: string): StatementTransactionDetail {
  const isDebit = transaction.amountMinor < 0;
  return {
    // Derived from the bank's own permanent transaction id, so a resubmission or a re-push carries the same ids [APPLY].
    uniqueId: transaction.id,
    bankAccountId,
    // Signed: credits positive, debits negative, in the account's base currency [BRUNO] [FX].
    transactionAmount: toMajorUnits(transaction.amountMinor),
    transactionType: isDebit ? 'DEBIT' : 'CREDIT',
    transactionStatus: transaction.status === 'booked' ? 'posted' : 'pending',
    datePosted: transaction.date,
    dateUserInitiated: transaction.initiatedAt,
    ...(transaction.exchange === undefined
      ? {}
      : // Foreign-currency origin, signed like the amount, in major units as the examples read (D10) [FX] [BRUNO].
        { exchangeCurrency: transaction.exchange.currency, exchangeAmount: toMajorUnits(transaction.exchange.amountMinor) }),
    referenceNumber: transaction.reference,
    description: transaction.description,
    payee: { payeeDescription: transaction.counterparty },
    narrative1: `${transaction.description} REF ${transaction.reference}`,
    category: { ...transaction.category },
  };
}

/**
 * Control totals [BRUNO] (policy expected-block): counts, the credit sum and the debit sum, signed (negative)
 * by policy debit-sum-sign. Summed in minor units so decimal amounts add up exactly.
 */
export function expectedTotals(details: readonly StatementTransactionDetail[], accountDetailsCount: number, faults: FaultSet): ExpectedTotals {
  let creditMinor = 0;
  let debitMinor = 0;
  for (const detail of details) {
    const minor = Math.round(detail.transactionAmount * 100);
    if (detail.transactionType === 'CREDIT') creditMinor += minor;
    else debitMinor += minor;
  }
  let transactionDebitSum = toMajorUnits(debitMinor);
  if (faults.has('positive-debit-sum')) transactionDebitSum = Math.abs(transactionDebitSum);
  let transactionDetailsCount = details.length;
  if (faults.has('wrong-expected-totals')) transactionDetailsCount += 1;
  return { transactionDetailsCount, accountDetailsCount, transactionCreditSum: toMajorUnits(creditMinor), transactionDebitSum };
}

export interface TransactionStatementInput {
  readonly bankAccountId: string;
  readonly bankId: string;
  /** In statement order (datePosted ascending). */
  readonly transactions: readonly BankTransaction[];
  /** Ledger balance in minor units after the last of these transactions [P-STMT] (R5), and its date. */
  readonly balanceMinor: number;
  readonly balanceDate: string;
}

/** A statement carrying transactions: exactly one AccountDetail with the balances after them [P-STMT] (R5, R12). */
export function buildTransactionStatement(input: TransactionStatementInput, faults: FaultSet): StatementRequest {
  const transactionDetails = input.transactions.map((transaction) => toTransactionDetail(transaction, input.bankAccountId));
  if (faults.has('duplicate-unique-ids') && transactionDetails.length > 1) {
    transactionDetails[1] = { ...transactionDetails[1]!, uniqueId: transactionDetails[0]!.uniqueId };
  }
  if (faults.has('unsorted-transactions')) transactionDetails.reverse();
  if (faults.has('positive-debit-exchange-amounts')) transactionDetails.forEach((detail, index) => { if (detail.exchangeAmount !== undefined) transactionDetails[index] = { ...detail, exchangeAmount: Math.abs(detail.exchangeAmount) }; });
  if (faults.has('exchange-amount-without-currency')) transactionDetails.forEach((detail, index) => { if (detail.exchangeAmount !== undefined) transactionDetails[index] = { ...detail, exchangeCurrency: undefined }; });
  const balance = toMajorUnits(input.balanceMinor);
  const accountDetail = {
    bankAccountId: input.bankAccountId,
    status: 'active' as const,
    // The test bank has no overdraft or holds, so the available balance equals the ledger balance.
    balances: { ledgerBalance: balance, ledgerBalanceDate: input.balanceDate, availableBalance: balance, availableBalanceDate: input.balanceDate },
  };
  const accountDetails = faults.has('two-account-details') ? [accountDetail, accountDetail] : [accountDetail];
  return {
    data: {
      // principalId is the bank account id, as in the current collection (policy statement-principal-id) [BRUNO].
      principalId: faults.has('principal-id-is-bank-id') ? input.bankId : input.bankAccountId,
      bankId: input.bankId,
      expected: expectedTotals(transactionDetails, accountDetails.length, faults),
      accountDetails,
      transactionDetails,
    },
  };
}

/**
 * A status-only statement: 0 transactions, one AccountDetail, all-zero control totals. With status authRequired
 * it tells Banking Service the consent lapsed and re-authorisation is needed [U-REAUTH] [BRUNO]; balances are
 * omitted as in the collection's re-auth statement.
 */
export function buildStatusStatement(input: { readonly bankAccountId: string; readonly bankId: string; readonly status: 'active' | 'authRequired' }): StatementRequest {
  return {
    data: {
      principalId: input.bankAccountId,
      bankId: input.bankId,
      expected: { transactionDetailsCount: 0, accountDetailsCount: 1, transactionCreditSum: 0, transactionDebitSum: 0 },
      accountDetails: [{ bankAccountId: input.bankAccountId, status: input.status }],
      transactionDetails: [],
    },
  };
}

/** The same statement with fresh uniqueIds: only ever used by the new-ids-on-resubmit fault. */
export function withFreshUniqueIds(statement: StatementRequest, attempt: number): StatementRequest {
  return {
    data: {
      ...statement.data,
      transactionDetails: statement.data.transactionDetails.map((detail) => ({ ...detail, uniqueId: `${detail.uniqueId}-r${attempt}` })),
    },
  };
}
