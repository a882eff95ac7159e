import { ProductClient } from '../../product/index.ts';
import type { SimulatorEvent } from '../events/index.ts';
import { startBankingServiceSimulator, type BankingServiceSimulator, type BankingServiceSimulatorOptions } from '../simulator.ts';
import { ScriptedProvider, walkBrowser, type ScriptedAccount } from './scripted-provider.ts';

export const CURRENT_ACCOUNT: ScriptedAccount = { bankAccountExternalId: 'MTAwMDoxMQ==', accountName: 'Current Account', bankIdentifier: '1000', accountIdentifier: '134256', branchIdentifier: 'Newcastle' };
export const SAVINGS_ACCOUNT: ScriptedAccount = { bankAccountExternalId: 'RTAwMDoxF2==', accountName: 'Savings Account', bankIdentifier: '1000', accountIdentifier: '1342567' };

export interface Fixture {
  readonly simulator: BankingServiceSimulator;
  readonly provider: ScriptedProvider;
  readonly product: ProductClient;
  readonly bankId: string;
  onboard(account: ScriptedAccount, requestedStartDate?: string): Promise<string>;
  settled(statementId: string): Promise<SimulatorEvent>;
  close(): Promise<void>;
}

/**
 * A running simulator, a scripted provider whose bank is synced, and a product with an organisation and a jwt:
 * the starting point of every flow test.
 */
export async function startFixture(options: BankingServiceSimulatorOptions = {}, accounts: ScriptedAccount[] = [CURRENT_ACCOUNT, SAVINGS_ACCOUNT]): Promise<Fixture> {
  const simulator = await startBankingServiceSimulator({ statementProcessingMs: 10, ...options });
  const provider = await ScriptedProvider.start(simulator.credentials);
  provider.accounts = accounts;
  try {
    const sync = await provider.syncBank();
    const created = (sync.body as { data?: { created?: { principalId: string }[] } }).data?.created?.[0];
    if (sync.status !== 200 || !created) throw new Error(`bank sync failed: ${sync.status} ${JSON.stringify(sync.body)}`);
    const product = new ProductClient(simulator.product);
    await product.createOrganisation();
    await product.accessToken();
    const bankId = created.principalId;
    return {
      simulator,
      provider,
      product,
      bankId,
      async onboard(account, requestedStartDate = '2024-02-01T00:00:00.000Z') {
        const start = await product.startOnboarding(bankId);
        if (start.status !== 302 || !start.body) throw new Error(`indirectlinkaccount answered ${start.status}`);
        const walked = await walkBrowser(start.body.redirect);
        if (walked.connector.headers["x-patch-status"] !== "204") throw new Error(`onboarding PATCH answered ${walked.connector.headers["x-patch-status"]} (${walked.connector.status} ${JSON.stringify(walked.connector.body)})`);
        const poll = await product.poll(start.body.pollRoute);
        const offered = poll.body?.accounts?.find((candidate) => candidate.accountIdentifier === account.accountIdentifier);
        if (!offered) throw new Error(`poll did not offer ${account.accountIdentifier}: ${JSON.stringify(poll.body)}`);
        const createdAccount = await product.createBankAccount({
          accountType: 'DEBIT',
          accountName: offered.accountName,
          accountIdentifier: offered.accountIdentifier,
          bankIdentifier: offered.bankIdentifier,
          defaultCurrency: 'GBP',
          bankId,
          requestedStartDate,
        });
        if (createdAccount.status !== 201 || !createdAccount.body) throw new Error(`POST /bankaccounts answered ${createdAccount.status} ${JSON.stringify(createdAccount.errors)}`);
        return createdAccount.body.bankAccountId;
      },
      settled: (statementId) =>
        simulator.events.waitFor((event) => (event.type === 'statement.completed' || event.type === 'statement.rejected') && event.statementId === statementId, {
          timeoutMs: 3000,
          description: `statement ${statementId} to complete or be rejected`,
        }),
      async close() {
        await provider.close();
        await simulator.close();
      },
    };
  } catch (error) {
    await provider.close();
    await simulator.close();
    throw error;
  }
}
