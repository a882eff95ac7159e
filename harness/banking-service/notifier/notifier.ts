import { acknowledgesNotification, type Policies } from '../../policies/index.ts';
import { sendRequest, type OutboundExchange } from '../../http/index.ts';
import type { TrafficLog } from '../../traffic/index.ts';
import type { CallOutcome, EventLog } from '../events/index.ts';
import type { Bank, Clock, ProviderClient } from '../state/index.ts';
import { readAvailableAccounts, type AvailableAccountsAnswer } from './available-accounts-answer.ts';
import type { NotificationPayload } from './notification-payloads.ts';

/** What the notifier needs from Sage ID: a token without HTTP. */
export interface TokenIssuer {
  issueToken(input: { clientId: string; audience: string; lifetimeSeconds?: number }): Promise<string>;
}

export interface NotifierOptions {
  readonly tokens: TokenIssuer;
  readonly traffic: TrafficLog;
  readonly events: EventLog;
  readonly policies: Policies;
  readonly clock: Clock;
  /** Per call, connect to last byte. Default 10 s. */
  readonly timeoutMs?: number;
  /** A larger answer is cut off and reported. Default 64 KiB for /notification, 1 MiB for /availableaccounts. */
  readonly maxNotificationResponseBytes?: number;
  readonly maxAvailableAccountsResponseBytes?: number;
}

/** The Sage ID client id Banking Service's own tokens carry [KC-02]. */
export const BANKING_SERVICE_CLIENT_ID = 'banking-service';
const TOKEN_LIFETIME_SECONDS = 3600;
const TOKEN_RENEWAL_MARGIN_MS = 60_000;

export interface AvailableAccountsResult {
  readonly outcome: CallOutcome;
  readonly answer: AvailableAccountsAnswer;
}

/**
 * Every call Banking Service makes to a connector. Each carries a Sage ID token (aud = the provider's client id,
 * iss = Sage ID) and the provider-chosen header [SEC] [KC-02], has an explicit timeout and a bounded answer, is
 * recorded in the traffic log whatever happens, and resolves with the outcome: a misbehaving connector is
 * evidence, never an exception.
 */
export class Notifier {
  private readonly tokens = new Map<string, { token: string; renewAt: number }>();
  private readonly timeoutMs: number;

  constructor(private readonly options: NotifierOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  async notify(bank: Bank, provider: ProviderClient, payload: NotificationPayload): Promise<CallOutcome> {
    const exchange = await this.call(provider, {
      method: 'POST',
      url: bank.callbackURLs.notification,
      body: payload,
      maxResponseBytes: this.options.maxNotificationResponseBytes ?? 64 * 1024,
    });
    const status = exchange.response?.status;
    const outcome = this.record(exchange, 'postNotification', '/notification', acknowledgesNotification(status, this.options.policies));
    this.options.events.append({
      type: 'notification.sent',
      operationId: 'postNotification',
      notificationType: payload.type,
      resourceType: payload.resource.type,
      resourceId: payload.resource.id,
      bankId: bank.principalId,
      outcome,
    });
    return outcome;
  }

  async availableAccounts(bank: Bank, provider: ProviderClient, externalId: string): Promise<AvailableAccountsResult> {
    const target = bank.callbackURLs.availableAccounts;
    if (target === undefined) {
      const outcome: CallOutcome = { url: '', status: undefined, failure: 'the bank registered no availableAccounts callback URL', durationMs: 0, acknowledged: false, exchangeId: undefined };
      return { outcome, answer: { ok: false, problem: outcome.failure ?? '' } };
    }
    const url = new URL(target);
    url.searchParams.set('externalId', externalId);
    const exchange = await this.call(provider, { method: 'GET', url: url.toString(), maxResponseBytes: this.options.maxAvailableAccountsResponseBytes ?? 1024 * 1024 });
    const answer: AvailableAccountsAnswer = exchange.failure
      ? { ok: false, problem: `the connector's /availableaccounts call failed: ${exchange.failure.message}` }
      : readAvailableAccounts(exchange.response?.status ?? 0, exchange.response?.body ?? Buffer.alloc(0));
    const outcome = this.record(exchange, 'getAvailableAccounts', '/availableaccounts', answer.ok);
    this.options.events.append({
      type: 'available-accounts.requested',
      bankId: bank.principalId,
      externalId,
      outcome,
      candidates: answer.ok ? answer.accounts.length : 0,
    });
    return { outcome, answer };
  }

  private async call(provider: ProviderClient, request: { method: string; url: string; body?: unknown; maxResponseBytes: number }): Promise<OutboundExchange> {
    const started = new Date(this.options.clock.now()).toISOString();
    let token: string;
    try {
      token = await this.tokenFor(provider.clientId);
    } catch (error) {
      // The kit itself failed; the exchange is still recorded so the gap is visible.
      return {
        startedAt: started,
        durationMs: 0,
        request: { method: request.method, url: request.url, headers: {}, body: Buffer.alloc(0) },
        response: undefined,
        failure: { kind: 'connection', message: `the simulator could not issue its Sage ID token: ${(error as Error).message}` },
      };
    }
    return sendRequest({
      method: request.method,
      url: request.url,
      headers: {
        authorization: `Bearer ${token}`,
        [provider.notificationHeaderName]: provider.notificationHeaderValue,
        accept: 'application/json',
      },
      body: request.body,
      timeoutMs: this.timeoutMs,
      maxResponseBytes: request.maxResponseBytes,
    });
  }

  private record(exchange: OutboundExchange, operationId: string, apiPath: string, acknowledged: boolean): CallOutcome {
    const record = this.options.traffic.record({
      from: 'banking-service',
      to: 'candidate',
      api: 'connector-api',
      operationId,
      apiPath,
      startedAt: exchange.startedAt,
      durationMs: exchange.durationMs,
      request: exchange.request,
      ...(exchange.response ? { response: exchange.response } : {}),
      ...(exchange.failure ? { failure: `${exchange.failure.kind}: ${exchange.failure.message}` } : {}),
    });
    return {
      url: record.request.url,
      status: exchange.response?.status,
      failure: record.failure,
      durationMs: record.durationMs,
      acknowledged: acknowledged && exchange.failure === undefined,
      exchangeId: record.id,
    };
  }

  private async tokenFor(providerClientId: string): Promise<string> {
    const now = this.options.clock.now();
    const cached = this.tokens.get(providerClientId);
    if (cached && now < cached.renewAt) return cached.token;
    const token = await this.options.tokens.issueToken({ clientId: BANKING_SERVICE_CLIENT_ID, audience: providerClientId, lifetimeSeconds: TOKEN_LIFETIME_SECONDS });
    this.tokens.set(providerClientId, { token, renewAt: now + TOKEN_LIFETIME_SECONDS * 1000 - TOKEN_RENEWAL_MARGIN_MS });
    return token;
  }
}
