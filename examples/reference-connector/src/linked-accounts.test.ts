import { describe, expect, it } from 'vitest';
import { LinkedAccounts } from './linked-accounts.ts';

const input = (bankAccountId: string, externalId = 'ref-alice-current', owner = 'alice') => ({ bankAccountId, externalId, owner, bankId: 'bank', requestedStartDate: '2025-01-01T00:00:00.000Z' });

describe('LinkedAccounts', () => {
  it('links once per bank account id and finds accounts by externalId and owner', () => {
    const linked = new LinkedAccounts();
    expect(linked.link(input('b1')).created).toBe(true);
    const again = linked.link({ ...input('b1'), requestedStartDate: '2020-01-01T00:00:00.000Z' });
    expect(again.created).toBe(false);
    expect(again.account.requestedStartDate).toBe('2025-01-01T00:00:00.000Z');
    linked.link(input('b2'));
    linked.link(input('b3', 'ref-bob-business', 'bob'));
    expect(linked.activeFor('ref-alice-current').map((account) => account.bankAccountId)).toEqual(['b1', 'b2']);
    expect(linked.activeForOwner('bob').map((account) => account.bankAccountId)).toEqual(['b3']);
    expect(linked.isConnected('ref-alice-savings')).toBe(false);
  });

  it('offboards once, forgets what was sent and keeps a tombstone', () => {
    const linked = new LinkedAccounts();
    const { account } = linked.link(input('b1'));
    account.sentIds.add('t1');
    expect(linked.offboard('b1')).toBe(account);
    expect(linked.offboard('b1')).toBeUndefined();
    expect(linked.offboard('unknown')).toBeUndefined();
    expect(account.sentIds.size).toBe(0);
    expect(linked.isConnected('ref-alice-current')).toBe(false);
    expect(linked.allFor('ref-alice-current')).toEqual([account]);
    expect(linked.link(input('b1')).account.offboarded).toBe(true);
  });
});
