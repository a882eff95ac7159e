import type { AuthDriveResult, AuthOperationId } from '../../harness/auth-driver/index.ts';
import { EventWaitTimeoutError } from '../../harness/banking-service/events/index.ts';
import type { Bank } from '../../harness/banking-service/state/index.ts';
import type { TestUser } from '../../harness/config/index.ts';
import { ProductClient, defaultOrganisation, type PolledAccount } from '../../harness/product/index.ts';
import type { ExchangeRecord } from '../../harness/traffic/index.ts';
import type { FlowContext } from './flow-driver.ts';
import { CandidateFailure } from './flow-step.ts';
import { NOTE } from './probe-names.ts';

/**
 * What the security and resilience flows need to set up their own scenario without depending on the flows before
 * them: the provider's bank, a Sage product acting for an organisation of their own (so any test account can be
 * connected again, whatever earlier flows connected), and a complete onboarding or re-authorisation.
 */

/**
 * A refusal that ends bank sync for good: a 4xx to the candidate's POST /v1/banks or token request, except a 429
 * (back off and retry) and a 401 to POST /v1/banks (refresh the token and retry).
 */
function refusedBankSync(record: ExchangeRecord, clientId: string): boolean {
  const status = record.response?.status;
  if (record.from !== 'candidate' || status === undefined || status < 400 || status > 499 || status === 429) return false;
  const tokenClient = (record.request.body as { client_id?: unknown } | undefined)?.client_id;
  return (record.operationId === 'postToken' && (tokenClient === undefined || tokenClient === clientId)) || (record.operationId === 'postBanks' && status !== 401);
}

/**
 * The bank the run's provider registered (bank sync) or the config supplied. Waits for bank sync while it may
 * still succeed, and gives up at once when it was refused, so a broken bank sync costs no full step timeout.
 */
export async function findProviderBank(context: FlowContext): Promise<Bank> {
  const { simulator } = context;
  const own = (bank: Bank) => bank.ownerClientId === simulator.credentials.clientId;
  const known = context.world.bankId === undefined ? undefined : simulator.state.bank(context.world.bankId);
  if (known && own(known)) return known;
  const registered = () => simulator.state.banks().find(own);
  const refusal = () => simulator.traffic.all().find((record) => refusedBankSync(record, simulator.credentials.clientId));
  const timeoutMs = context.config.timeouts.flowStepMs;
  return new Promise<Bank>((resolve, reject) => {
    const settle = (outcome: () => void) => {
      clearTimeout(timer);
      unsubscribeEvents();
      unsubscribeTraffic();
      outcome();
    };
    const check = () => {
      const bank = registered();
      if (bank) {
        context.world.bankId ??= bank.principalId;
        return settle(() => resolve(bank));
      }
      const refused = refusal();
      if (refused) settle(() => reject(new CandidateFailure(`bank sync was refused (${refused.id}: ${refused.request.method} ${new URL(refused.request.url).pathname} answered ${refused.response?.status}), so the provider has no bank`)));
    };
    const timer = setTimeout(() => settle(() => reject(new EventWaitTimeoutError(`timed out after ${timeoutMs} ms waiting for the candidate to register its bank with POST /v1/banks`))), timeoutMs);
    const unsubscribeEvents = simulator.events.onEvent(check);
    const unsubscribeTraffic = simulator.traffic.onRecord(check);
    check();
  });
}

/**
 * The first step of a flow that sets up its own account at the provider's bank: finds the bank (noted on the step),
 * or skips the flow's other steps, saying why. Undefined when the provider registered none.
 */
export async function findBankOrSkipRest(context: FlowContext, steps: { readonly find: string; readonly rest: readonly string[] }): Promise<Bank | undefined> {
  const bank = await context.step(steps.find, async (handle) => {
    const found = await findProviderBank(context);
    handle.note(NOTE.bankId, found.principalId);
    return found;
  });
  if (!bank) for (const name of steps.rest) context.skip(name, 'the provider has no bank registered with Banking Service');
  return bank;
}

/**
 * How long the kit's product waits for the Consumer API: a call that triggers a notification awaits the candidate's
 * answer (up to requestMs, the notifier's limit), so a slow candidate shows as the notifier's timeout, not the kit's.
 */
