import { randomBytes } from 'node:crypto';
import type { SpecSet } from '../../specs/loader/index.ts';
import { startHttpServer, type RunningHttpServer } from '../http/index.ts';
import { DEFAULT_POLICIES, type Policies } from '../policies/index.ts';
import { startSageId, type SageId } from '../sage-id/index.ts';
import { TrafficLog, createRedactor, type Redactor } from '../traffic/index.ts';
import { ExchangeNotes } from './api-support/index.ts';
import { captureInto, consumerApiRoute, providerApiRoute, sageIdRoute } from './capture-exchanges.ts';
import { ConsumerJwt, NonceRegistry, PollRoutes, consumerApiRoutes } from './consumer-api/index.ts';
import { EventLog } from './events/index.ts';
import { FaultSchedule, type ScheduledFault } from './faults/index.ts';
import { Notifier } from './notifier/index.ts';
import {
  PROVIDER_OPERATION_IDS,
  RateLimiter,
  StatementProcessor,
  providerApiRoutes,
  type RateLimitOptions,
} from './provider-api/index.ts';
import { generateProviderSecrets, type ProviderCredentials, type ProviderSecrets } from './provider-credentials.ts';
import type { StatementView } from './rules/index.ts';
import { SimulatorState, systemClock, type Bank, type CallbackUrls, type Clock, type StateView } from './state/index.ts';

export interface PreRegisteredBank {
  readonly name: string;
  readonly countryCode: string;
  readonly callbackURLs: Omit<CallbackUrls, 'availableAccounts'> & { readonly availableAccounts?: string };
  readonly url?: string;
  readonly supportiframe?: boolean;
  readonly externalRef?: string;
  /** Keep a known id (e.g. the one a provider's config expects); random otherwise. */
  readonly principalId?: string;
}

export interface BankingServiceSimulatorOptions {
  readonly host?: string;
  /** OS-chosen ports unless given. */
  readonly ports?: { readonly sageId?: number; readonly providerApi?: number; readonly consumerApi?: number };
  readonly policies?: Policies;
  readonly clock?: Clock;
  /** How long a statement stays in flight before it completes or is rejected. Default 25 ms [KC-05]. */
  readonly statementProcessingMs?: number;
  /** Default 20 minutes [SEC]. */
  readonly authorisationLifetimeMs?: number;
  /** Sage ID token lifetime; default 480 minutes [G-POST]. */
  readonly tokenLifetimeSeconds?: number;
  /** Default 10 requests/second per client [APPLY]; false switches throttling off (benchmarks). */
  readonly rateLimit?: RateLimitOptions | false;
  readonly notifier?: { readonly timeoutMs?: number; readonly maxNotificationResponseBytes?: number; readonly maxAvailableAccountsResponseBytes?: number };
  readonly faults?: readonly ScheduledFault[];
  /** The specs to validate against: the bundled ones (default), a loaded set, or none (a run that says so). */
  readonly specs?: SpecSet | 'bundled' | 'none';
  /** JSONL files written as the run goes. */
  readonly trafficFile?: string;
  readonly eventsFile?: string;
  /** Fixed provider values (a sandbox that must keep its credentials); fresh random ones otherwise. */
  readonly provider?: Partial<ProviderSecrets>;
  /** The Provider API tokens' audience, fixed for a candidate configured before the run; fresh otherwise. */
  readonly audience?: string;
  /** Banks registered for the provider before it starts (candidates without bank sync). */
  readonly banks?: readonly PreRegisteredBank[];
  /** Transactions per consumer page [KC-14]. */
  readonly pageSize?: number;
  readonly product?: { readonly applicationId?: string; readonly signingKey?: string };
}

/** The Sage product the kit plays: what harness/product needs to sign its calls. */
export interface ProductCredentials {
  readonly consumerApiUrl: string;
  readonly applicationId: string;
  readonly signingKey: string;
}

export interface SeededOrganisation {
  readonly organisationId: string;
  readonly companyId: string;
}

