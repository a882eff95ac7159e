/** POST /v1/statements body, as specs/provider-api.yaml (Statement) describes it [P-STMT] [BRUNO]. */
export interface StatementBalances {
  readonly ledgerBalance: number;
  readonly ledgerBalanceDate: string;
  readonly availableBalance: number;
  readonly availableBalanceDate: string;
}

export interface StatementAccountDetail {
  readonly bankAccountId: string;
  readonly status: 'active' | 'authRequired';
  readonly balances?: StatementBalances;
}

export interface StatementTransactionDetail {
  readonly uniqueId: string;
  readonly bankAccountId: string;
  readonly transactionAmount: number;
  readonly transactionType: 'CREDIT' | 'DEBIT';
  /** Always `posted` unless the send-pending-transactions fault is on. */
  readonly transactionStatus: 'posted' | 'pending';
  readonly datePosted: string;
  readonly dateUserInitiated: string;
  readonly exchangeCurrency?: string;
  readonly exchangeAmount?: number;
  readonly referenceNumber: string;
  readonly description: string;
  readonly payee: { readonly payeeDescription: string };
  readonly narrative1: string;
  readonly category: {
    readonly topLevelCategory: string;
    readonly subCategory: string;
    readonly categoryId: number;
    readonly standardIndustrialCode: string;
  };
}

export interface ExpectedTotals {
  readonly transactionDetailsCount: number;
  readonly accountDetailsCount: number;
  readonly transactionCreditSum: number;
  readonly transactionDebitSum: number;
}

export interface StatementRequest {
  readonly data: {
    readonly principalId: string;
    readonly bankId: string;
    readonly expected: ExpectedTotals;
    readonly accountDetails: readonly StatementAccountDetail[];
    readonly transactionDetails: readonly StatementTransactionDetail[];
  };
}
