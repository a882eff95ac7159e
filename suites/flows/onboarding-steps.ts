import type { AuthDriveResult } from '../../harness/auth-driver/index.ts';
import { EventWaitTimeoutError } from '../../harness/banking-service/events/event-log.ts';
import type { EventOfType } from '../../harness/banking-service/events/simulator-event.ts';
import type { TestUser } from '../../harness/config/index.ts';
import { sendRequest } from '../../harness/http/index.ts';
import type { BankAccountBody, ConsumerResponse, PolledAccount, PollBody } from '../../harness/product/index.ts';
import { postedTransactionsFor } from '../checks/evidence-queries.ts';
import type { FlowContext, StepHandle } from './flow-driver.ts';
import { CandidateFailure } from './flow-step.ts';
import type { OnboardedAccount } from './run-world.ts';

/**
 * The product's and the user's part of onboarding [BRUNO] 4–13 [F-ONB] [CA-ONB], shared by the onboarding,
 * multi-account and offboarding flows. Every wait is on an event or an exchange with the step timeout, never a
 * sleep; a wait that times out is the candidate's failure (step-recorder.ts).
 */

export const DAY_MS = 86_400_000;
export type UserRole = OnboardedAccount['user'];

/** UTC midnight `days` days before now: requestedStartDate as a product sends it [BRUNO]. */
export const daysAgo = (days: number, now = Date.now()): string => new Date(Math.floor((now - days * DAY_MS) / DAY_MS) * DAY_MS).toISOString();

/** Why a scenario cannot run, or undefined when the world has what onboarding needs. */
export function onboardingPrecondition(context: FlowContext): string | undefined {
  if (!context.world.bankId) return 'no bank: bank sync did not register one and the config names none';
  if (!context.world.organisationId || !context.product.company) return 'no organisation: the product could not create one';
  return undefined;
}

export interface OnboardingSession {
  readonly authorisationId: string;
  readonly drive: AuthDriveResult;
  /** The 200 poll answer (success true) once the candidate PATCHed; undefined for a session meant to fail. */
  readonly poll: PollBody | undefined;
}

/**
 * One onboarding session: GET …/indirectlinkaccount (Banking Service announces the authorisation to the candidate
 * and sends the browser to its /auth), the auth driver as the user, the browser's landing on redirect_uri, then
 * the product's poll until the candidate's PATCH made it succeed. The product polls whatever the browser does,
 * as a real one would, so a drive that went wrong still leaves the session's other evidence; it fails the step
 * at the end.
 */
