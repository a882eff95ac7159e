import { describe, expect, it } from 'vitest';
import { readAvailableAccounts } from './available-accounts-answer.ts';

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('readAvailableAccounts', () => {
  it('reads the documented array', () => {
    const answer = readAvailableAccounts(200, json([{ accountType: 'business', accountName: 'Main', externalId: 'e1', bankIdentifier: 'b', accountIdentifier: 'a', branchIdentifier: 'x' }]));
    expect(answer).toEqual({ ok: true, accounts: [{ accountType: 'business', accountName: 'Main', externalId: 'e1', bankIdentifier: 'b', accountIdentifier: 'a', branchIdentifier: 'x' }] });
    expect(readAvailableAccounts(200, json([]))).toEqual({ ok: true, accounts: [] });
  });

  it('names what is wrong with anything else', () => {
    expect(readAvailableAccounts(404, json([]))).toEqual({ ok: false, problem: 'the connector answered 404 on /availableaccounts' });
    expect(readAvailableAccounts(200, Buffer.from('<html>'))).toMatchObject({ problem: expect.stringContaining('not JSON') });
    expect(readAvailableAccounts(200, json({ data: [] }))).toMatchObject({ problem: expect.stringContaining('not a JSON array') });
    expect(readAvailableAccounts(200, json([{ externalId: 'e' }]))).toMatchObject({ problem: 'element 0 of the /availableaccounts answer lacks bankIdentifier, accountIdentifier [C-AVAIL]' });
  });
});
