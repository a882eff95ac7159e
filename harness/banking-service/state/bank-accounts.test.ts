import { describe, expect, it } from 'vitest';
import { IllegalTransitionError } from './account-status.ts';
import { BankAccountStore, DuplicateBankAccountError, type NewBankAccount } from './bank-accounts.ts';
import { ManualClock } from './clock.ts';

const base: NewBankAccount = {
  externalId: 'ext-1',
  bankId: 'bank-1',
  organisationId: 'org-1',
  companyId: 'co-1',
  accountName: 'Current',
  accountKey: undefined,
  accountType: 'DEBIT',
  bankIdentifier: '1000',
  branchIdentifier: undefined,
  accountIdentifier: '11',
  defaultCurrency: 'GBP',
  requestedStartDate: '2024-01-01T00:00:00.000Z',
  status: 'pending',
  groupId: 'auth-1',
  via: 'onboarding',
};

describe('BankAccountStore', () => {
  it('refuses a second live account for the same bank + account identifier in a company [CA-CREATE]', () => {
    const store = new BankAccountStore(new ManualClock(0));
    const first = store.create(base);
    expect(() => store.create({ ...base, externalId: 'ext-2' })).toThrow(DuplicateBankAccountError);
    expect(store.create({ ...base, companyId: 'co-2' }).companyId).toBe('co-2');
    store.transition(first.id, 'cancelled');
    // Reconnecting the same real-world account after a disconnection is allowed (T-ONB-3).
    expect(store.create(base).id).not.toBe(first.id);
  });

  it('walks pending → active ⇄ authRequired → cancelled and refuses anything after cancelled', () => {
    const store = new BankAccountStore(new ManualClock(0));
    const account = store.create(base);
    expect(store.transition(account.id, 'active')).toBe('pending');
    expect(store.transition(account.id, 'active')).toBeUndefined();
    expect(store.transition(account.id, 'authRequired')).toBe('active');
    expect(store.transition(account.id, 'active')).toBe('authRequired');
    expect(store.transition(account.id, 'cancelled')).toBe('active');
    expect(() => store.transition(account.id, 'active')).toThrow(IllegalTransitionError);
    expect(store.get(account.id)?.status).toBe('cancelled');
  });

  it('finds accounts by external id newest first, and by group', () => {
    const clock = new ManualClock(0);
    const store = new BankAccountStore(clock);
    const old = store.create(base);
    store.transition(old.id, 'cancelled');
    clock.advance(1000);
    const reconnected = store.create({ ...base, groupId: 'auth-2' });
    expect(store.findByExternalId('bank-1', 'ext-1').map((account) => account.id)).toEqual([reconnected.id, old.id]);
    expect(store.inGroup('auth-2').map((account) => account.id)).toEqual([reconnected.id]);
  });
});
