import { describe, expect, it } from 'vitest';
import { LinkCandidateStore, type CandidateInput } from './link-candidates.ts';

const input: CandidateInput = {
  organisationId: 'o',
  companyId: 'c',
  bankId: 'b',
  groupId: 'g',
  externalId: 'ext-2',
  accountName: 'Savings',
  accountType: 'savings',
  bankIdentifier: '1000',
  accountIdentifier: '22',
  branchIdentifier: undefined,
};

describe('LinkCandidateStore', () => {
  it('keeps a candidate id stable across listings and refreshes its details', () => {
    const store = new LinkCandidateStore();
    const first = store.upsert(input);
    const again = store.upsert({ ...input, accountName: 'Savings (renamed)' });
    expect(again.bankAccountCandidateId).toBe(first.bankAccountCandidateId);
    expect(store.get(first.bankAccountCandidateId)?.accountName).toBe('Savings (renamed)');
    expect(store.upsert({ ...input, companyId: 'other' }).bankAccountCandidateId).not.toBe(first.bankAccountCandidateId);
  });
});
