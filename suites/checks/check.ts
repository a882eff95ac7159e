import type { Policies } from '../../harness/policies/index.ts';
import type { Requirement } from '../requirements/index.ts';
import type { Evidence } from './evidence.ts';

/**
 * What a check concluded. `inconclusive` means the evidence it needs is not there (the flow that produces it
 * did not get that far); the judge turns that into `error` when the kit caused it and into a failure when the
 * candidate did, never into a pass. `not-applicable` is for a scenario the run chose not to drive for a reason
 * that is nobody's failure (the configured auth driver cannot choose a test user, say); the sentence says why.
 */
export interface CheckOutcome {
  readonly status: 'pass' | 'fail' | 'inconclusive' | 'not-applicable';
  /** One sentence a provider can act on; for a failure it names the exchange or field that is wrong. */
  readonly sentence: string;
  /** Ids of the traffic records the check looked at (`x-000042`), in order. */
  readonly exchanges: readonly string[];
  /** Sequence numbers of the simulator events it looked at. */
  readonly events: readonly number[];
}

export interface CheckContext {
  readonly requirement: Requirement;
  readonly policies: Policies;
}

export type Check = (evidence: Evidence, context: CheckContext) => CheckOutcome;

export const pass = (sentence: string, exchanges: readonly string[] = [], events: readonly number[] = []): CheckOutcome => ({
  status: 'pass', sentence, exchanges, events,
});
export const fail = (sentence: string, exchanges: readonly string[] = [], events: readonly number[] = []): CheckOutcome => ({
  status: 'fail', sentence, exchanges, events,
});
export const inconclusive = (sentence: string, exchanges: readonly string[] = [], events: readonly number[] = []): CheckOutcome => ({
  status: 'inconclusive', sentence, exchanges, events,
});
export const notApplicable = (sentence: string, exchanges: readonly string[] = [], events: readonly number[] = []): CheckOutcome => ({
  status: 'not-applicable', sentence, exchanges, events,
});
