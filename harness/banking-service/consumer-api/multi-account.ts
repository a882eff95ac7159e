import type { ServerReply, ServerRequest } from '../../http/index.ts';
import { singleError } from '../api-support/index.ts';
import { bankAccountCreated } from '../notifier/index.ts';
import { DuplicateBankAccountError, type Company, type LinkCandidate } from '../state/index.ts';
import { bankAccountBody } from './bank-account-body.ts';
import type { ConsumerApiContext } from './consumer-api-context.ts';
import { notifyProvider } from './notify-provider.ts';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function candidateBody(context: ConsumerApiContext, candidate: LinkCandidate) {
  return {
    bankAccountCandidateId: candidate.bankAccountCandidateId,
    accountName: candidate.accountName,
    accountType: candidate.accountType,
    bankIdentifier: candidate.bankIdentifier,
    accountIdentifier: candidate.accountIdentifier,
    branchIdentifier: candidate.branchIdentifier,
    metadata: { connected: context.state.accounts.findLive(candidate.companyId, candidate.bankIdentifier, candidate.accountIdentifier) !== undefined },
  };
}

/**
 * GET …/availablebankaccounts?bankAccountIds=: asks the connector's /availableaccounts with the first account's
 * externalId [F-MAL] [C-AVAIL] and returns every account as a candidate with metadata.connected [BRUNO]. The
 * first account must be active [CA-MAL] [KC-22].
 */
export async function listAvailableBankAccounts(context: ConsumerApiContext, request: ServerRequest, company: Company): Promise<ServerReply> {
  const ids = (request.query.get('bankAccountIds') ?? '').split(',').map((id) => id.trim()).filter((id) => id !== '');
  const first = ids[0] === undefined ? undefined : context.state.accounts.get(ids[0]);
  if (ids.length === 0) return singleError(400, 'bank-account-ids-missing', 'send ?bankAccountIds= with the id of an account already onboarded [BRUNO]');
  if (!first || first.companyId !== company.companyId) return singleError(404, 'unknown-bank-account', `company ${company.companyId} has no bank account ${ids[0]}`);
  if (first.status !== 'active') return singleError(409, 'first-account-not-active', `bank account ${first.id} is ${first.status}: multi-account linking starts from an active account [CA-MAL]`);
  const bank = context.state.banks.get(first.bankId);
  if (!bank) return singleError(404, 'unknown-bank', `bank ${first.bankId} is no longer registered`);
  if (bank.callbackURLs.availableAccounts === undefined) {
    return singleError(409, 'multi-account-linking-unsupported', `bank ${bank.principalId} registered no availableAccounts callback (policy multi-account-linking = ${context.policies['multi-account-linking']})`);
  }
  const provider = context.state.providers.get(bank.ownerClientId);
  if (!provider) throw new Error(`bank ${bank.principalId} belongs to an unregistered provider`);
  const { answer } = await context.notifier.availableAccounts(bank, provider, first.externalId);
  if (!answer.ok) return singleError(502, 'connector-available-accounts', answer.problem);
  const candidates = answer.accounts.map((account) =>
    context.state.candidates.upsert({
      organisationId: company.organisationId,
      companyId: company.companyId,
      bankId: bank.principalId,
      groupId: first.groupId,
      externalId: account.externalId,
      accountName: account.accountName,
      accountType: account.accountType,
      bankIdentifier: account.bankIdentifier,
      accountIdentifier: account.accountIdentifier,
      branchIdentifier: account.branchIdentifier,
    }),
  );
  return { status: 200, json: { availableAccounts: candidates.map((candidate) => candidateBody(context, candidate)) } };
}

/**
 * POST …/linkavailablebankaccount {bankAccountCandidateId, requestedStartDate}: creates the account, 201
 * [BRUNO], and sends the bank-account-created notification in the onboarding shape [F-MAL] [U-MAL] [KC-22].
 */
export async function linkAvailableBankAccount(context: ConsumerApiContext, request: ServerRequest, company: Company): Promise<ServerReply> {
  const body = request.body.kind === 'json' && isRecord(request.body.value) ? request.body.value : {};
  const candidateId = typeof body['bankAccountCandidateId'] === 'string' ? body['bankAccountCandidateId'] : '';
  const requestedStartDate = typeof body['requestedStartDate'] === 'string' ? body['requestedStartDate'] : '';
  if (candidateId === '' || Number.isNaN(Date.parse(requestedStartDate))) return singleError(400, 'invalid-body', 'send bankAccountCandidateId and an ISO 8601 requestedStartDate [BRUNO]');
  const candidate = context.state.candidates.get(candidateId);
  if (!candidate || candidate.companyId !== company.companyId) return singleError(404, 'unknown-candidate', `bankAccountCandidateId ${candidateId} was not offered to this company: list availablebankaccounts first`);
  const bank = context.state.banks.get(candidate.bankId);
  if (!bank) return singleError(404, 'unknown-bank', `bank ${candidate.bankId} is no longer registered`);
  let account;
  try {
    account = context.state.accounts.create({
      externalId: candidate.externalId,
      bankId: candidate.bankId,
      organisationId: company.organisationId,
      companyId: company.companyId,
      accountName: candidate.accountName,
      accountKey: undefined,
      accountType: candidate.accountType,
      bankIdentifier: candidate.bankIdentifier,
      branchIdentifier: candidate.branchIdentifier,
      accountIdentifier: candidate.accountIdentifier,
      defaultCurrency: undefined,
      requestedStartDate,
      status: context.policies['account-activation'] === 'on-creation' ? 'active' : 'pending',
      groupId: candidate.groupId,
      via: 'multi-account-link',
    });
  } catch (error) {
    if (error instanceof DuplicateBankAccountError) return singleError(409, 'already-connected', `${error.message}: the candidate is already linked [KC-22]`);
    throw error;
  }
  context.events.append({
    type: 'account.created',
    bankAccountId: account.id,
    externalId: account.externalId,
    bankId: account.bankId,
    organisationId: company.organisationId,
    companyId: company.companyId,
    status: account.status,
    via: 'multi-account-link',
  });
  await notifyProvider(context, bank, bankAccountCreated(account));
  return { status: 201, json: bankAccountBody(account, context.state.transactions) };
}