export const consumerApiTimeoutMs = (timeouts: { readonly requestMs: number }): number => 2 * timeouts.requestMs;

/** A Sage product with a fresh organisation and company of its own, signed in. */
export async function createKitProduct(context: FlowContext, companyName: string): Promise<ProductClient> {
  const { simulator, config } = context;
  const product = new ProductClient({
    consumerApiUrl: simulator.product.consumerApiUrl,
    applicationId: simulator.product.applicationId,
    signingKey: simulator.product.signingKey,
    timeoutMs: consumerApiTimeoutMs(config.timeouts),
  });
  const organisation = await product.createOrganisation(defaultOrganisation(companyName));
  if (!product.company) throw new Error(`the simulator refused POST /organisations (${organisation.status}: ${organisation.errors?.[0]?.message ?? organisation.failure ?? 'no detail'})`);
  const token = await product.accessToken();
  if (token.status !== 200) throw new Error(`the simulator refused GET /accesstoken (${token.status})`);
  return product;
}

/** The configured test user for a role, else the other one; undefined when the config names none (redirect driver). */
export function testUser(context: FlowContext, preferred: 'singleAccount' | 'multiAccount'): TestUser | undefined {
  const users = context.config.auth.users;
  return users?.[preferred] ?? users?.singleAccount ?? users?.multiAccount;
}

/** An authorisation session the product opened: the connector was notified and the browser may go to `startUrl`. */
export interface OpenedAuthorisation {
  readonly authorisationId: string;
  /** The connector's /auth or /authrefresh URL with Banking Service's query. */
  readonly startUrl: string;
  readonly returnUrlPrefix: string;
  readonly pollRoute: string | undefined;
}

/** `redirect_uri` without its query: reaching any URL that starts with it ends a drive. */
export function returnUrlPrefixOf(startUrl: string): string {
  const redirectUri = new URL(startUrl).searchParams.get('redirect_uri') ?? '';
  const url = new URL(redirectUri);
  return `${url.origin}${url.pathname}`;
}

/** Fails the step when the connector did not acknowledge the notification about `resourceId`. */
export function requireAcknowledged(context: FlowContext, resourceId: string, what: string): void {
  const sent = [...context.simulator.events.ofType('notification.sent')].reverse().find((event) => event.resourceId === resourceId);
  if (!sent) throw new Error(`the simulator sent no notification for ${what} ${resourceId}`);
  if (!sent.outcome.acknowledged) {
    throw new CandidateFailure(`the connector did not acknowledge the ${what} notification (${sent.outcome.exchangeId ?? 'no exchange'}: ${sent.outcome.status ?? sent.outcome.failure ?? 'no answer'})`);
  }
}

/** GET …/indirectlinkaccount: the simulator notifies the connector and answers with the /auth URL [CA-ONB]. */
export async function openOnboarding(context: FlowContext, product: ProductClient, bankId: string): Promise<OpenedAuthorisation> {
  const started = await product.startOnboarding(bankId);
  if (started.status !== 302 || !started.body) throw new Error(`the simulator refused indirectlinkaccount (${started.status}: ${started.errors?.[0]?.message ?? started.failure ?? 'no detail'})`);
  const authorisationId = new URL(started.body.redirect).searchParams.get('authorisation_id') ?? '';
  requireAcknowledged(context, authorisationId, 'authorisation');
  return { authorisationId, startUrl: started.body.redirect, returnUrlPrefix: returnUrlPrefixOf(started.body.redirect), pollRoute: started.body.pollRoute };
}

/** GET …/bankaccounts/{id}/indirectauth: the simulator notifies the connector and answers with the /authrefresh URL. */
export async function openReauthorisation(context: FlowContext, product: ProductClient, bankAccountId: string): Promise<OpenedAuthorisation> {
  const started = await product.startReauthorisation(bankAccountId);
  if (started.status !== 302 || !started.body) throw new Error(`the simulator refused indirectauth (${started.status}: ${started.errors?.[0]?.message ?? started.failure ?? 'no detail'})`);
  const authorisationId = new URL(started.body.redirect).searchParams.get('authorisation_id') ?? '';
  requireAcknowledged(context, authorisationId, 'authorisation');
  return { authorisationId, startUrl: started.body.redirect, returnUrlPrefix: returnUrlPrefixOf(started.body.redirect), pollRoute: undefined };
}

