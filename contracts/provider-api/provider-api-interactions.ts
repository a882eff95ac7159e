import { randomUUID } from 'node:crypto';
import { HTTPResponseStatusClass, MatchersV3 } from '@pact-foundation/pact';
import { runBankSync, type BankSyncState } from '../../examples/reference-connector/src/bank-sync.ts';
import { createLogger } from '../../examples/reference-connector/src/log.ts';
import { StatementPoster, buildStatusStatement, buildTransactionStatement } from '../../examples/reference-connector/src/statements/index.ts';
import type { SageId } from '../../harness/sage-id/index.ts';
import { EXAMPLES, PATTERNS, fromState, fromStateTemplate, matching } from '../matchers.ts';
import type { GivenState, InteractionWithResponse, UnconfiguredInteraction } from '../pact-dsl.ts';
import { PROVIDER_API_INTERACTIONS, type InteractionEntry } from '../verification/interaction-requirements.ts';
import { BANKING_SERVICE_STATES } from './provider-api-states.ts';
import { EXAMPLE_CREDENTIALS, referenceClient, signInThroughReferencePages, type ReferenceClient } from './reference-client.ts';

/** The consumer side: the reference connector's code with its fault switches, and a real Sage ID for its tokens. */
export interface ProviderApiConsumerContext {
  /** Fault switches of the reference connector (examples/reference-connector/src/faults.ts); none for the published pact. */
  readonly faults: readonly string[];
  /** Issues the tokens the Provider API client sends, so only the request under test reaches the mock server. */
  readonly sageId: SageId;
}

export interface ProviderApiInteraction {
  readonly entry: InteractionEntry;
  readonly states: readonly GivenState[];
  define(interaction: UnconfiguredInteraction): InteractionWithResponse;
  exercise(context: ProviderApiConsumerContext, mockUrl: string): Promise<void>;
}

/** The reference connector's published test users (examples/reference-connector/README.md). */
const ALICE = Object.freeze({ username: 'alice', password: 'alice-test-password', otp: '111111' });

/** Every Provider API call: the Sage ID token and the API key [P-AUTHZ] [P-STMT] [BRUNO-JSON]; values are the run's. */
const providerApiHeaders = { authorization: matching(PATTERNS.bearer, EXAMPLES.bearer), 'x-api-key': MatchersV3.string(EXAMPLES.apiKey) };

/** The reference treats any 2xx as success, so that is all the contract asks of Banking Service. */
const success = (example: number) => MatchersV3.matchStatus(example, HTTPResponseStatusClass.Success);

/** Reference code against the mock for the Provider API, with tokens from the real Sage ID. */
function clientFor(context: ProviderApiConsumerContext, mockUrl: string): ReferenceClient {
  return referenceClient({ bankingServiceUrl: mockUrl, sageIdUrl: context.sageId.url, credentials: EXAMPLE_CREDENTIALS, faults: context.faults });
}

const TOKEN_FORM = new URLSearchParams({
  grant_type: 'client_credentials',
  client_id: EXAMPLE_CREDENTIALS.clientId,
  client_secret: EXAMPLE_CREDENTIALS.clientSecret,
  audience: EXAMPLE_CREDENTIALS.audience,
}).toString();

