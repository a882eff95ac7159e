import type { ServerReply, ServerRequest } from '../../http/index.ts';
import { singleError } from '../api-support/index.ts';
import { authorisationCreated } from '../notifier/index.ts';
import type { Company } from '../state/index.ts';
import { companyAccount } from './bank-accounts.ts';
import type { ConsumerApiContext } from './consumer-api-context.ts';
import { notifyProvider } from './notify-provider.ts';
import { redirectUriFor } from './onboarding.ts';

/**
 * GET …/bankaccounts/{id}/indirectauth?web=true: opens a re-authorisation session, sends the authorisation
 * notification [F-REAUTH] [G-REAUTH] [KC-03] and answers 302 to the connector's /authrefresh with bankaccount
 * (policy authrefresh-bankaccount-parameter, D4), authorisation_id, redirect_uri, state and externalId
 * [C-REFRESH] [BRUNO].
 */
export async function startIndirectAuth(context: ConsumerApiContext, request: ServerRequest, company: Company): Promise<ServerReply> {
  const found = companyAccount(context, request, company);
  if ('reply' in found) return found.reply;
  const account = found.account;
  if (account.status === 'cancelled') return singleError(409, 'account-cancelled', `bank account ${account.id} is cancelled and can never be re-authorised [CA-OFF]`);
  const bank = context.state.banks.get(account.bankId);
  if (!bank) return singleError(404, 'unknown-bank', `bank ${account.bankId} is no longer registered`);
  const session = context.state.authorisations.create({
    kind: 'reauthorisation',
    bankId: bank.principalId,
    organisationId: company.organisationId,
    companyId: company.companyId,
    bankAccountId: account.id,
    redirectUriFor: (id) => redirectUriFor(context, id),
  });
  context.events.append({
    type: 'authorisation.created',
    authorisationId: session.id,
    kind: 'reauthorisation',
    bankId: bank.principalId,
    organisationId: company.organisationId,
    companyId: company.companyId,
    bankAccountId: account.id,
    expiresAt: new Date(session.expiresAt).toISOString(),
  });
  await notifyProvider(context, bank, authorisationCreated(session.id, bank.principalId));
  const redirect = new URL(bank.callbackURLs.reAuth);
  redirect.searchParams.set('bankaccount', context.policies['authrefresh-bankaccount-parameter'] === 'bank-id' ? bank.principalId : account.id);
  redirect.searchParams.set('authorisation_id', session.id);
  redirect.searchParams.set('redirect_uri', session.redirectUri);
  redirect.searchParams.set('state', session.state);
  redirect.searchParams.set('externalId', account.externalId);
  return { status: 302, headers: { location: redirect.toString() }, json: { redirect: redirect.toString() } };
}
