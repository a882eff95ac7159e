/**
 * The bank accounts Banking Service created for our accounts: resource.id of each bank-account-created
 * notification is the bankAccountId statements must carry (R20) [C-NOTIF].
 */
export interface LinkedAccount {
  readonly bankAccountId: string;
  readonly externalId: string;
  /** The test-bank user who owns the account. */
  readonly owner: string;
  readonly bankId: string;
  /** ISO 8601; undefined until known (the collection's notification sample omits it) [BRUNO]. */
  requestedStartDate: string | undefined;
  /** Bank transaction ids already delivered to this bank account. */
  readonly sentIds: Set<string>;
  offboarded: boolean;
  readonly linkedAt: string;
}

export class LinkedAccounts {
  readonly #byId = new Map<string, LinkedAccount>();

  /** Records a new bank account; returns the existing record if this id is already known (a repeated notification). */
  link(input: { readonly bankAccountId: string; readonly externalId: string; readonly owner: string; readonly bankId: string; readonly requestedStartDate: string | undefined }): {
    readonly account: LinkedAccount;
    readonly created: boolean;
  } {
    const existing = this.#byId.get(input.bankAccountId);
    if (existing !== undefined) return { account: existing, created: false };
    const account: LinkedAccount = { ...input, sentIds: new Set(), offboarded: false, linkedAt: new Date().toISOString() };
    this.#byId.set(input.bankAccountId, account);
    return { account, created: true };
  }

  get(bankAccountId: string): LinkedAccount | undefined {
    return this.#byId.get(bankAccountId);
  }

  /**
   * Marks the account offboarded and forgets what was sent. The record stays as a tombstone so that a late or
   * repeated bank-account-created notification for the same id cannot bring it back.
   */
  offboard(bankAccountId: string): LinkedAccount | undefined {
    const account = this.#byId.get(bankAccountId);
    if (account === undefined || account.offboarded) return undefined;
    account.offboarded = true;
    account.sentIds.clear();
    return account;
  }

  /** Live (not offboarded) bank accounts for one of our accounts; more than one if several companies linked it. */
  activeFor(externalId: string): LinkedAccount[] {
    return [...this.#byId.values()].filter((account) => account.externalId === externalId && !account.offboarded);
  }

  /** Every bank account ever linked for one of our accounts, offboarded ones included. */
  allFor(externalId: string): LinkedAccount[] {
    return [...this.#byId.values()].filter((account) => account.externalId === externalId);
  }

  activeForOwner(owner: string): LinkedAccount[] {
    return [...this.#byId.values()].filter((account) => account.owner === owner && !account.offboarded);
  }

  isConnected(externalId: string): boolean {
    return this.activeFor(externalId).length > 0;
  }

  all(): LinkedAccount[] {
    return [...this.#byId.values()];
  }
}
