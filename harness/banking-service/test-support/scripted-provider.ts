import { createRemoteJWKSet, jwtVerify } from 'jose';
import { sendRequest, startHttpServer, type OutboundExchange, type RunningHttpServer, type ServerReply, type ServerRequest } from '../../http/index.ts';
import type { ProviderCredentials } from '../provider-credentials.ts';

/** An account the scripted provider offers in its onboarding PATCH and on /availableaccounts. */
export interface ScriptedAccount {
  readonly bankAccountExternalId: string;
  readonly accountName: string;
  readonly bankIdentifier: string;
  readonly accountIdentifier: string;
  readonly branchIdentifier?: string;
}

export interface ProviderAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;
  readonly failure: string | undefined;
}

export interface ReceivedNotification {
  readonly body: { type: string; resource: { id: string; type: string; url: string }; additionalData: Record<string, string> };
  readonly headerValid: boolean;
  readonly tokenValid: boolean;
}

/**
 * A small, scripted provider for the simulator's own tests (not the reference connector): a connector-side
 * server that receives notifications, /auth, /authrefresh and /availableaccounts and answers as told, plus a
 * Provider API client that gets Sage ID tokens and calls /v1/... with the API key.
 */
export class ScriptedProvider {
  readonly notifications: ReceivedNotification[] = [];
  readonly availableAccountsCalls: string[] = [];
  /** Accounts offered in the onboarding PATCH and listed on /availableaccounts. */
  accounts: ScriptedAccount[] = [];
  /** When set, /availableaccounts answers this instead of the account list (to test bad connectors). */
  availableAccountsReply: ServerReply | undefined;
  /** The re-authorisation PATCH body's data besides status (policy reauth-patch-accounts). */
  reauthBankAccounts: unknown = undefined;
  private token: string | undefined;
  private server: RunningHttpServer | undefined;
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;

  private constructor(readonly credentials: ProviderCredentials) {
    this.jwks = createRemoteJWKSet(new URL(credentials.jwksUrl));
  }

  static async start(credentials: ProviderCredentials): Promise<ScriptedProvider> {
    const provider = new ScriptedProvider(credentials);
    provider.server = await startHttpServer({
      name: 'scripted-connector',
      routes: [
        { method: 'POST', pattern: '/notification', handler: (request) => provider.onNotification(request) },
        { method: 'GET', pattern: '/auth', handler: (request) => provider.onAuth(request, 'onboarding') },
        { method: 'GET', pattern: '/authrefresh', handler: (request) => provider.onAuth(request, 'reauthorisation') },
        { method: 'GET', pattern: '/availableaccounts', handler: (request) => provider.onAvailableAccounts(request) },
      ],
    });
    return provider;
  }

  get connectorUrl(): string {
    if (!this.server) throw new Error('scripted provider not started');
    return this.server.url;
  }

  callbackURLs() {
    return {
      notification: `${this.connectorUrl}/notification`,
      availableAccounts: `${this.connectorUrl}/availableaccounts`,
      auth: `${this.connectorUrl}/auth`,
      reAuth: `${this.connectorUrl}/authrefresh`,
    };
  }

