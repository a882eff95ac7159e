import { timingSafeEqual } from 'node:crypto';
import { ADDED_ACCOUNT_PROFILE, TEST_BANK_SORT_CODE, USER_FIXTURES, type AccountFixture, type AccountType, type UserFixture } from './fixtures.ts';
import { generateHistory, generateNewActivity, type DrawnTransaction, type TransactionCategory } from './transaction-generator.ts';

export type ConsentState = 'granted' | 'lapsed';

/** One transaction as the bank's core system holds it. Amounts are signed minor units of the account currency. */
export interface BankTransaction {
  /** The bank's own, permanent transaction id: statements derive their uniqueId from it. */
  readonly id: string;
  readonly accountExternalId: string;
  /** `booked` = cleared (may be sent); `pending` = authorised only (never sent) [APPLY] [CA-TXN]. */
  readonly status: 'booked' | 'pending';
  /** ISO 8601 UTC with milliseconds: when it was booked (or, while pending, authorised). */
  readonly date: string;
  readonly initiatedAt: string;
  readonly amountMinor: number;
  readonly description: string;
  readonly counterparty: string;
  readonly reference: string;
  readonly exchange: { readonly currency: string; readonly amountMinor: number } | undefined;
  readonly category: TransactionCategory;
}

export interface BankAccount {
  readonly externalId: string;
  readonly owner: string;
  readonly accountType: AccountType;
  readonly accountName: string;
  readonly bankIdentifier: string;
  readonly branchIdentifier: string;
  readonly accountIdentifier: string;
  readonly currency: 'GBP';
}

export interface BankUser {
  readonly username: string;
  readonly displayName: string;
}

export interface LedgerPosition {
  readonly beforeMinor: number;
  readonly afterMinor: number;
}

interface AccountState {
  readonly fixture: AccountFixture;
  readonly account: BankAccount;
  readonly transactions: BankTransaction[];
  /** Ledger balance before and after each booked transaction, rebuilt lazily after a booking. */
  ledger: Map<string, LedgerPosition> | undefined;
}

export interface TestBankOptions {
  /** The clock the generated history is relative to (default: now). Content never reads the wall clock. */
  readonly now?: Date;
  readonly seed?: string;
}

const DEFAULT_SEED = 'reference-connector-test-bank-v1';

/** Orders transactions as they appear on the account statement: booking time, then the bank's sequence. */
export function statementOrder(left: BankTransaction, right: BankTransaction): number {
  return left.date < right.date ? -1 : left.date > right.date ? 1 : left.id < right.id ? -1 : left.id > right.id ? 1 : 0;
}

