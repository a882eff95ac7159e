import type { ServerReply, ServerRequest } from '../../http/index.ts';
import { singleError } from '../api-support/index.ts';
import { authorisationCreated, bankAccountCreated } from '../notifier/index.ts';
import { DuplicateBankAccountError, type AuthorisationSession, type Company, type OfferedAccount } from '../state/index.ts';
import { bankAccountBody } from './bank-account-body.ts';
import { CONSUMER_BASE_PATH, type ConsumerApiContext } from './consumer-api-context.ts';
import { notifyProvider } from './notify-provider.ts';

/** "pollPeriod": 5000 in every sample [CA-ONB] [BRUNO]. */
export const POLL_PERIOD_MS = 5000;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** The Banking Service UI page the connector sends the user back to, with state [C-AUTH] [KC-16]. */
export function redirectUriFor(context: ConsumerApiContext, authorisationId: string): string {
  return `${context.origin()}/ui/authorisations/${authorisationId}/return`;
}

export function pollRouteFor(context: ConsumerApiContext, authorisationId: string): string {
  return `${context.origin()}${CONSUMER_BASE_PATH}/indirectlinkaccount/poll/${context.pollRoutes.issue(authorisationId)}`;
}

/**
 * GET …/indirectlinkaccount?bankid=&web=true [CA-ONB] [BRUNO]: opens an onboarding authorisation session, sends
 * the authorisation notification and waits for it [F-ONB] [KC-03], then answers 302 to the connector's /auth
 * with bank, authorisation_id, redirect_uri and state [C-AUTH], plus pollRoute and pollPeriod.
 */
export async function startIndirectLinkAccount(context: ConsumerApiContext, request: ServerRequest, company: Company): Promise<ServerReply> {
  const bankId = request.query.get('bankid') ?? request.query.get('bankId');
  if (!bankId) return singleError(400, 'bank-id-missing', 'send the bank as ?bankid= (the collection) or ?bankId= (the guide) [BRUNO] [CA-ONB]');
  const bank = context.state.banks.get(bankId);
  if (!bank) return singleError(404, 'unknown-bank', `bank ${bankId} is not registered`);
  const session = context.state.authorisations.create({
    kind: 'onboarding',
    bankId,
    organisationId: company.organisationId,
    companyId: company.companyId,
    redirectUriFor: (id) => redirectUriFor(context, id),
  });
  context.events.append({
    type: 'authorisation.created',
    authorisationId: session.id,
    kind: 'onboarding',
    bankId,
    organisationId: company.organisationId,
    companyId: company.companyId,
    bankAccountId: undefined,
    expiresAt: new Date(session.expiresAt).toISOString(),
  });
  await notifyProvider(context, bank, authorisationCreated(session.id, bankId));
  const redirect = new URL(bank.callbackURLs.auth);
  redirect.searchParams.set('bank', bankId);
  redirect.searchParams.set('authorisation_id', session.id);
  redirect.searchParams.set('redirect_uri', session.redirectUri);
  redirect.searchParams.set('state', session.state);
  return {
    status: 302,
    headers: { location: redirect.toString() },
    json: { redirect: redirect.toString(), pollRoute: pollRouteFor(context, session.id), pollPeriod: POLL_PERIOD_MS },
  };
}

function pollAccount(account: OfferedAccount) {
  return {
    accountName: account.accountName,
    accountIdentifier: account.accountIdentifier,
    bankIdentifier: account.bankIdentifier,
    branchIdentifier: account.branchIdentifier,
    bankAccountExternalId: account.bankAccountExternalId,
  };
}

/**
 * GET {pollRoute}: 202 with the next route while pending, 200 {account, success:true} once the provider
 * PATCHed, {account:null, success:false} when the session expired [CA-ONB] [BRUNO]. The kit extension
 * `accounts` lists every offered account with `connected` so the product can choose (T-ONB-4/5) [KC-15].
 */
export function pollIndirectLinkAccount(context: ConsumerApiContext, request: ServerRequest): ServerReply {
  context.state.sweepAuthorisations();
  const authorisationId = context.pollRoutes.take(request.params['pollId'] ?? '');
  const session = authorisationId ? context.state.authorisations.get(authorisationId) : undefined;
  if (!session) return singleError(404, 'unknown-poll-route', 'this poll route is unknown or was already used: poll the pollRoute of the latest answer [CA-ONB]');
  if (session.status === 'pending') return { status: 202, json: { pollRoute: pollRouteFor(context, session.id), pollPeriod: POLL_PERIOD_MS } };
  if (session.status === 'expired') return { status: 200, json: { account: null, success: false } };
  const connected = (account: OfferedAccount) => context.state.accounts.findLive(session.companyId, account.bankIdentifier, account.accountIdentifier) !== undefined;
  const chosen = session.offeredAccounts.find((account) => !connected(account)) ?? session.offeredAccounts[0];
  return {
    status: 200,
    json: {
      account: chosen ? pollAccount(chosen) : null,
      success: chosen !== undefined,
      accounts: session.offeredAccounts.map((account) => ({ ...pollAccount(account), connected: connected(account) })),
    },
  };
}

