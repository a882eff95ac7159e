import { describe, expect, it } from 'vitest';
import { faultSet, NO_FAULTS } from '../faults.ts';
import type { BankTransaction } from '../test-bank/index.ts';
import { buildStatusStatement, buildTransactionStatement, expectedTotals, withFreshUniqueIds } from './statement-builder.ts';

const ACCOUNT = '5b26b598-a880-4e32-8c41-126aa0206857';
const BANK = '10aaeee6-4691-4443-8198-df39aaa8007c';

function transaction(id: string, amountMinor: number, date: string, extra: Partial<BankTransaction> = {}): BankTransaction {
  return {
    id,
    accountExternalId: 'ref-x',
    status: 'booked',
    date,
    initiatedAt: date,
    amountMinor,
    description: 'SHOP',
    counterparty: 'SHOP',
    reference: '00000001',
    exchange: undefined,
    category: { topLevelCategory: 'Shopping', subCategory: 'Groceries', categoryId: 11, standardIndustrialCode: '4711' },
    ...extra,
  };
}

const BATCH = [
  transaction('t1', 10_050, '2025-05-01T10:00:00.000Z'),
  transaction('t2', -2_010, '2025-05-02T10:00:00.000Z', { exchange: { currency: 'EUR', amountMinor: -2_352 } }),
  transaction('t3', -30, '2025-05-03T10:00:00.000Z'),
];

describe('statement builder', () => {
  it('builds one AccountDetail with the balances after the batch, signed amounts and matching totals', () => {
    const statement = buildTransactionStatement({ bankAccountId: ACCOUNT, bankId: BANK, transactions: BATCH, balanceMinor: 123_456, balanceDate: '2025-05-03T10:00:00.000Z' }, NO_FAULTS);
    expect(statement.data.principalId).toBe(ACCOUNT);
    expect(statement.data.bankId).toBe(BANK);
    expect(statement.data.accountDetails).toEqual([
      { bankAccountId: ACCOUNT, status: 'active', balances: { ledgerBalance: 1234.56, ledgerBalanceDate: '2025-05-03T10:00:00.000Z', availableBalance: 1234.56, availableBalanceDate: '2025-05-03T10:00:00.000Z' } },
    ]);
    expect(statement.data.transactionDetails.map((detail) => [detail.uniqueId, detail.transactionAmount, detail.transactionType, detail.transactionStatus])).toEqual([
      ['t1', 100.5, 'CREDIT', 'posted'],
      ['t2', -20.1, 'DEBIT', 'posted'],
      ['t3', -0.3, 'DEBIT', 'posted'],
    ]);
    expect(statement.data.transactionDetails[1]).toMatchObject({ exchangeCurrency: 'EUR', exchangeAmount: -23.52, bankAccountId: ACCOUNT, datePosted: '2025-05-02T10:00:00.000Z' });
    expect(statement.data.transactionDetails[0]).not.toHaveProperty('exchangeCurrency');
    // Sums in minor units: -20.10 + -0.30 is exactly -20.4, not -20.400000000000002.
    expect(statement.data.expected).toEqual({ transactionDetailsCount: 3, accountDetailsCount: 1, transactionCreditSum: 100.5, transactionDebitSum: -20.4 });
  });

  it('builds the authRequired status statement with all-zero totals and no balances', () => {
    expect(buildStatusStatement({ bankAccountId: ACCOUNT, bankId: BANK, status: 'authRequired' })).toEqual({
      data: {
        principalId: ACCOUNT,
        bankId: BANK,
        expected: { transactionDetailsCount: 0, accountDetailsCount: 1, transactionCreditSum: 0, transactionDebitSum: 0 },
        accountDetails: [{ bankAccountId: ACCOUNT, status: 'authRequired' }],
        transactionDetails: [],
      },
    });
  });

  it('deviates exactly as each statement fault says', () => {
    const input = { bankAccountId: ACCOUNT, bankId: BANK, transactions: BATCH, balanceMinor: 0, balanceDate: '2025-05-03T10:00:00.000Z' };
    const build = (name: Parameters<typeof faultSet>[0][number]) => buildTransactionStatement(input, faultSet([name])).data;
    expect(build('duplicate-unique-ids').transactionDetails.map((detail) => detail.uniqueId)).toEqual(['t1', 't1', 't3']);
    expect(build('unsorted-transactions').transactionDetails.map((detail) => detail.uniqueId)).toEqual(['t3', 't2', 't1']);
    expect(build('two-account-details').accountDetails).toHaveLength(2);
    expect(build('two-account-details').expected.accountDetailsCount).toBe(2);
    expect(build('wrong-expected-totals').expected.transactionDetailsCount).toBe(4);
    expect(build('positive-debit-sum').expected.transactionDebitSum).toBe(20.4);
  });

  it('computes totals from what is sent', () => {
    expect(expectedTotals([], 1, NO_FAULTS)).toEqual({ transactionDetailsCount: 0, accountDetailsCount: 1, transactionCreditSum: 0, transactionDebitSum: 0 });
  });

  it('gives fresh ids only through the resubmission fault helper', () => {
    const statement = buildTransactionStatement({ bankAccountId: ACCOUNT, bankId: BANK, transactions: BATCH, balanceMinor: 0, balanceDate: 'x' }, NO_FAULTS);
    expect(withFreshUniqueIds(statement, 2).data.transactionDetails.map((detail) => detail.uniqueId)).toEqual(['t1-r2', 't2-r2', 't3-r2']);
  });
});
