import type { AuthOperationId } from '../../harness/auth-driver/index.ts';

/**
 * What the kit observed when it sent the user's browser to /auth or /authrefresh with an authorisation_id the
 * connector must refuse (unannounced, announced only by a refused notification, replayed, expired). Recorded in
 * the step's data so the checks can tell "refused" from "processed" without re-driving anything: the traffic log
 * holds the hops, but only the driver knows whether it found and submitted a credentials form.
 */
export interface AuthAttemptNote {
  readonly label: string;
  readonly operationId: AuthOperationId;
  readonly authorisationId: string;
  /** The auth driver's outcome: returned · stuck · refused · timeout · candidate-error. */
  readonly outcome: string;
  /** The status of the first hop (the /auth or /authrefresh request itself), 0 when none came. */
  readonly firstStatus: number;
  /** The driver found a credentials form and submitted it: the connector let the user authenticate. */
  readonly credentialsSubmitted: boolean;
  /** The drive ended at redirect_uri without an error parameter, as a completed authentication does. */
  readonly returnedWithoutError: boolean;
}

const PREFIX = 'attempt.';

export const attemptNoteKey = (label: string): string => `${PREFIX}${label}`;

export const encodeAttempt = (attempt: AuthAttemptNote): string => JSON.stringify(attempt);

/** Every attempt recorded in one step's data, in the order of their labels. */
export function readAttempts(data: Readonly<Record<string, string>>): AuthAttemptNote[] {
  return Object.entries(data)
    .filter(([key]) => key.startsWith(PREFIX))
    .map(([, value]) => JSON.parse(value) as AuthAttemptNote);
}
