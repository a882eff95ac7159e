import { describe, expect, it } from 'vitest';
import { instantOf, readStatement } from './statement-view.ts';

describe('readStatement', () => {
  it('reads the fields the rules need and keeps each transaction as sent', () => {
    const result = readStatement({
      data: {
        principalId: 'p',
        bankId: 'b',
        expected: { transactionDetailsCount: 1 },
        accountDetails: [{ bankAccountId: 'a', status: 'active', balances: { ledgerBalance: 10, availableBalance: '9' } }],
        transactionDetails: [{ uniqueId: 'u1', transactionAmount: 10, transactionType: 'CREDIT', extra: { x: 1 } }],
      },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.statement.accountDetails[0]?.balances).toEqual({ ledgerBalance: 10, availableBalance: undefined });
    expect(result.statement.transactionDetails[0]).toMatchObject({ index: 0, uniqueId: 'u1', transactionAmount: 10, fields: { extra: { x: 1 } } });
  });

  it('names every structural problem with a pointer', () => {
    const result = readStatement({ data: { accountDetails: {}, transactionDetails: [1] } });
    expect(result).toEqual({
      ok: false,
      problems: [
        { pointer: '/data/accountDetails', message: expect.stringContaining('must be an array') },
        { pointer: '/data/transactionDetails/0', message: expect.stringContaining('must be an object') },
      ],
    });
    expect(readStatement('nope')).toMatchObject({ ok: false, problems: [{ pointer: '/data' }] });
  });

  it('parses instants and tolerates garbage', () => {
    expect(instantOf('2024-01-02T00:00:00.000Z')).toBe(Date.UTC(2024, 0, 2));
    expect(instantOf('yesterday')).toBeUndefined();
    expect(instantOf(undefined)).toBeUndefined();
  });
});
