import type { ServerReply, ServerRequest } from '../../http/index.ts';
import { singleError } from '../api-support/index.ts';
import { bankAccountDeleted } from '../notifier/index.ts';
import type { BankAccount, Company } from '../state/index.ts';
import { bankAccountBody } from './bank-account-body.ts';
import type { ConsumerApiContext } from './consumer-api-context.ts';
import { notifyProvider } from './notify-provider.ts';

/** The company's account named in the path, or the 404 to answer. */
export function companyAccount(context: ConsumerApiContext, request: ServerRequest, company: Company): { account: BankAccount } | { reply: ServerReply } {
  const id = request.params['bankAccountId'] ?? '';
  const account = context.state.accounts.get(id);
  if (!account || account.companyId !== company.companyId) return { reply: singleError(404, 'unknown-bank-account', `company ${company.companyId} has no bank account ${id}`) };
  return { account };
}

/** GET …/bankaccounts/{id} [BRUNO]. */
export function getBankAccount(context: ConsumerApiContext, request: ServerRequest, company: Company): ServerReply {
  const found = companyAccount(context, request, company);
  if ('reply' in found) return found.reply;
  return { status: 200, json: bankAccountBody(found.account, context.state.transactions) };
}

/**
 * DELETE …/bankaccounts/{id}: cancelled for good, transactions hard-deleted, then the bank-account-deleted
 * notification [CA-OFF] [F-OFF] [G-DISC]; 204 [BRUNO]. A second DELETE answers 204 and notifies nobody [KC-23].
 */
export async function deleteBankAccount(context: ConsumerApiContext, request: ServerRequest, company: Company): Promise<ServerReply> {
  const found = companyAccount(context, request, company);
  if ('reply' in found) return found.reply;
  const account = found.account;
  if (account.status === 'cancelled') return { status: 204 };
  context.state.changeAccountStatus(account.id, 'cancelled', 'the product disconnected the account [CA-OFF]');
  const transactionsDeleted = context.state.transactions.deleteAccount(account.id);
  context.events.append({ type: 'account.deleted', bankAccountId: account.id, transactionsDeleted });
  const bank = context.state.banks.get(account.bankId);
  if (bank) await notifyProvider(context, bank, bankAccountDeleted(account));
  return { status: 204 };
}
