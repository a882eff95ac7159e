import { describe, expect, it } from 'vitest';
import { TransactionStore } from './transaction-store.ts';

const txns = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => ({ uniqueId: `${prefix}-${index}`, fields: { n: index } }));

describe('TransactionStore', () => {
  it('gives increasing ids per account with gaps where accounts interleave', () => {
    const store = new TransactionStore();
    const a1 = store.append('a', txns('a', 2));
    store.append('b', txns('b', 3));
    const a2 = store.append('a', txns('a2', 1));
    expect(a1.map((t) => t.transactionId)).toEqual([1, 2]);
    expect(a2.map((t) => t.transactionId)).toEqual([6]);
    expect(store.lastTransactionId('a')).toBe(6);
    expect(store.totalCount()).toBe(6);
  });

  it('pages from an inclusive startIndex and names the next and last pages', () => {
    const store = new TransactionStore();
    store.append('a', txns('a', 5));
    const first = store.page('a', 0, 2);
    expect(first.transactions.map((t) => t.transactionId)).toEqual([1, 2]);
    expect(first).toMatchObject({ total: 5, endIndex: 2, nextStartIndex: 3, lastStartIndex: 4 });
    const last = store.page('a', 5, 2);
    expect(last.transactions.map((t) => t.transactionId)).toEqual([5]);
    expect(last.nextStartIndex).toBeUndefined();
    const beyond = store.page('a', 9, 2);
    expect(beyond).toMatchObject({ transactions: [], endIndex: 8, nextStartIndex: undefined });
  });

  it('remembers accepted uniqueIds and forgets everything on hard delete', () => {
    const store = new TransactionStore();
    store.append('a', txns('a', 3));
    expect(store.acceptedUniqueIds('a').has('a-1')).toBe(true);
    expect(store.deleteAccount('a')).toBe(3);
    expect(store.count('a')).toBe(0);
    expect(store.acceptedUniqueIds('a').size).toBe(0);
    expect(store.page('a', 0, 10).transactions).toEqual([]);
  });
});
