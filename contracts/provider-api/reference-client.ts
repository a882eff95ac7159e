import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { AuthPages } from '../../examples/reference-connector/src/auth-pages.ts';
import { AuthorisationSessions } from '../../examples/reference-connector/src/authorisation-sessions.ts';
import { DEFAULT_TIMING, parseConfig, type ConnectorConfig, type ConnectorTiming } from '../../examples/reference-connector/src/config.ts';
import { createLogger } from '../../examples/reference-connector/src/log.ts';
import { ProviderApiClient } from '../../examples/reference-connector/src/provider-api-client.ts';
import { SageIdClient } from '../../examples/reference-connector/src/sage-id-client.ts';
import type { Reply, RequestContext } from '../../examples/reference-connector/src/server.ts';
import { TestBank, USER_FIXTURES } from '../../examples/reference-connector/src/test-bank/index.ts';

/**
 * The reference connector's own client code (examples/reference-connector/src), wired for one consumer
 * interaction: its Sage ID client, Provider API client and sign-in pages, exactly as connector.ts wires them, but
 * pointed at Pact's mock server. Only the timings are shortened and nothing is retried or paced, so a mismatch
 * shows once and at once.
 */
export interface ReferenceClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly audience: string;
  readonly apiKey: string;
}

/** Test values written into the pact as examples: never a real secret. */
export const EXAMPLE_CREDENTIALS: ReferenceClientCredentials = Object.freeze({
  clientId: 'example-client-id',
  clientSecret: 'example-client-secret',
  audience: 'example-provider-api-audience',
  apiKey: 'example-api-key',
});

const CONSUMER_TEST_TIMING: ConnectorTiming = Object.freeze({
  ...DEFAULT_TIMING,
  httpTimeoutMs: 5_000,
  maxRetries: 0,
  maxBackoffMs: 5,
  initialBackoffMs: 1,
  bankSyncDeadlineMs: 0,
  maxRequestsPerSecond: 0,
});

/** The test bank's history is fixed relative to this date, so the requests (not the pact, which holds examples) are stable too. */
export const TEST_BANK_ANCHOR = new Date('2024-06-01T00:00:00.000Z');

export interface ReferenceClient {
  readonly config: ConnectorConfig;
  readonly tokens: SageIdClient;
  readonly api: ProviderApiClient;
  readonly bank: TestBank;
}

export function referenceClient(input: { readonly bankingServiceUrl: string; readonly sageIdUrl: string; readonly credentials: ReferenceClientCredentials; readonly faults: readonly string[] }): ReferenceClient {
  const parsed = parseConfig(
    {
      PORT: '0',
      BANKING_SERVICE_URL: input.bankingServiceUrl,
      SAGE_ID_URL: input.sageIdUrl,
      SAGE_ID_CLIENT_ID: input.credentials.clientId,
      SAGE_ID_CLIENT_SECRET: input.credentials.clientSecret,
      SAGE_ID_AUDIENCE: input.credentials.audience,
      PROVIDER_API_KEY: input.credentials.apiKey,
      CONNECTOR_PUBLIC_URL: 'https://connector.example',
      NOTIFICATION_HEADER_NAME: 'x-notification-key',
      NOTIFICATION_HEADER_VALUE: 'example-notification-header-value',
      LOG_LEVEL: 'silent',
      FAULTS: input.faults.join(','),
    },
    { testUsers: USER_FIXTURES.map((user) => user.username) },
  );
  if ('errors' in parsed) throw new Error(`reference connector config: ${parsed.errors.join(' ')}`);
  const config: ConnectorConfig = { ...parsed.config, timing: CONSUMER_TEST_TIMING };
  const log = createLogger('silent');
  const tokens = new SageIdClient({
    tokenUrl: `${config.sageIdUrl}/oauth/token`,
    clientId: config.sageIdClientId,
    clientSecret: config.sageIdClientSecret,
    audience: config.sageIdAudience,
    timing: config.timing,
    faults: config.faults,
    log,
  });
  const api = new ProviderApiClient({ baseUrl: config.bankingServiceUrl, apiKey: config.providerApiKey, tokens, timing: config.timing, faults: config.faults, log });
  return { config, tokens, api, bank: new TestBank({ now: TEST_BANK_ANCHOR }) };
}

function requestContext(path: string, query: Readonly<Record<string, string>>, body = ''): RequestContext {
  return {
    // The pages read only the query and the body; a detached message stands in for the browser's request.
    request: new IncomingMessage(new Socket()),
    method: body === '' ? 'GET' : 'POST',
    path,
    query: new URLSearchParams(query),
    readBody: async () => Buffer.from(body),
  };
}

const SESSION_FIELD = /name="session" value="([^"]+)"/;

/**
 * Plays the user through the reference connector's sign-in: the announced authorisation, GET /auth or
 * /authrefresh, then the login form with a published test user. The connector PATCHes Banking Service itself
 * (the request under test) and answers with the redirect to redirect_uri.
 */
export async function signInThroughReferencePages(
  client: ReferenceClient,
  input: { readonly purpose: 'onboarding' | 'reauthorisation'; readonly authorisationId: string; readonly externalId?: string; readonly user: { readonly username: string; readonly password: string; readonly otp: string } },
): Promise<Reply> {
  const sessions = new AuthorisationSessions({ now: Date.now, faults: client.config.faults });
  sessions.announce(input.authorisationId, undefined);
  const pages = new AuthPages({ config: client.config, sessions, bank: client.bank, api: client.api, log: createLogger('silent'), now: Date.now, onConsentRestored: () => {} });
  const query = {
    authorisation_id: input.authorisationId,
    redirect_uri: 'https://banking-service.example/ui/return',
    state: 'example-state',
    ...(input.purpose === 'onboarding' ? { bank: 'example-bank' } : { bankaccount: 'example-bank-account', externalId: input.externalId ?? '' }),
  };
  const page = input.purpose === 'onboarding' ? await pages.auth(requestContext('/auth', query)) : await pages.authRefresh(requestContext('/authrefresh', query));
  const session = SESSION_FIELD.exec(page.html ?? '')?.[1];
  if (page.status !== 200 || session === undefined) throw new Error(`the reference sign-in page answered ${page.status} without a login form`);
  const form = new URLSearchParams({ session, username: input.user.username, password: input.user.password, otp: input.user.otp, action: 'login' });
  return pages.login(requestContext('/auth/login', {}, form.toString()));
}