function sameSecret(given: string, expected: string): boolean {
  const left = Buffer.from(given);
  const right = Buffer.from(expected);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * A deterministic in-memory bank standing in for the provider's real core banking or aggregation back end: users,
 * accounts, transactions (120 days before the clock), balances and per-user consent.
 */
export class TestBank {
  readonly anchor: Date;
  readonly seed: string;
  readonly #users = new Map<string, { fixture: UserFixture; consent: ConsentState; accounts: string[] }>();
  readonly #accounts = new Map<string, AccountState>();
  #addedAccounts = 0;

  constructor(options: TestBankOptions = {}) {
    this.anchor = new Date(options.now ?? new Date());
    this.seed = options.seed ?? DEFAULT_SEED;
    for (const user of USER_FIXTURES) {
      this.#users.set(user.username, { fixture: user, consent: 'granted', accounts: [] });
      for (const account of user.accounts) this.#open(user.username, account);
    }
  }

  get usernames(): readonly string[] {
    return [...this.#users.keys()];
  }

  user(username: string): BankUser | undefined {
    const user = this.#users.get(username);
    return user && { username, displayName: user.fixture.displayName };
  }

  /** Checks all three factors without short-circuiting on the first wrong one. */
  authenticate(username: string, password: string, oneTimeCode: string): BankUser | undefined {
    const user = this.#users.get(username);
    const passwordOk = sameSecret(password, user?.fixture.password ?? '\u0000');
    const codeOk = sameSecret(oneTimeCode, user?.fixture.oneTimeCode ?? '\u0000');
    return user && passwordOk && codeOk ? { username, displayName: user.fixture.displayName } : undefined;
  }

  accountsOf(username: string): readonly BankAccount[] {
    return (this.#users.get(username)?.accounts ?? []).map((externalId) => this.#state(externalId).account);
  }

  account(externalId: string): BankAccount | undefined {
    return this.#accounts.get(externalId)?.account;
  }

  /** Every transaction of the account, booked and pending, in statement order. */
  transactions(externalId: string): readonly BankTransaction[] {
    return this.#state(externalId).transactions;
  }

  /** Ledger balance just before and just after a booked transaction. */
  ledgerAround(externalId: string, transactionId: string): LedgerPosition {
    const position = this.#ledger(externalId).get(transactionId);
    if (position === undefined) throw new Error(`test bank: ${transactionId} is not a booked transaction of ${externalId}`);
    return position;
  }

  currentBalanceMinor(externalId: string): number {
    const state = this.#state(externalId);
    const booked = state.transactions.filter((transaction) => transaction.status === 'booked');
    const last = booked.at(-1);
    return last === undefined ? state.fixture.openingBalanceMinor : this.ledgerAround(externalId, last.id).afterMinor;
  }

  consent(username: string): ConsentState {
    return this.#users.get(username)?.consent ?? 'lapsed';
  }

  revokeConsent(username: string): void {
    const user = this.#users.get(username);
    if (user) user.consent = 'lapsed';
  }

  grantConsent(username: string): void {
    const user = this.#users.get(username);
    if (user) user.consent = 'granted';
  }

  /** Books `count` cleared transactions ending at `at` and one pending transaction; returns them in order. */
  bookTransactions(externalId: string, count: number, at: Date): readonly BankTransaction[] {
    const state = this.#state(externalId);
    const lastMs = state.transactions.reduce((latest, transaction) => Math.max(latest, Date.parse(transaction.date)), 0);
    // One second apart, ending at `at`; squeezed (down to 1 ms apart) so that new bookings always come after
    // everything already on the statement and statement order stays append-only.
    const atMs = at.getTime();
    let startMs = atMs - count * 1000;
    let stepMs = 1000;
    if (startMs <= lastMs) {
      startMs = lastMs + 1;
      stepMs = Math.max(1, Math.floor((atMs - startMs) / Math.max(1, count)));
    }
    const drawn = generateNewActivity(this.seed, state.fixture, state.transactions.length, count, startMs, stepMs);
    const booked = this.#append(state, drawn);
    state.ledger = undefined;
    return booked;
  }

  /** Opens a further account for the user ("accounts added since the PATCH" [C-AVAIL]). */
  addAccount(username: string): BankAccount {
    const user = this.#users.get(username);
    if (user === undefined) throw new Error(`test bank: no user ${username}`);
    this.#addedAccounts += 1;
    const number = this.#addedAccounts;
    const accountIdentifier = String(42_000_000 + number * 8);
    const fixture: AccountFixture = {
      externalId: `ref-${username}-added-${number}`,
      accountType: 'savings',
      accountName: `${user.fixture.displayName.split(' ')[0] ?? username} Added Saver ${number} ****${accountIdentifier.slice(-4)}`,
      bankIdentifier: TEST_BANK_SORT_CODE,
      branchIdentifier: 'ONLINE',
      accountIdentifier,
      currency: 'GBP',
      openingBalanceMinor: 10_000 * number,
      profile: ADDED_ACCOUNT_PROFILE,
    };
    return this.#open(username, fixture).account;
  }

  #open(username: string, fixture: AccountFixture): AccountState {
    const account: BankAccount = Object.freeze({
      externalId: fixture.externalId,
      owner: username,
      accountType: fixture.accountType,
      accountName: fixture.accountName,
      bankIdentifier: fixture.bankIdentifier,
      branchIdentifier: fixture.branchIdentifier,
      accountIdentifier: fixture.accountIdentifier,
      currency: fixture.currency,
    });
    const state: AccountState = { fixture, account, transactions: [], ledger: undefined };
    this.#accounts.set(fixture.externalId, state);
    this.#users.get(username)?.accounts.push(fixture.externalId);
    this.#append(state, generateHistory(this.seed, fixture, this.anchor.getTime()));
    return state;
  }

  #append(state: AccountState, drawn: readonly DrawnTransaction[]): BankTransaction[] {
    const added = drawn.map((item, index): BankTransaction => {
      const sequence = state.transactions.length + index + 1;
      return Object.freeze({
        id: `${state.fixture.externalId}-${String(sequence).padStart(6, '0')}`,
        accountExternalId: state.fixture.externalId,
        status: item.status,
        date: new Date(item.atMs).toISOString(),
        initiatedAt: new Date(item.initiatedAtMs).toISOString(),
        amountMinor: item.amountMinor,
        description: item.description,
        counterparty: item.counterparty,
        reference: String(sequence).padStart(8, '0'),
        exchange: item.exchange,
        category: item.category,
      });
    });
    state.transactions.push(...added);
    state.transactions.sort(statementOrder);
    return added;
  }

  #ledger(externalId: string): Map<string, LedgerPosition> {
    const state = this.#state(externalId);
    if (state.ledger === undefined) {
      const ledger = new Map<string, LedgerPosition>();
      let balance = state.fixture.openingBalanceMinor;
      for (const transaction of state.transactions) {
        if (transaction.status !== 'booked') continue;
        const afterMinor = balance + transaction.amountMinor;
        ledger.set(transaction.id, { beforeMinor: balance, afterMinor });
        balance = afterMinor;
      }
      state.ledger = ledger;
    }
    return state.ledger;
  }

  #state(externalId: string): AccountState {
    const state = this.#accounts.get(externalId);
    if (state === undefined) throw new Error(`test bank: no account ${externalId}`);
    return state;
  }
}
