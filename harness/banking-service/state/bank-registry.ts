import { randomUUID } from 'node:crypto';

/** The connector endpoints Banking Service calls, as registered in bank sync [SYNC] [BRUNO]. */
export interface CallbackUrls {
  readonly notification: string;
  readonly availableAccounts: string | undefined;
  readonly auth: string;
  readonly reAuth: string;
}

export interface Bank {
  /** The Banking Service id of the bank ("principalId", also the `bankId` products and notifications use) [SYNC] [BRUNO]. */
  readonly principalId: string;
  /** The provider's aggregator id [SYNC]. */
  readonly externalRef: string;
  readonly name: string;
  readonly countryCode: string;
  readonly url: string;
  readonly supportiframe: boolean;
  readonly callbackURLs: CallbackUrls;
  /** The Sage ID client that registered it: only that provider's tokens reach it [G-POST] [KC-10]. */
  readonly ownerClientId: string;
}

export type BankInput = Omit<Bank, 'principalId'> & { readonly principalId?: string };
export type BankChanges = Partial<Pick<Bank, 'name' | 'countryCode' | 'url' | 'supportiframe' | 'callbackURLs'>>;

/** The registered banks. Removal is hard: a removed bank is gone for products and notifications alike. */
export class BankRegistry {
  private readonly banks = new Map<string, Bank>();

  create(input: BankInput): Bank {
    const principalId = input.principalId ?? randomUUID();
    if (this.banks.has(principalId)) throw new Error(`bank ${principalId} is already registered`);
    const bank = Object.freeze({ ...input, principalId, callbackURLs: Object.freeze({ ...input.callbackURLs }) });
    this.banks.set(principalId, bank);
    return bank;
  }

  update(principalId: string, changes: BankChanges): Bank {
    const current = this.require(principalId);
    const next = Object.freeze({
      ...current,
      ...changes,
      callbackURLs: Object.freeze({ ...(changes.callbackURLs ?? current.callbackURLs) }),
    });
    this.banks.set(principalId, next);
    return next;
  }

  remove(principalId: string): Bank {
    const bank = this.require(principalId);
    this.banks.delete(principalId);
    return bank;
  }

  get(principalId: string): Bank | undefined {
    return this.banks.get(principalId);
  }

  /** The bank a provider registered under an aggregator id: toCreate is idempotent on it [KC-10]. */
  findByExternalRef(ownerClientId: string, externalRef: string): Bank | undefined {
    return [...this.banks.values()].find((bank) => bank.ownerClientId === ownerClientId && bank.externalRef === externalRef);
  }

  list(): readonly Bank[] {
    return [...this.banks.values()];
  }

  private require(principalId: string): Bank {
    const bank = this.banks.get(principalId);
    if (!bank) throw new Error(`bank ${principalId} is not registered`);
    return bank;
  }
}