export interface BankingServiceSimulator {
  readonly sageIdUrl: string;
  readonly providerApiUrl: string;
  /** Ends in /api/v1, as the Consumer API base does [BRUNO-README]. */
  readonly consumerApiUrl: string;
  /** The provider's credentials for the candidate's environment (design §4). Secrets: never log them. */
  readonly credentials: ProviderCredentials;
  readonly product: ProductCredentials;
  readonly policies: Policies;
  readonly state: StateView;
  readonly events: EventLog;
  readonly traffic: TrafficLog;
  readonly faults: FaultSchedule;
  readonly redactor: Redactor;
  readonly specs: SpecSet | undefined;
  /** The simulated Sage ID, e.g. to mint a token for another audience in a negative test. */
  readonly sageId: SageId;
  /** Another provider, e.g. to show one provider cannot reach another's resources. */
  registerProvider(overrides?: Partial<ProviderSecrets>): ProviderCredentials;
  /** Registers a bank for a provider (the run's own unless a client id is given), as bank sync would. */
  registerBank(bank: PreRegisteredBank, ownerClientId?: string): Bank;
  /** An organisation with one company, as POST /organisations would create it, without a product call. */
  seedOrganisation(companyName?: string): SeededOrganisation;
  close(): Promise<void>;
}

const DEFAULT_PAGE_SIZE = 100;

/** Loaded on demand: a run that says it has no specs does not pay for the validators' libraries. */
async function loadBundledSpecs(): Promise<SpecSet> {
  const { loadSpecSet } = await import('../../specs/loader/index.ts');
  return loadSpecSet();
}
const DEFAULT_APPLICATION_ID = 'Sage.Kit.ConformanceProduct';

/**
 * Starts the simulated Banking Service: Sage ID, the Provider API and the Consumer API on loopback, one traffic
 * log for all of them (redacted at capture, validated against the specs), one event log, and the run's provider
 * and product with fresh credentials.
 */