const token: ProviderApiInteraction = {
  entry: PROVIDER_API_INTERACTIONS.token,
  states: [{ name: BANKING_SERVICE_STATES.clientRegistered }],
  define: (interaction) =>
    interaction
      .withRequest('POST', '/oauth/token', (request) =>
        request
          .headers({ 'content-type': matching(PATTERNS.form, 'application/x-www-form-urlencoded') })
          .body('application/x-www-form-urlencoded', Buffer.from(TOKEN_FORM))
          // Form bodies are matched field by field; every field needs its own rule (a rule on $ alone checks only the content type).
          .matchingRules({
            body: [
              { path: '$.grant_type', rules: [MatchersV3.equal('client_credentials')] },
              { path: '$.client_id', rules: [matching(PATTERNS.nonEmpty, EXAMPLE_CREDENTIALS.clientId)] },
              { path: '$.client_secret', rules: [matching(PATTERNS.nonEmpty, EXAMPLE_CREDENTIALS.clientSecret)] },
              { path: '$.audience', rules: [matching(PATTERNS.nonEmpty, EXAMPLE_CREDENTIALS.audience)] },
            ],
          }),
      )
      .willRespondWith(success(200), (response) =>
        response.jsonBody({
          access_token: MatchersV3.string('eyJhbGciOiJSUzI1NiJ9.eyJleGFtcGxlIjp0cnVlfQ.example-signature'),
          token_type: matching('^[Bb]earer$', 'Bearer'),
          expires_in: MatchersV3.integer(28_800),
        }),
      ),
  async exercise(context, mockUrl) {
    // Here the mock is Sage ID itself.
    const client = referenceClient({ bankingServiceUrl: mockUrl, sageIdUrl: mockUrl, credentials: EXAMPLE_CREDENTIALS, faults: context.faults });
    const authorization = await client.tokens.authorization();
    if (!/^Bearer \S+$/.test(authorization)) throw new Error('the reference client did not build a Bearer authorization from the token');
  },
};

const callbackUrl = (path: string) => matching(PATTERNS.httpUrl, `https://connector.example${path}`);

const bankSync: ProviderApiInteraction = {
  entry: PROVIDER_API_INTERACTIONS.bankSync,
  states: [{ name: BANKING_SERVICE_STATES.providerRegistered }],
  define: (interaction) =>
    interaction
      .withRequest('POST', '/v1/banks', (request) =>
        request.headers(providerApiHeaders).jsonBody({
          // data as an object holding toCreate: the collection's form (policy banks-body-shape) [BRUNO].
          data: {
            toCreate: MatchersV3.eachLike({
              name: MatchersV3.string('Reference Test Bank'),
              countryCode: matching(PATTERNS.countryCode, 'GB'),
              url: matching(PATTERNS.httpUrl, 'https://connector.example'),
              externalRef: MatchersV3.string('reference-connector-test-bank'),
              supportiframe: MatchersV3.boolean(true),
              callbackURLs: {
                notification: callbackUrl('/notification'),
                availableAccounts: callbackUrl('/availableaccounts'),
                auth: callbackUrl('/auth'),
                reAuth: callbackUrl('/authrefresh'),
              },
            }),
          },
        }),
      )
      .willRespondWith(success(200), (response) =>
        response.jsonBody({
          data: { created: MatchersV3.eachLike({ principalId: matching(PATTERNS.uuid, EXAMPLES.bankId), externalRef: MatchersV3.string('reference-connector-test-bank'), name: MatchersV3.string('Reference Test Bank') }) },
        }),
      ),
  async exercise(context, mockUrl) {
    const client = clientFor(context, mockUrl);
    const state: BankSyncState = { status: 'pending', principalId: undefined };
    await runBankSync({ config: client.config, api: client.api, log: createLogger('silent'), state }, new AbortController().signal);
    if (state.status !== 'done' || state.principalId === undefined) throw new Error(`bank sync ended ${state.status} without a principalId`);
  },
};

const authorisationPath = (example: string) => fromStateTemplate('/v1/authorisations/${authorisationId}', `^/v1/authorisations/${PATTERNS.uuid.slice(1, -1)}$`, `/v1/authorisations/${example}`);

/** Reads the reference's redirect after its PATCH: success carries state and no error [C-AUTH]. */
function expectApproved(location: string | undefined, status: number): void {
  if (status !== 303 || location === undefined || !location.includes('state=') || location.includes('error=')) {
    throw new Error(`the reference sign-in ended ${status} ${location ?? ''}: its PATCH was not accepted`);
  }
}

