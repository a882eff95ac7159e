import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock.ts';
import { StatementStore } from './statement-store.ts';

const violation = { rule: 'cleared-only', anchors: ['R1'], evidence: ['APPLY' as const], message: 'm', pointer: '/data' };

describe('StatementStore', () => {
  it('tracks one statement in flight per account until it completes', () => {
    const clock = new ManualClock(0);
    const store = new StatementStore<{ n: number }>(clock);
    const statement = store.create({ bankAccountId: 'a', clientId: 'c', transactionCount: 2, payload: { n: 1 } });
    expect(statement.status).toBe('accepted');
    expect(store.inFlight('a')?.id).toBe(statement.id);
    expect(store.inFlight('b')).toBeUndefined();
    store.markProcessing(statement.id);
    expect(store.inFlight('a')?.status).toBe('processing');
    expect(store.payloadOf(statement.id)).toEqual({ n: 1 });
    clock.advance(25);
    const done = store.complete(statement.id, { firstTransactionId: 1, lastTransactionId: 2 });
    expect(done).toMatchObject({ status: 'completed', completedAt: 25, firstTransactionId: 1 });
    expect(store.inFlight('a')).toBeUndefined();
    expect(store.payloadOf(statement.id)).toBeUndefined();
  });

  it('keeps the reasons of a rejection and refuses out-of-order transitions', () => {
    const store = new StatementStore<null>(new ManualClock(0));
    const statement = store.create({ bankAccountId: 'a', clientId: 'c', transactionCount: 0, payload: null });
    expect(() => store.complete(statement.id, { firstTransactionId: undefined, lastTransactionId: undefined })).toThrow(/is accepted, not processing/);
    store.markProcessing(statement.id);
    expect(store.reject(statement.id, [violation]).reasons).toEqual([violation]);
    expect(() => store.markProcessing(statement.id)).toThrow(/rejected/);
  });
});
