import { describe, expect, it } from 'vitest';
import { HISTORY_DAYS, TestBank } from './index.ts';

const NOW = new Date('2025-06-01T12:00:00.000Z');
const DAY_MS = 86_400_000;

describe('TestBank', () => {
  it('is deterministic: the same clock and seed give the same data, another seed other data', () => {
    const first = new TestBank({ now: NOW });
    const second = new TestBank({ now: NOW });
    const other = new TestBank({ now: NOW, seed: 'another seed' });
    for (const username of first.usernames) {
      for (const account of first.accountsOf(username)) {
        expect(second.transactions(account.externalId)).toEqual(first.transactions(account.externalId));
      }
    }
    expect(other.transactions('ref-alice-current')).not.toEqual(first.transactions('ref-alice-current'));
  });

  it('moves the whole history with the clock, keeping ids and amounts', () => {
    const later = new TestBank({ now: new Date(NOW.getTime() + 10 * DAY_MS) });
    const base = new TestBank({ now: NOW }).transactions('ref-bob-business');
    const shifted = later.transactions('ref-bob-business');
    expect(shifted.map((transaction) => [transaction.id, transaction.amountMinor])).toEqual(base.map((transaction) => [transaction.id, transaction.amountMinor]));
    expect(Date.parse(shifted[0]!.date) - Date.parse(base[0]!.date)).toBe(10 * DAY_MS);
  });

  it('has alice with three accounts, bob with one, carol with two, and their credentials', () => {
    const bank = new TestBank({ now: NOW });
    expect(bank.usernames).toEqual(['alice', 'bob', 'carol']);
    expect(bank.accountsOf('alice').map((account) => account.accountType)).toEqual(['personal', 'savings', 'creditCard']);
    expect(bank.accountsOf('bob')).toHaveLength(1);
    expect(bank.accountsOf('carol')).toHaveLength(2);
    expect(bank.authenticate('bob', 'bob-test-password', '222222')).toEqual({ username: 'bob', displayName: 'Bob Baker' });
    expect(bank.authenticate('bob', 'bob-test-password', '111111')).toBeUndefined();
    expect(bank.authenticate('bob', 'alice-test-password', '222222')).toBeUndefined();
    expect(bank.authenticate('nobody', 'x', 'y')).toBeUndefined();
  });

  it('covers the last 120 days before the clock, in statement order, with pending and foreign-currency transactions', () => {
    const bank = new TestBank({ now: NOW });
    const all = bank.usernames.flatMap((username) => bank.accountsOf(username)).flatMap((account) => bank.transactions(account.externalId));
    const times = all.map((transaction) => Date.parse(transaction.date));
    expect(Math.max(...times)).toBeLessThanOrEqual(NOW.getTime());
    expect(Math.min(...times)).toBeGreaterThanOrEqual(NOW.getTime() - HISTORY_DAYS * DAY_MS);
    expect(all.filter((transaction) => transaction.status === 'pending').length).toBeGreaterThanOrEqual(5);
    expect(all.filter((transaction) => transaction.exchange !== undefined).length).toBeGreaterThanOrEqual(10);
    expect(new Set(all.map((transaction) => transaction.id)).size).toBe(all.length);
    for (const account of bank.accountsOf('alice')) {
      const dates = bank.transactions(account.externalId).map((transaction) => transaction.date);
      expect(dates).toEqual([...dates].sort());
    }
    // The busy current account must exceed 100 transactions in two weeks (so the batch limit binds) …
    const current = bank.transactions('ref-alice-current').filter((transaction) => Date.parse(transaction.date) > NOW.getTime() - 14 * DAY_MS);
    expect(current.length).toBeGreaterThan(100);
    // … and the sparse savings account must have gaps of more than two weeks across its history (so the window binds).
    const savings = bank.transactions('ref-alice-savings').map((transaction) => Date.parse(transaction.date));
    expect(savings.at(-1)! - savings[0]!).toBeGreaterThan(14 * DAY_MS);
  });

  it('keeps a running ledger: each balance after is the next balance before', () => {
    const bank = new TestBank({ now: NOW });
    const booked = bank.transactions('ref-carol-loan').filter((transaction) => transaction.status === 'booked');
    for (let index = 1; index < booked.length; index += 1) {
      const previous = bank.ledgerAround('ref-carol-loan', booked[index - 1]!.id);
      const current = bank.ledgerAround('ref-carol-loan', booked[index]!.id);
      expect(current.beforeMinor).toBe(previous.afterMinor);
      expect(current.afterMinor - current.beforeMinor).toBe(booked[index]!.amountMinor);
    }
    expect(bank.currentBalanceMinor('ref-carol-loan')).toBe(bank.ledgerAround('ref-carol-loan', booked.at(-1)!.id).afterMinor);
  });

  it('books new activity after everything already on the statement, one pending included', () => {
    const bank = new TestBank({ now: NOW });
    const before = bank.transactions('ref-bob-business');
    const booked = bank.bookTransactions('ref-bob-business', 5, new Date(NOW.getTime() + 60_000));
    expect(booked.map((transaction) => transaction.status)).toEqual(['booked', 'booked', 'booked', 'booked', 'booked', 'pending']);
    expect(bank.transactions('ref-bob-business').slice(0, before.length)).toEqual(before);
    const again = bank.bookTransactions('ref-bob-business', 3, new Date(NOW.getTime() + 60_000));
    expect(Date.parse(again[0]!.date)).toBeGreaterThan(Date.parse(booked.at(-1)!.date));
    expect(bank.currentBalanceMinor('ref-bob-business')).toBe(bank.ledgerAround('ref-bob-business', again[2]!.id).afterMinor);
  });

  it('opens accounts and tracks consent per user', () => {
    const bank = new TestBank({ now: NOW });
    const added = bank.addAccount('bob');
    expect(added).toMatchObject({ externalId: 'ref-bob-added-1', owner: 'bob', accountType: 'savings' });
    expect(bank.accountsOf('bob').map((account) => account.externalId)).toEqual(['ref-bob-business', 'ref-bob-added-1']);
    expect(bank.addAccount('alice').accountIdentifier).not.toBe(added.accountIdentifier);
    expect(bank.consent('bob')).toBe('granted');
    bank.revokeConsent('bob');
    expect(bank.consent('bob')).toBe('lapsed');
    expect(bank.consent('alice')).toBe('granted');
    bank.grantConsent('bob');
    expect(bank.consent('bob')).toBe('granted');
  });
});
