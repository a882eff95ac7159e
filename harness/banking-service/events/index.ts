export { EventLog, EventWaitTimeoutError } from './event-log.ts';
export type { EventLogOptions } from './event-log.ts';
export type {
  AccountStatus,
  AuthorisationKind,
  CallOutcome,
  EventOfType,
  RuleViolation,
  SimulatorEvent,
  SimulatorEventBody,
  SimulatorEventType,
} from './simulator-event.ts';