/** Plays the user's browser through the connector's page. */
export function drive(context: FlowContext, opened: Pick<OpenedAuthorisation, 'startUrl' | 'returnUrlPrefix'>, operationId: AuthOperationId, user: TestUser | undefined): Promise<AuthDriveResult> {
  return context.authDriver.run({
    startUrl: opened.startUrl,
    returnUrlPrefix: opened.returnUrlPrefix,
    ...(user === undefined ? {} : { user }),
    timeoutMs: context.config.timeouts.flowStepMs,
    traffic: context.simulator.traffic,
    operationId,
  });
}

/** Drives a genuine session to its end: back at redirect_uri without an error, and PATCHed. */
export async function completeAuthorisation(context: FlowContext, opened: OpenedAuthorisation, operationId: AuthOperationId, user: TestUser | undefined): Promise<void> {
  const after = context.simulator.events.lastSeq;
  const result = await drive(context, opened, operationId, user);
  if (result.outcome !== 'returned' || new URL(result.returnUrl ?? 'http://x/').searchParams.has('error')) {
    throw new CandidateFailure(`${operationId === 'getAuth' ? '/auth' : '/authrefresh'} did not complete authorisation ${opened.authorisationId}: ${result.message}`);
  }
  await context.simulator.events.waitForType('authorisation.patched', (event) => event.authorisationId === opened.authorisationId, {
    timeoutMs: context.config.timeouts.flowStepMs,
    after,
    description: `PATCH /v1/authorisations/${opened.authorisationId}`,
  });
}

export interface KitAccount {
  readonly bankAccountId: string;
  readonly externalId: string;
  readonly requestedStartDate: string;
  /** The completed onboarding it came from: its /auth URL is what a replay repeats. */
  readonly onboarding: OpenedAuthorisation;
}

/**
 * A complete onboarding in the product's own company: /auth driven to the end, the poll result, and one offered
 * account created (the one `prefer` likes best among those not connected yet), whose bank-account-created
 * notification the connector acknowledged.
 */
export async function onboardAccount(
  context: FlowContext,
  options: {
    readonly product: ProductClient;
    readonly bankId: string;
    readonly user: TestUser | undefined;
    readonly requestedStartDate: string;
    readonly prefer?: (account: PolledAccount) => boolean;
  },
): Promise<KitAccount> {
  const { product, bankId } = options;
  const opened = await openOnboarding(context, product, bankId);
  await completeAuthorisation(context, opened, 'getAuth', options.user);
  const polled = await product.poll(opened.pollRoute ?? '');
  if (polled.status !== 200 || !polled.body) throw new Error(`the simulator's poll route answered ${polled.status} after the PATCH`);
  const offered = polled.body.accounts ?? (polled.body.account ? [{ ...polled.body.account, connected: false }] : []);
  const open = offered.filter((account) => !account.connected);
  const chosen = open.find((account) => options.prefer?.(account) ?? true) ?? open[0];
  if (!chosen) throw new CandidateFailure(`the onboarding PATCH for ${opened.authorisationId} offered no account that is not connected yet`);
  const created = await product.createBankAccount({
    bankId,
    bankIdentifier: chosen.bankIdentifier,
    accountIdentifier: chosen.accountIdentifier,
    ...(chosen.branchIdentifier === undefined ? {} : { branchIdentifier: chosen.branchIdentifier }),
    accountName: chosen.accountName,
    requestedStartDate: options.requestedStartDate,
  });
  if (created.status !== 201 || !created.body) throw new Error(`the simulator refused POST /bankaccounts (${created.status}: ${created.errors?.[0]?.message ?? created.failure ?? 'no detail'})`);
  requireAcknowledged(context, created.body.bankAccountId, 'bank-account-created');
  return { bankAccountId: created.body.bankAccountId, externalId: chosen.bankAccountExternalId, requestedStartDate: options.requestedStartDate, onboarding: opened };
}

/** ISO 8601 for `days` days ago, at midnight UTC: a requested start date. */
export function daysAgo(days: number): string {
  const date = new Date(Date.now() - days * 86_400_000);
  date.setUTCHours(0, 0, 0, 0);
  return date.toISOString();
}
