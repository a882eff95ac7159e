import type { BankingServiceSimulator } from '../../harness/banking-service/index.ts';
import { sendRequest } from '../../harness/http/index.ts';
import type { PolledAccount, ProductClient } from '../../harness/product/index.ts';
import { SimulatorDriveError, SimulatorProduct } from './simulator-product.ts';

/** The accounts the harness offers when it plays the provider: test data shaped as [P-AUTHZ] documents them. */
export const SEEDED_ACCOUNTS = Object.freeze([
  Object.freeze({ bankAccountExternalId: 'kit-seeded-current', accountName: 'Kit Current ****1234', bankIdentifier: '404784', branchIdentifier: 'ONLINE', accountIdentifier: '10001234' }),
  Object.freeze({ bankAccountExternalId: 'kit-seeded-savings', accountName: 'Kit Saver ****5678', bankIdentifier: '404784', branchIdentifier: 'ONLINE', accountIdentifier: '10005678' }),
]);

export interface SeededAccount {
  readonly bankId: string;
  readonly bankAccountId: string;
  readonly externalId: string;
  readonly requestedStartDate: string;
  readonly onboardingAuthorisationId: string;
  /** The product client of the account's company, for later product steps (re-authorisation, deletion). */
  readonly company: ProductClient;
}

/**
 * The harness playing the provider against the simulated Banking Service: when what is verified is a pact (not a
 * running connector), someone still has to complete the onboarding that seeds an account. It calls the Provider
 * API over HTTP with the run provider's own credentials, as a connector would [P-AUTHZ] [BRUNO-JSON].
 */
export class ProviderActor {
  private readonly product: SimulatorProduct;

  constructor(
    private readonly simulator: BankingServiceSimulator,
    private readonly timeoutMs: number,
  ) {
    this.product = new SimulatorProduct(simulator, timeoutMs);
  }

  /** PATCH /v1/authorisations/{id} as the provider. */
  async patchAuthorisation(authorisationId: string, data: Record<string, unknown>): Promise<void> {
    const { credentials } = this.simulator;
    const token = await this.simulator.sageId.issueToken({ clientId: credentials.clientId, audience: credentials.audience });
    const exchange = await sendRequest({
      method: 'PATCH',
      url: `${this.simulator.providerApiUrl}/v1/authorisations/${encodeURIComponent(authorisationId)}`,
      headers: { authorization: `Bearer ${token}`, 'x-api-key': credentials.apiKey, 'content-type': 'application/json' },
      body: { data },
      timeoutMs: this.timeoutMs,
    });
    const status = exchange.response?.status;
    if (status === undefined || status < 200 || status > 299) {
      throw new SimulatorDriveError(`seeding PATCH /v1/authorisations/${authorisationId} answered ${status ?? exchange.failure?.message ?? 'nothing'}`);
    }
  }

  /** A whole onboarding with the harness as the provider, ending with a bank account the simulator knows. */
  async seedAccount(bankId: string, requestedStartDate: string): Promise<SeededAccount> {
    const company = await this.product.newCompany();
    const onboarding = await this.product.startOnboarding(company, bankId);
    await this.patchAuthorisation(onboarding.authorisationId, { status: 'success', bankAccounts: SEEDED_ACCOUNTS });
    const offered: readonly PolledAccount[] = await this.product.offeredAccounts(company, onboarding);
    const chosen = offered[0];
    if (!chosen) throw new SimulatorDriveError('the seeded onboarding offered no account');
    const bankAccountId = await this.product.createAccount(company, bankId, chosen, requestedStartDate);
    return { bankId, bankAccountId, externalId: chosen.bankAccountExternalId, requestedStartDate, onboardingAuthorisationId: onboarding.authorisationId, company };
  }

  /** The product-side helper this actor uses, for states that need more product steps. */
  get productSteps(): SimulatorProduct {
    return this.product;
  }
}
