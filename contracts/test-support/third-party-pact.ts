import { MatchersV3 } from '@pact-foundation/pact';
import { newPact, runConsumerInteractions, type ConsumerInteraction, type ConsumerInteractionOutcome } from '../consumer-run.ts';
import { PARTICIPANTS } from '../pact-environment.ts';
import { BANKING_SERVICE_STATES } from '../provider-api/provider-api-states.ts';

/**
 * A pact as a provider's own consumer test would write it (the "Acme" connector's Provider API client, plain
 * fetch, literal example values, its own example ids), with three deliberate mistakes: a wrong field name, a wrong
 * field type and a wrong path. Used to show what `verify-pact` tells such a provider.
 */
export const THIRD_PARTY_CONSUMER = 'acme-connector';

export const THIRD_PARTY_DESCRIPTIONS = Object.freeze({
  token: 'acme fetches a Sage ID token with a JSON body',
  statement: 'acme posts a statement for its linked account',
  wrongField: 'acme reports an onboarding with an accounts list',
  wrongType: 'acme reports an onboarding with a numeric account number',
  wrongPath: 'acme posts a statement to /v1/statement',
});

const ACME_HEADERS = { authorization: 'Bearer acme-test-token', 'x-api-key': 'acme-test-api-key' };
const ACME_AUTHORISATION = '0f8fad5b-d9cb-469f-a165-70867728950e';
const ACME_ACCOUNT = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const ACME_BANK = '16fd2706-8baf-433b-82eb-8c7fada847da';

const statementBody = {
  data: {
    principalId: ACME_ACCOUNT,
    bankId: ACME_BANK,
    expected: { transactionDetailsCount: 1, accountDetailsCount: 1, transactionCreditSum: 0, transactionDebitSum: -12.5 },
    accountDetails: [
      {
        bankAccountId: ACME_ACCOUNT,
        status: 'active',
        balances: { ledgerBalance: 487.5, ledgerBalanceDate: '2024-03-04T10:00:00.000Z', availableBalance: 487.5, availableBalanceDate: '2024-03-04T10:00:00.000Z' },
      },
    ],
    transactionDetails: [
      {
        uniqueId: 'acme-tx-0001',
        bankAccountId: ACME_ACCOUNT,
        transactionAmount: -12.5,
        transactionType: 'DEBIT',
        transactionStatus: 'posted',
        datePosted: '2024-03-04T10:00:00.000Z',
        dateUserInitiated: '2024-03-04T09:58:00.000Z',
        description: 'Coffee',
      },
    ],
  },
};

const onboardingAccount = { bankAccountExternalId: 'acme-001', accountName: 'Acme Current', bankIdentifier: '200000', branchIdentifier: 'MAIN', accountIdentifier: '55779911' };

interface AcmeInteraction extends ConsumerInteraction<undefined> {
  readonly request: { readonly method: string; readonly path: string; readonly headers: Record<string, string>; readonly body: unknown };
}

function acme(description: string, state: string, request: AcmeInteraction['request'], status: number, responseBody?: unknown): AcmeInteraction {
  return {
    entry: { description },
    states: [{ name: state }],
    request,
    define: (interaction) =>
      interaction
        .withRequest(request.method, request.path, (builder) => builder.headers(request.headers).jsonBody(request.body))
        .willRespondWith(status, (builder) => {
          if (responseBody !== undefined) builder.jsonBody(responseBody);
        }),
    // Acme's client is a plain fetch; only that the mock answered matters to Acme's test.
    async exercise(_context, mockUrl) {
      const response = await fetch(`${mockUrl}${request.path}`, { method: request.method, headers: { ...request.headers, 'content-type': 'application/json', connection: 'close' }, body: JSON.stringify(request.body) });
      await response.arrayBuffer();
      if (response.status !== status) throw new Error(`Acme's mock answered ${response.status}`);
    },
  };
}

const INTERACTIONS: readonly AcmeInteraction[] = [
  // An unknown provider state (Acme's own name) on a request that needs none: verified, with a note.
  acme(THIRD_PARTY_DESCRIPTIONS.token, 'Acme is registered with Sage ID', {
    method: 'POST',
    path: '/oauth/token',
    headers: {},
    body: { grant_type: 'client_credentials', client_id: 'acme-client', client_secret: 'acme-secret', audience: 'acme-audience' },
  }, 200, { access_token: MatchersV3.string('acme-token'), token_type: MatchersV3.string('Bearer') }),
  acme(THIRD_PARTY_DESCRIPTIONS.statement, BANKING_SERVICE_STATES.accountLinked, { method: 'POST', path: '/v1/statements', headers: ACME_HEADERS, body: statementBody }, 201),
  acme(THIRD_PARTY_DESCRIPTIONS.wrongField, BANKING_SERVICE_STATES.onboardingAnnounced, {
    method: 'PATCH',
    path: `/v1/authorisations/${ACME_AUTHORISATION}`,
    headers: ACME_HEADERS,
    body: { data: { status: 'success', accounts: [onboardingAccount] } },
  }, 204),
  acme(THIRD_PARTY_DESCRIPTIONS.wrongType, BANKING_SERVICE_STATES.onboardingAnnounced, {
    method: 'PATCH',
    path: `/v1/authorisations/${ACME_AUTHORISATION}`,
    headers: ACME_HEADERS,
    body: { data: { status: 'success', bankAccounts: [{ ...onboardingAccount, accountIdentifier: 55779911 }] } },
  }, 204),
  acme(THIRD_PARTY_DESCRIPTIONS.wrongPath, BANKING_SERVICE_STATES.accountLinked, { method: 'POST', path: '/v1/statement', headers: ACME_HEADERS, body: statementBody }, 201),
];

/** Writes Acme's pact into `dir` (acme-connector-banking-service.json). */
export function writeThirdPartyPact(dir: string): Promise<ConsumerInteractionOutcome[]> {
  return runConsumerInteractions(newPact(THIRD_PARTY_CONSUMER, PARTICIPANTS.bankingService, dir), INTERACTIONS, undefined);
}
