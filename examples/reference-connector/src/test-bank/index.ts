export { TestBank, statementOrder, type BankAccount, type BankTransaction, type BankUser, type ConsentState, type LedgerPosition, type TestBankOptions } from './test-bank.ts';
export { USER_FIXTURES, TEST_BANK_SORT_CODE, type AccountType } from './fixtures.ts';
export { HISTORY_DAYS } from './transaction-generator.ts';
