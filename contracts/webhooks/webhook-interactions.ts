import { randomUUID } from 'node:crypto';
import { HTTPResponseStatusClass, MatchersV3 } from '@pact-foundation/pact';
import { systemClock, type Bank, type BankingServiceSimulator } from '../../harness/banking-service/index.ts';
import {
  Notifier,
  authorisationCreated,
  bankAccountCreated,
  bankAccountDeleted,
  type NotificationPayload,
  type TokenIssuer,
} from '../../harness/banking-service/notifier/index.ts';
import type { ProviderClient } from '../../harness/banking-service/state/index.ts';
import { sendRequest } from '../../harness/http/index.ts';
import { EXAMPLES, PATTERNS, fromState, matching } from '../matchers.ts';
import type { GivenState, InteractionWithResponse, UnconfiguredInteraction } from '../pact-dsl.ts';
import { ProviderActor, recentRequestedStartDate, type CallbackSink } from '../simulator-support/index.ts';
import { WEBHOOK_INTERACTIONS, type InteractionEntry } from '../verification/interaction-requirements.ts';
import { CONNECTOR_STATES } from './webhook-states.ts';

/** What the consumer side needs: the kit's own simulated Banking Service, whose real code makes every request. */
export interface WebhookConsumerContext {
  readonly simulator: BankingServiceSimulator;
  /** Takes the calls aimed at connector endpoints the interaction does not exercise. */
  readonly sink: CallbackSink;
  /** A second Sage ID: its tokens are signed by a key outside the run's key set. */
  readonly foreignTokens: TokenIssuer;
  readonly timeoutMs: number;
}

export interface WebhookInteraction {
  readonly entry: InteractionEntry;
  readonly states: readonly GivenState[];
  /** The request and the answer the contract expects (after given/uponReceiving). */
  define(interaction: UnconfiguredInteraction): InteractionWithResponse;
  /** Makes the kit's real code send the request to the Pact mock server; throws when the kit misreads the answer. */
  exercise(context: WebhookConsumerContext, mockUrl: string): Promise<void>;
}

/** Registers a bank whose chosen callbacks point at the Pact mock server and the rest at the sink. */
function bankFor(context: WebhookConsumerContext, mockUrl: string, onMock: readonly ('notification' | 'auth' | 'reAuth' | 'availableAccounts')[]): Bank {
  const url = (name: 'notification' | 'auth' | 'reAuth' | 'availableAccounts', path: string) => `${onMock.includes(name) ? mockUrl : context.sink.url}${path}`;
  return context.simulator.registerBank({
    name: 'Pact mock connector',
    countryCode: 'GB',
    url: mockUrl,
    callbackURLs: {
      notification: url('notification', '/notification'),
      auth: url('auth', '/auth'),
      reAuth: url('reAuth', '/authrefresh'),
      availableAccounts: url('availableAccounts', '/availableaccounts'),
    },
  });
}

function providerClient(context: WebhookConsumerContext, overrides: Partial<ProviderClient> = {}): ProviderClient {
  const { credentials } = context.simulator;
  return {
    clientId: credentials.clientId,
    apiKey: credentials.apiKey,
    notificationHeaderName: credentials.notificationHeaderName,
    notificationHeaderValue: credentials.notificationHeaderValue,
    ...overrides,
  };
}

function notifier(context: WebhookConsumerContext, tokens: TokenIssuer = context.simulator.sageId): Notifier {
  const { simulator } = context;
  return new Notifier({ tokens, traffic: simulator.traffic, events: simulator.events, policies: simulator.policies, clock: systemClock, timeoutMs: context.timeoutMs });
}

