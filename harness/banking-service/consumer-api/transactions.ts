import type { ServerReply, ServerRequest } from '../../http/index.ts';
import { singleError } from '../api-support/index.ts';
import type { Company } from '../state/index.ts';
import { bankAccountBody } from './bank-account-body.ts';
import { companyAccount } from './bank-accounts.ts';
import { CONSUMER_BASE_PATH, type ConsumerApiContext } from './consumer-api-context.ts';

/**
 * GET …/bankaccounts/{id}/transactions?startIndex=: the account (its status tells the product about
 * authRequired [CA-REAUTHUI]) and a page of cleared transactions with sequential ids [CA-FETCH] [BRUNO] [KC-14].
 */
export function listTransactions(context: ConsumerApiContext, request: ServerRequest, company: Company): ServerReply {
  const found = companyAccount(context, request, company);
  if ('reply' in found) return found.reply;
  const account = found.account;
  const rawStart = request.query.get('startIndex') ?? '0';
  if (!/^\d+$/.test(rawStart)) return singleError(400, 'invalid-start-index', 'startIndex must be a whole number >= 0: the last transaction id you stored, plus one [BRUNO]');
  const startIndex = Number(rawStart);
  const page = context.state.transactions.page(account.id, startIndex, context.pageSize);
  const link = (index: number | undefined) =>
    index === undefined ? null : `${context.origin()}${CONSUMER_BASE_PATH}/organisations/${company.organisationId}/companies/${company.companyId}/bankaccounts/${account.id}/transactions?startIndex=${index}`;
  return {
    status: 200,
    json: {
      bankAccount: bankAccountBody(account, context.state.transactions),
      bankTransactionList: {
        startIndex: page.transactions[0]?.transactionId ?? startIndex,
        endIndex: page.endIndex,
        total: page.total,
        transactions: page.transactions.map((transaction) => ({ transactionId: transaction.transactionId, ...transaction.fields })),
        next: link(page.nextStartIndex),
        last: link(page.lastStartIndex),
      },
    },
  };
}
