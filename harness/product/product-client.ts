import { randomUUID } from 'node:crypto';
import { sendRequest } from '../http/index.ts';
import { signConsumerRequest } from '../banking-service/consumer-api/index.ts';
import type {
  AccessTokenBody,
  AvailableBankAccountsBody,
  BankAccountBody,
  BankBody,
  ConsumerError,
  NewBankAccountBody,
  OnboardingStartBody,
  OrganisationBody,
  PollBody,
  ReauthorisationStartBody,
  TransactionsBody,
} from './consumer-bodies.ts';

export interface ProductClientOptions {
  /** The Consumer API base, ending in /api/v1. */
  readonly consumerApiUrl: string;
  /** x-application [CA-SETUP]. */
  readonly applicationId: string;
  /** The application's private signing key for POST /organisations [CA-SETUP]. A secret. */
  readonly signingKey: string;
  readonly timeoutMs?: number;
}

/** One Consumer API answer. `body` is the documented success body (2xx/3xx); `errors` the error entries otherwise. */
export interface ConsumerResponse<Body> {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Body | undefined;
  readonly errors: readonly ConsumerError[] | undefined;
  /** No (complete) answer: timeout, refused or dropped connection. */
  readonly failure: string | undefined;
}

export interface CompanyScope {
  readonly organisationId: string;
  readonly companyId: string;
  /** Signs GET /accesstoken; `token` of the POST /organisations answer [BRUNO-JSON]. A secret. */
  readonly organisationSigningKey: string;
}

