import type { FaultSet } from './faults.ts';
import { USER_FIXTURES } from './test-bank/index.ts';
import type { LinkedAccounts } from './linked-accounts.ts';
import type { NotificationAuthenticator } from './notification-auth.ts';
import { jsonReply, type Reply, type RequestContext } from './server.ts';
import type { AccountType, TestBank } from './test-bank/index.ts';

export interface AvailableAccount {
  readonly accountType: AccountType;
  readonly accountName: string;
  readonly externalId: string;
  readonly bankIdentifier: string;
  readonly accountIdentifier: string;
  readonly branchIdentifier: string;
}

/**
 * GET /availableaccounts?externalId=X [C-AVAIL]: every account of the user who owns X — connected ones included,
 * and accounts opened since the original PATCH — as a JSON array. Banking Service keeps the unlinked ones for the
 * product [F-MAL]. Authentication is undocumented (§14 Q3, policy available-accounts-auth): whatever Banking
 * Service sends (header, token) must be right, but its absence is accepted.
 */
export async function availableAccounts(
  context: RequestContext,
  deps: { readonly bank: TestBank; readonly linked: LinkedAccounts; readonly authenticator: NotificationAuthenticator; readonly faults: FaultSet },
): Promise<Reply> {
  const auth = await deps.authenticator.checkIfPresent(context.request.headers);
  if (!auth.ok) return jsonReply(auth.status, { error: 'unauthenticated', message: auth.reason }, auth.status === 401 ? { 'www-authenticate': 'Bearer' } : {});
  if (deps.faults.has('no-available-accounts')) return jsonReply(404, { error: 'not-found', message: 'no such endpoint' });
  const externalId = context.query.get('externalId') ?? '';
  if (externalId === '') return jsonReply(400, { error: 'missing-external-id', message: 'the externalId query parameter is required' });
  const account = deps.bank.account(externalId);
  if (account === undefined) return jsonReply(404, { error: 'unknown-external-id', message: 'no account has this externalId' });
  let accounts = deps.bank.accountsOf(account.owner);
  if (deps.faults.has('available-accounts-omit-added')) accounts = accounts.filter((candidate) => USER_FIXTURES.some((user) => user.accounts.some((fixture) => fixture.externalId === candidate.externalId)));
  if (deps.faults.has('available-accounts-omit-connected')) accounts = accounts.filter((candidate) => !deps.linked.isConnected(candidate.externalId));
  const body: AvailableAccount[] = accounts.map((candidate) => ({
    accountType: candidate.accountType,
    accountName: candidate.accountName,
    externalId: candidate.externalId,
    bankIdentifier: candidate.bankIdentifier,
    accountIdentifier: candidate.accountIdentifier,
    branchIdentifier: candidate.branchIdentifier,
  }));
  return jsonReply(200, deps.faults.has('available-accounts-wrapped') ? { accounts: body } : body);
}
