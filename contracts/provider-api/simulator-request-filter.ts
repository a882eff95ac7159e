import type { BankingServiceSimulator } from '../../harness/banking-service/index.ts';
import { VERIFICATION_REQUEST_HEADER } from '../simulator-support/index.ts';
import { editBody, type ProviderRequest, type RequestFilter } from '../verification/provider-request.ts';
import type { SeededIds } from './simulator-states.ts';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const TOKEN_PATH = /^\/oauth\/token\/?$/;
const AUTHORISATION_PATH = /^\/v1\/authorisations\/([^/?]+)(\/?)$/;
const STATEMENTS_PATH = /^\/v1\/statements\/?$/;

/** Only values the request carries are replaced: a credential the pact does not send stays missing, and is refused. */
function replaceCredentials(body: Record<string, unknown>, simulator: BankingServiceSimulator): void {
  const { credentials } = simulator;
  const real: Record<string, string> = { client_id: credentials.clientId, client_secret: credentials.clientSecret, audience: credentials.audience };
  for (const [field, value] of Object.entries(real)) if (typeof body[field] === 'string') body[field] = value;
}

function replaceStatementIds(body: Record<string, unknown>, seeded: SeededIds, principalIdIsBank: boolean): void {
  const data = body['data'];
  if (!isRecord(data)) return;
  const swap = (record: Record<string, unknown>, field: string, value: string | undefined) => {
    if (value !== undefined && typeof record[field] === 'string') record[field] = value;
  };
  swap(data, 'principalId', principalIdIsBank ? seeded.bankId : seeded.bankAccountId);
  swap(data, 'bankId', seeded.bankId);
  for (const list of ['accountDetails', 'transactionDetails']) {
    const entries = data[list];
    if (Array.isArray(entries)) for (const entry of entries) if (isRecord(entry)) swap(entry, 'bankAccountId', seeded.bankAccountId);
  }
}

/**
 * What the kit changes in a provider's own pact requests before they reach the simulated Banking Service: the
 * secrets (a consumer test only has example credentials) and the ids the simulator mints (a consumer test cannot
 * know them), each only where the request carries it. Shape, names, types and paths stay exactly as the pact says,
 * so those are what the verification judges. Every request is numbered for the gateway's record.
 */
export function simulatorRequestFilter(simulator: BankingServiceSimulator, seededIds: () => SeededIds): RequestFilter {
  let requestNumber = 0;
  return async (request: ProviderRequest) => {
    requestNumber += 1;
    request.headers[VERIFICATION_REQUEST_HEADER] = String(requestNumber);
    const url = new URL(request.url, 'http://verifier.invalid');
    const seeded = seededIds();
    if (TOKEN_PATH.test(url.pathname)) {
      editBody(request, (body) => replaceCredentials(body, simulator));
      return;
    }
    const { credentials } = simulator;
    if (request.headers['authorization'] !== undefined) {
      request.headers['authorization'] = `Bearer ${await simulator.sageId.issueToken({ clientId: credentials.clientId, audience: credentials.audience })}`;
    }
    if (request.headers['x-api-key'] !== undefined) request.headers['x-api-key'] = credentials.apiKey;
    const authorisation = AUTHORISATION_PATH.exec(url.pathname);
    if (authorisation && seeded.authorisationId !== undefined && authorisation[1] !== seeded.authorisationId) {
      request.url = `/v1/authorisations/${encodeURIComponent(seeded.authorisationId)}${authorisation[2] ?? ''}${url.search}`;
    }
    if (STATEMENTS_PATH.test(url.pathname)) {
      editBody(request, (body) => replaceStatementIds(body, seeded, simulator.policies['statement-principal-id'] === 'bank-principal-id'));
    }
  };
}
