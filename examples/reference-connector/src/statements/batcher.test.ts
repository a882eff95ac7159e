import { describe, expect, it } from 'vitest';
import { faultSet, NO_FAULTS } from '../faults.ts';
import type { BankTransaction } from '../test-bank/index.ts';
import { planBatches, selectUnsent, TWO_WEEKS_MS } from './batcher.ts';

const DAY_MS = 86_400_000;
const START = Date.parse('2025-01-01T00:00:00.000Z');
const at = (days: number): { date: string } => ({ date: new Date(START + days * DAY_MS).toISOString() });
const LIMITS = { maxTransactions: 3, maxSpanMs: TWO_WEEKS_MS };

describe('planBatches', () => {
  it('cuts at the batch limit', () => {
    const batches = planBatches([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6].map(at), LIMITS, NO_FAULTS);
    expect(batches.map((batch) => batch.length)).toEqual([3, 3, 1]);
  });

  it('cuts before a transaction 14 days or more after the batch start', () => {
    const batches = planBatches([0, 13.9, 14, 20, 27.99, 28].map(at), { maxTransactions: 100, maxSpanMs: TWO_WEEKS_MS }, NO_FAULTS);
    expect(batches.map((batch) => batch.map((item) => (Date.parse(item.date) - START) / DAY_MS))).toEqual([[0, 13.9], [14, 20, 27.99], [28]]);
    for (const batch of batches) expect(Date.parse(batch.at(-1)!.date) - Date.parse(batch[0]!.date)).toBeLessThan(TWO_WEEKS_MS);
  });

  it('keeps order and loses nothing; nothing in, nothing out', () => {
    const input = Array.from({ length: 50 }, (_, index) => at(index * 0.7));
    expect(planBatches(input, LIMITS, NO_FAULTS).flat()).toEqual(input);
    expect(planBatches([], LIMITS, NO_FAULTS)).toEqual([]);
  });

  it('ignores the limit or the window only under the matching fault', () => {
    const dense = [0, 0.1, 0.2, 0.3].map(at);
    expect(planBatches(dense, LIMITS, faultSet(['oversize-batch'])).map((batch) => batch.length)).toEqual([4]);
    const sparse = [0, 10, 20, 30].map(at);
    expect(planBatches(sparse, { maxTransactions: 100, maxSpanMs: TWO_WEEKS_MS }, faultSet(['wide-date-spread'])).map((batch) => batch.length)).toEqual([4]);
  });
});

describe('selectUnsent', () => {
  const make = (id: string, days: number, status: 'booked' | 'pending' = 'booked'): BankTransaction =>
    ({ id, status, date: at(days).date }) as BankTransaction;
  const all = [make('a', 0), make('b', 5), make('c', 6, 'pending'), make('d', 7), make('e', 8)];
  const scope = { requestedStartDate: at(5).date, sentIds: new Set(['d']) };

  it('takes cleared, unsent transactions from the requested start date', () => {
    expect(selectUnsent(all, scope, NO_FAULTS).map((transaction) => transaction.id)).toEqual(['b', 'e']);
  });

  it('lets pending or older ones through only under the matching fault', () => {
    expect(selectUnsent(all, scope, faultSet(['send-pending-transactions'])).map((transaction) => transaction.id)).toEqual(['b', 'c', 'e']);
    expect(selectUnsent(all, scope, faultSet(['ignore-requested-start-date'])).map((transaction) => transaction.id)).toEqual(['a', 'b', 'e']);
  });
});