const onboardingPatch: ProviderApiInteraction = {
  entry: PROVIDER_API_INTERACTIONS.onboardingPatch,
  states: [{ name: BANKING_SERVICE_STATES.onboardingAnnounced }],
  define: (interaction) =>
    interaction
      .withRequest('PATCH', authorisationPath(EXAMPLES.authorisationId), (request) =>
        request.headers(providerApiHeaders).jsonBody({
          data: {
            status: 'success',
            // Every account the user granted, all fields strings [P-AUTHZ].
            bankAccounts: MatchersV3.eachLike({
              bankAccountExternalId: MatchersV3.string('ref-alice-current'),
              accountName: MatchersV3.string('Alice Everyday ****1234'),
              bankIdentifier: MatchersV3.string('404784'),
              branchIdentifier: MatchersV3.string('ONLINE'),
              accountIdentifier: MatchersV3.string('10001234'),
            }),
          },
        }),
      )
      .willRespondWith(success(204)),
  async exercise(context, mockUrl) {
    const reply = await signInThroughReferencePages(clientFor(context, mockUrl), { purpose: 'onboarding', authorisationId: randomUUID(), user: ALICE });
    expectApproved(reply.headers?.location, reply.status);
  },
};

const reauthorisationPatch: ProviderApiInteraction = {
  entry: PROVIDER_API_INTERACTIONS.reauthorisationPatch,
  states: [{ name: BANKING_SERVICE_STATES.reauthorisationAnnounced }],
  define: (interaction) =>
    interaction
      // No accounts: policy reauth-patch-accounts (none-or-empty) [P-AUTHZ] [F-REAUTH] [BRUNO]; the body is pinned as is.
      .withRequest('PATCH', authorisationPath(EXAMPLES.reauthorisationId), (request) => request.headers(providerApiHeaders).jsonBody({ data: { status: 'success' } }))
      .willRespondWith(success(204)),
  async exercise(context, mockUrl) {
    const reply = await signInThroughReferencePages(clientFor(context, mockUrl), { purpose: 'reauthorisation', authorisationId: randomUUID(), externalId: 'ref-alice-current', user: ALICE });
    expectApproved(reply.headers?.location, reply.status);
  },
};

const accountId = () => fromState('bankAccountId', PATTERNS.uuid, EXAMPLES.bankAccountId);
const isoDate = (example: string) => matching(PATTERNS.isoDateTime, example);

