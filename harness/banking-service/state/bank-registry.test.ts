import { describe, expect, it } from 'vitest';
import { BankRegistry, type BankInput } from './bank-registry.ts';

const input: BankInput = {
  externalRef: 'agg-1',
  name: 'Demo Bank',
  countryCode: 'GB',
  url: 'https://demo.example',
  supportiframe: false,
  callbackURLs: { notification: 'http://c/notification', availableAccounts: 'http://c/availableaccounts', auth: 'http://c/auth', reAuth: 'http://c/authrefresh' },
  ownerClientId: 'client-1',
};

describe('BankRegistry', () => {
  it('creates a bank with a fresh principalId, finds it by owner and externalRef, updates and removes it', () => {
    const banks = new BankRegistry();
    const bank = banks.create(input);
    expect(bank.principalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(banks.findByExternalRef('client-1', 'agg-1')).toBe(bank);
    expect(banks.findByExternalRef('client-2', 'agg-1')).toBeUndefined();
    const updated = banks.update(bank.principalId, { name: 'Renamed' });
    expect(updated).toMatchObject({ name: 'Renamed', countryCode: 'GB', principalId: bank.principalId });
    expect(Object.isFrozen(updated)).toBe(true);
    banks.remove(bank.principalId);
    expect(banks.get(bank.principalId)).toBeUndefined();
    expect(() => banks.remove(bank.principalId)).toThrow(/not registered/);
  });

  it('keeps a given principalId (pre-registered banks) and refuses a duplicate', () => {
    const banks = new BankRegistry();
    banks.create({ ...input, principalId: '3993ba12-039d-43a5-a5ae-1493e5ac1ff8' });
    expect(() => banks.create({ ...input, principalId: '3993ba12-039d-43a5-a5ae-1493e5ac1ff8' })).toThrow(/already registered/);
  });
});