async function expectNotificationStatus(context: WebhookConsumerContext, mockUrl: string, payload: (bank: Bank) => NotificationPayload, expected: { acknowledged: boolean; status?: number }, options: { provider?: ProviderClient; tokens?: TokenIssuer } = {}): Promise<void> {
  const bank = bankFor(context, mockUrl, ['notification']);
  const outcome = await notifier(context, options.tokens).notify(bank, options.provider ?? providerClient(context), payload(bank));
  if (outcome.failure) throw new Error(`the notifier's call failed: ${outcome.failure}`);
  if (outcome.acknowledged !== expected.acknowledged) throw new Error(`the notifier read ${outcome.status} as ${outcome.acknowledged ? 'acknowledged' : 'not acknowledged'}`);
  if (expected.status !== undefined && outcome.status !== expected.status) throw new Error(`expected the mock to answer ${expected.status}, got ${outcome.status}`);
}

/** The Sage ID token Banking Service puts on its calls [SEC]; its value is the run's, so only its form is pinned. */
const signedHeaders = { authorization: matching(PATTERNS.bearer, EXAMPLES.bearer) };

function notificationRequest(interaction: UnconfiguredInteraction, body: unknown): ReturnType<UnconfiguredInteraction['withRequest']> {
  return interaction.withRequest('POST', '/notification', (request) => request.headers(signedHeaders).jsonBody(body));
}

/** resource.url varies between samples ("NA", "", a URL: D13); the kit sends "NA" and the connector may not rely on it. */
const resourceUrl = MatchersV3.string('NA');

const authorisationBody = (authorisationExample: string) => ({
  type: 'resourceCreated',
  resource: { id: fromState('authorisationId', PATTERNS.uuid, authorisationExample), type: 'authorisation', url: resourceUrl },
  additionalData: { bankId: fromState('bankId', PATTERNS.uuid, EXAMPLES.bankId) },
});

/** Policy notification-success-status (default any-2xx) [C-NOTIF]: the example is what the reference answers. */
const acknowledged = MatchersV3.matchStatus(202, HTTPResponseStatusClass.Success);
/** Policy notification-rejection-status (default any-4xx) [SEC] [SETUP]. */
const refused = (example: number) => MatchersV3.matchStatus(example, HTTPResponseStatusClass.ClientError);
/** Policy auth-redirect-kind (default html-script-or-30x) [C-AUTH] [C-REFRESH]: a page or a redirect. */
const pageOrRedirect = MatchersV3.matchStatus(200, [200, 301, 302, 303, 307, 308]);

const onboardingAuthorisation: WebhookInteraction = {
  entry: WEBHOOK_INTERACTIONS.onboardingAuthorisation,
  states: [{ name: CONNECTOR_STATES.bankRegistered }],
  define: (interaction) => notificationRequest(interaction, authorisationBody(EXAMPLES.authorisationId)).willRespondWith(acknowledged),
  exercise: (context, mockUrl) => expectNotificationStatus(context, mockUrl, (bank) => authorisationCreated(randomUUID(), bank.principalId), { acknowledged: true }),
};

const reauthorisationAuthorisation: WebhookInteraction = {
  entry: WEBHOOK_INTERACTIONS.reauthorisationAuthorisation,
  states: [{ name: CONNECTOR_STATES.accountLinked }],
  // The same payload as for onboarding [C-NOTIF] [F-REAUTH]: what differs is that the user already has a linked account.
  define: (interaction) => notificationRequest(interaction, authorisationBody(EXAMPLES.reauthorisationId)).willRespondWith(acknowledged),
  exercise: (context, mockUrl) => expectNotificationStatus(context, mockUrl, (bank) => authorisationCreated(randomUUID(), bank.principalId), { acknowledged: true }),
};

const bankAccountCreatedInteraction: WebhookInteraction = {
  entry: WEBHOOK_INTERACTIONS.bankAccountCreated,
  states: [{ name: CONNECTOR_STATES.accountOffered }],
  define: (interaction) =>
    notificationRequest(interaction, {
      type: 'resourceCreated',
      resource: { id: fromState('bankAccountId', PATTERNS.uuid, EXAMPLES.bankAccountId), type: 'bankAccount', url: resourceUrl },
      additionalData: {
        externalId: fromState('externalId', PATTERNS.nonEmpty, EXAMPLES.externalId),
        requestedStartDate: fromState('requestedStartDate', PATTERNS.isoDateTime, EXAMPLES.requestedStartDate),
        bankId: fromState('bankId', PATTERNS.uuid, EXAMPLES.bankId),
      },
    }).willRespondWith(acknowledged),
  exercise: (context, mockUrl) =>
    expectNotificationStatus(
      context,
      mockUrl,
      (bank) => bankAccountCreated({ id: randomUUID(), externalId: 'kit-consumer-test-account', requestedStartDate: recentRequestedStartDate(), bankId: bank.principalId }),
      { acknowledged: true },
    ),
};

