import type { Flow as FlowId } from '../requirements/index.ts';

/**
 * ok · candidate-failed (the candidate did not do what the flow needs: a PATCH never came, a page never
 * redirected) · kit-error (the kit itself broke: never blamed on the candidate) · skipped (a precondition
 * failed earlier, or a capability is not declared).
 */
export type StepStatus = 'ok' | 'candidate-failed' | 'kit-error' | 'skipped';

/** One step a flow took, as evidence: checks use steps to find the exchanges of a scenario and why one is missing. */
export interface FlowStepRecord {
  readonly seq: number;
  readonly flow: FlowId;
  /** A stable kebab-case name, e.g. `onboard-multi-account-user`. */
  readonly step: string;
  readonly status: StepStatus;
  readonly message: string;
  readonly startedAt: string;
  readonly durationMs: number;
  /** Traffic records with seq in (afterExchange, lastExchange] happened during the step. */
  readonly afterExchange: number;
  readonly lastExchange: number;
  readonly afterEvent: number;
  readonly lastEvent: number;
  /** Ids the step produced or used (bankAccountId, externalId, authorisationId, …), for checks to correlate. */
  readonly data: Readonly<Record<string, string>>;
}

/** Thrown inside a step when the candidate did not do its part; any other error is the kit's. */
export class CandidateFailure extends Error {
  override readonly name = 'CandidateFailure';
}
