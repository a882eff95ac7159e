/** A bank account the kit has onboarded, as later flows need it. */
export interface OnboardedAccount {
  readonly bankAccountId: string;
  readonly externalId: string;
  readonly requestedStartDate: string;
  /** Which test user owns it in the provider's bank: `multiAccount` or `singleAccount`. */
  readonly user: 'multiAccount' | 'singleAccount';
  readonly via: 'onboarding' | 'multi-account-link';
}

/**
 * Shared, mutable facts between flows of one run. Flows run in a fixed order (bank sync, onboarding, posting,
 * multi-account linking, re-authorisation, offboarding, security, resilience); a later flow reads what an
 * earlier one established and skips (with the reason) when it is missing.
 */
export interface RunWorld {
  bankId: string | undefined;
  organisationId: string | undefined;
  companyId: string | undefined;
  readonly accounts: OnboardedAccount[];
}

export const createRunWorld = (): RunWorld => ({ bankId: undefined, organisationId: undefined, companyId: undefined, accounts: [] });
