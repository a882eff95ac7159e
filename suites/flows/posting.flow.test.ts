import { beforeAll, describe, expect, it } from 'vitest';
import { certifyReference } from '../../harness/run/certify-reference.ts';
import type { CertificationRun } from '../../harness/run/run-certification.ts';
import { emptyContext } from './flow-test-context.ts';
import { postingFlow } from './posting.flow.ts';

describe('posting flow without onboarded accounts', () => {
  it('skips with the reason instead of failing', async () => {
    const skipped: [string, string][] = [];
    await postingFlow.run(emptyContext('posting', skipped));
    expect(skipped).toEqual([['await-history-push', expect.stringMatching(/^no onboarded bank account in this run/)]]);
  });
});

/**
 * The clean run: bank sync and onboarding as a certification drives them, then posting and re-authorisation, on
 * the reference connector without faults. Every STMT and REAUTH requirement passes; the fault switches that make
 * each one fail are in the detection matrix (suites/checks/fault-matrix.test.ts).
 */
describe('posting and re-authorisation on the reference connector', () => {
  let run: CertificationRun;
  beforeAll(async () => {
    run = await certifyReference({ flows: ['bank-sync', 'onboarding', 'posting', 'reauthorisation'] });
  }, 120_000);

  it('passes every STMT and REAUTH requirement', () => {
    const mine = run.verdicts.filter((verdict) => /^(STMT|REAUTH)-/.test(verdict.requirementId));
    expect(mine).toHaveLength(26);
    expect(mine.filter((verdict) => verdict.status !== 'pass').map((verdict) => `${verdict.requirementId} ${verdict.status}: ${verdict.sentence}`)).toEqual([]);
  });

  it('drives every step of both flows to its end', () => {
    const steps = run.evidence.steps.filter((step) => step.flow === 'posting' || step.flow === 'reauthorisation');
    expect(steps.filter((step) => step.status !== 'ok').map((step) => `${step.flow}/${step.step} ${step.status}: ${step.message}`)).toEqual([]);
    const names = new Set(steps.map((step) => `${step.flow}/${step.step}`));
    for (const name of ['posting/await-history-push', 'posting/read-transactions', 'posting/push-new-transactions', 'reauthorisation/revoke-consent', 'reauthorisation/book-during-lapse',
      'reauthorisation/reauthorise-failed-login', 'reauthorisation/reauthorise', 'reauthorisation/resume-posting']) {
      expect(names, name).toContain(name);
    }
    const accounts = steps.filter((step) => step.step === 'await-history-push').map((step) => step.data['bankAccountId']);
    expect(accounts.length).toBeGreaterThanOrEqual(2);
    const incremental = steps.find((step) => step.step === 'push-new-transactions');
    // One over the batch limit: the incremental push is split into two statements, posted one after the other.
    expect(incremental?.data).toMatchObject({ count: '101', statementsCompleted: '2', transactionsStored: '101' });
  });
});