const transactionStatement: ProviderApiInteraction = {
  entry: PROVIDER_API_INTERACTIONS.transactionStatement,
  states: [{ name: BANKING_SERVICE_STATES.accountLinked }],
  define: (interaction) =>
    interaction
      .withRequest('POST', '/v1/statements', (request) =>
        request.headers(providerApiHeaders).jsonBody({
          data: {
            // principalId is the bank account id (policy statement-principal-id) [BRUNO].
            principalId: accountId(),
            bankId: fromState('bankId', PATTERNS.uuid, EXAMPLES.bankId),
            // Control totals consistent with the example below (policy expected-block, debit-sum-sign) [BRUNO].
            expected: {
              transactionDetailsCount: MatchersV3.integer(1),
              accountDetailsCount: MatchersV3.integer(1),
              transactionCreditSum: MatchersV3.number(75.5),
              transactionDebitSum: MatchersV3.number(0),
            },
            // Exactly one AccountDetail, balances after the transactions [P-STMT].
            accountDetails: [
              {
                bankAccountId: accountId(),
                status: 'active',
                balances: {
                  ledgerBalance: MatchersV3.number(1075.5),
                  ledgerBalanceDate: isoDate('2024-01-02T09:30:00.000Z'),
                  availableBalance: MatchersV3.number(1075.5),
                  availableBalanceDate: isoDate('2024-01-02T09:30:00.000Z'),
                },
              },
            ],
            transactionDetails: MatchersV3.eachLike({
              uniqueId: MatchersV3.string('example-transaction-000001'),
              bankAccountId: accountId(),
              transactionAmount: MatchersV3.number(75.5),
              transactionType: matching('^(CREDIT|DEBIT)$', 'CREDIT'),
              // Only cleared transactions are sent [APPLY] [CA-TXN]: pinned.
              transactionStatus: 'posted',
              datePosted: isoDate('2024-01-02T09:30:00.000Z'),
              dateUserInitiated: isoDate('2024-01-02T09:00:00.000Z'),
              referenceNumber: MatchersV3.string('00000001'),
              description: MatchersV3.string('Faster payment received'),
              payee: { payeeDescription: MatchersV3.string('Example Payer Ltd') },
              narrative1: MatchersV3.string('Faster payment received REF 00000001'),
              category: {
                topLevelCategory: MatchersV3.string('Income'),
                subCategory: MatchersV3.string('Transfers'),
                categoryId: MatchersV3.integer(1),
                standardIndustrialCode: MatchersV3.string('6419'),
              },
            }),
          },
        }),
      )
      .willRespondWith(success(201), (response) => response.jsonBody({ data: { _id: MatchersV3.string('example-statement-id'), status: MatchersV3.string('accepted') } })),
  async exercise(context, mockUrl) {
    const client = clientFor(context, mockUrl);
    const externalId = 'ref-bob-business';
    // Domestic cleared transactions: the contract's example carries no exchange fields.
    const transactions = client.bank.transactions(externalId).filter((transaction) => transaction.status === 'booked' && transaction.exchange === undefined).slice(-3);
    const last = transactions.at(-1);
    if (!last) throw new Error('the test bank has no cleared transactions for the example');
    const statement = buildTransactionStatement(
      { bankAccountId: randomUUID(), bankId: randomUUID(), transactions, balanceMinor: client.bank.ledgerAround(externalId, last.id).afterMinor, balanceDate: last.date },
      client.config.faults,
    );
    const poster = new StatementPoster({ api: client.api, timing: client.config.timing, faults: client.config.faults, log: createLogger('silent') });
    const outcome = await poster.submit(statement, { waitForCompletion: false });
    if (outcome.kind !== 'submitted') throw new Error(`the statement was not accepted: ${outcome.kind}`);
  },
};

const authRequiredStatement: ProviderApiInteraction = {
  entry: PROVIDER_API_INTERACTIONS.authRequiredStatement,
  states: [{ name: BANKING_SERVICE_STATES.accountLinked }],
  define: (interaction) =>
    interaction
      .withRequest('POST', '/v1/statements', (request) =>
        request.headers(providerApiHeaders).jsonBody({
          data: {
            principalId: accountId(),
            bankId: fromState('bankId', PATTERNS.uuid, EXAMPLES.bankId),
            // A status-only statement: 0 transactions, all-zero totals, no balances [U-REAUTH] [BRUNO].
            expected: { transactionDetailsCount: 0, accountDetailsCount: 1, transactionCreditSum: 0, transactionDebitSum: 0 },
            accountDetails: [{ bankAccountId: accountId(), status: 'authRequired' }],
            transactionDetails: [],
          },
        }),
      )
      .willRespondWith(success(201), (response) => response.jsonBody({ data: { _id: MatchersV3.string('example-statement-id'), status: MatchersV3.string('accepted') } })),
  async exercise(context, mockUrl) {
    const client = clientFor(context, mockUrl);
    const poster = new StatementPoster({ api: client.api, timing: client.config.timing, faults: client.config.faults, log: createLogger('silent') });
    const outcome = await poster.submit(buildStatusStatement({ bankAccountId: randomUUID(), bankId: randomUUID(), status: 'authRequired' }), { waitForCompletion: false });
    if (outcome.kind !== 'submitted') throw new Error(`the status statement was not accepted: ${outcome.kind}`);
  },
};

/** Every reference connector → Banking Service interaction. */
export const PROVIDER_API_INTERACTION_SPECS: readonly ProviderApiInteraction[] = Object.freeze([
  token,
  bankSync,
  onboardingPatch,
  reauthorisationPatch,
  transactionStatement,
  authRequiredStatement,
]);
