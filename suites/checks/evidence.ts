import type { AuthDriverName } from '../../harness/auth-driver/auth-driver.ts';
import type { SimulatorEvent } from '../../harness/banking-service/events/simulator-event.ts';
import type { Policies } from '../../harness/policies/index.ts';
import type { ExchangeRecord } from '../../harness/traffic/index.ts';
import type { FlowStepRecord } from '../flows/flow-step.ts';
import type { Capability } from '../requirements/index.ts';

/** Facts about the run that are not traffic or simulator state, recorded once at the start. */
export interface RunFacts {
  readonly capabilities: readonly Capability[];
  readonly policies: Policies;
  /** The provider client the candidate was given; tells the candidate's calls from the kit's own. */
  readonly providerClientId: string;
  /** The candidate's base URL as Banking Service calls it. */
  readonly connectorUrl: string;
  /** Sage ID's token lifetime in this run, for the token-reuse and renewal checks. */
  readonly tokenLifetimeSeconds: number;
  /** How the kit went through the candidate's /auth pages: the redirect driver can neither choose a user nor fail a login. */
  readonly authDriver: AuthDriverName;
}

/**
 * Everything a check may look at. Checks are pure functions of this value, so `review` can recompute every
 * verdict offline from a submission bundle and a tampered verdict is caught.
 */
export interface Evidence {
  readonly traffic: readonly ExchangeRecord[];
  readonly events: readonly SimulatorEvent[];
  readonly steps: readonly FlowStepRecord[];
  readonly facts: RunFacts;
}
