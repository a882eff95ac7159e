import { describe, expect, it } from 'vitest';
import { authorisationCreated, bankAccountCreated, bankAccountDeleted } from './notification-payloads.ts';

const account = { id: 'acc-1', externalId: 'MTAwMDoxMQ==', requestedStartDate: '2024-01-01T00:00:00.000Z', bankId: 'bank-1' };

describe('notification payloads (reference §8)', () => {
  it('builds the authorisation variant', () => {
    expect(authorisationCreated('auth-1', 'bank-1')).toEqual({ type: 'resourceCreated', resource: { id: 'auth-1', type: 'authorisation', url: 'NA' }, additionalData: { bankId: 'bank-1' } });
  });

  it('builds the bank-account created and deleted variants with the externalId echoed verbatim', () => {
    expect(bankAccountCreated(account)).toEqual({
      type: 'resourceCreated',
      resource: { id: 'acc-1', type: 'bankAccount', url: 'NA' },
      additionalData: { externalId: 'MTAwMDoxMQ==', requestedStartDate: '2024-01-01T00:00:00.000Z', bankId: 'bank-1' },
    });
    expect(bankAccountDeleted(account)).toEqual({ type: 'resourceDeleted', resource: { id: 'acc-1', type: 'bankAccount', url: 'NA' }, additionalData: { externalId: 'MTAwMDoxMQ==', bankId: 'bank-1' } });
  });
});