export async function startBankingServiceSimulator(options: BankingServiceSimulatorOptions = {}): Promise<BankingServiceSimulator> {
  const clock = options.clock ?? systemClock;
  const policies = options.policies ?? DEFAULT_POLICIES;
  const host = options.host ?? '127.0.0.1';
  const specs = options.specs === 'none' ? undefined : options.specs === undefined || options.specs === 'bundled' ? await loadBundledSpecs() : options.specs;
  const faults = new FaultSchedule(options.faults ?? [], PROVIDER_OPERATION_IDS);
  const secrets = generateProviderSecrets(options.provider);
  const redactor = createRedactor({ sensitiveHeaders: [secrets.notificationHeaderName, 'x-notification-key'] });
  const traffic = new TrafficLog({ redactor, ...(specs ? { specs } : {}), ...(options.trafficFile ? { file: options.trafficFile } : {}) });
  const events = new EventLog({ clock, redactor, ...(options.eventsFile ? { file: options.eventsFile } : {}) });
  const state = new SimulatorState<StatementView>(clock, events, options.authorisationLifetimeMs === undefined ? {} : { authorisationLifetimeMs: options.authorisationLifetimeMs });
  const notes = new ExchangeNotes();
  const audience = options.audience ?? `banking-service-provider-api-${randomBytes(6).toString('hex')}`;

  const servers: RunningHttpServer[] = [];
  let sageId: SageId | undefined;
  let processor: StatementProcessor | undefined;
  let closing: Promise<void> | undefined;
  const closeAll = (): Promise<void> => {
    closing ??= (async () => {
      processor?.close();
      await Promise.all(servers.map((server) => server.close()));
      await sageId?.close();
      traffic.close();
      events.close();
    })();
    return closing;
  };

  try {
    sageId = await startSageId({
      host,
      ...(options.ports?.sageId === undefined ? {} : { port: options.ports.sageId }),
      policies,
      now: () => clock.now(),
      ...(options.tokenLifetimeSeconds === undefined ? {} : { tokenLifetimeSeconds: options.tokenLifetimeSeconds }),
      onExchange: captureInto(traffic, sageIdRoute),
    });
    const issuer = sageId;
    issuer.onTokenIssued((token) => redactor.addSecret('sage-id-token', token));

    processor = new StatementProcessor({ state, events, policies, ...(options.statementProcessingMs === undefined ? {} : { processingMs: options.statementProcessingMs }) });
    const providerApi = await startHttpServer({
      name: 'banking-service-provider-api',
      host,
      ...(options.ports?.providerApi === undefined ? {} : { port: options.ports.providerApi }),
      onExchange: captureInto(traffic, providerApiRoute, notes),
      routes: providerApiRoutes({
        state,
        events,
        policies,
        clock,
        verifier: issuer,
        audience,
        validator: specs?.['provider-api'],
        faults,
        rateLimiter: options.rateLimit === false ? undefined : new RateLimiter(clock, options.rateLimit ?? {}),
        processor,
        notes,
      }),
    });
    servers.push(providerApi);

    let consumerOrigin = '';
    const consumerApi = await startHttpServer({
      name: 'banking-service-consumer-api',
      host,
      ...(options.ports?.consumerApi === undefined ? {} : { port: options.ports.consumerApi }),
      onExchange: captureInto(traffic, consumerApiRoute, notes),
      routes: consumerApiRoutes({
        state,
        events,
        policies,
        clock,
        notifier: new Notifier({ tokens: issuer, traffic, events, policies, clock, ...options.notifier }),
        jwt: new ConsumerJwt(clock, () => consumerOrigin, (token) => redactor.addSecret('consumer-jwt', token)),
        nonces: new NonceRegistry(),
        pollRoutes: new PollRoutes(),
        notes,
        origin: () => consumerOrigin,
        pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE,
        onSecret: (label, value) => redactor.addSecret(label, value),
      }),
    });
    consumerOrigin = consumerApi.url;
    servers.push(consumerApi);

    const registerProvider = (overrides: Partial<ProviderSecrets> = {}): ProviderCredentials => {
      const values = Object.keys(overrides).length === 0 && state.providers.list().length === 0 ? secrets : generateProviderSecrets(overrides);
      for (const [label, value] of [['client-secret', values.clientSecret], ['api-key', values.apiKey], ['notification-header-value', values.notificationHeaderValue]] as const) {
        redactor.addSecret(label, value);
      }
      issuer.registerClient({ clientId: values.clientId, clientSecret: values.clientSecret, audience });
      state.providers.register({ clientId: values.clientId, apiKey: values.apiKey, notificationHeaderName: values.notificationHeaderName, notificationHeaderValue: values.notificationHeaderValue });
      events.append({ type: 'provider.registered', clientId: values.clientId });
      return {
        sageIdUrl: issuer.url,
        tokenUrl: `${issuer.url}/oauth/token`,
        jwksUrl: `${issuer.url}/.well-known/jwks.json`,
        providerApiUrl: providerApi.url,
        audience,
        ...values,
      };
    };
    const credentials = registerProvider();

    const application = {
      applicationId: options.product?.applicationId ?? DEFAULT_APPLICATION_ID,
      signingKey: options.product?.signingKey ?? randomBytes(64).toString('base64url'),
    };
    redactor.addSecret('product-signing-key', application.signingKey);
    state.applications.register(application);

    const registerBank = (bank: PreRegisteredBank, ownerClientId: string = credentials.clientId): Bank => {
      const created = state.banks.create({
        name: bank.name,
        countryCode: bank.countryCode,
        url: bank.url ?? '',
        supportiframe: bank.supportiframe ?? false,
        callbackURLs: { ...bank.callbackURLs, availableAccounts: bank.callbackURLs.availableAccounts },
        externalRef: bank.externalRef ?? `kit-${randomBytes(6).toString('hex')}`,
        ownerClientId,
        ...(bank.principalId ? { principalId: bank.principalId } : {}),
      });
      events.append({ type: 'bank.registered', bankId: created.principalId, externalRef: created.externalRef, name: created.name, clientId: ownerClientId, reused: false });
      return created;
    };
    for (const bank of options.banks ?? []) registerBank(bank);

    return {
      sageIdUrl: issuer.url,
      providerApiUrl: providerApi.url,
      consumerApiUrl: `${consumerApi.url}/api/v1`,
      credentials,
      product: { consumerApiUrl: `${consumerApi.url}/api/v1`, ...application },
      policies,
      state: state.view(),
      events,
      traffic,
      faults,
      redactor,
      specs,
      sageId: issuer,
      registerProvider,
      registerBank,
      seedOrganisation(companyName = 'Demo Company') {
        const organisation = state.organisations.create({ applicationId: application.applicationId, companyName });
        redactor.addSecret('organisation-signing-key', organisation.signingKey);
        const companyIds = organisation.companies.map((company) => company.companyId);
        events.append({ type: 'organisation.created', organisationId: organisation.organisationId, companyIds });
        return { organisationId: organisation.organisationId, companyId: companyIds[0] ?? '' };
      },
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
