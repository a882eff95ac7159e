/** The Consumer API's answers as specs/consumer-api.yaml documents them (the kit's simulator contract where Sage is silent). */

export interface OrganisationBody {
  readonly organisationId: string;
  readonly companies: readonly { readonly companyId: string; readonly name?: string }[];
  /** The organisation signing key for GET /accesstoken [BRUNO-JSON]. A secret. */
  readonly token: string;
}

export interface AccessTokenBody {
  readonly jwt: string;
}

export interface BankBody {
  readonly bankId: string;
  readonly name?: string;
  readonly supportiframe?: boolean;
  readonly dataProvider?: string;
}

export interface OnboardingStartBody {
  readonly redirect: string;
  readonly pollRoute: string;
  readonly pollPeriod: number;
}

export interface PolledAccount {
  readonly accountName: string;
  readonly accountIdentifier: string;
  readonly bankIdentifier: string;
  readonly branchIdentifier?: string;
  readonly bankAccountExternalId: string;
  readonly accountKey?: string;
}

/** 200: the result; 202: `pollRoute` and `pollPeriod` to poll again. `accounts` is the kit extension listing every offered account. */
export interface PollBody {
  readonly account?: PolledAccount | null;
  readonly success?: boolean;
  readonly accounts?: readonly (PolledAccount & { readonly connected: boolean })[];
  readonly pollRoute?: string;
  readonly pollPeriod?: number;
}

export interface BankAccountBody {
  readonly bankAccountId: string;
  readonly status: 'pending' | 'active' | 'authRequired' | 'cancelled';
  readonly lastTransactionId: number;
  readonly accountType?: string;
  readonly accountName?: string;
  readonly accountIdentifier?: string;
  readonly bankIdentifier?: string;
  readonly bankId?: string;
  readonly requestedStartDate?: string;
}

export interface NewBankAccountBody {
  readonly accountType?: string;
  readonly accountName?: string;
  readonly accountKey?: string;
  readonly accountIdentifier: string;
  readonly bankIdentifier: string;
  readonly branchIdentifier?: string;
  readonly defaultCurrency?: string;
  readonly bankId: string;
  readonly requestedStartDate: string;
}

export interface AvailableBankAccountsBody {
  readonly availableAccounts: readonly {
    readonly bankAccountCandidateId: string;
    readonly accountName?: string;
    readonly bankIdentifier?: string;
    readonly accountIdentifier?: string;
    readonly metadata: { readonly connected: boolean };
  }[];
}

export interface ReauthorisationStartBody {
  readonly redirect: string;
}

export interface ConsumerTransaction {
  readonly transactionId: number;
  readonly uniqueId?: string;
  readonly transactionAmount?: number;
  readonly datePosted?: string;
  readonly [field: string]: unknown;
}

export interface TransactionsBody {
  readonly bankAccount: BankAccountBody;
  readonly bankTransactionList: {
    readonly startIndex: number;
    readonly endIndex: number;
    readonly total: number;
    readonly transactions: readonly ConsumerTransaction[];
    readonly next: string | null;
    readonly last: string | null;
  };
}

export interface ConsumerError {
  readonly code: string;
  readonly message: string;
  readonly rule?: string;
}
