import type { ApiValidator } from '../../../specs/loader/index.ts';
import type { Policies } from '../../policies/index.ts';
import type { ExchangeNotes } from '../api-support/index.ts';
import type { EventLog } from '../events/index.ts';
import type { FaultSchedule } from '../faults/index.ts';
import type { StatementView } from '../rules/index.ts';
import type { Clock, SimulatorState } from '../state/index.ts';
import type { TokenVerifier } from './authenticate.ts';
import type { RateLimiter } from './rate-limiter.ts';
import type { StatementProcessor } from './statement-processor.ts';

/** Everything a Provider API handler may use. */
export interface ProviderApiContext {
  readonly state: SimulatorState<StatementView>;
  readonly events: EventLog;
  readonly policies: Policies;
  readonly clock: Clock;
  readonly verifier: TokenVerifier;
  /** The audience every provider token must carry: the Provider API's identifier [G-POST]. */
  readonly audience: string;
  /** The provider-api spec; undefined only in a run that explicitly skips spec validation. */
  readonly validator: ApiValidator | undefined;
  readonly faults: FaultSchedule;
  readonly rateLimiter: RateLimiter | undefined;
  readonly processor: StatementProcessor;
  readonly notes: ExchangeNotes;
}
