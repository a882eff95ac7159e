import type { ServerReply } from '../../http/index.ts';
import { singleError } from '../api-support/index.ts';
import type { ProviderClient } from '../state/index.ts';
import type { ProviderApiContext } from './provider-api-context.ts';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** POST /v1/accountqueries: the bank account id and status for the provider's external id [P-AQ] [KC-09]. */
export function postAccountQuery(context: ProviderApiContext, provider: ProviderClient, body: unknown): ServerReply {
  const data = isRecord(body) && isRecord(body['data']) ? body['data'] : {};
  const bankId = typeof data['bankId'] === 'string' ? data['bankId'] : '';
  const externalId = typeof data['externalId'] === 'string' ? data['externalId'] : '';
  const bank = context.state.banks.get(bankId);
  if (!bank) return singleError(404, 'unknown-bank', `data.bankId ${JSON.stringify(bankId)} is not a registered bank`, { pointer: '/data/bankId' });
  if (bank.ownerClientId !== provider.clientId) return singleError(403, 'not-your-bank', 'data.bankId names a bank another provider registered', { pointer: '/data/bankId' });
  const matches = context.state.accounts.findByExternalId(bankId, externalId);
  const account = matches.find((candidate) => candidate.status !== 'cancelled') ?? matches[0];
  if (!account) return singleError(404, 'unknown-external-id', `no bank account of bank ${bankId} has externalId ${JSON.stringify(externalId)}`, { pointer: '/data/externalId' });
  return { status: 200, json: { data: { bankAccountId: account.id, status: account.status, requestedStartDate: account.requestedStartDate } } };
}
