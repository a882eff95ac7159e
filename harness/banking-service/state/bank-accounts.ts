import { randomUUID } from 'node:crypto';
import type { AccountStatus } from '../events/index.ts';
import { IllegalTransitionError, canTransition } from './account-status.ts';
import type { Clock } from './clock.ts';

export interface BankAccount {
  /** The Banking Service bank account id, `resource.id` of the bank-account-created notification [C-NOTIF]. */
  readonly id: string;
  /** The provider's id for the account, echoed verbatim from the PATCH (bankAccountExternalId) [C-NOTIF] [KC-24]. */
  readonly externalId: string;
  readonly bankId: string;
  readonly organisationId: string;
  readonly companyId: string;
  readonly accountName: string;
  readonly accountKey: string | undefined;
  readonly accountType: string | undefined;
  readonly bankIdentifier: string;
  readonly branchIdentifier: string | undefined;
  readonly accountIdentifier: string;
  readonly defaultCurrency: string | undefined;
  /** ISO 8601, as the product sent it [BRUNO]. */
  readonly requestedStartDate: string;
  readonly status: AccountStatus;
  readonly createdAt: number;
  /** The onboarding authorisation the account descends from; accounts linked from it share it [CA-MAL] [KC-13]. */
  readonly groupId: string;
  readonly via: 'onboarding' | 'multi-account-link' | 'seed';
  /** The ledgerBalance of the newest completed statement that carried one [KC-11]. */
  readonly ledgerBalance: number | undefined;
}

export type NewBankAccount = Omit<BankAccount, 'id' | 'status' | 'createdAt' | 'ledgerBalance'> & { readonly status: AccountStatus; readonly id?: string };

export class DuplicateBankAccountError extends Error {
  override readonly name = 'DuplicateBankAccountError';
  constructor(readonly existing: BankAccount) {
    super(`the company already has bank account ${existing.id} with bankIdentifier ${existing.bankIdentifier} and accountIdentifier ${existing.accountIdentifier}`);
  }
}

type Mutable<T> = { -readonly [Key in keyof T]: T[Key] };

export class BankAccountStore {
  private readonly accounts = new Map<string, Mutable<BankAccount>>();

  constructor(private readonly clock: Clock) {}

  /** Bank accounts are unique by bank identifier + account identifier among the company's live accounts [CA-CREATE] [KC-17]. */
  create(input: NewBankAccount): BankAccount {
    const existing = this.findLive(input.companyId, input.bankIdentifier, input.accountIdentifier);
    if (existing) throw new DuplicateBankAccountError(existing);
    const account: Mutable<BankAccount> = { ...input, id: input.id ?? randomUUID(), createdAt: this.clock.now(), ledgerBalance: undefined };
    this.accounts.set(account.id, account);
    return account;
  }

  get(id: string): BankAccount | undefined {
    return this.accounts.get(id);
  }

  /** The company's account for a real-world account that is not cancelled, if any. */
  findLive(companyId: string, bankIdentifier: string, accountIdentifier: string): BankAccount | undefined {
    return [...this.accounts.values()].find(
      (account) => account.companyId === companyId && account.status !== 'cancelled' && account.bankIdentifier === bankIdentifier && account.accountIdentifier === accountIdentifier,
    );
  }

  /** Every account of a bank with this external id, newest first. */
  findByExternalId(bankId: string, externalId: string): BankAccount[] {
    return [...this.accounts.values()].filter((account) => account.bankId === bankId && account.externalId === externalId).sort((a, b) => b.createdAt - a.createdAt);
  }

  inGroup(groupId: string): BankAccount[] {
    return [...this.accounts.values()].filter((account) => account.groupId === groupId);
  }

  /** Moves the account along the status machine; returns the previous status, or undefined when nothing changed. */
  transition(id: string, to: AccountStatus): AccountStatus | undefined {
    const account = this.require(id);
    const from = account.status;
    if (from === to) return undefined;
    if (!canTransition(from, to)) throw new IllegalTransitionError(from, to);
    account.status = to;
    return from;
  }

  setLedgerBalance(id: string, ledgerBalance: number): void {
    this.require(id).ledgerBalance = ledgerBalance;
  }

  list(): readonly BankAccount[] {
    return [...this.accounts.values()];
  }

  private require(id: string): Mutable<BankAccount> {
    const account = this.accounts.get(id);
    if (!account) throw new Error(`bank account ${id} does not exist`);
    return account;
  }
}
