import type { AccountFixture, ActivityProfile } from './fixtures.ts';
import { pick, randomInt, seededRandom, type Random } from './prng.ts';

export const HISTORY_DAYS = 120;
const DAY_MS = 86_400_000;

export interface TransactionCategory {
  readonly topLevelCategory: string;
  readonly subCategory: string;
  readonly categoryId: number;
  readonly standardIndustrialCode: string;
}

/** A transaction as the generator draws it, before the bank numbers it. Amounts are signed minor units. */
export interface DrawnTransaction {
  readonly status: 'booked' | 'pending';
  /** Epoch ms the transaction was booked (cleared); for a pending one, when it was authorised. */
  readonly atMs: number;
  readonly initiatedAtMs: number;
  readonly amountMinor: number;
  readonly description: string;
  readonly counterparty: string;
  readonly exchange: { readonly currency: string; readonly amountMinor: number } | undefined;
  readonly category: TransactionCategory;
}

const MERCHANTS: readonly (readonly [string, TransactionCategory])[] = [
  ['TESCO STORES 2231', { topLevelCategory: 'Shopping', subCategory: 'Groceries', categoryId: 11, standardIndustrialCode: '4711' }],
  ['SAINSBURYS S/MKT', { topLevelCategory: 'Shopping', subCategory: 'Groceries', categoryId: 11, standardIndustrialCode: '4711' }],
  ['TFL TRAVEL CH', { topLevelCategory: 'Transport', subCategory: 'Public transport', categoryId: 21, standardIndustrialCode: '4931' }],
  ['SHELL NORTHGATE', { topLevelCategory: 'Transport', subCategory: 'Fuel', categoryId: 22, standardIndustrialCode: '4730' }],
  ['PRET A MANGER', { topLevelCategory: 'Eating out', subCategory: 'Cafes', categoryId: 31, standardIndustrialCode: '5610' }],
  ['AMAZON MARKETPLACE', { topLevelCategory: 'Shopping', subCategory: 'Online', categoryId: 12, standardIndustrialCode: '4791' }],
  ['BRITISH GAS', { topLevelCategory: 'Bills', subCategory: 'Energy', categoryId: 41, standardIndustrialCode: '3523' }],
  ['VODAFONE LTD', { topLevelCategory: 'Bills', subCategory: 'Phone', categoryId: 42, standardIndustrialCode: '6120' }],
  ['OFFICE SUPPLIES CO', { topLevelCategory: 'Business', subCategory: 'Supplies', categoryId: 51, standardIndustrialCode: '4762' }],
  ['FLOUR MILLS WHOLESALE', { topLevelCategory: 'Business', subCategory: 'Stock', categoryId: 52, standardIndustrialCode: '4638' }],
];
const PAYERS: readonly string[] = ['CUSTOMER PAYMENT', 'REFUND', 'TRANSFER FROM SAVINGS', 'INVOICE 20', 'CARD SALES SETTLEMENT'];
const INCOME: TransactionCategory = { topLevelCategory: 'Income', subCategory: 'Payments in', categoryId: 61, standardIndustrialCode: '6419' };
const FOREIGN: readonly (readonly [string, number])[] = [
  ['EUR', 1.17],
  ['USD', 1.27],
];

function drawOrdinary(random: Random, profile: ActivityProfile, atMs: number, status: DrawnTransaction['status']): DrawnTransaction {
  const initiatedAtMs = atMs - randomInt(random, 0, 36 * 3600) * 1000;
  if (random() < profile.creditShare) {
    const payer = pick(random, PAYERS);
    const amountMinor = randomInt(random, profile.creditMinor[0], profile.creditMinor[1]);
    return { status, atMs, initiatedAtMs, amountMinor, description: payer, counterparty: payer, exchange: undefined, category: INCOME };
  }
  const [merchant, category] = pick(random, MERCHANTS);
  const amountMinor = -randomInt(random, profile.debitMinor[0], profile.debitMinor[1]);
  let exchange: DrawnTransaction['exchange'];
  if (random() < profile.foreignShare) {
    const [currency, rate] = pick(random, FOREIGN);
    // Signed like the base amount, in major-unit-equivalent minor units of the foreign currency (reference D10).
    exchange = { currency, amountMinor: Math.round(amountMinor * rate) };
  }
  return { status, atMs, initiatedAtMs, amountMinor, description: merchant, counterparty: merchant, exchange, category };
}

/**
 * Draws an account's history for the HISTORY_DAYS days before `anchorMs`, oldest first. Deterministic: the same
 * seed, account and anchor give the same transactions, and every timestamp is at or before the anchor.
 */
export function generateHistory(seed: string, account: AccountFixture, anchorMs: number): DrawnTransaction[] {
  const random = seededRandom(`${seed}:${account.externalId}`);
  const { profile } = account;
  const drawn: DrawnTransaction[] = [];
  for (let daysAgo = HISTORY_DAYS - 1; daysAgo >= 0; daysAgo -= 1) {
    const dayEndMs = anchorMs - daysAgo * DAY_MS;
    const count = daysAgo < profile.busyDays ? randomInt(random, profile.busyPerDay[0], profile.busyPerDay[1]) : random() < profile.quietChance ? 1 : 0;
    const times: number[] = [];
    for (let index = 0; index < count; index += 1) times.push(dayEndMs - randomInt(random, 60, 86_399) * 1000);
    if (profile.periodicCredit !== undefined && daysAgo % profile.periodicCredit.everyDays === 3) {
      const atMs = dayEndMs - randomInt(random, 3600, 40_000) * 1000;
      drawn.push({ status: 'booked', atMs, initiatedAtMs: atMs, amountMinor: profile.periodicCredit.amountMinor, description: profile.periodicCredit.description, counterparty: profile.periodicCredit.description, exchange: undefined, category: INCOME });
    }
    for (const atMs of times) drawn.push(drawOrdinary(random, profile, atMs, 'booked'));
  }
  // Pending ones sit in the last two days: authorised, not yet cleared, never to be sent [APPLY] [CA-TXN].
  for (let index = 0; index < profile.pendingCount; index += 1) {
    drawn.push(drawOrdinary(random, profile, anchorMs - randomInt(random, 60, 2 * 86_400) * 1000, 'pending'));
  }
  return drawn.sort((left, right) => left.atMs - right.atMs);
}

const NEW_ACTIVITY: ActivityProfile = {
  busyDays: 0,
  busyPerDay: [0, 0],
  quietChance: 0,
  creditShare: 0.3,
  debitMinor: [100, 20_000],
  creditMinor: [100, 30_000],
  foreignShare: 0.1,
  pendingCount: 0,
};

/**
 * New activity booked through the test-control hook: `count` cleared transactions at startMs, startMs + stepMs, …,
 * then one pending one step later. Deterministic for a given account, sequence position and time.
 */
export function generateNewActivity(seed: string, account: AccountFixture, sequenceStart: number, count: number, startMs: number, stepMs: number): DrawnTransaction[] {
  const random = seededRandom(`${seed}:${account.externalId}:new:${sequenceStart}`);
  const drawn: DrawnTransaction[] = [];
  for (let index = 0; index < count; index += 1) drawn.push(drawOrdinary(random, NEW_ACTIVITY, startMs + index * stepMs, 'booked'));
  drawn.push(drawOrdinary(random, NEW_ACTIVITY, startMs + count * stepMs, 'pending'));
  return drawn;
}
