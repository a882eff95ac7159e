import { randomUUID } from 'node:crypto';
import type { AuthDriver } from '../../harness/auth-driver/index.ts';
import type { BankingServiceSimulator } from '../../harness/banking-service/index.ts';
import type { TestUser } from '../../harness/config/index.ts';
import { sendRequest } from '../../harness/http/index.ts';
import type { PolledAccount, ProductClient } from '../../harness/product/index.ts';
import { SimulatorDriveError, SimulatorProduct, recentRequestedStartDate } from '../simulator-support/index.ts';
import type { KitStateHandler } from '../verification/run-verification.ts';
import { CONNECTOR_STATES } from './webhook-states.ts';

/** How Banking Service signs the next notification: normally with the agreed header and its own Sage ID token. */
export type NotificationSigning = 'agreed' | 'wrong-provider-header' | 'foreign-token';

export interface CandidateStatesOptions {
  readonly simulator: BankingServiceSimulator;
  /** The bank the candidate registered (its callback URLs are where the simulator sends notifications). */
  readonly bankId: string;
  /** Completes the candidate's own sign-in, as in the onboarding flow. */
  readonly auth: { readonly driver: AuthDriver; readonly user: TestUser };
  /** Per step (an onboarding through the candidate). */
  readonly timeoutMs: number;
}

/** The candidate did not do its part while a state was set up (it refused the sign-in, never PATCHed). */
export class CandidateStateError extends Error {
  override readonly name = 'CandidateStateError';
}

interface Onboarded {
  readonly company: ProductClient;
  readonly account: PolledAccount;
}

/**
 * Sets up the connector's provider states the way Banking Service and a user would, against a black-box
 * candidate: the simulator announces sessions and creates accounts (sending its own notifications), and the
 * auth driver signs in on the candidate's pages. Each state uses a fresh organisation, so states never share
 * accounts and their order does not matter.
 */
export class CandidateStates {
  private readonly product: SimulatorProduct;
  signing: NotificationSigning = 'agreed';

  constructor(private readonly options: CandidateStatesOptions) {
    this.product = new SimulatorProduct(options.simulator, options.timeoutMs);
  }

  handlers(): Record<string, KitStateHandler> {
    const { bankId } = this.options;
    const signingState = (mode: NotificationSigning): KitStateHandler => ({
      setup: async () => {
        this.signing = mode;
        return {};
      },
      teardown: async () => {
        this.signing = 'agreed';
      },
    });
    return {
      [CONNECTOR_STATES.bankRegistered]: { setup: async () => ({ bankId, authorisationId: randomUUID() }) },
      [CONNECTOR_STATES.accountOffered]: {
        setup: async () => {
          const { account } = await this.onboard();
          // A bank account id Banking Service would mint when the product creates the account [C-NOTIF].
          return { bankId, externalId: account.bankAccountExternalId, bankAccountId: randomUUID(), requestedStartDate: recentRequestedStartDate() };
        },
      },
      [CONNECTOR_STATES.accountLinked]: {
        setup: async () => {
          const linked = await this.link();
          return { bankId, externalId: linked.externalId, bankAccountId: linked.bankAccountId, requestedStartDate: linked.requestedStartDate, authorisationId: randomUUID() };
        },
      },
      [CONNECTOR_STATES.authorisationAnnounced]: {
        setup: async () => {
          const company = await this.product.newCompany();
          const onboarding = await this.product.startOnboarding(company, bankId);
          return { bankId, authorisationId: onboarding.authorisationId, redirectUri: onboarding.redirectUri, state: onboarding.state };
        },
      },
      [CONNECTOR_STATES.reauthorisationAnnounced]: {
        setup: async () => {
          const linked = await this.link();
          const reauthorisation = await this.product.startReauthorisation(linked.company, linked.bankAccountId);
          return {
            bankAccount: reauthorisation.parameters['bankaccount'] ?? linked.bankAccountId,
            externalId: reauthorisation.parameters['externalId'] ?? linked.externalId,
            authorisationId: reauthorisation.authorisationId,
            redirectUri: reauthorisation.redirectUri,
            state: reauthorisation.state,
          };
        },
      },
      [CONNECTOR_STATES.wrongProviderHeader]: signingState('wrong-provider-header'),
      [CONNECTOR_STATES.foreignToken]: signingState('foreign-token'),
    };
  }

  /** An onboarding through the candidate: announced by the simulator, signed in by the auth driver, PATCHed by the candidate. */
  private async onboard(): Promise<Onboarded> {
    const { simulator, bankId, auth, timeoutMs } = this.options;
    const company = await this.product.newCompany();
    const onboarding = await this.product.startOnboarding(company, bankId);
    const drive = await auth.driver.run({
      startUrl: onboarding.startUrl,
      returnUrlPrefix: onboarding.redirectUri,
      user: auth.user,
      timeoutMs,
      traffic: simulator.traffic,
      operationId: 'getAuth',
    });
    if (drive.outcome !== 'returned' || !drive.returnUrl) throw new CandidateStateError(`the candidate did not complete the onboarding sign-in: ${drive.message}`);
    // The browser lands on Banking Service's return page, as in the onboarding flow.
    await sendRequest({ method: 'GET', url: drive.returnUrl, timeoutMs });
    let offered: readonly PolledAccount[];
    try {
      offered = await this.product.offeredAccounts(company, onboarding);
    } catch (error) {
      if (error instanceof SimulatorDriveError) throw new CandidateStateError(`the candidate's onboarding offered no account: ${error.message}`);
      throw error;
    }
    const account = offered[0];
    if (!account) throw new CandidateStateError('the candidate offered no account');
    return { company, account };
  }

  private async link(): Promise<{ company: ProductClient; bankAccountId: string; externalId: string; requestedStartDate: string }> {
    const { company, account } = await this.onboard();
    const requestedStartDate = recentRequestedStartDate();
    const bankAccountId = await this.product.createAccount(company, this.options.bankId, account, requestedStartDate);
    return { company, bankAccountId, externalId: account.bankAccountExternalId, requestedStartDate };
  }
}
