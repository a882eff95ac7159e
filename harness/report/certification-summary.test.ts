import { describe, expect, it } from 'vitest';
import { buildSummary, countStatuses, verdictsInReportOrder } from './certification-summary.ts';
import { sampleContracts, sampleSummaryInput, sampleVerdict } from './test-support/sample-run.ts';

describe('buildSummary', () => {
  it('counts, applies the baseline and records the policies in force with the overrides', () => {
    const summary = buildSummary(sampleSummaryInput());
    expect(summary.counts).toEqual({ pass: 1, fail: 2, warn: 1, 'not-applicable': 1, error: 1, total: 6 });
    expect(summary.baseline).toEqual({
      file: '/tmp/baseline.yaml',
      accepted: [{ requirement: 'ONB-02', reason: 'fixed in release 4 <soon>' }],
      newFailures: ['ONB-01'],
      stale: [],
    });
    expect(summary.policies.overrides).toEqual({ 'statement-batch-limit': 1000 });
    expect(summary.policies.inForce['statement-batch-limit']).toBe(1000);
    expect(Object.keys(summary.policies.inForce).length).toBeGreaterThan(10);
    expect(summary.timings).toMatchObject({ startupMs: 2000, flowsMs: { onboarding: 420 }, reportsMs: {} });
    expect(summary.candidate).toMatchObject({ kind: 'reference', imageId: null, readyAfterMs: 191 });
  });

  it('decides kit-failed before non-conformant: an error verdict means the run proved nothing either way', () => {
    expect(buildSummary(sampleSummaryInput())).toMatchObject({ decision: 'kit-failed', reason: expect.stringMatching(/could not decide 1 requirement /) });
  });

  it('decides non-conformant on a new failure and on a stale baseline entry, conformant otherwise', () => {
    const run = (verdicts: ReturnType<typeof sampleVerdict>[]) => ({ ...sampleSummaryInput().run, verdicts });
    const newFailure = buildSummary(sampleSummaryInput({ run: run([sampleVerdict('ONB-01', 'fail')]) }));
    expect(newFailure).toMatchObject({ decision: 'non-conformant', reason: 'Non-conformant: 1 failure not in the baseline.' });
    const stale = buildSummary(sampleSummaryInput({ run: run([sampleVerdict('ONB-02', 'pass')]) }));
    expect(stale).toMatchObject({ decision: 'non-conformant', reason: 'Non-conformant: 1 baselined requirement now passing (stale baseline).' });
    expect(stale.baseline.stale).toEqual([{ requirement: 'ONB-02', reason: 'fixed in release 4 <soon>' }]);
    const accepted = buildSummary(sampleSummaryInput({ run: run([sampleVerdict('ONB-02', 'fail'), sampleVerdict('SYNC-01', 'pass')]) }));
    expect(accepted).toMatchObject({ decision: 'conformant', reason: 'Conformant: no requirement failed (1 known failure accepted by the baseline).' });
  });

  it('decides incomplete for an interrupted run, whatever the verdicts', () => {
    const input = sampleSummaryInput();
    expect(buildSummary({ ...input, run: { ...input.run, incomplete: true } })).toMatchObject({ decision: 'incomplete', incomplete: true });
  });
});

describe('verdictsInReportOrder', () => {
  it('lists new failures first, then baselined failures, errors, warnings, passes and not-applicable', () => {
    const summary = buildSummary(sampleSummaryInput());
    expect(verdictsInReportOrder(summary).map((verdict) => verdict.status + ':' + verdict.requirementId.split('-')[0])).toEqual([
      'fail:ONB', 'fail:ONB', 'error:STMT', 'warn:STMT', 'pass:SYNC', 'not-applicable:MAL',
    ]);
    expect(verdictsInReportOrder(summary)[0]?.requirementId).toBe('ONB-01');
    expect(countStatuses([]).total).toBe(0);
  });
});

describe('buildSummary with the webhook contract (policy: a failed interaction gates on its own)', () => {
  const passingRun = { ...sampleSummaryInput().run, verdicts: [sampleVerdict('SYNC-01', 'pass')] };

  it('is conformant when every verdict passes and every interaction verified, and says so', () => {
    const summary = buildSummary(sampleSummaryInput({ run: { ...passingRun, contracts: sampleContracts() } }));
    expect(summary).toMatchObject({ decision: 'conformant', reason: 'Conformant: no requirement failed and every interaction of the webhook contract verified (2).' });
    expect(summary.contracts.interactions.map((interaction) => interaction.requirementIds)).toEqual([['ONB-13', 'SPEC-01'], ['SPEC-03', 'MAL-01']]);
  });

  it('is non-conformant when an interaction failed although every verdict passed', () => {
    expect(buildSummary(sampleSummaryInput({ run: { ...passingRun, contracts: sampleContracts({ failing: true }) } }))).toMatchObject({
      decision: 'non-conformant', reason: 'Non-conformant: 1 webhook contract interaction failed.',
    });
  });

  it('is kit-failed when the kit could not verify the contract, and reports a run without the phase as skipped', () => {
    const error = { ...sampleContracts(), status: 'error' as const, reason: 'The kit could not verify the webhook contract (the candidate is not blamed): boom', interactions: [] };
    expect(buildSummary(sampleSummaryInput({ run: { ...passingRun, contracts: error } }))).toMatchObject({ decision: 'kit-failed', reason: error.reason });
    expect(buildSummary(sampleSummaryInput({ run: passingRun })).contracts).toMatchObject({ status: 'skipped', interactions: [], evidenceCut: null });
  });
});