export async function runOnboardingSession(
  context: FlowContext,
  handle: StepHandle,
  options: { readonly role: UserRole; readonly user: TestUser | undefined; readonly expectSuccess?: boolean },
): Promise<OnboardingSession> {
  const { simulator, product, config } = context;
  const timeoutMs = config.timeouts.flowStepMs;
  const afterEvent = simulator.events.lastSeq;
  handle.note('user', options.role);
  const start = await product.startOnboarding(context.world.bankId ?? '');
  const startUrl = start.body?.redirect ?? start.headers['location'];
  if (start.status !== 302 || !startUrl || !start.body?.pollRoute) {
    throw new Error(`GET …/indirectlinkaccount answered ${start.status}${start.failure ? ` (${start.failure})` : ''}${describeErrors(start)}`);
  }
  const query = new URL(startUrl).searchParams;
  const authorisationId = query.get('authorisation_id') ?? '';
  const redirectUri = query.get('redirect_uri') ?? '';
  handle.note('authorisationId', authorisationId);

  const drive = await context.authDriver.run({ startUrl, returnUrlPrefix: redirectUri, user: options.user, timeoutMs, traffic: simulator.traffic, operationId: 'getAuth' });
  handle.note('driveOutcome', drive.outcome);
  // The driver stops at the hand-back; the browser then lands on Banking Service's page, which judges state [KC-16].
  if (drive.outcome === 'returned' && drive.returnUrl) await sendRequest({ method: 'GET', url: drive.returnUrl, timeoutMs: config.timeouts.requestMs });
  if (options.expectSuccess === false) return { authorisationId, drive, poll: undefined };
  // The candidate itself told the user it failed (OAuth's error parameter): no PATCH is coming.
  const error = drive.returnUrl === undefined ? null : new URL(drive.returnUrl).searchParams.get('error');
  if (error !== null) throw new CandidateFailure(`the connector sent the user back to redirect_uri with error=${error} instead of completing authorisation ${authorisationId}`);

  // A refused PATCH under another id is this session's too: only one session runs at a time.
  const settled = await simulator.events.waitFor(
    (event) => event.type === 'authorisation.refused' || ((event.type === 'authorisation.patched' || event.type === 'authorisation.expired') && event.authorisationId === authorisationId),
    { after: afterEvent, timeoutMs, description: `the candidate's PATCH /v1/authorisations/${authorisationId}` },
  ).catch((error: unknown) => {
    // No PATCH after a drive that went nowhere: what the browser met is the failure to report, not the wait.
    if (drive.outcome !== 'returned' && error instanceof EventWaitTimeoutError) {
      throw new CandidateFailure(`the user was not sent back to redirect_uri (${drive.message}), and no PATCH /v1/authorisations/${authorisationId} came within ${timeoutMs} ms`);
    }
    throw error;
  });
  if (settled.type === 'authorisation.refused') throw new CandidateFailure(`Banking Service refused PATCH /v1/authorisations/${settled.authorisationId}: ${settled.code}: ${settled.message}`);
  if (settled.type === 'authorisation.expired') throw new CandidateFailure(`authorisation ${authorisationId} expired before the candidate PATCHed it`);

  let route = start.body.pollRoute;
  let poll: ConsumerResponse<PollBody> | undefined;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    poll = await product.poll(route);
    if (poll.status !== 202 || !poll.body?.pollRoute) break;
    route = poll.body.pollRoute;
  }
  if (poll?.status !== 200 || poll.body?.success !== true) throw new CandidateFailure(`the onboarding poll answered ${poll?.status} with success ${String(poll?.body?.success)} after the PATCH`);
  if (drive.outcome !== 'returned') throw new CandidateFailure(`the user was not sent back to redirect_uri: ${drive.message}`);
  return { authorisationId, drive, poll: poll.body };
}

/**
 * POST …/bankaccounts for an offered account [BRUNO] [F-ONB]; Banking Service answers after the candidate
 * answered the bank-account-created notification [KC-03]. Returns the account as later flows need it.
 */
export async function createOnboardedAccount(
  context: FlowContext,
  handle: StepHandle,
  options: { readonly account: PolledAccount; readonly requestedStartDate: string; readonly role: UserRole },
): Promise<OnboardedAccount> {
  const { account, requestedStartDate } = options;
  const created = await context.product.createBankAccount({
    accountType: 'DEBIT',
    accountName: account.accountName,
    ...(account.accountKey ? { accountKey: account.accountKey } : {}),
    accountIdentifier: account.accountIdentifier,
    bankIdentifier: account.bankIdentifier,
    ...(account.branchIdentifier ? { branchIdentifier: account.branchIdentifier } : {}),
    defaultCurrency: 'GBP',
    bankId: context.world.bankId ?? '',
    requestedStartDate,
  });
  if (created.status !== 201 || !created.body?.bankAccountId) {
    throw new CandidateFailure(`POST …/bankaccounts for the offered account ${account.bankAccountExternalId} answered ${created.status}${describeErrors(created)}`);
  }
  const bankAccountId = created.body.bankAccountId;
  handle.note('bankAccountId', bankAccountId);
  handle.note('externalId', account.bankAccountExternalId);
  handle.note('requestedStartDate', requestedStartDate);
  await awaitAccountNotification(context, bankAccountId, 'resourceCreated');
  return { bankAccountId, externalId: account.bankAccountExternalId, requestedStartDate, user: options.role, via: 'onboarding' };
}

