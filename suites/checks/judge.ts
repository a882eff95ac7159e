import type { Policies } from '../../harness/policies/index.ts';
import { requirementApplies, type Capability, type Requirement } from '../requirements/index.ts';
import type { Check, CheckOutcome } from './check.ts';
import type { Evidence } from './evidence.ts';
import type { Verdict, VerdictStatus } from './verdict.ts';

export interface JudgeOptions {
  readonly capabilities: ReadonlySet<Capability>;
  readonly policies: Policies;
  readonly checks: Readonly<Record<string, Check>>;
}

/**
 * Turns evidence into one verdict per requirement. The mapping is the kit's fairness rule: an undeclared
 * capability is not applicable; a SHOULD that fails warns; evidence missing because the kit broke is an error,
 * missing because the candidate failed earlier is a failure that says so.
 */
export function judge(evidence: Evidence, requirements: readonly Requirement[], options: JudgeOptions): Verdict[] {
  return requirements.map((requirement) => judgeOne(evidence, requirement, options));
}

function judgeOne(evidence: Evidence, requirement: Requirement, options: JudgeOptions): Verdict {
  const base = {
    requirementId: requirement.id,
    level: requirement.level,
    flow: requirement.flow,
    title: requirement.title,
    evidence: requirement.evidence,
    hint: requirement.hint,
    policies: Object.fromEntries(requirement.policies.map((id) => [id, options.policies[id]])),
  };
  const verdict = (status: VerdictStatus, outcome: Pick<CheckOutcome, 'sentence' | 'exchanges' | 'events'>): Verdict => ({
    ...base, status, sentence: outcome.sentence, exchanges: outcome.exchanges, events: outcome.events,
  });

  if (!requirementApplies(requirement.capability, options.capabilities)) {
    return verdict('not-applicable', { sentence: `Not applicable: the candidate does not declare capability "${requirement.capability}".`, exchanges: [], events: [] });
  }
  const check = options.checks[requirement.id];
  if (!check) return verdict('error', { sentence: `The kit has no check for ${requirement.id}.`, exchanges: [], events: [] });

  let outcome: CheckOutcome;
  try {
    outcome = check(evidence, { requirement, policies: options.policies });
  } catch (error) {
    return verdict('error', { sentence: `The kit's check for ${requirement.id} failed: ${(error as Error).message}`, exchanges: [], events: [] });
  }

  if (outcome.status === 'pass') return verdict('pass', outcome);
  if (outcome.status === 'not-applicable') return verdict('not-applicable', outcome);
  const failed: VerdictStatus = requirement.level === 'SHOULD' ? 'warn' : 'fail';
  if (outcome.status === 'fail') return verdict(failed, outcome);

  // Inconclusive: who stopped the evidence from being produced decides who is blamed.
  const kitError = evidence.steps.find((step) => step.status === 'kit-error' && step.flow === requirement.flow)
    ?? evidence.steps.find((step) => step.status === 'kit-error');
  if (kitError) {
    return verdict('error', { ...outcome, sentence: `${outcome.sentence} The kit failed in step ${kitError.flow}/${kitError.step}: ${kitError.message}` });
  }
  const blocking = evidence.steps.find((step) => step.status === 'candidate-failed' && step.flow === requirement.flow)
    ?? evidence.steps.find((step) => step.status === 'candidate-failed');
  const because = blocking ? ` Not observed because step ${blocking.flow}/${blocking.step} failed: ${blocking.message}` : ' Not observed.';
  return verdict(failed, { ...outcome, sentence: `${outcome.sentence}${because}` });
}

/**
 * On an interrupted run, a flow that did not finish left its requirements without evidence; judging them would
 * blame the candidate for the user's Ctrl-C. Spec conformance judges every exchange, so it too waits for all flows.
 * Not-applicable stays as it is: it never depended on the run. `certify` and `review` both apply this, so a
 * bundle of an interrupted run re-computes to the same verdicts.
 */
export function undecidedByInterruption(verdict: Verdict, completedFlows: readonly string[]): Verdict {
  if (verdict.status === 'not-applicable' || completedFlows.includes(verdict.flow)) return verdict;
  return {
    ...verdict,
    status: 'error',
    sentence: `Not decided: the run was interrupted before the ${verdict.flow} flow finished.`,
    exchanges: [],
    events: [],
  };
}
