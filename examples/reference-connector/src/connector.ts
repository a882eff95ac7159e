import type { RequestListener } from 'node:http';
import { AuthPages } from './auth-pages.ts';
import { AuthorisationSessions } from './authorisation-sessions.ts';
import { availableAccounts } from './available-accounts.ts';
import { runBankSync, type BankSyncState } from './bank-sync.ts';
import type { ConnectorConfig } from './config.ts';
import { LinkedAccounts, type LinkedAccount } from './linked-accounts.ts';
import { createLogger, type Logger } from './log.ts';
import { NotificationAuthenticator } from './notification-auth.ts';
import { NotificationHandler } from './notifications.ts';
import { ProviderApiClient, ProviderApiTransportError } from './provider-api-client.ts';
import { SageIdClient } from './sage-id-client.ts';
import { createRequestListener, jsonReply, type Route } from './server.ts';
import { AccountQueue, StatementPoster, StatementPusher, TWO_WEEKS_MS } from './statements/index.ts';
import { TestBank } from './test-bank/index.ts';
import { testControlRoutes } from './test-control.ts';

export interface ConnectorOptions {
  readonly log?: Logger;
  /** The bank behind the connector; by default a fresh test bank relative to now. */
  readonly bank?: TestBank;
}

export interface Connector {
  /** The node:http request listener serving the Connector API. */
  readonly listener: RequestListener;
  readonly bankSync: Readonly<BankSyncState>;
  readonly bank: TestBank;
  /** Registers the bank with Banking Service (retrying until it is reachable); resolves when done or failed. */
  startBankSync(): Promise<void>;
  /** Resolves when every background push started so far has finished. */
  idle(): Promise<void>;
  /** Stops bank sync and every push. */
  close(): Promise<void>;
}

/** Wires the reference connector: clients, state, handlers and routes. No I/O happens until a request or startBankSync. */
export function createConnector(config: ConnectorConfig, options: ConnectorOptions = {}): Connector {
  const log = options.log ?? createLogger(config.logLevel);
  const bank = options.bank ?? new TestBank();
  const { faults, timing } = config;
  let clockOffsetMs = 0;
  const now = (): number => Date.now() + clockOffsetMs;
  const shutdown = new AbortController();

  const tokens = new SageIdClient({
    tokenUrl: `${config.sageIdUrl}/oauth/token`,
    clientId: config.sageIdClientId,
    clientSecret: config.sageIdClientSecret,
    audience: config.sageIdAudience,
    timing,
    faults,
    log: log.child({ component: 'sage-id' }),
  });
  const api = new ProviderApiClient({ baseUrl: config.bankingServiceUrl, apiKey: config.providerApiKey, tokens, timing, faults, log: log.child({ component: 'provider-api' }) });
  const authenticator = new NotificationAuthenticator({
    sageIdUrl: config.sageIdUrl,
    clientId: config.sageIdClientId,
    headerName: config.notificationHeaderName,
    headerValue: config.notificationHeaderValue,
    httpTimeoutMs: timing.httpTimeoutMs,
  });
  const sessions = new AuthorisationSessions({ now, faults });
  const linked = new LinkedAccounts();
  const queue = new AccountQueue();
  const poster = new StatementPoster({ api, timing, faults, log: log.child({ component: 'statements' }) });
  const pusher = new StatementPusher({
    bank,
    poster,
    queue,
    limits: { maxTransactions: config.statementBatchLimit, maxSpanMs: TWO_WEEKS_MS },
    faults,
    log: log.child({ component: 'statements' }),
  });
  const bankSync: BankSyncState = { status: 'pending', principalId: undefined };

  const background = new Set<Promise<unknown>>();
  const inBackground = (what: string, work: Promise<unknown>): void => {
    const tracked = work.catch((error: unknown) => log.error(`${what} failed`, { error: error instanceof Error ? error.message : String(error) })).finally(() => background.delete(tracked));
    background.add(tracked);
  };

  /** requestedStartDate when the notification carried none (the collection's sample has only externalId) [P-AQ] [BRUNO]. */
  const lookUpStartDate = async (account: LinkedAccount): Promise<string | undefined> => {
    try {
      const response = await api.request('POST', '/v1/accountqueries', { data: { bankId: account.bankId, externalId: account.externalId } }, { signal: shutdown.signal });
      const value = (response.body as { data?: { requestedStartDate?: unknown } } | undefined)?.data?.requestedStartDate;
      if (response.status === 200 && typeof value === 'string' && !Number.isNaN(Date.parse(value))) return value;
      log.error('account query gave no usable requestedStartDate; history not pushed', { bankAccountId: account.bankAccountId, status: response.status });
    } catch (error) {
      if (!(error instanceof ProviderApiTransportError)) throw error;
      log.error('account query failed; history not pushed', { bankAccountId: account.bankAccountId, reason: error.reason });
    }
    return undefined;
  };

  const startHistoryPush = (account: LinkedAccount): void => {
    inBackground(
      'history push',
      (async () => {
        account.requestedStartDate ??= await lookUpStartDate(account);
        return pusher.pushUnsent(account);
      })(),
    );
  };

  const notifications = new NotificationHandler({
    authenticator,
    sessions,
    linked,
    bank,
    faults,
    log: log.child({ component: 'notifications' }),
    defaultBankId: () => bankSync.principalId,
    startHistoryPush,
    cancelPushes: (bankAccountId) => queue.cancel(bankAccountId),
  });
  const authPages = new AuthPages({
    config,
    sessions,
    bank,
    api,
    log: log.child({ component: 'auth' }),
    now,
    // Consent is back: catch up on whatever was booked while it had lapsed.
    onConsentRestored: (username) => {
      for (const account of linked.activeForOwner(username)) inBackground('catch-up push', faults.has('status-only-after-reauth') ? pusher.reportStatus(account, 'active') : pusher.pushUnsent(account));
    },
    isConnected: (externalId) => linked.isConnected(externalId),
  });

  const routes: Route[] = [
    { method: 'GET', path: '/', handler: () => jsonReply(200, { status: 'ok' }) },
    { method: 'GET', path: '/health', handler: () => jsonReply(200, { status: 'ok', bankSync: bankSync.status, principalId: bankSync.principalId ?? null }) },
    { method: 'POST', path: '/notification', handler: (context) => notifications.handle(context) },
    { method: 'GET', path: '/auth', handler: (context) => authPages.auth(context) },
    { method: 'GET', path: '/authrefresh', handler: (context) => authPages.authRefresh(context) },
    { method: 'POST', path: '/auth/login', handler: (context) => authPages.login(context) },
    { method: 'GET', path: '/availableaccounts', handler: (context) => availableAccounts(context, { bank, linked, authenticator, faults }) },
  ];
  if (config.testControl) {
    routes.push(
      ...testControlRoutes({
        bank,
        linked,
        pusher,
        faults,
        log: log.child({ component: 'test-control' }),
        advanceClock: (seconds) => {
          clockOffsetMs += seconds * 1000;
          return clockOffsetMs / 1000;
        },
      }),
    );
  }

  return {
    listener: createRequestListener(routes, log),
    bankSync,
    bank,
    startBankSync: () => runBankSync({ config, api, log: log.child({ component: 'bank-sync' }), state: bankSync }, shutdown.signal),
    idle: async () => {
      while (background.size > 0) await Promise.all([...background]);
      await queue.idle();
    },
    close: async () => {
      shutdown.abort(new Error('connector shutting down'));
      queue.cancelAll();
      await Promise.allSettled([...background]);
    },
  };
}