  /** A token from Sage ID (form-urlencoded, as the collection sends it [BRUNO]); reused until dropped. */
  async accessToken(fresh = false): Promise<string> {
    if (this.token && !fresh) return this.token;
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: this.credentials.clientId, client_secret: this.credentials.clientSecret, audience: this.credentials.audience });
    const exchange = await sendRequest({ method: 'POST', url: this.credentials.tokenUrl, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString(), timeoutMs: 5000 });
    const body = JSON.parse(exchange.response?.body.toString() ?? '{}') as { access_token?: string };
    if (!body.access_token) throw new Error(`scripted provider: no token (status ${exchange.response?.status})`);
    this.token = body.access_token;
    return this.token;
  }

  /** A Provider API call with the provider's token and API key unless told otherwise. */
  async call(method: string, path: string, body?: unknown, overrides: { authorization?: string | null; apiKey?: string | null; rawBody?: string } = {}): Promise<ProviderAnswer> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const authorization = overrides.authorization === undefined ? `Bearer ${await this.accessToken()}` : overrides.authorization;
    if (authorization !== null) headers['authorization'] = authorization;
    const apiKey = overrides.apiKey === undefined ? this.credentials.apiKey : overrides.apiKey;
    if (apiKey !== null) headers['x-api-key'] = apiKey;
    const exchange = await sendRequest({ method, url: `${this.credentials.providerApiUrl}${path}`, headers, body: overrides.rawBody ?? body, timeoutMs: 5000 });
    return answerOf(exchange);
  }

  syncBank(name = 'Scripted Bank', extra: Record<string, unknown> = {}): Promise<ProviderAnswer> {
    return this.call('POST', '/v1/banks', { data: { toCreate: [{ supportiframe: false, countryCode: 'GB', name, url: 'https://scripted.example', externalRef: `agg-${name}`, callbackURLs: this.callbackURLs(), ...extra }] } });
  }

  postStatement(body: unknown): Promise<ProviderAnswer> {
    return this.call('POST', '/v1/statements', body);
  }

  getStatement(id: string): Promise<ProviderAnswer> {
    return this.call('GET', `/v1/statements/${id}`);
  }

  patchAuthorisation(id: string, body: unknown): Promise<ProviderAnswer> {
    return this.call('PATCH', `/v1/authorisations/${id}`, body);
  }

  /** The bank account id from the newest bank-account-created notification for an external id [C-NOTIF]. */
  bankAccountIdFor(externalId: string): string | undefined {
    return this.notifications.filter((n) => n.body.type === 'resourceCreated' && n.body.resource.type === 'bankAccount' && n.body.additionalData['externalId'] === externalId).at(-1)?.body.resource.id;
  }

  async close(): Promise<void> {
    await this.server?.close();
  }

  private async onNotification(request: ServerRequest): Promise<ServerReply> {
    const headerValid = request.headers[this.credentials.notificationHeaderName] === this.credentials.notificationHeaderValue;
    let tokenValid = false;
    try {
      await jwtVerify(String(request.headers.authorization ?? '').replace(/^Bearer /, ''), this.jwks, { issuer: this.credentials.sageIdUrl, audience: this.credentials.clientId });
      tokenValid = true;
    } catch {
      tokenValid = false;
    }
    if (request.body.kind !== 'json') return { status: 400 };
    this.notifications.push({ body: request.body.value as ReceivedNotification['body'], headerValid, tokenValid });
    return headerValid && tokenValid ? { status: 204 } : { status: 401 };
  }

  /** Checks authorisation_id against the notifications [SEC], PATCHes, and sends the browser to redirect_uri with state. */
  private async onAuth(request: ServerRequest, kind: 'onboarding' | 'reauthorisation'): Promise<ServerReply> {
    const authorisationId = request.query.get('authorisation_id') ?? '';
    const known = this.notifications.some((n) => n.body.resource.type === 'authorisation' && n.body.resource.id === authorisationId);
    if (!known) return { status: 403, text: 'unknown authorisation' };
    const data =
      kind === 'onboarding'
        ? { status: 'success', bankAccounts: this.accounts }
        : { status: 'success', ...(this.reauthBankAccounts === undefined ? {} : { bankAccounts: this.reauthBankAccounts }) };
    const patched = await this.patchAuthorisation(authorisationId, { data });
    const redirect = new URL(request.query.get('redirect_uri') ?? '');
    redirect.searchParams.set('state', request.query.get('state') ?? '');
    return { status: 302, headers: { location: redirect.toString(), 'x-patch-status': String(patched.status) } };
  }

  private onAvailableAccounts(request: ServerRequest): ServerReply {
    this.availableAccountsCalls.push(request.query.get('externalId') ?? '');
    if (this.availableAccountsReply) return this.availableAccountsReply;
    return {
      status: 200,
      json: this.accounts.map((account) => ({
        accountType: 'business',
        accountName: account.accountName,
        externalId: account.bankAccountExternalId,
        bankIdentifier: account.bankIdentifier,
        accountIdentifier: account.accountIdentifier,
        branchIdentifier: account.branchIdentifier ?? '',
      })),
    };
  }
}

export function answerOf(exchange: OutboundExchange): ProviderAnswer {
  const text = exchange.response?.body.toString('utf8') ?? '';
  let body: unknown;
  try {
    body = text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    body = text;
  }
  return { status: exchange.response?.status ?? 0, body, headers: exchange.response?.headers ?? {}, failure: exchange.failure ? `${exchange.failure.kind}: ${exchange.failure.message}` : undefined };
}

/** Plays the user's browser from the connector's /auth (or /authrefresh) page back to Banking Service's redirect_uri. */
export async function walkBrowser(redirect: string): Promise<{ connector: ProviderAnswer; landing: ProviderAnswer | undefined }> {
  const connector = answerOf(await sendRequest({ method: 'GET', url: redirect, timeoutMs: 5000 }));
  const location = connector.headers['location'];
  if (connector.status !== 302 || !location) return { connector, landing: undefined };
  const landing = answerOf(await sendRequest({ method: 'GET', url: location, timeoutMs: 5000 }));
  return { connector, landing };
}
