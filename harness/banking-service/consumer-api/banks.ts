import type { ServerReply, ServerRequest } from '../../http/index.ts';
import { singleError } from '../api-support/index.ts';
import type { ConsumerApiContext } from './consumer-api-context.ts';
import { headerOf } from './consumer-auth.ts';

/**
 * GET /banks/{bankId}: the bank's metadata; the collection sends x-application only [BRUNO], so no jwt is
 * required. Fields follow the sample in [CA-REAUTHAPI]; indirect marks aggregator banks [G-ONB] [CA-ONB].
 */
export async function getBank(context: ConsumerApiContext, request: ServerRequest): Promise<ServerReply> {
  const application = headerOf(request, 'x-application');
  if (!application || !context.state.applications.get(application)) return singleError(401, 'unknown-application', 'x-application is missing or not a registered product [CA-SETUP]');
  const authorization = headerOf(request, 'authorization');
  if (authorization !== undefined) {
    const checked = await context.jwt.verify(authorization);
    if (!checked.ok) return singleError(401, checked.code, checked.message);
  }
  const bank = context.state.banks.get(request.params['bankId'] ?? '');
  if (!bank) return singleError(404, 'unknown-bank', `bank ${request.params['bankId']} is not registered`);
  return {
    status: 200,
    json: {
      bankId: bank.principalId,
      name: bank.name,
      primaryCountry: bank.countryCode,
      ...(bank.countryCode.length === 2 ? { primaryCountry2CharIso: bank.countryCode } : {}),
      authorisationMechanism: 'indirect',
      dataProvider: 'indirect',
      status: 'supported',
      supportiframe: bank.supportiframe,
      bankURL: bank.url,
      offBoardingMechanism: { type: 'automatic', instructions: '' },
    },
  };
}
