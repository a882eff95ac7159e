import type { BankAccount, TransactionStore } from '../state/index.ts';

/** A bank account as the product sees it (consumer-api BankAccount) [BRUNO]. */
export function bankAccountBody(account: BankAccount, transactions: TransactionStore) {
  return {
    bankAccountId: account.id,
    status: account.status,
    lastTransactionId: transactions.lastTransactionId(account.id),
    accountType: account.accountType,
    accountName: account.accountName,
    accountKey: account.accountKey,
    accountIdentifier: account.accountIdentifier,
    bankIdentifier: account.bankIdentifier,
    branchIdentifier: account.branchIdentifier,
    defaultCurrency: account.defaultCurrency,
    bankId: account.bankId,
    requestedStartDate: account.requestedStartDate,
  };
}
