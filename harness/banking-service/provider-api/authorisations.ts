import type { ServerReply } from '../../http/index.ts';
import { singleError } from '../api-support/index.ts';
import type { OfferedAccount, ProviderClient } from '../state/index.ts';
import type { ProviderApiContext } from './provider-api-context.ts';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** D2: what a re-authorisation PATCH may carry, per policy reauth-patch-accounts. */
function reauthBodyProblem(accounts: unknown, policy: string): string | undefined {
  const absent = accounts === undefined;
  const empty = Array.isArray(accounts) && accounts.length === 0;
  switch (policy) {
    case 'none-or-empty':
      return absent || empty ? undefined : 'a re-authorisation PATCH carries no bankAccounts, or an empty array [P-AUTHZ] [F-REAUTH]';
    case 'status-only':
      return absent ? undefined : 'a re-authorisation PATCH carries only data.status, no bankAccounts [BRUNO]';
    case 'empty-array':
      return empty ? undefined : 'a re-authorisation PATCH carries bankAccounts: [] [F-REAUTH]';
    default:
      return undefined;
  }
}

/**
 * Reads the onboarding accounts and drops repeats of the same bank identifier + account identifier: Banking
 * Service deduplicates on that pair [P-AUTHZ].
 */
function offeredAccountsOf(accounts: unknown[]): { offered: OfferedAccount[]; duplicates: number; problem: string | undefined } {
  const offered: OfferedAccount[] = [];
  let duplicates = 0;
  for (const [index, account] of accounts.entries()) {
    const externalId = isRecord(account) ? text(account['bankAccountExternalId']) : undefined;
    const bankIdentifier = isRecord(account) ? text(account['bankIdentifier']) : undefined;
    const accountIdentifier = isRecord(account) ? text(account['accountIdentifier']) : undefined;
    if (!isRecord(account) || !externalId || bankIdentifier === undefined || accountIdentifier === undefined) {
      return { offered, duplicates, problem: `data.bankAccounts[${index}] needs bankAccountExternalId, bankIdentifier and accountIdentifier [P-AUTHZ]` };
    }
    if (offered.some((known) => known.bankIdentifier === bankIdentifier && known.accountIdentifier === accountIdentifier)) {
      duplicates += 1;
      continue;
    }
    offered.push({ bankAccountExternalId: externalId, accountName: text(account['accountName']) ?? '', bankIdentifier, branchIdentifier: text(account['branchIdentifier']), accountIdentifier });
  }
  return { offered, duplicates, problem: undefined };
}

/** PATCH /v1/authorisations/{authorisationId} [P-AUTHZ] [F-ONB] [F-REAUTH]. */
export function patchAuthorisation(context: ProviderApiContext, provider: ProviderClient, authorisationId: string, body: unknown): ServerReply {
  const { state, events, policies } = context;
  state.sweepAuthorisations();
  const refuse = (status: number, code: string, message: string, extra: { policy?: string } = {}): ServerReply => {
    events.append({ type: 'authorisation.refused', authorisationId, code, message });
    return singleError(status, code, message, extra);
  };
  const taken = state.authorisations.consume(authorisationId);
  if (!taken.ok && taken.code === 'unknown-authorisation') {
    return refuse(404, taken.code, `authorisation ${authorisationId} is unknown: use the authorisation_id of the /auth or /authrefresh call (and of the authorisation notification)`);
  }
  const session = taken.session;
  if (!session) return refuse(404, 'unknown-authorisation', `authorisation ${authorisationId} is unknown`);
  const bank = state.banks.get(session.bankId);
  if (!bank || bank.ownerClientId !== provider.clientId) return refuse(403, 'not-your-authorisation', `authorisation ${authorisationId} belongs to a bank your client did not register`);
  if (!taken.ok && taken.code === 'authorisation-already-used') {
    return refuse(409, taken.code, `authorisation ${authorisationId} was already completed: a session is single use [SEC]; the user must start again`);
  }
  if (!taken.ok) {
    return refuse(409, 'authorisation-expired', `authorisation ${authorisationId} expired (a session lives about 20 minutes [SEC]); the user must start again`);
  }

  const data = isRecord(body) && isRecord(body['data']) ? body['data'] : undefined;
  if (!data || data['status'] !== 'success') return refuse(400, 'invalid-status', 'data.status must be "success" [P-AUTHZ] [BRUNO]');
  const accounts = data['bankAccounts'];

  if (session.kind === 'reauthorisation') {
    const policy = policies['reauth-patch-accounts'];
    const problem = reauthBodyProblem(accounts, policy);
    if (problem) return refuse(422, 'reauth-patch-accounts', `${problem} (policy reauth-patch-accounts = ${policy})`, { policy: 'reauth-patch-accounts' });
    state.authorisations.succeed(session.id, []);
    const reactivated = reactivate(context, session.bankAccountId, session.id);
    events.append({ type: 'authorisation.patched', authorisationId, kind: session.kind, offeredAccounts: 0, duplicatesIgnored: 0, reactivatedBankAccountIds: reactivated });
    return { status: 204 };
  }

  if (!Array.isArray(accounts) || accounts.length === 0) {
    return refuse(422, 'no-accounts', 'an onboarding PATCH lists every account the user granted access to in data.bankAccounts, previously onboarded ones included [P-AUTHZ]');
  }
  const { offered, duplicates, problem } = offeredAccountsOf(accounts);
  if (problem) return refuse(400, 'invalid-account', problem);
  state.authorisations.succeed(session.id, offered);
  events.append({ type: 'authorisation.patched', authorisationId, kind: session.kind, offeredAccounts: offered.length, duplicatesIgnored: duplicates, reactivatedBankAccountIds: [] });
  return { status: 204 };
}

/**
 * A successful re-authorisation puts the account back to active [F-REAUTH] [BRUNO], and with it every account
 * linked under the same original authorisation [CA-MAL] [KC-13].
 */
function reactivate(context: ProviderApiContext, bankAccountId: string | undefined, authorisationId: string): string[] {
  const { state } = context;
  const account = bankAccountId ? state.accounts.get(bankAccountId) : undefined;
  if (!account) return [];
  const group = state.accounts.inGroup(account.groupId);
  const reactivated: string[] = [];
  for (const member of group) {
    if (member.status !== 'authRequired') continue;
    state.changeAccountStatus(member.id, 'active', `re-authorisation ${authorisationId} succeeded [F-REAUTH]`);
    reactivated.push(member.id);
  }
  return reactivated;
}