/** The notification Banking Service sent the candidate about an account (delivered before the product's call answered). */
export function awaitAccountNotification(context: FlowContext, bankAccountId: string, type: 'resourceCreated' | 'resourceDeleted'): Promise<EventOfType<'notification.sent'>> {
  return context.simulator.events.waitForType('notification.sent', (event) => event.resourceType === 'bankAccount' && event.notificationType === type && event.resourceId === bankAccountId, {
    timeoutMs: context.config.timeouts.flowStepMs,
    description: `the ${type} notification for bank account ${bankAccountId}`,
  });
}

/** GET …/bankaccounts/{id}: the product's read of the status (T-ONB-1, T-ONB-2) [TEST] [BRUNO]. */
export async function readAccount(context: FlowContext, bankAccountId: string): Promise<BankAccountBody> {
  const read = await context.product.getBankAccount(bankAccountId);
  if (read.status !== 200 || !read.body) throw new Error(`GET …/bankaccounts/${bankAccountId} answered ${read.status}${describeErrors(read)}`);
  return read.body;
}

type StatementOutcome = EventOfType<'statement.completed'> | EventOfType<'statement.rejected'> | EventOfType<'statement.refused'>;

/** The next statement outcome for an account after an event seq: completed, rejected, or refused at POST. */
export function nextStatementOutcome(context: FlowContext, bankAccountId: string, after: number, what: string): Promise<StatementOutcome> {
  return context.simulator.events.waitFor(
    (event) => (event.type === 'statement.completed' || event.type === 'statement.rejected' || event.type === 'statement.refused') && event.bankAccountId === bankAccountId,
    { after, timeoutMs: context.config.timeouts.flowStepMs, description: what },
  ) as Promise<StatementOutcome>;
}

/**
 * Waits until Banking Service has stored every transaction in `expected` (uniqueIds) for the account, or — when
 * nothing specific is expected — one statement with transactions. Stops early at a rejected or refused statement:
 * the candidate's push stalled there and the checks say why.
 */
export async function awaitTransactionsStored(context: FlowContext, bankAccountId: string, expected: ReadonlySet<string>, after: number): Promise<'stored' | 'stalled'> {
  const stored = () => new Set(postedTransactionsFor({ traffic: context.simulator.traffic.all(), events: context.simulator.events.all() }, bankAccountId)
    .filter((transaction) => transaction.outcome === 'completed')
    .map((transaction) => transaction.uniqueId));
  const done = (): boolean => {
    const have = stored();
    return expected.size > 0 ? [...expected].every((id) => have.has(id)) : have.size > 0;
  };
  let seen = after;
  while (!done()) {
    const outcome = await nextStatementOutcome(context, bankAccountId, seen, `statements for bank account ${bankAccountId} carrying ${expected.size > 0 ? `the ${expected.size} transactions sent before` : 'its first transactions'}`);
    if (outcome.type !== 'statement.completed') return 'stalled';
    seen = outcome.seq;
  }
  return 'stored';
}

/** Every transaction of the account as the product reads it, page by page [CA-FETCH] [BRUNO]. */
export async function readAllTransactions(context: FlowContext, bankAccountId: string): Promise<number> {
  let startIndex = 0;
  let total = 0;
  for (let page = 0; page < 100; page += 1) {
    const read = await context.product.transactions(bankAccountId, startIndex);
    if (read.status !== 200 || !read.body) throw new Error(`GET …/bankaccounts/${bankAccountId}/transactions answered ${read.status}${describeErrors(read)}`);
    const list = read.body.bankTransactionList;
    total += list.transactions.length;
    if (!list.next || list.transactions.length === 0) return total;
    startIndex = Number(new URL(list.next).searchParams.get('startIndex') ?? list.endIndex + 1);
  }
  return total;
}

function describeErrors(response: ConsumerResponse<unknown>): string {
  return response.errors && response.errors.length > 0 ? `: ${response.errors.map((error) => `${error.code}: ${error.message}`).join('; ')}` : '';
}
