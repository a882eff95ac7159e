import type { Route, ServerReply, ServerRequest } from '../../http/index.ts';
import type { Company } from '../state/index.ts';
import { deleteBankAccount, getBankAccount } from './bank-accounts.ts';
import { getBank } from './banks.ts';
import { CONSUMER_BASE_PATH, type ConsumerApiContext } from './consumer-api-context.ts';
import { requireProduct } from './consumer-auth.ts';
import { createOrganisation, getAccessToken } from './identity.ts';
import { linkAvailableBankAccount, listAvailableBankAccounts } from './multi-account.ts';
import { createBankAccount, pollIndirectLinkAccount, startIndirectLinkAccount } from './onboarding.ts';
import { startIndirectAuth } from './reauthorisation.ts';
import { listTransactions } from './transactions.ts';
import { authorisationReturn } from './ui-return.ts';

type Open = (context: ConsumerApiContext, request: ServerRequest) => ServerReply | Promise<ServerReply>;
type ForCompany = (context: ConsumerApiContext, request: ServerRequest, company: Company) => ServerReply | Promise<ServerReply>;

interface ConsumerOperation {
  readonly method: string;
  /** Relative to /api/v1, as specs/consumer-api.yaml writes it. */
  readonly path: string;
  readonly operationId: string;
  readonly open?: Open;
  readonly forCompany?: ForCompany;
}

const COMPANY = '/organisations/:organisationId/companies/:companyId';

export const CONSUMER_OPERATIONS: readonly ConsumerOperation[] = Object.freeze([
  { method: 'POST', path: '/organisations', operationId: 'createOrganisation', open: createOrganisation },
  { method: 'GET', path: '/accesstoken', operationId: 'getAccessToken', open: getAccessToken },
  { method: 'GET', path: '/banks/:bankId', operationId: 'getBank', open: getBank },
  { method: 'GET', path: `${COMPANY}/indirectlinkaccount`, operationId: 'startIndirectLinkAccount', forCompany: startIndirectLinkAccount },
  // A signed, single-use URL: the poll id is the credential [CA-ONB] [KC-15].
  { method: 'GET', path: '/indirectlinkaccount/poll/:pollId', operationId: 'pollIndirectLinkAccount', open: pollIndirectLinkAccount },
  { method: 'POST', path: `${COMPANY}/bankaccounts`, operationId: 'createBankAccount', forCompany: createBankAccount },
  { method: 'GET', path: `${COMPANY}/bankaccounts/:bankAccountId`, operationId: 'getBankAccount', forCompany: getBankAccount },
  { method: 'DELETE', path: `${COMPANY}/bankaccounts/:bankAccountId`, operationId: 'deleteBankAccount', forCompany: deleteBankAccount },
  { method: 'GET', path: `${COMPANY}/availablebankaccounts`, operationId: 'listAvailableBankAccounts', forCompany: listAvailableBankAccounts },
  { method: 'POST', path: `${COMPANY}/linkavailablebankaccount`, operationId: 'linkAvailableBankAccount', forCompany: linkAvailableBankAccount },
  { method: 'GET', path: `${COMPANY}/bankaccounts/:bankAccountId/indirectauth`, operationId: 'startIndirectAuth', forCompany: startIndirectAuth },
  { method: 'GET', path: `${COMPANY}/bankaccounts/:bankAccountId/transactions`, operationId: 'listTransactions', forCompany: listTransactions },
]);

/** The Banking Service UI's return page, outside the API [KC-16]. */
export const UI_RETURN_PATTERN = '/ui/authorisations/:authorisationId/:landing';

export function consumerApiRoutes(context: ConsumerApiContext): Route[] {
  const routes: Route[] = CONSUMER_OPERATIONS.map((operation) => ({
    method: operation.method,
    pattern: `${CONSUMER_BASE_PATH}${operation.path}`,
    handler: async (request: ServerRequest): Promise<ServerReply> => {
      context.notes.setOperation(request, operation.operationId);
      if (operation.open) return operation.open(context, request);
      const product = await requireProduct(context, request);
      if (!product.ok) return product.reply;
      return (operation.forCompany as ForCompany)(context, request, product.value.company);
    },
  }));
  routes.push({ method: 'GET', pattern: UI_RETURN_PATTERN, handler: (request) => authorisationReturn(context, request) });
  return routes;
}
