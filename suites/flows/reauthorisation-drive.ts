import type { AuthDriveResult } from '../../harness/auth-driver/index.ts';
import type { TestUser } from '../../harness/config/index.ts';
import { sendRequest } from '../../harness/http/index.ts';
import type { FlowContext, StepHandle } from './flow-driver.ts';
import { CandidateFailure } from './flow-step.ts';

export interface ReauthorisationSession {
  /** The connector's /authrefresh URL with its query, as Banking Service sends the browser there [C-REFRESH]. */
  readonly startUrl: string;
  readonly authorisationId: string;
  readonly redirectUri: string;
}

/**
 * The product starts a re-authorisation: GET …/bankaccounts/{id}/indirectauth?web=true answers 302 to the
 * connector's /authrefresh [BRUNO] [G-REAUTH] after Banking Service announced the authorisation [F-REAUTH].
 * Anything but that is the simulator's (the kit's) failure.
 */
export async function startReauthorisation(context: FlowContext, bankAccountId: string, handle: StepHandle): Promise<ReauthorisationSession> {
  const answer = await context.product.startReauthorisation(bankAccountId);
  const startUrl = answer.body?.redirect ?? answer.headers['location'];
  if (answer.status !== 302 || !startUrl) {
    throw new Error(`GET …/bankaccounts/${bankAccountId}/indirectauth answered ${answer.status}${answer.errors ? `: ${answer.errors.map((error) => error.message).join('; ')}` : ''}`);
  }
  const query = new URL(startUrl).searchParams;
  const session = { startUrl, authorisationId: query.get('authorisation_id') ?? '', redirectUri: query.get('redirect_uri') ?? '' };
  handle.note('authorisationId', session.authorisationId);
  handle.note('bankAccountId', bankAccountId);
  return session;
}

/**
 * Plays the user's browser through /authrefresh with the given credentials, then follows the hand-back to
 * redirect_uri as a browser would, so Banking Service's UI page records whether state came back [KC-16].
 */
export async function driveAuthRefresh(context: FlowContext, session: ReauthorisationSession, user: TestUser | undefined, handle: StepHandle): Promise<AuthDriveResult> {
  const drive = await context.authDriver.run({
    startUrl: session.startUrl,
    returnUrlPrefix: session.redirectUri,
    ...(user ? { user } : {}),
    timeoutMs: context.config.timeouts.flowStepMs,
    traffic: context.simulator.traffic,
    operationId: 'getAuthRefresh',
  });
  handle.note('driveOutcome', drive.outcome);
  if (drive.outcome === 'returned' && drive.returnUrl) {
    await sendRequest({ method: 'GET', url: drive.returnUrl, timeoutMs: context.config.timeouts.requestMs });
  }
  return drive;
}

/**
 * After a successful re-authentication the connector has PATCHed the authorisation (REAUTH-02 wants it before the
 * hand-back; a late PATCH is still awaited so the check can say so). A refusal by Banking Service ends the wait at
 * once instead of running into the timeout.
 */
export async function awaitReauthorisationPatch(context: FlowContext, authorisationId: string, afterEvent: number): Promise<number> {
  const outcome = await context.simulator.events.waitFor(
    (event) => (event.type === 'authorisation.patched' && event.authorisationId === authorisationId) || event.type === 'authorisation.refused',
    { after: afterEvent, timeoutMs: context.config.timeouts.flowStepMs, description: `PATCH /v1/authorisations/${authorisationId} by the candidate` },
  );
  if (outcome.type === 'authorisation.refused') {
    throw new CandidateFailure(`Banking Service refused PATCH /v1/authorisations/${outcome.authorisationId} (${outcome.code}): ${outcome.message}`);
  }
  return outcome.seq;
}

/** The test user's credentials with a password that is certainly wrong, for the failure path (REAUTH-05). */
export function withWrongPassword(user: TestUser): TestUser {
  return { ...user, password: `${user.password}-but-wrong` };
}
