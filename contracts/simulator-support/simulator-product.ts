import type { BankingServiceSimulator } from '../../harness/banking-service/index.ts';
import { ProductClient, type PolledAccount } from '../../harness/product/index.ts';

/** What the simulator put in the redirect to the connector's /auth or /authrefresh [C-AUTH] [C-REFRESH]. */
export interface AnnouncedAuthorisation {
  readonly authorisationId: string;
  /** The full URL the user's browser is sent to. */
  readonly startUrl: string;
  readonly redirectUri: string;
  readonly state: string;
  /** Every query parameter of the redirect (bank, bankaccount, externalId, …). */
  readonly parameters: Readonly<Record<string, string>>;
}

export interface StartedOnboarding extends AnnouncedAuthorisation {
  readonly pollRoute: string;
}

/** The kit failed to drive the simulator as a product would: never the candidate's fault. */
export class SimulatorDriveError extends Error {
  override readonly name = 'SimulatorDriveError';
}

const DAY_MS = 86_400_000;

/** Midnight UTC yesterday: a requested start date that keeps the connector's first history push small. */
export function recentRequestedStartDate(now: number = Date.now()): string {
  return new Date(Math.floor(now / DAY_MS) * DAY_MS - DAY_MS).toISOString();
}

function announcedFrom(startUrl: string): AnnouncedAuthorisation {
  const url = new URL(startUrl);
  const parameters = Object.fromEntries(url.searchParams.entries());
  const authorisationId = parameters['authorisation_id'];
  const redirectUri = parameters['redirect_uri'];
  const state = parameters['state'];
  if (!authorisationId || !redirectUri || !state) throw new SimulatorDriveError(`the simulator's redirect ${url.pathname} lacks authorisation_id, redirect_uri or state`);
  return { authorisationId, startUrl, redirectUri, state, parameters };
}

/**
 * The Sage product's side of a flow, played over the simulator's Consumer API exactly as the flows do: each call
 * is real HTTP, so the simulator sends its own notifications to the bank's connector on the way.
 */
export class SimulatorProduct {
  constructor(
    private readonly simulator: BankingServiceSimulator,
    private readonly timeoutMs: number,
  ) {}

  /** A product client for a fresh organisation and company, so accounts created for one state never collide with another's. */
  async newCompany(): Promise<ProductClient> {
    const product = new ProductClient({
      consumerApiUrl: this.simulator.consumerApiUrl,
      applicationId: this.simulator.product.applicationId,
      signingKey: this.simulator.product.signingKey,
      timeoutMs: this.timeoutMs,
    });
    const organisation = await product.createOrganisation();
    if (organisation.status !== 201) throw new SimulatorDriveError(`POST /organisations answered ${organisation.status}${organisation.failure ? ` (${organisation.failure})` : ''}`);
    const token = await product.accessToken();
    if (token.status !== 200) throw new SimulatorDriveError(`GET /accesstoken answered ${token.status}`);
    return product;
  }

  /** Opens an onboarding session: the simulator announces it to the bank's connector first [F-ONB] [KC-03]. */
  async startOnboarding(product: ProductClient, bankId: string): Promise<StartedOnboarding> {
    const start = await product.startOnboarding(bankId);
    const startUrl = start.body?.redirect ?? start.headers['location'];
    if (start.status !== 302 || !startUrl || !start.body?.pollRoute) throw new SimulatorDriveError(`indirectlinkaccount answered ${start.status}`);
    return { ...announcedFrom(startUrl), pollRoute: start.body.pollRoute };
  }

  /** Polls until the provider's PATCH offered the accounts [CA-ONB]. */
  async offeredAccounts(product: ProductClient, onboarding: StartedOnboarding): Promise<readonly PolledAccount[]> {
    let pollRoute = onboarding.pollRoute;
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const poll = await product.poll(pollRoute);
      if (poll.status === 200) {
        const offered = poll.body?.accounts ?? (poll.body?.account ? [poll.body.account] : []);
        if (offered.length === 0) throw new SimulatorDriveError(`onboarding ${onboarding.authorisationId} ended without offered accounts`);
        return offered;
      }
      if (poll.status !== 202 || !poll.body?.pollRoute) throw new SimulatorDriveError(`the onboarding poll answered ${poll.status}`);
      pollRoute = poll.body.pollRoute;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new SimulatorDriveError(`no PATCH for authorisation ${onboarding.authorisationId} within ${this.timeoutMs} ms`);
      await this.simulator.events.waitForType('authorisation.patched', (event) => event.authorisationId === onboarding.authorisationId, {
        timeoutMs: remaining,
        description: `the PATCH of authorisation ${onboarding.authorisationId}`,
      });
    }
  }

  /** Creates the bank account: the simulator then sends the bank-account-created notification [C-NOTIF]. */
  async createAccount(product: ProductClient, bankId: string, account: PolledAccount, requestedStartDate: string): Promise<string> {
    const created = await product.createBankAccount({
      accountName: account.accountName,
      accountIdentifier: account.accountIdentifier,
      bankIdentifier: account.bankIdentifier,
      ...(account.branchIdentifier ? { branchIdentifier: account.branchIdentifier } : {}),
      defaultCurrency: 'GBP',
      bankId,
      requestedStartDate,
    });
    if (created.status !== 201 || !created.body) throw new SimulatorDriveError(`POST /bankaccounts answered ${created.status}${created.errors ? `: ${created.errors.map((error) => error.message).join('; ')}` : ''}`);
    return created.body.bankAccountId;
  }

  /** Opens a re-authorisation session for an account: announced to the connector first [F-REAUTH]. */
  async startReauthorisation(product: ProductClient, bankAccountId: string): Promise<AnnouncedAuthorisation> {
    const start = await product.startReauthorisation(bankAccountId);
    const startUrl = start.body?.redirect ?? start.headers['location'];
    if (start.status !== 302 || !startUrl) throw new SimulatorDriveError(`indirectauth answered ${start.status}`);
    return announcedFrom(startUrl);
  }
}
