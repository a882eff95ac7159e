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
