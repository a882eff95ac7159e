import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_TIMING, parseConfig, type ConnectorConfig, type ConnectorTiming } from '../src/config.ts';
import { createConnector, type Connector } from '../src/connector.ts';
import { createLogger } from '../src/log.ts';
import { TestBank, USER_FIXTURES } from '../src/test-bank/index.ts';
import { startProviderApiStandIn, type ProviderApiStandIn } from './provider-api-stand-in.ts';
import { startSageIdStandIn, type SageIdStandIn } from './sage-id-stand-in.ts';

/** Test values only: fresh per test run in the kit, fixed here. */
export const TEST_SECRETS = Object.freeze({
  clientId: 'reference-connector-client',
  clientSecret: 'client-secret-for-tests-only',
  audience: 'provider-api',
  apiKey: 'api-key-for-tests-only',
  headerName: 'X-Provider-Notify',
  headerValue: 'notification-header-value-for-tests',
});

export const FAST_TIMING: ConnectorTiming = Object.freeze({
  ...DEFAULT_TIMING,
  httpTimeoutMs: 2_000,
  maxRetries: 3,
  maxBackoffMs: 1_000,
  initialBackoffMs: 20,
  statementCompletionTimeoutMs: 5_000,
  initialPollIntervalMs: 5,
  maxPollIntervalMs: 50,
  bankSyncDeadlineMs: 5_000,
  // Pacing has its own test (request-pacer.test.ts); the stand-ins do not throttle.
  maxRequestsPerSecond: 0,
});

export interface RunningConnector {
  readonly url: string;
  readonly connector: Connector;
  readonly config: ConnectorConfig;
  readonly sageId: SageIdStandIn;
  readonly providerApi: ProviderApiStandIn;
  readonly logLines: string[];
  close(): Promise<void>;
}

/**
 * The connector in-process on an OS-chosen port, with a Sage ID and a Provider API stand-in, all real HTTP on
 * 127.0.0.1. The server starts first so CONNECTOR_PUBLIC_URL can name its real port.
 */
export async function startConnectorUnderTest(env: Readonly<Record<string, string>> = {}, options: { readonly bank?: TestBank } = {}): Promise<RunningConnector> {
  const sageId = await startSageIdStandIn({ clientId: TEST_SECRETS.clientId, clientSecret: TEST_SECRETS.clientSecret, audience: TEST_SECRETS.audience });
  const providerApi = await startProviderApiStandIn({ apiKey: TEST_SECRETS.apiKey });
  let listener: RequestListener = (_request, response) => response.writeHead(503).end();
  const server: Server = createServer((request, response) => listener(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const parsed = parseConfig(
    {
      PORT: '0',
      BANKING_SERVICE_URL: providerApi.url,
      SAGE_ID_URL: sageId.url,
      SAGE_ID_CLIENT_ID: TEST_SECRETS.clientId,
      SAGE_ID_CLIENT_SECRET: TEST_SECRETS.clientSecret,
      SAGE_ID_AUDIENCE: TEST_SECRETS.audience,
      PROVIDER_API_KEY: TEST_SECRETS.apiKey,
      CONNECTOR_PUBLIC_URL: url,
      NOTIFICATION_HEADER_NAME: TEST_SECRETS.headerName,
      NOTIFICATION_HEADER_VALUE: TEST_SECRETS.headerValue,
      LOG_LEVEL: 'debug',
      ...env,
    },
    { testUsers: USER_FIXTURES.map((user) => user.username) },
  );
  if ('errors' in parsed) throw new Error(parsed.errors.join('\n'));
  const config: ConnectorConfig = { ...parsed.config, timing: FAST_TIMING };
  const logLines: string[] = [];
  const connector = createConnector(config, { log: createLogger('debug', (line) => logLines.push(line)), bank: options.bank ?? new TestBank({ now: new Date() }) });
  listener = connector.listener;
  return {
    url,
    connector,
    config,
    sageId,
    providerApi,
    logLines,
    close: async () => {
      await connector.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([sageId.close(), providerApi.close()]);
    },
  };
}

/** POST /notification as Banking Service sends it: the provider header and a Sage ID token. */
export async function notify(running: RunningConnector, body: unknown, auth: { readonly token?: string; readonly headerValue?: string | null; readonly timeoutMs?: number } = {}): Promise<Response> {
  const token = auth.token ?? (await running.sageId.issueToken());
  const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  if (auth.headerValue !== null) headers[TEST_SECRETS.headerName] = auth.headerValue ?? TEST_SECRETS.headerValue;
  return fetch(`${running.url}/notification`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body), signal: AbortSignal.timeout(auth.timeoutMs ?? 5_000) });
}
