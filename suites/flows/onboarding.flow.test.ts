import { beforeAll, describe, expect, it } from 'vitest';
import { certifyReference } from '../../harness/run/certify-reference.ts';
import type { CertificationRun } from '../../harness/run/run-certification.ts';
import type { PostedTransaction } from '../checks/evidence-queries.ts';
import { bankSyncFlow } from './bank-sync.flow.ts';
import type { FlowDriver } from './flow-driver.ts';
import { multiAccountLinkingFlow } from './multi-account-linking.flow.ts';
import { offboardingFlow } from './offboarding.flow.ts';
import { HISTORY_DAYS, laterStartDate, onboardingFlow } from './onboarding.flow.ts';
import { DAY_MS, daysAgo } from './onboarding-steps.ts';
import type { RunWorld } from './run-world.ts';

const MINE = /^(SYNC|ONB|MAL|OFF)-/;

/** A driver that only copies the world at its place in the run: what the next flow would find. */
const worldProbe = (id: FlowDriver['id'], into: RunWorld[]): FlowDriver => ({
  id,
  title: 'world probe',
  async run(context) {
    into.push(structuredClone({ ...context.world, accounts: [...context.world.accounts] }));
  },
});

describe('bank-sync, onboarding, multi-account-linking and offboarding flows on the reference connector', () => {
  let run: CertificationRun;
  const worlds: RunWorld[] = [];

  beforeAll(async () => {
    run = await certifyReference({
      flows: ['bank-sync', 'onboarding', 'multi-account-linking', 'offboarding'],
      flowDrivers: [bankSyncFlow, onboardingFlow, worldProbe('onboarding', worlds), multiAccountLinkingFlow, offboardingFlow, worldProbe('offboarding', worlds)],
    });
  }, 90_000);

  it('passes every SYNC, ONB, MAL and OFF requirement', () => {
    const mine = run.verdicts.filter((verdict) => MINE.test(verdict.requirementId));
    expect(mine.map((verdict) => verdict.requirementId)).toHaveLength(26);
    expect(mine.filter((verdict) => verdict.status !== 'pass').map((verdict) => `${verdict.requirementId} ${verdict.status}: ${verdict.sentence}`)).toEqual([]);
    for (const verdict of mine) expect(verdict.sentence, verdict.requirementId).toMatch(/x-\d{6}|Policy/);
  });

  it('runs every scenario as its own step, all ok', () => {
    const steps = run.evidence.steps.filter((step) => step.flow !== 'bank-sync' || step.step !== 'start-candidate');
    expect(steps.map((step) => `${step.flow}/${step.step}:${step.status}`)).toEqual([
      'bank-sync/await-bank-registration:ok',
      'onboarding/create-organisation:ok',
      'onboarding/get-bank:ok',
      'onboarding/onboard-multi-account-user:ok',
      'onboarding/onboard-second-account:ok',
      'onboarding/failed-login:ok',
      'onboarding/disconnect-before-reconnect:ok',
      'onboarding/reconnect-same-account:ok',
      'onboarding/onboard-single-account-user:ok',
      'multi-account-linking/await-active-account:ok',
      'multi-account-linking/list-available-accounts:ok',
      'multi-account-linking/link-candidate:ok',
      'multi-account-linking/offer-added-account:ok',
      'offboarding/disconnect-account:ok',
      'offboarding/new-transactions-for-disconnected:ok',
      'offboarding/new-transactions-for-sibling:ok',
    ]);
  });

  it('leaves the bank, the organisation and the live accounts in the world for the later flows', () => {
    const [afterOnboarding, atEnd] = worlds;
    expect(afterOnboarding?.bankId).toMatch(/^[0-9a-f-]{36}$/);
    expect(afterOnboarding?.organisationId).toBeDefined();
    expect(afterOnboarding?.companyId).toBeDefined();
    const accounts = afterOnboarding?.accounts ?? [];
    expect(accounts.map((account) => [account.user, account.externalId, account.via])).toEqual([
      ['multiAccount', 'ref-alice-current', 'onboarding'],
      ['multiAccount', 'ref-alice-savings', 'onboarding'],
      ['singleAccount', 'ref-bob-business', 'onboarding'],
    ]);
    expect(accounts[0]?.requestedStartDate).toBe(daysAgo(HISTORY_DAYS));
    // The reconnected account replaced the disconnected one: live, with the later start date.
    const deleted = new Set(run.evidence.events.flatMap((event) => (event.type === 'account.deleted' ? [event.bankAccountId] : [])));
    expect(accounts.some((account) => deleted.has(account.bankAccountId))).toBe(false);
    // Multi-account linking added the card, offboarding disconnected it again.
    expect(atEnd?.accounts.map((account) => account.externalId)).toEqual(['ref-alice-current', 'ref-alice-savings', 'ref-bob-business']);
  });
});

describe('laterStartDate', () => {
  const sent = (...dates: string[]): PostedTransaction[] => dates.map((datePosted, index) => ({ uniqueId: `u${index}`, datePosted, exchange: undefined as never, outcome: 'completed' }));

  it('picks the middle day of what was sent after the first start date', () => {
    const previous = '2025-01-01T00:00:00.000Z';
    const chosen = laterStartDate(previous, sent('2025-01-01T10:00:00Z', '2025-01-05T10:00:00Z', '2025-01-09T08:00:00Z', '2025-01-20T23:00:00Z'));
    expect(chosen).toBe('2025-01-09T00:00:00.000Z');
  });

  it('falls back to half-way to now when nothing was sent after the first day', () => {
    const previous = new Date(Math.floor((Date.now() - 20 * DAY_MS) / DAY_MS) * DAY_MS).toISOString();
    const chosen = Date.parse(laterStartDate(previous, sent(previous)));
    expect(chosen).toBeGreaterThan(Date.parse(previous));
    expect(chosen).toBeLessThan(Date.now());
  });
});
