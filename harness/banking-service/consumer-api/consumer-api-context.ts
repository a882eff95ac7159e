import type { Policies } from '../../policies/index.ts';
import type { ExchangeNotes } from '../api-support/index.ts';
import type { EventLog } from '../events/index.ts';
import type { Notifier } from '../notifier/index.ts';
import type { StatementView } from '../rules/index.ts';
import type { Clock, SimulatorState } from '../state/index.ts';
import type { ConsumerJwt } from './consumer-jwt.ts';
import type { NonceRegistry } from './nonce-registry.ts';
import type { PollRoutes } from './poll-routes.ts';

/** Everything a Consumer API handler may use. */
export interface ConsumerApiContext {
  readonly state: SimulatorState<StatementView>;
  readonly events: EventLog;
  readonly policies: Policies;
  readonly clock: Clock;
  readonly notifier: Notifier;
  readonly jwt: ConsumerJwt;
  readonly nonces: NonceRegistry;
  readonly pollRoutes: PollRoutes;
  readonly notes: ExchangeNotes;
  /** The consumer server's origin (http://127.0.0.1:port), known once it listens. */
  readonly origin: () => string;
  /** Transactions per page [KC-14]. */
  readonly pageSize: number;
  /** Registers a secret the API hands out (an organisation signing key) with the run's redactor before it is captured. */
  readonly onSecret: (label: string, value: string) => void;
}

/** The Consumer API's paths are relative to this base [BRUNO-README] [CA-ONB]. */
export const CONSUMER_BASE_PATH = '/api/v1';