const bankAccountDeletedInteraction: WebhookInteraction = {
  entry: WEBHOOK_INTERACTIONS.bankAccountDeleted,
  states: [{ name: CONNECTOR_STATES.accountLinked }],
  define: (interaction) =>
    notificationRequest(interaction, {
      type: 'resourceDeleted',
      resource: { id: fromState('bankAccountId', PATTERNS.uuid, EXAMPLES.bankAccountId), type: 'bankAccount', url: resourceUrl },
      additionalData: { externalId: fromState('externalId', PATTERNS.nonEmpty, EXAMPLES.externalId), bankId: fromState('bankId', PATTERNS.uuid, EXAMPLES.bankId) },
    }).willRespondWith(acknowledged),
  exercise: (context, mockUrl) =>
    expectNotificationStatus(context, mockUrl, (bank) => bankAccountDeleted({ id: randomUUID(), externalId: 'kit-consumer-test-account', bankId: bank.principalId }), { acknowledged: true }),
};

const wrongProviderHeader: WebhookInteraction = {
  entry: WEBHOOK_INTERACTIONS.wrongProviderHeader,
  states: [{ name: CONNECTOR_STATES.bankRegistered }, { name: CONNECTOR_STATES.wrongProviderHeader }],
  define: (interaction) => notificationRequest(interaction, authorisationBody(EXAMPLES.authorisationId)).willRespondWith(refused(403)),
  exercise: (context, mockUrl) =>
    expectNotificationStatus(context, mockUrl, (bank) => authorisationCreated(randomUUID(), bank.principalId), { acknowledged: false, status: 403 }, {
      provider: providerClient(context, { notificationHeaderValue: 'a-value-the-connector-never-agreed' }),
    }),
};

const foreignToken: WebhookInteraction = {
  entry: WEBHOOK_INTERACTIONS.foreignToken,
  states: [{ name: CONNECTOR_STATES.bankRegistered }, { name: CONNECTOR_STATES.foreignToken }],
  define: (interaction) => notificationRequest(interaction, authorisationBody(EXAMPLES.authorisationId)).willRespondWith(refused(401)),
  exercise: (context, mockUrl) =>
    expectNotificationStatus(context, mockUrl, (bank) => authorisationCreated(randomUUID(), bank.principalId), { acknowledged: false, status: 401 }, { tokens: context.foreignTokens }),
};

/** The browser's first hop to the connector: the simulator builds the redirect, the kit follows it once. */
async function followOnce(startUrl: string, timeoutMs: number): Promise<number | undefined> {
  const exchange = await sendRequest({ method: 'GET', url: startUrl, headers: { accept: 'text/html' }, timeoutMs });
  return exchange.response?.status;
}

const authPage: WebhookInteraction = {
  entry: WEBHOOK_INTERACTIONS.authPage,
  states: [{ name: CONNECTOR_STATES.authorisationAnnounced }],
  define: (interaction) =>
    interaction
      .withRequest('GET', '/auth', (request) =>
        request.query({
          bank: fromState('bankId', PATTERNS.uuid, EXAMPLES.bankId),
          authorisation_id: fromState('authorisationId', PATTERNS.uuid, EXAMPLES.authorisationId),
          redirect_uri: fromState('redirectUri', PATTERNS.httpUrl, EXAMPLES.redirectUri),
          state: fromState('state', PATTERNS.uuid, EXAMPLES.state),
        }),
      )
      .willRespondWith(pageOrRedirect),
  async exercise(context, mockUrl) {
    const bank = bankFor(context, mockUrl, ['auth']);
    const actor = new ProviderActor(context.simulator, context.timeoutMs);
    const company = await actor.productSteps.newCompany();
    const onboarding = await actor.productSteps.startOnboarding(company, bank.principalId);
    const status = await followOnce(onboarding.startUrl, context.timeoutMs);
    if (status !== 200) throw new Error(`expected the mock's page (200), got ${status}`);
  },
};

