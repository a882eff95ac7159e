import { certifyReference } from '../../harness/run/certify-reference.ts';
import type { CertificationRun } from '../../harness/run/run-certification.ts';
import { kitTestOnboardingFlow } from '../flows/kit-test-onboarding.ts';
import { postingFlow } from '../flows/posting.flow.ts';
import { reauthorisationFlow } from '../flows/reauthorisation.flow.ts';

/**
 * TEST SUPPORT: certifies the reference connector through the posting and re-authorisation flows with fault
 * switches on, to prove the STMT and REAUTH checks both ways. Accounts come from the kit's minimal onboarding
 * stand-in (two accounts of the multi-account user under one authorisation, three weeks of history: a busy account
 * where the batch limit binds and a sparse one where the 14-day window binds), which keeps a run to a few seconds
 * and independent of the onboarding flow's own scenarios.
 */
export function certifyPostingAndReauthorisation(faults: readonly string[]): Promise<CertificationRun> {
  return certifyReference({
    flows: ['onboarding', 'posting', 'reauthorisation'],
    faults,
    flowDrivers: [kitTestOnboardingFlow({ historyDays: 21, multiAccountCount: 2, singleAccountUser: false }), postingFlow, reauthorisationFlow],
  });
}

/** The ids of the STMT and REAUTH requirements a run did not pass, sorted. */
export function notPassing(run: CertificationRun): string[] {
  return run.verdicts.filter((verdict) => /^(STMT|REAUTH)-/.test(verdict.requirementId) && verdict.status !== 'pass').map((verdict) => verdict.requirementId).sort();
}

/** One line per verdict that did not pass and per step that failed, for a readable assertion message. */
export function explain(run: CertificationRun): string {
  const steps = run.evidence.steps.filter((step) => step.status === 'candidate-failed' || step.status === 'kit-error').map((step) => `step ${step.flow}/${step.step} ${step.status}: ${step.message}`);
  const verdicts = run.verdicts.filter((verdict) => /^(STMT|REAUTH)-/.test(verdict.requirementId) && verdict.status !== 'pass').map((verdict) => `${verdict.requirementId} ${verdict.status}: ${verdict.sentence}`);
  return [...steps, ...verdicts].join('\n');
}

/** Runs `work` over `items`, at most `width` at a time, keeping the order of the results. */
export async function inParallel<Item, Result>(items: readonly Item[], width: number, work: (item: Item) => Promise<Result>): Promise<Result[]> {
  const results: Result[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    for (let index = next++; index < items.length; index = next++) results[index] = await work(items[index] as Item);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
  return results;
}