function parse(buffer: Buffer | undefined): unknown {
  if (!buffer || buffer.length === 0) return undefined;
  try {
    return JSON.parse(buffer.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The kit playing a Sage product against the Consumer API [BRUNO]: signs what must be signed (§3.4), keeps the
 * product JWT, and makes one real HTTP call per method, so every exchange reaches the traffic log as
 * product → banking-service. It never throws on an answer: a refusal is returned as data.
 */
export class ProductClient {
  private scope: CompanyScope | undefined;
  private jwt: string | undefined;
  private readonly base: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: ProductClientOptions) {
    this.base = options.consumerApiUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** The organisation and company later calls act for. */
  get company(): { organisationId: string; companyId: string } | undefined {
    return this.scope ? { organisationId: this.scope.organisationId, companyId: this.scope.companyId } : undefined;
  }

  /** Acts for an organisation created elsewhere (a seeded one). */
  useCompany(scope: CompanyScope): void {
    this.scope = scope;
    this.jwt = undefined;
  }

  /** POST /organisations, signed with the application key; remembers the organisation and its first company. */
  async createOrganisation(body: unknown = defaultOrganisation()): Promise<ConsumerResponse<OrganisationBody>> {
    const response = await this.call<OrganisationBody>('POST', `${this.base}/organisations`, { body, sign: this.options.signingKey });
    const companyId = response.body?.companies[0]?.companyId;
    if (response.body && companyId) this.useCompany({ organisationId: response.body.organisationId, companyId, organisationSigningKey: response.body.token });
    return response;
  }

  /** GET /accesstoken for the current company, signed with the organisation's key; keeps the jwt for later calls. */
  async accessToken(): Promise<ConsumerResponse<AccessTokenBody>> {
    const scope = this.requireScope();
    const response = await this.call<AccessTokenBody>('GET', `${this.base}/accesstoken`, {
      sign: scope.organisationSigningKey,
      headers: { 'x-organisation-id': scope.organisationId, 'x-company-id': scope.companyId },
    });
    if (response.body?.jwt) this.jwt = response.body.jwt;
    return response;
  }

  getBank(bankId: string): Promise<ConsumerResponse<BankBody>> {
    return this.call('GET', `${this.base}/banks/${encodeURIComponent(bankId)}`, { jwt: false });
  }

  /** GET …/indirectlinkaccount?bankid=&web=true: 302 with redirect, pollRoute and pollPeriod [CA-ONB] [BRUNO]. */
  startOnboarding(bankId: string): Promise<ConsumerResponse<OnboardingStartBody>> {
    return this.call('GET', `${this.companyPath()}/indirectlinkaccount?bankid=${encodeURIComponent(bankId)}&web=true`);
  }

  /** GET {pollRoute} (absolute or relative to the Consumer API's origin). */
  poll(pollRoute: string): Promise<ConsumerResponse<PollBody>> {
    return this.call('GET', new URL(pollRoute, this.base).toString());
  }

  createBankAccount(body: NewBankAccountBody): Promise<ConsumerResponse<BankAccountBody>> {
    return this.call('POST', `${this.companyPath()}/bankaccounts`, { body });
  }

  getBankAccount(bankAccountId: string): Promise<ConsumerResponse<BankAccountBody>> {
    return this.call('GET', `${this.companyPath()}/bankaccounts/${encodeURIComponent(bankAccountId)}`);
  }

  deleteBankAccount(bankAccountId: string): Promise<ConsumerResponse<undefined>> {
    return this.call('DELETE', `${this.companyPath()}/bankaccounts/${encodeURIComponent(bankAccountId)}`);
  }

  availableBankAccounts(bankAccountIds: readonly string[]): Promise<ConsumerResponse<AvailableBankAccountsBody>> {
    return this.call('GET', `${this.companyPath()}/availablebankaccounts?bankAccountIds=${bankAccountIds.map(encodeURIComponent).join(',')}`);
  }

  linkAvailableBankAccount(body: { bankAccountCandidateId: string; requestedStartDate: string }): Promise<ConsumerResponse<BankAccountBody>> {
    return this.call('POST', `${this.companyPath()}/linkavailablebankaccount`, { body });
  }

  /** GET …/bankaccounts/{id}/indirectauth?web=true: 302 with redirect [BRUNO]. */
  startReauthorisation(bankAccountId: string): Promise<ConsumerResponse<ReauthorisationStartBody>> {
    return this.call('GET', `${this.companyPath()}/bankaccounts/${encodeURIComponent(bankAccountId)}/indirectauth?web=true`);
  }

  /** GET …/transactions?startIndex=: the collection passes lastTransactionId + 1 [BRUNO]. */
  transactions(bankAccountId: string, startIndex = 0): Promise<ConsumerResponse<TransactionsBody>> {
    return this.call('GET', `${this.companyPath()}/bankaccounts/${encodeURIComponent(bankAccountId)}/transactions?startIndex=${startIndex}`);
  }

  private requireScope(): CompanyScope {
    if (!this.scope) throw new Error('ProductClient: no organisation yet; call createOrganisation() or useCompany() first');
    return this.scope;
  }

  private companyPath(): string {
    const scope = this.requireScope();
    return `${this.base}/organisations/${encodeURIComponent(scope.organisationId)}/companies/${encodeURIComponent(scope.companyId)}`;
  }

  private async call<Body>(method: string, url: string, options: { body?: unknown; sign?: string; headers?: Record<string, string>; jwt?: boolean } = {}): Promise<ConsumerResponse<Body>> {
    const headers: Record<string, string> = { 'x-application': this.options.applicationId, ...options.headers };
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (options.sign !== undefined) {
      const nonce = randomUUID();
      headers['x-nonce'] = nonce;
      headers['x-signature'] = signConsumerRequest({ method, url, body, nonce, signingKey: options.sign });
    } else if (options.jwt !== false && this.jwt) {
      headers['authorization'] = `Bearer ${this.jwt}`;
    }
    const exchange = await sendRequest({ method, url, headers, ...(body === undefined ? {} : { body }), timeoutMs: this.timeoutMs });
    const status = exchange.response?.status ?? 0;
    const parsed = parse(exchange.response?.body);
    const errors = status >= 400 && typeof parsed === 'object' && parsed !== null && Array.isArray((parsed as { errors?: unknown }).errors) ? (parsed as { errors: ConsumerError[] }).errors : undefined;
    return {
      status,
      headers: exchange.response?.headers ?? {},
      // The simulator answers the shape its spec documents; tests assert it, the type names it.
      body: status >= 200 && status < 400 ? (parsed as Body | undefined) : undefined,
      errors,
      failure: exchange.failure ? `${exchange.failure.kind}: ${exchange.failure.message}` : undefined,
    };
  }
}

/** The body the collection builds for POST /organisations [BRUNO]. */
export function defaultOrganisation(name = 'Kit Test Company') {
  return {
    company: { name, postalCode: 'NE139AA', standardIndustrialCode: '99', vatNumber: '123456789', languageCode: 'en-GB' },
    crmId: randomUUID(),
    user: { emailAddress: 'conformance-kit@example.invalid', identity: randomUUID() },
  };
}
