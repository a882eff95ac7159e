/**
 * The test bank's customers. These credentials are published test data for the reference connector's login
 * page (documented in the README), not secrets.
 */
export type AccountType = 'business' | 'savings' | 'loan' | 'creditCard' | 'corporate' | 'personal';

/** How busy an account is; drives the deterministic transaction generator. */
export interface ActivityProfile {
  /** The most recent `busyDays` days get busyPerDay transactions a day … */
  readonly busyDays: number;
  readonly busyPerDay: readonly [number, number];
  /** … the older days each get one transaction with this probability. */
  readonly quietChance: number;
  /** Share of ordinary transactions that are credits. */
  readonly creditShare: number;
  readonly debitMinor: readonly [number, number];
  readonly creditMinor: readonly [number, number];
  /** A large credit every `everyDays` days (salary, card repayment, loan repayment). */
  readonly periodicCredit?: { readonly everyDays: number; readonly amountMinor: number; readonly description: string };
  /** Share of debits made in a foreign currency. */
  readonly foreignShare: number;
  readonly pendingCount: number;
}

export interface AccountFixture {
  readonly externalId: string;
  readonly accountType: AccountType;
  readonly accountName: string;
  readonly bankIdentifier: string;
  readonly branchIdentifier: string;
  readonly accountIdentifier: string;
  readonly currency: 'GBP';
  readonly openingBalanceMinor: number;
  readonly profile: ActivityProfile;
}

export interface UserFixture {
  readonly username: string;
  readonly displayName: string;
  readonly password: string;
  readonly oneTimeCode: string;
  readonly accounts: readonly AccountFixture[];
}

/** The bank's own sort code; BS deduplicates accounts by bankIdentifier + accountIdentifier [P-AUTHZ] [CA-CREATE]. */
export const TEST_BANK_SORT_CODE = '404784';

const everyDay = (perDay: readonly [number, number]): Pick<ActivityProfile, 'busyDays' | 'busyPerDay' | 'quietChance'> => ({
  busyDays: 120,
  busyPerDay: perDay,
  quietChance: 0,
});

export const USER_FIXTURES: readonly UserFixture[] = Object.freeze([
  {
    username: 'alice',
    displayName: 'Alice Archer',
    password: 'alice-test-password',
    oneTimeCode: '111111',
    accounts: [
      {
        externalId: 'ref-alice-current',
        accountType: 'personal',
        accountName: 'Alice Current Account ****0011',
        bankIdentifier: TEST_BANK_SORT_CODE,
        branchIdentifier: 'LEEDS-01',
        accountIdentifier: '41000011',
        currency: 'GBP',
        openingBalanceMinor: 250_000,
        // Busy enough that a 14-day window holds more than 100 transactions: the batch limit binds here.
        profile: { ...everyDay([6, 12]), creditShare: 0.08, debitMinor: [120, 2_500], creditMinor: [500, 6_000], periodicCredit: { everyDays: 30, amountMinor: 385_000, description: 'SALARY ACME LTD' }, foreignShare: 0.08, pendingCount: 2 },
      },
      {
        externalId: 'ref-alice-savings',
        accountType: 'savings',
        accountName: 'Alice Easy Saver ****0029',
        bankIdentifier: TEST_BANK_SORT_CODE,
        branchIdentifier: 'LEEDS-01',
        accountIdentifier: '41000029',
        currency: 'GBP',
        openingBalanceMinor: 1_250_000,
        // Sparse: the 14-day window binds long before the batch limit.
        profile: { busyDays: 0, busyPerDay: [0, 0], quietChance: 0.2, creditShare: 0.7, debitMinor: [5_000, 60_000], creditMinor: [5_000, 50_000], foreignShare: 0, pendingCount: 1 },
      },
      {
        externalId: 'ref-alice-card',
        accountType: 'creditCard',
        accountName: 'Alice Rewards Card ****0037',
        bankIdentifier: TEST_BANK_SORT_CODE,
        branchIdentifier: 'CARDS',
        accountIdentifier: '41000037',
        currency: 'GBP',
        openingBalanceMinor: -45_000,
        profile: { ...everyDay([0, 3]), creditShare: 0.02, debitMinor: [200, 6_000], creditMinor: [500, 5_000], periodicCredit: { everyDays: 30, amountMinor: 110_000, description: 'CARD PAYMENT THANK YOU' }, foreignShare: 0.15, pendingCount: 2 },
      },
    ],
  },
  {
    username: 'bob',
    displayName: 'Bob Baker',
    password: 'bob-test-password',
    oneTimeCode: '222222',
    accounts: [
      {
        externalId: 'ref-bob-business',
        accountType: 'business',
        accountName: "Bob's Bakery Business Account ****0045",
        bankIdentifier: TEST_BANK_SORT_CODE,
        branchIdentifier: 'YORK-02',
        accountIdentifier: '41000045',
        currency: 'GBP',
        openingBalanceMinor: 820_000,
        // One account that exercises both limits: busy last three weeks (batch limit), quiet before (14-day window).
        profile: { busyDays: 21, busyPerDay: [8, 12], quietChance: 0.35, creditShare: 0.6, debitMinor: [500, 45_000], creditMinor: [300, 25_000], foreignShare: 0.05, pendingCount: 2 },
      },
    ],
  },
  {
    username: 'carol',
    displayName: 'Carol Carter',
    password: 'carol-test-password',
    oneTimeCode: '333333',
    accounts: [
      {
        externalId: 'ref-carol-corporate',
        accountType: 'corporate',
        accountName: 'Carter Holdings Corporate ****0053',
        bankIdentifier: TEST_BANK_SORT_CODE,
        branchIdentifier: 'LONDON-03',
        accountIdentifier: '41000053',
        currency: 'GBP',
        openingBalanceMinor: 5_400_000,
        profile: { ...everyDay([1, 4]), creditShare: 0.45, debitMinor: [10_000, 500_000], creditMinor: [10_000, 750_000], foreignShare: 0.1, pendingCount: 1 },
      },
      {
        externalId: 'ref-carol-loan',
        accountType: 'loan',
        accountName: 'Carter Holdings Loan ****0061',
        bankIdentifier: TEST_BANK_SORT_CODE,
        branchIdentifier: 'LONDON-03',
        accountIdentifier: '41000061',
        currency: 'GBP',
        openingBalanceMinor: -2_500_000,
        profile: { busyDays: 0, busyPerDay: [0, 0], quietChance: 0.05, creditShare: 0, debitMinor: [5_000, 12_000], creditMinor: [0, 0], periodicCredit: { everyDays: 7, amountMinor: 50_000, description: 'LOAN REPAYMENT' }, foreignShare: 0, pendingCount: 0 },
      },
    ],
  },
]);

/** Profile of an account added later through the test-control hook. */
export const ADDED_ACCOUNT_PROFILE: ActivityProfile = Object.freeze<ActivityProfile>({
  busyDays: 0,
  busyPerDay: [0, 0],
  quietChance: 0.1,
  creditShare: 0.5,
  debitMinor: [1_000, 20_000],
  creditMinor: [1_000, 20_000],
  foreignShare: 0,
  pendingCount: 0,
});