/** The newest successful onboarding of the company with this bank that offered the account [KC-24]. */
function offeringSession(context: ConsumerApiContext, company: Company, bankId: string, bankIdentifier: string, accountIdentifier: string): { session: AuthorisationSession; account: OfferedAccount } | undefined {
  const sessions = context.state.authorisations
    .list()
    .filter((session) => session.kind === 'onboarding' && session.status === 'succeeded' && session.companyId === company.companyId && session.bankId === bankId)
    .sort((a, b) => (b.completedAt ?? 0) - (a.completedAt ?? 0));
  for (const session of sessions) {
    const account = session.offeredAccounts.find((offered) => offered.bankIdentifier === bankIdentifier && offered.accountIdentifier === accountIdentifier);
    if (account) return { session, account };
  }
  return undefined;
}

/**
 * POST …/bankaccounts: creates the chosen account, pending [BRUNO] [F-ONB] (or as policy account-activation
 * says), unique by bank identifier + account identifier [CA-CREATE] [KC-17], then sends the bank-account-created
 * notification the provider needs for its statements [C-NOTIF] [KC-03].
 */
export async function createBankAccount(context: ConsumerApiContext, request: ServerRequest, company: Company): Promise<ServerReply> {
  const body = request.body.kind === 'json' && isRecord(request.body.value) ? request.body.value : undefined;
  if (!body) return singleError(400, 'invalid-body', 'send the bank account as a JSON object [BRUNO]');
  const missing = ['bankId', 'bankIdentifier', 'accountIdentifier', 'requestedStartDate'].filter((field) => text(body[field]) === undefined);
  if (missing.length > 0) return singleError(400, 'missing-field', `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} required [BRUNO]`);
  const bankId = String(body['bankId']);
  const bankIdentifier = String(body['bankIdentifier']);
  const accountIdentifier = String(body['accountIdentifier']);
  const requestedStartDate = String(body['requestedStartDate']);
  if (Number.isNaN(Date.parse(requestedStartDate))) return singleError(400, 'invalid-date', 'requestedStartDate must be an ISO 8601 date-time [BRUNO]');
  const bank = context.state.banks.get(bankId);
  if (!bank) return singleError(400, 'unknown-bank', `bankId ${bankId} is not a registered bank`);
  const offer = offeringSession(context, company, bankId, bankIdentifier, accountIdentifier);
  if (!offer) {
    return singleError(422, 'not-offered', 'no successful onboarding of this company with this bank offered an account with this bankIdentifier and accountIdentifier: use an account from the poll result [KC-24]');
  }
  let account;
  try {
    account = context.state.accounts.create({
      externalId: offer.account.bankAccountExternalId,
      bankId,
      organisationId: company.organisationId,
      companyId: company.companyId,
      accountName: text(body['accountName']) ?? offer.account.accountName,
      accountKey: text(body['accountKey']),
      accountType: text(body['accountType']),
      bankIdentifier,
      branchIdentifier: text(body['branchIdentifier']) ?? offer.account.branchIdentifier,
      accountIdentifier,
      defaultCurrency: text(body['defaultCurrency']),
      requestedStartDate,
      status: context.policies['account-activation'] === 'on-creation' ? 'active' : 'pending',
      groupId: offer.session.id,
      via: 'onboarding',
    });
  } catch (error) {
    if (error instanceof DuplicateBankAccountError) return singleError(409, 'account-exists', `${error.message}: bank accounts are unique by bank identifier + account identifier [CA-CREATE]`);
    throw error;
  }
  context.events.append({
    type: 'account.created',
    bankAccountId: account.id,
    externalId: account.externalId,
    bankId,
    organisationId: company.organisationId,
    companyId: company.companyId,
    status: account.status,
    via: 'onboarding',
  });
  await notifyProvider(context, bank, bankAccountCreated(account));
  return { status: 201, json: bankAccountBody(account, context.state.transactions) };
}