const authRefreshPage: WebhookInteraction = {
  entry: WEBHOOK_INTERACTIONS.authRefreshPage,
  states: [{ name: CONNECTOR_STATES.reauthorisationAnnounced }],
  define: (interaction) =>
    interaction
      .withRequest('GET', '/authrefresh', (request) =>
        request.query({
          // policy authrefresh-bankaccount-parameter (D4): the bank account id by default, the bank id otherwise.
          bankaccount: fromState('bankAccount', PATTERNS.uuid, EXAMPLES.bankAccountId),
          authorisation_id: fromState('authorisationId', PATTERNS.uuid, EXAMPLES.reauthorisationId),
          redirect_uri: fromState('redirectUri', PATTERNS.httpUrl, EXAMPLES.redirectUri),
          state: fromState('state', PATTERNS.uuid, EXAMPLES.state),
          externalId: fromState('externalId', PATTERNS.nonEmpty, EXAMPLES.externalId),
        }),
      )
      .willRespondWith(pageOrRedirect),
  async exercise(context, mockUrl) {
    const bank = bankFor(context, mockUrl, ['reAuth']);
    const actor = new ProviderActor(context.simulator, context.timeoutMs);
    const seeded = await actor.seedAccount(bank.principalId, recentRequestedStartDate());
    const reauthorisation = await actor.productSteps.startReauthorisation(seeded.company, seeded.bankAccountId);
    const status = await followOnce(reauthorisation.startUrl, context.timeoutMs);
    if (status !== 200) throw new Error(`expected the mock's page (200), got ${status}`);
  },
};

const availableAccounts: WebhookInteraction = {
  entry: WEBHOOK_INTERACTIONS.availableAccounts,
  states: [{ name: CONNECTOR_STATES.accountLinked }],
  define: (interaction) =>
    interaction
      .withRequest('GET', '/availableaccounts', (request) => request.headers(signedHeaders).query({ externalId: fromState('externalId', PATTERNS.nonEmpty, EXAMPLES.externalId) }))
      .willRespondWith(200, (response) =>
        // jsonBody pins Content-Type to application/json; Pact compares the media type and ignores a charset.
        response.jsonBody(
          MatchersV3.eachLike({
            accountType: matching('^(business|savings|loan|creditCard|corporate|personal)$', 'personal'),
            accountName: MatchersV3.string('Everyday Current ****1234'),
            externalId: MatchersV3.string(EXAMPLES.externalId),
            bankIdentifier: MatchersV3.string('404784'),
            accountIdentifier: MatchersV3.string('10001234'),
            branchIdentifier: MatchersV3.string('ONLINE'),
          }),
        ),
      ),
  async exercise(context, mockUrl) {
    const bank = bankFor(context, mockUrl, ['availableAccounts']);
    const result = await notifier(context).availableAccounts(bank, providerClient(context), 'kit-consumer-test-account');
    if (!result.answer.ok) throw new Error(`the kit could not read the answer: ${result.answer.problem}`);
    if (result.answer.accounts.length === 0) throw new Error('the kit read no accounts from the answer');
  },
};

/** Every Banking Service → connector interaction, in the order the pact lists them. */
export const WEBHOOK_INTERACTION_SPECS: readonly WebhookInteraction[] = Object.freeze([
  onboardingAuthorisation,
  reauthorisationAuthorisation,
  bankAccountCreatedInteraction,
  bankAccountDeletedInteraction,
  wrongProviderHeader,
  foreignToken,
  authPage,
  authRefreshPage,
  availableAccounts,
]);
