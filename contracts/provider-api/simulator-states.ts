import type { Bank, BankingServiceSimulator } from '../../harness/banking-service/index.ts';
import { ProviderActor, SimulatorProduct, type CallbackSink } from '../simulator-support/index.ts';
import type { KitStateHandler } from '../verification/run-verification.ts';
import { BANKING_SERVICE_STATES } from './provider-api-states.ts';

/** The ids the current interaction's states created: what a pact's own example ids are replaced with. */
export interface SeededIds {
  readonly authorisationId?: string;
  readonly bankAccountId?: string;
  readonly bankId?: string;
}

/** Early enough that any example transaction date in a pact lies after it (rule not-before-start-date). */
export const SEEDED_REQUESTED_START_DATE = '2020-01-01T00:00:00.000Z';

/**
 * Seeds the simulated Banking Service for a connector → Banking Service pact: the harness plays the product and,
 * where a state needs a completed onboarding, the provider too (the pact's consumer is not running). The seeded
 * bank belongs to the run's provider; its connector callbacks go to a sink.
 */
export class SimulatorStates {
  seeded: SeededIds = {};
  private bank: Bank | undefined;
  private readonly actor: ProviderActor;
  private readonly product: SimulatorProduct;

  constructor(
    private readonly simulator: BankingServiceSimulator,
    private readonly sink: CallbackSink,
    timeoutMs: number,
  ) {
    this.actor = new ProviderActor(simulator, timeoutMs);
    this.product = new SimulatorProduct(simulator, timeoutMs);
  }

  handlers(): Record<string, KitStateHandler> {
    const remember = (ids: SeededIds & Record<string, string>) => {
      this.seeded = { ...this.seeded, ...ids };
      return ids;
    };
    return {
      [BANKING_SERVICE_STATES.clientRegistered]: { setup: async () => ({ clientId: this.simulator.credentials.clientId }) },
      [BANKING_SERVICE_STATES.providerRegistered]: { setup: async () => ({}) },
      [BANKING_SERVICE_STATES.onboardingAnnounced]: {
        setup: async () => {
          const bankId = this.seededBank().principalId;
          const company = await this.product.newCompany();
          const onboarding = await this.product.startOnboarding(company, bankId);
          return remember({ authorisationId: onboarding.authorisationId, bankId });
        },
      },
      [BANKING_SERVICE_STATES.reauthorisationAnnounced]: {
        setup: async () => {
          const account = await this.actor.seedAccount(this.seededBank().principalId, SEEDED_REQUESTED_START_DATE);
          const reauthorisation = await this.product.startReauthorisation(account.company, account.bankAccountId);
          return remember({ authorisationId: reauthorisation.authorisationId, bankAccountId: account.bankAccountId, bankId: account.bankId });
        },
      },
      [BANKING_SERVICE_STATES.accountLinked]: {
        setup: async () => {
          const account = await this.actor.seedAccount(this.seededBank().principalId, SEEDED_REQUESTED_START_DATE);
          return remember({ bankAccountId: account.bankAccountId, bankId: account.bankId, requestedStartDate: account.requestedStartDate });
        },
      },
    };
  }

  private seededBank(): Bank {
    this.bank ??= this.simulator.registerBank({
      name: 'Kit seeded bank',
      countryCode: 'GB',
      url: this.sink.url,
      callbackURLs: {
        notification: `${this.sink.url}/notification`,
        auth: `${this.sink.url}/auth`,
        reAuth: `${this.sink.url}/authrefresh`,
        availableAccounts: `${this.sink.url}/availableaccounts`,
      },
    });
    return this.bank;
  }
}
