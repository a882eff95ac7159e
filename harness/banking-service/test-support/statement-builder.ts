import { randomUUID } from 'node:crypto';

/** One transaction for `buildStatement`; everything not given gets a valid default. */
export interface TransactionSpec {
  readonly amount: number;
  readonly type?: 'CREDIT' | 'DEBIT' | string;
  readonly uniqueId?: string;
  readonly datePosted?: string;
  readonly status?: string;
  readonly bankAccountId?: string;
  readonly extra?: Record<string, unknown>;
}

export interface StatementSpec {
  readonly bankAccountId: string;
  readonly bankId: string;
  /** Defaults to the bank account id (policy statement-principal-id, default bank-account-id). */
  readonly principalId?: string;
  readonly status?: 'active' | 'authRequired' | string;
  readonly transactions?: readonly TransactionSpec[];
  /** Balances after the transactions; omitted entirely with `balances: null`. */
  readonly ledgerBalance?: number;
  readonly balances?: null;
  /** Replaces fields of the computed expected block, or removes it with `null`. */
  readonly expected?: Partial<Record<'transactionDetailsCount' | 'accountDetailsCount' | 'transactionCreditSum' | 'transactionDebitSum', number>> | null;
  readonly extraAccountDetails?: number;
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * A valid POST /v1/statements body in the collection's shape [BRUNO] unless told otherwise: signed amounts,
 * posted status, dates in order within a few days, a matching expected block with a negative debit sum,
 * balances after the transactions. Tests break one thing at a time.
 */
export function buildStatement(spec: StatementSpec): { data: Record<string, unknown> } {
  const base = Date.parse('2024-03-01T09:00:00.000Z');
  const transactions = (spec.transactions ?? []).map((transaction, index) => ({
    uniqueId: transaction.uniqueId ?? randomUUID(),
    bankAccountId: transaction.bankAccountId ?? spec.bankAccountId,
    transactionAmount: transaction.amount,
    transactionType: transaction.type ?? (transaction.amount < 0 ? 'DEBIT' : 'CREDIT'),
    transactionStatus: transaction.status ?? 'posted',
    datePosted: transaction.datePosted ?? new Date(base + index * 60_000).toISOString(),
    dateUserInitiated: transaction.datePosted ?? new Date(base + index * 60_000 - DAY).toISOString(),
    description: `transaction ${index + 1}`,
    ...transaction.extra,
  }));
  const credit = transactions.filter((t) => t.transactionType === 'CREDIT').reduce((sum, t) => sum + t.transactionAmount, 0);
  const debit = -transactions.filter((t) => t.transactionType === 'DEBIT').reduce((sum, t) => sum + Math.abs(t.transactionAmount), 0);
  const total = transactions.reduce((sum, t) => sum + t.transactionAmount, 0);
  const expected =
    spec.expected === null
      ? undefined
      : {
          transactionDetailsCount: transactions.length,
          accountDetailsCount: 1 + (spec.extraAccountDetails ?? 0),
          transactionCreditSum: Math.round(credit * 100) / 100,
          transactionDebitSum: Math.round(debit * 100) / 100,
          ...spec.expected,
        };
  const ledgerBalance = spec.ledgerBalance ?? Math.round(total * 100) / 100;
  const detail = {
    bankAccountId: spec.bankAccountId,
    status: spec.status ?? 'active',
    ...(spec.balances === null
      ? {}
      : { balances: { ledgerBalance, ledgerBalanceDate: '2024-03-10T12:00:00.000Z', availableBalance: ledgerBalance, availableBalanceDate: '2024-03-10T12:00:00.000Z' } }),
  };
  return {
    data: {
      principalId: spec.principalId ?? spec.bankAccountId,
      bankId: spec.bankId,
      ...(expected ? { expected } : {}),
      accountDetails: [detail, ...Array.from({ length: spec.extraAccountDetails ?? 0 }, () => ({ ...detail }))],
      transactionDetails: transactions,
    },
  };
}
