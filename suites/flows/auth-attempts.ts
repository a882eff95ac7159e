import { randomUUID } from 'node:crypto';
import type { AuthOperationId } from '../../harness/auth-driver/index.ts';
import type { Bank } from '../../harness/banking-service/state/index.ts';
import type { TestUser } from '../../harness/config/index.ts';
import { attemptNoteKey, encodeAttempt, type AuthAttemptNote } from './auth-attempt-notes.ts';
import type { FlowContext, StepHandle } from './flow-driver.ts';
import { drive, type OpenedAuthorisation } from './kit-onboarding.ts';

/**
 * The user's browser sent to /auth or /authrefresh with an authorisation_id the connector must not process. The
 * auth driver does what a user would (fills and submits the login form if one is shown); what happened is noted
 * on the step for the checks, together with the hops the driver recorded in the traffic log.
 */
export async function attemptAuthorisation(
  context: FlowContext,
  handle: StepHandle,
  input: { readonly label: string; readonly operationId: AuthOperationId; readonly opened: Pick<OpenedAuthorisation, 'authorisationId' | 'startUrl' | 'returnUrlPrefix'>; readonly user: TestUser | undefined },
): Promise<AuthAttemptNote> {
  const result = await drive(context, input.opened, input.operationId, input.user);
  const returnedWithoutError = result.outcome === 'returned' && result.returnUrl !== undefined && !new URL(result.returnUrl).searchParams.has('error');
  const attempt: AuthAttemptNote = {
    label: input.label,
    operationId: input.operationId,
    authorisationId: input.opened.authorisationId,
    outcome: result.outcome,
    firstStatus: result.hops[0]?.status ?? 0,
    credentialsSubmitted: result.hops.some((hop) => hop.kind === 'form'),
    returnedWithoutError,
  };
  handle.note(attemptNoteKey(input.label), encodeAttempt(attempt));
  return attempt;
}

/** Where Banking Service's UI return page for an authorisation would be, as the simulator builds redirect_uri. */
function returnPage(context: FlowContext, authorisationId: string): string {
  return `${new URL(context.simulator.consumerApiUrl).origin}/ui/authorisations/${authorisationId}/return`;
}

/** The /auth URL Banking Service would send the browser to for `authorisationId` [C-AUTH]. */
export function craftedAuthUrl(context: FlowContext, bank: Bank, authorisationId: string): OpenedAuthorisation {
  const returnUrl = returnPage(context, authorisationId);
  const url = new URL(bank.callbackURLs.auth);
  url.searchParams.set('bank', bank.principalId);
  url.searchParams.set('authorisation_id', authorisationId);
  url.searchParams.set('redirect_uri', returnUrl);
  url.searchParams.set('state', randomUUID());
  return { authorisationId, startUrl: url.toString(), returnUrlPrefix: returnUrl, pollRoute: undefined };
}

/** The /authrefresh URL Banking Service would send the browser to for `authorisationId` and an account [C-REFRESH]. */
export function craftedAuthRefreshUrl(context: FlowContext, bank: Bank, account: { readonly bankAccountId: string; readonly externalId: string }, authorisationId: string): OpenedAuthorisation {
  const returnUrl = returnPage(context, authorisationId);
  const url = new URL(bank.callbackURLs.reAuth);
  // policy authrefresh-bankaccount-parameter (D4), as the simulator sends it.
  url.searchParams.set('bankaccount', context.config.policies['authrefresh-bankaccount-parameter'] === 'bank-id' ? bank.principalId : account.bankAccountId);
  url.searchParams.set('authorisation_id', authorisationId);
  url.searchParams.set('redirect_uri', returnUrl);
  url.searchParams.set('state', randomUUID());
  url.searchParams.set('externalId', account.externalId);
  return { authorisationId, startUrl: url.toString(), returnUrlPrefix: returnUrl, pollRoute: undefined };
}
